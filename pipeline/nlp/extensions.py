"""Every custom spaCy attribute normtrace sets, registered in one place.

``Span._.nt_date`` holds the ISO date a RES_REF carries ("36/103 of 9 December 1981").
``Span._.nt_start`` / ``Span._.nt_end`` hold the exact character offsets of a finding when
they differ from the token-aligned span (a footnote marker fused to a year: "5 July 20124").
``Doc._.nt_clause`` holds the ``Clause`` fields found for the text (see ``clauses.py``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

SPANS_KEY = "normtrace"


def register_extensions() -> None:
    """Register the extensions once; calling it again does nothing."""
    for name in ("nt_date", "nt_start", "nt_end"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("nt_clause"):
        Doc.set_extension("nt_clause", default=None)
