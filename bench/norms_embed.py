"""The sentence embedding the norm tracker was evaluated with, and did not keep (issue 22).

WordLlama (MIT package) ships its 256-dimension weights inside its PyPI wheel; they are
read straight from the installed package, so nothing is fetched. It lost to TF-IDF on
the test split (models/NORMS.md), so the tracker does not use it; this module only lets
``bench/norms_eval.py --similarity wordllama`` repeat the comparison after
``pip install wordllama==0.4.0.post1``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import NormtraceError

WEIGHTS = "l2_supercat_256.safetensors"
TOKENIZER = "l2_supercat_tokenizer_config.json"


class EmbeddingUnavailable(NormtraceError):
    """The optional embedding package or its shipped weights cannot be loaded."""


@lru_cache(maxsize=1)
def _model() -> Any:
    """WordLlama's inference object, built from the files inside its installed package
    (its own loader looks for the tokenizer in a folder the wheel does not have, then
    asks the network, which is never wanted here)."""
    try:
        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference
    except ImportError:
        raise EmbeddingUnavailable(
            "wordllama: not installed (pip install wordllama==0.4.0.post1)"
        ) from None
    package = Path(wordllama.__file__).parent
    weights = package / "weights" / WEIGHTS
    tokenizer = package / "tokenizers" / TOKENIZER
    for path in (weights, tokenizer):
        if not path.is_file():
            raise EmbeddingUnavailable(f"{path}: shipped file missing")
    with safe_open(str(weights), framework="np", device="cpu") as f:
        embedding = f.get_tensor("embedding.weight")
    return WordLlamaInference(embedding, Tokenizer.from_file(str(tokenizer)), binary=False)


def load_similarity() -> Callable[[Sequence[str], Sequence[str]], Sequence[Sequence[float]]]:
    """The cosine similarity of WordLlama embeddings, texts x texts, in [0, 1].

    Returns:
        A function of two lists of texts giving a row per text of the first.

    Raises:
        EmbeddingUnavailable: WordLlama is not installed or its weights are missing.
    """
    model = _model()

    def similarity(rows: Sequence[str], columns: Sequence[str]) -> Sequence[Sequence[float]]:
        import numpy as np

        if not rows or not columns:
            return [[0.0] * len(columns) for _ in rows]
        a = np.asarray(model.embed(list(rows), norm=True), dtype=float)
        b = np.asarray(model.embed(list(columns), norm=True), dtype=float)
        result: list[list[float]] = np.clip(a @ b.T, 0.0, 1.0).tolist()
        return result

    return similarity
