"""Where normtrace finds its data: the corpus root and the votes folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_CORPUS_ROOT = "NORMTRACE_CORPUS_ROOT"
ENV_VOTES_DIR = "NORMTRACE_VOTES_DIR"
DEFAULT_VOTES_FILE = "votes_cyber_related_2005_2020.csv"  # all 13 ICT votes, 2005-2020

# The repository sits beside ``shared/`` on the machines we work on.
_REPO = Path(__file__).resolve().parent.parent
_DEFAULT_SHARED = _REPO.parent / "shared"


def corpus_root(override: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the corpus root: the override, $NORMTRACE_CORPUS_ROOT, or ../shared/corpus.

    Returns None when none of them names an existing folder.
    """
    for candidate in (override, os.environ.get(ENV_CORPUS_ROOT), _DEFAULT_SHARED / "corpus"):
        if candidate and _is_dir(candidate):
            return Path(candidate)
    return None


def votes_dir(override: str | os.PathLike[str] | None = None) -> Path | None:
    """Return the folder of vote records: override, $NORMTRACE_VOTES_DIR, or ../shared/votes."""
    for candidate in (override, os.environ.get(ENV_VOTES_DIR), _DEFAULT_SHARED / "votes"):
        if candidate and _is_dir(candidate):
            return Path(candidate)
    return None


def _is_dir(candidate: str | os.PathLike[str]) -> bool:
    """Whether ``candidate`` names a folder; a name the system cannot look up is none.

    ``Path.is_dir`` raises on a name too long (a 100 KB $NORMTRACE_CORPUS_ROOT was a
    traceback in every command) or a folder that cannot be searched.
    """
    try:
        return Path(candidate).is_dir()
    except OSError:
        return False
