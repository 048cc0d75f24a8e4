"""Find which document of one set became which of another (draft -> resolution),
and which resolution of an earlier session a resolution continues (``match_predecessors``).

``match_versions(drafts, resolutions)`` scores every pair cheaply (TF-IDF over
whole documents), runs ``compare`` on each draft's few best candidates, and pairs
them one to one from the most similar down. Pure and deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from pipeline.compare.align import tfidf_matrix
from pipeline.compare.classify import symbols
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
            report = compare(olds[i], news[j], **{"overlap_words": None, **strategies})
            similarity = report.summary["similarity"]
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


_GA_RESOLUTION = re.compile(r"^A/RES/(\d+)/(\d+)")


def _session(doc: Document) -> int | None:
    match = _GA_RESOLUTION.match(doc.symbol or "")
    return int(match.group(1)) if match else None


def _same_title(a: Document, b: Document) -> bool:
    key = [re.sub(r"\W", "", (d.title or "")).casefold() for d in (a, b)]
    return bool(key[0]) and key[0] == key[1]


def _cites(new: Document, old: Document) -> bool:
    """Whether ``new`` refers to ``old`` by symbol ("Recalling its resolution 79/62")."""
    if not old.symbol:
        return False
    return any(old.symbol in symbols(p.text) for p in new.paragraphs)


def match_predecessors(
    documents: Sequence[Document],
    *,
    candidates: int = 3,
    min_similarity: float = 0.6,
    evidence_similarity: float = 0.2,
    **strategies: Any,
) -> list[tuple[int, int, float]]:
    """Pair each General Assembly resolution with its predecessor of an earlier session.

    Sessions come from the symbols (A/RES/79/62 is of session 79). Each session's
    resolutions are matched against the resolutions of earlier sessions that have no
    successor yet: by text (``compare`` similarity at least ``min_similarity``), or,
    for texts rewritten more heavily, by text (at least ``evidence_similarity``) with
    evidence: the same title, or the newer text citing the older by symbol.

    Args:
        documents: Resolutions of several sessions, in any order; others are ignored.
        candidates: How many of the most similar older texts (TF-IDF) each is compared
            with in full, besides those with the same title or cited.
        min_similarity: Least similarity for a pair without further evidence.
        evidence_similarity: Least similarity for a pair with the same title or a citation.
        **strategies: Passed on to ``compare``.

    Returns:
        ``(predecessor index, successor index, similarity)`` triples, one per successor,
        ordered by successor index.
    """
    sessions = {i: s for i, doc in enumerate(documents) if (s := _session(doc)) is not None}
    words = {i: [w for p in documents[i].paragraphs for w in tokenise(p.text)] for i in sessions}
    claimed: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for session in sorted(set(sessions.values())):
        news = [i for i, s in sessions.items() if s == session]
        olds = [i for i, s in sessions.items() if s < session and i not in claimed]
        if not olds:
            continue
        rough = tfidf_matrix([words[i] for i in olds], [words[j] for j in news])
        scored: list[tuple[bool, float, int, int, int]] = []
        for col, j in enumerate(news):
            best = set(np.argsort(-rough[:, col], kind="stable")[:candidates].tolist())
            for row, i in enumerate(olds):
                evidence = _same_title(documents[i], documents[j]) or _cites(
                    documents[j], documents[i]
                )
                if row not in best and not evidence:
                    continue
                report = compare(
                    documents[i], documents[j], **{"overlap_words": None, **strategies}
                )
                similarity = report.summary["similarity"]
                if similarity >= min_similarity or (evidence and similarity >= evidence_similarity):
                    # Evidence first, then likeness; a nearer session wins a tie.
                    scored.append((not evidence, -similarity, -sessions[i], i, j))
        used: set[int] = set()
        for _, neg, _, i, j in sorted(scored):
            if i not in claimed and j not in used:
                claimed.add(i)
                used.add(j)
                pairs.append((i, j, -neg))
    return sorted(pairs, key=lambda p: p[1])


def chains(pairs: Sequence[tuple[int, int, float]]) -> list[list[int]]:
    """Join (predecessor, successor, similarity) pairs into chains, oldest first.

    Args:
        pairs: The output of ``match_predecessors`` (or ``match_versions``).

    Returns:
        Lists of document indices, each a chain of two or more, ordered by first index.
    """
    successor = {i: j for i, j, _ in pairs}
    has_predecessor = {j for _, j, _ in pairs}
    found = []
    for start in sorted(set(successor) - has_predecessor):
        chain = [start]
        while chain[-1] in successor:
            chain.append(successor[chain[-1]])
        found.append(chain)
    return found
