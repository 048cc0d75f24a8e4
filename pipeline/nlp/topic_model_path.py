"""Which topic model file the clause reader uses (``model_path``), without loading it.

Kept apart from ``pipeline.nlp.topic_model`` so that the corpus build's reader
fingerprint can hash the model file without importing spaCy, numpy and scipy (0.5 s of
CPU time and 70 MB in a process that reads no text).
"""

from __future__ import annotations

import os
from pathlib import Path

MODEL_FILE = "topic_model.npz"
# models/ at the root of the repository (an editable install or a checkout).
DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / MODEL_FILE
ENV_VAR = "NORMTRACE_TOPIC_MODEL"  # a path, or "none" to force the keyword baseline


def model_path() -> Path | None:
    """Return the model file the clause reader should use, or None for the baseline.

    ``$NORMTRACE_TOPIC_MODEL`` names another file, or "none" to use the keyword
    baseline; otherwise ``models/topic_model.npz`` when it exists.
    """
    chosen = os.environ.get(ENV_VAR)
    if chosen is not None:
        return None if chosen.strip().lower() in {"", "none"} else Path(chosen)
    return DEFAULT_MODEL_PATH if DEFAULT_MODEL_PATH.is_file() else None
