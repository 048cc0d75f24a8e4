"""Find which document of one set became which of another (draft -> resolution).

``match_versions(drafts, resolutions)`` scores every pair cheaply (TF-IDF over
whole documents), runs ``compare`` on each draft's few best candidates, and pairs
them one to one from the most similar down. Pure and deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from pipeline.compare.align import tfidf_matrix
from pipeline.compare.diff import compare
from pipeline.compare.normalise import tokenise
from pipeline.document import Document


def match_versions(
    olds: Sequence[Document],
    news: Sequence[Document],
    *,
    candidates: int = 3,
    min_similarity: float = 0.6,
    **strategies: Any,
) -> list[tuple[int, int, float]]:
    """Pair each old document with the new document it became, one to one.

    Args:
        olds: Earlier documents (drafts, or last session's resolutions).
        news: Later documents (adopted resolutions, or this session's).
        candidates: How many of the most similar new documents (by TF-IDF) each old
            one is compared with in full.
        min_similarity: Least ``compare`` similarity for a pair.
        **strategies: Passed on to ``compare``.

    Returns:
        ``(old index, new index, similarity)`` triples, ordered by old index.
    """
    if not olds or not news:
        return []
    old_words = [[w for p in doc.paragraphs for w in tokenise(p.text)] for doc in olds]
    new_words = [[w for p in doc.paragraphs for w in tokenise(p.text)] for doc in news]
    rough = tfidf_matrix(old_words, new_words)
    scored: list[tuple[float, int, int]] = []
    for i, row in enumerate(rough):
        # Stable sort: ties keep the lower index, so the result is deterministic.
        for j in np.argsort(-row, kind="stable")[:candidates].tolist():
            if row[j] <= 0.0:
                continue
            similarity = compare(olds[i], news[j], **strategies).summary["similarity"]
            if similarity >= min_similarity:
                scored.append((-similarity, i, j))
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for neg, i, j in sorted(scored):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j, -neg))
    return sorted(pairs)
