"""Every custom spaCy attribute normtrace sets, registered in one place.

``Span._.nt_date`` holds the ISO date a RES_REF carries ("36/103 of 9 December 1981").
``Span._.nt_start`` / ``Span._.nt_end`` hold the exact character offsets of a finding when
they differ from the token-aligned span (a footnote marker fused to a year: "5 July 20124").
``Doc._.nt_clause`` holds the ``Clause`` fields found for the text (see ``clauses.py``).
``doc_text`` gives the text of a Doc to the components that search it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

SPANS_KEY = "normtrace"
TEXT_KEY = "normtrace_text"  # doc.user_data key of the text, while our components run


def register_extensions() -> None:
    """Register the extensions once; calling it again does nothing."""
    for name in ("nt_date", "nt_start", "nt_end"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("nt_clause"):
        Doc.set_extension("nt_clause", default=None)


def doc_text(doc: Doc) -> str:
    """Return ``doc.text``, kept in ``doc.user_data``: spaCy rebuilds it on every call.

    The normtrace tokenizer stores the text it was given; for other tokenizers it is
    built here once per Doc.
    """
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)
