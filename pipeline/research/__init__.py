"""Research extraction: recorded votes, sponsors, and figures for papers.

The verbs are loaded on first use, so ``import pipeline.research`` (and the CLI) does
not import pandas or matplotlib until a table or figure is asked for::

    from pipeline.research import load_votes, tally, compare_votes
"""

from __future__ import annotations

import importlib
from typing import Any

_VERBS = {
    "load_votes": "votes",
    "tally": "votes",
    "compare_votes": "votes",
    "normalise_resolution": "votes",
    "map_sponsors": "sponsors",
    "compare_sponsors": "sponsors",
    "compare_drafts": "sponsors",
    "check_recorded_votes": "crosscheck",
}

__all__ = sorted(_VERBS)


def __getattr__(name: str) -> Any:
    if name in _VERBS:
        module = importlib.import_module(f"pipeline.research.{_VERBS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'pipeline.research' has no attribute {name!r}")
