"""The corpus stage: many documents in one SQLite store, searched and traced.

Verbs (imported on first use, so ``pipeline.corpus.fetch`` stays light)::

    build(root, db, jobs=None, scheduler=None)   # pipeline.corpus.batch
    Store(db)                                    # pipeline.corpus.store
    search_paragraphs(store, query, ...)         # pipeline.corpus.search
    trace_lineage(store, symbol)                 # pipeline.corpus.lineage
    update_reuse(store)                          # pipeline.corpus.reuse
    export_tables(store, fmt, out)               # pipeline.corpus.export
"""

from __future__ import annotations

import importlib
from typing import Any

_VERBS = {
    "build": "pipeline.corpus.batch",
    "Store": "pipeline.corpus.store",
    "search_paragraphs": "pipeline.corpus.search",
    "trace_lineage": "pipeline.corpus.lineage",
    "lineage_table": "pipeline.corpus.lineage",
    "update_reuse": "pipeline.corpus.reuse",
    "export_tables": "pipeline.corpus.export",
}
__all__ = sorted(_VERBS)


def __getattr__(name: str) -> Any:
    if name in _VERBS:
        return getattr(importlib.import_module(_VERBS[name]), name)
    raise AttributeError(f"module 'pipeline.corpus' has no attribute {name!r}")
