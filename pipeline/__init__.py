"""normtrace: structured data and redlines from UN documents on cyber security.

The verbs mirror the command line and load on first use (``pipeline/api/``)::

    import pipeline
    doc = pipeline.load_document("A_RES_73_27.txt")
    report = pipeline.diff("A_RES_73_27.txt", "A_RES_73_266.txt")

One verb per command, each returning an object with ``to_dict()`` (the command's JSON)
and ``to_frame()`` (its CSV as a DataFrame); ``dir(pipeline)`` lists them:

- documents: ``load_document`` (ingest), ``extract``;
- comparing: ``diff`` (named after the command, since ``pipeline.compare`` is the compare
  stage's package), ``overlap``, ``diff_folder``, ``languages``;
- the corpus store: ``build_corpus``, ``search``, ``lineage``, ``export``,
  ``check_corpus``, ``fetch``, ``serve``, ``Store``;
- votes and positions: ``tally``, ``compare_votes``, ``check_record`` (votes record),
  ``vote_map``, ``compare_sponsors``, ``sponsors_map``, ``positions``.

Also the model types ``Document`` and ``Paragraph``, and ``NormtraceError``, the base of
every error a user's input can cause.
"""

from __future__ import annotations

import importlib
from typing import Any

from pipeline.document import Document, Paragraph
from pipeline.errors import NormtraceError

_VERBS = {
    "load_document": "pipeline.api",
    "extract": "pipeline.api",
    "diff": "pipeline.api",
    "overlap": "pipeline.api",
    "build_corpus": "pipeline.api",
    "tally": "pipeline.api",
    "positions": "pipeline.api",
    "languages": "pipeline.api",
    "search": "pipeline.api.corpus",
    "lineage": "pipeline.api.corpus",
    "export": "pipeline.api.corpus",
    "check_corpus": "pipeline.api.corpus",
    "diff_folder": "pipeline.api.corpus",
    "fetch": "pipeline.api.corpus",
    "serve": "pipeline.api.corpus",
    "compare_votes": "pipeline.api.votes",
    "check_record": "pipeline.api.votes",
    "compare_sponsors": "pipeline.api.votes",
    "vote_map": "pipeline.api.votes",
    "sponsors_map": "pipeline.api.votes",
    "norms": "pipeline.api.norms",
    "Store": "pipeline.corpus.store",
}

__all__ = ["Document", "NormtraceError", "Paragraph", *sorted(_VERBS)]


def __getattr__(name: str) -> Any:
    if name in _VERBS:
        return getattr(importlib.import_module(_VERBS[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def __dir__() -> list[str]:
    # The verbs load on first use, so they are not globals until then: list them.
    return sorted({*__all__, *(name for name in globals() if name.startswith("__"))})
