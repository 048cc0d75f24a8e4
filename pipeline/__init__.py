"""normtrace: structured data and redlines from UN documents on cyber security.

The verbs mirror the command line and load on first use (``pipeline/api.py``)::

    import pipeline
    doc = pipeline.load_document("A_RES_73_27.txt")
    report = pipeline.diff("A_RES_73_27.txt", "A_RES_73_266.txt")

``load_document``, ``extract``, ``diff`` (named after the command, since
``pipeline.compare`` is the compare stage's package), ``overlap``, ``build_corpus``, ``Store``,
``tally`` and ``positions``; the model types ``Document`` and ``Paragraph``; and
``NormtraceError``, the base of every error a user's input can cause.
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
    "Store": "pipeline.corpus.store",
}

__all__ = ["Document", "NormtraceError", "Paragraph", *sorted(_VERBS)]


def __getattr__(name: str) -> Any:
    if name in _VERBS:
        return getattr(importlib.import_module(_VERBS[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
