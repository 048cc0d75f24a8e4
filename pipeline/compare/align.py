"""Align the paragraphs of two documents: one to one, moved, split, merged, added, deleted.

Pure functions: no I/O, no globals, and the same answer for the same input. The
algorithm is symmetric, so aligning (new, old) mirrors aligning (old, new):

1. Paragraphs whose normalised text occurs exactly once in each document are paired.
2. The rest are scored against each other (``scorer``, a matrix strategy) and paired
   greedily from the most similar down to ``threshold``; ties go to the pair nearest
   the diagonal. Above two million cells only candidate pairs are scored (``scoring``,
   ``blocking``): near-linear on long inputs, and there the mirror is no longer exact.
3. An old paragraph whose text now lies in two or more new ones is a split; the
   mirror case is a merge.
4. Pairs outside the heaviest order-preserving chain are moves; a paragraph that
   crossed between preamble and operative part is a move too.
"""

from __future__ import annotations

import math
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import numpy as np

from pipeline.compare import blocking
from pipeline.compare.classify import without_lead_verb
from pipeline.compare.normalise import Tokens, containment, token_ratio, tokenise
from pipeline.compare.scoring import (
    Cells,
    Contained,
    Scorer,
    best_pairs,
    distance_matrix,
    greedy,
    indel_cells,
    intern_words,
    ratio_matrix,
    tfidf_matrix,
)
from pipeline.document import ChangeKind, Paragraph

__all__ = [
    "DEFAULT_ALIGN",
    "AlignOptions",
    "Alignment",
    "Scorer",
    "align_paragraphs",
    "containment_pairs",
    "ratio_matrix",
    "tfidf_matrix",
]

_SECTIONS = ("preamble", "operative")
_CONTAINED_WORDS = 6  # the shorter text of a containment pair has at least this many


@dataclass(frozen=True, slots=True)
class Alignment:
    """Paragraph indices of ``old`` and ``new`` that correspond, with their kind.

    ``crossed`` names the move between sections ("preamble_to_operative") if any;
    ``contained`` says that the pair was made because one text survives inside the
    other: "expanded" (the old inside the new) or "condensed" (the new inside the old).
    """

    kind: ChangeKind
    old: tuple[int, ...]
    new: tuple[int, ...]
    similarity: float
    crossed: str | None = None
    contained: str | None = None


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """The knobs of ``align_paragraphs``, passed down whole from ``compare``.

    Attributes:
        scorer: Matrix strategy scoring every old paragraph against every new one
            (``ratio_matrix`` or ``tfidf_matrix``, or your own).
        threshold: Least similarity for two paragraphs to correspond.
        detect_splits: Look for splits and merges.
        split_containment: Least share of a part that must lie in the whole.
        split_margin: How much better the group must score than a one-to-one pair.
        split_min_words: Parts shorter than this never make a split.
        detect_moves: Mark pairs out of order (or across sections) as moved.
        move_threshold: Least similarity for a moved pair; a weaker pair out of place
            is taken as a deletion and an addition.
        detect_containment: Pair what is left when one paragraph survives inside
            another (see ``containment_pairs``).
        min_containment: Least share of the shorter paragraph found in the longer.
    """

    scorer: Scorer = ratio_matrix
    threshold: float = 0.5
    detect_splits: bool = True
    split_containment: float = 0.8
    split_margin: float = 0.05
    split_min_words: int = 3
    detect_moves: bool = True
    move_threshold: float = 0.6
    detect_containment: bool = True
    min_containment: float = 0.8


DEFAULT_ALIGN = AlignOptions()


def containment_pairs(
    old: Sequence[Tokens],
    new: Sequence[Tokens],
    *,
    min_containment: float = 0.8,
    min_words: int = _CONTAINED_WORDS,
) -> list[tuple[int, int, float, str]]:
    """Pair paragraphs of which one survives, mostly in order, inside the other.

    "Taking note of the reports ..." becoming "Recalling also the reports ..., which
    is of the view that ..." keeps the old text whole inside a longer new one: their
    symmetric similarity is low, yet it is one paragraph, modified.

    Args:
        old: Token lists of the old paragraphs still unpaired.
        new: Token lists of the new paragraphs still unpaired.
        min_containment: Least share of the shorter text found in order in the longer.
        min_words: The shorter text must have at least this many tokens.

    Returns:
        (old index, new index, containment, "expanded" | "condensed") for each pair,
        paired greedily from the best containment down.
    """
    if not old or not new:
        return []
    pairs = best_pairs(old, new, Contained(min_words), min_containment)
    return [
        (i, j, s, "expanded" if len(old[i]) <= len(new[j]) else "condensed") for i, j, s in pairs
    ]


def _one_to_one(
    old_tok: list[list[str]],
    new_tok: list[list[str]],
    scorer: Scorer,
    threshold: float,
    shared: Callable[[], Cells],
) -> dict[int, tuple[int, float]]:
    """Return old index -> (new index, similarity) for paragraphs paired one to one.

    With no anchor, the first candidate round of a long input reads ``shared``.
    """
    old_keys = [" ".join(t) for t in old_tok]
    new_keys = [" ".join(t) for t in new_tok]
    old_count: dict[str, list[int]] = defaultdict(list)
    new_count: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(old_keys):
        old_count[key].append(i)
    for j, key in enumerate(new_keys):
        new_count[key].append(j)
    # CASE 1: text found exactly once on each side; an unambiguous anchor.
    match: dict[int, tuple[int, float]] = {}
    for key, olds in old_count.items():
        news = new_count.get(key, [])
        if len(olds) == 1 and len(news) == 1 and key:
            match[olds[0]] = (news[0], 1.0)
    # CASE 2: everything else, scored and paired greedily.
    paired_new = {j for j, _ in match.values()}
    rows = [i for i in range(len(old_tok)) if i not in match]
    cols = [j for j in range(len(new_tok)) if j not in paired_new]
    old_rest, new_rest = [old_tok[i] for i in rows], [new_tok[j] for j in cols]
    first = None
    above = len(rows) * len(cols) > blocking.DENSE_CELLS
    if above and not match and scorer is ratio_matrix:
        cells = shared()
        first = (cells.rows, cells.cols, cells.ratio())
    for i, j, s in best_pairs(old_rest, new_rest, scorer, threshold, ids=(rows, cols), first=first):
        match[i] = (j, s)
    return match


def _contained_parts(
    whole_tok: Sequence[Tokens],
    part_tok: Sequence[Tokens],
    wholes: list[int],
    free: list[int],
    *,
    min_containment: float,
    min_words: int,
    shared: Callable[[], Cells],
) -> dict[int, list[int]]:
    """For each whole, the free parts of ``min_words`` or more found in it, ascending.

    The whole matrix up to ``blocking.DENSE_CELLS`` cells (the same containment, cell
    by cell, as ``containment``), above it only the candidate cells of the whole
    documents (``shared``, wholes as rows: named and measured once).
    """
    long_free = [j for j in free if len(part_tok[j]) >= min_words]
    found: dict[int, list[int]] = {i: [] for i in wholes}
    if not wholes or not long_free:
        return found
    whole_part = [whole_tok[i] for i in wholes]
    free_part = [part_tok[j] for j in long_free]
    if len(wholes) * len(long_free) <= blocking.DENSE_CELLS:
        a, b = intern_words(whole_part, free_part)
        dist = distance_matrix(a, b)
        whole_len = np.array([len(s) for s in a])[:, None]
        part_len = np.array([len(s) for s in b])[None, :]
        rows, cols = np.nonzero(_share(dist, whole_len, part_len) >= min_containment)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            found[wholes[r]].append(long_free[c])
        return found
    cells = shared().within(wholes, long_free)
    keep = _share(cells.dist, cells.old_len, cells.new_len) >= min_containment
    for i, j in zip(cells.rows[keep].tolist(), cells.cols[keep].tolist(), strict=True):
        found[i].append(j)
    return found


def _share(dist: np.ndarray, whole_len: np.ndarray, part_len: np.ndarray) -> np.ndarray:
    """Share of each part found in order in its whole (``containment``), from distances."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share: np.ndarray = np.where(
            part_len > 0, ((whole_len + part_len - dist) // 2) / part_len, 0.0
        )
    return share


def _find_splits(
    whole_tok: list[list[str]],
    part_tok: list[list[str]],
    match: dict[int, tuple[int, float]],
    taken_parts: set[int],
    taken_wholes: set[int],
    *,
    min_containment: float,
    threshold: float,
    margin: float,
    min_words: int,
    shared: Callable[[], Cells],
) -> dict[int, tuple[tuple[int, ...], float]]:
    """Find paragraphs of one side whose text is now spread over several of the other.

    Parts longer in all than a split could score (``threshold``) end the search for
    that whole: the score, 2 * common / (whole + parts), could not reach it.
    """
    paired_part = {j: i for i, (j, _) in match.items()}
    free = [j for j in range(len(part_tok)) if j not in paired_part and j not in taken_parts]
    groups: dict[int, tuple[tuple[int, ...], float]] = {}
    if not free or (len(free) == 1 and not match):  # a split needs two parts
        return groups
    wholes = [
        i
        for i in range(len(whole_tok))
        if i not in taken_wholes and not (i in match and match[i][1] >= 1.0)
    ]
    inside = _contained_parts(
        whole_tok,
        part_tok,
        wholes,
        free,
        min_containment=min_containment,
        min_words=min_words,
        shared=shared,
    )
    still_free = set(free)
    for i in wholes:
        whole, current = whole_tok[i], match.get(i)
        parts = [j for j in inside[i] if j in still_free]
        if current is not None:
            j = current[0]
            if len(part_tok[j]) >= min_words and containment(part_tok[j], whole) >= min_containment:
                parts = sorted([*parts, j])
        if len(parts) < 2:
            continue
        joined_len = sum(len(part_tok[j]) for j in parts)
        if threshold > 0 and joined_len * threshold > len(whole) * (2 - threshold) * (1 + 1e-9):
            continue
        joined = [t for j in parts for t in part_tok[j]]
        score = token_ratio(whole, joined)
        # Compare like with like: the pair's own word ratio, whatever the scorer was.
        single = token_ratio(whole, part_tok[current[0]]) if current else 0.0
        if score >= threshold and score >= single + margin:
            groups[i] = (tuple(parts), score)
            still_free.difference_update(parts)
    return groups


def _containment(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    rows: list[int],
    cols: list[int],
    min_containment: float,
    tokeniser: Callable[[str], list[str]],
    shared: Callable[[], Cells],
) -> list[tuple[int, int, str]]:
    """``containment_pairs`` of the unpaired ``rows`` and ``cols``, as (old, new, direction).

    The leading verb is left out: "Taking note of X" survives in "Recalling also X".
    Above ``blocking.DENSE_CELLS`` cells only the cells of ``shared`` are read,
    and only those with enough words in common with the verb kept (leaving a word out
    never adds a common one): most paragraphs of a long input are never read again.
    """
    if len(rows) * len(cols) <= blocking.DENSE_CELLS:
        found = containment_pairs(
            [tokeniser(without_lead_verb(old[i].text)) for i in rows],
            [tokeniser(without_lead_verb(new[j].text)) for j in cols],
            min_containment=min_containment,
        )
        return [(rows[r], cols[c], direction) for r, c, _, direction in found]
    cells = shared().within(rows, cols, least_common=_contained_least(min_containment))
    old_at = {i: n for n, i in enumerate(np.unique(cells.rows).tolist())}
    new_at = {j: n for n, j in enumerate(np.unique(cells.cols).tolist())}
    old_part = [tokeniser(without_lead_verb(old[i].text)) for i in old_at]
    new_part = [tokeniser(without_lead_verb(new[j].text)) for j in new_at]
    at_rows = np.array([old_at[i] for i in cells.rows.tolist()], dtype=np.int64)
    at_cols = np.array([new_at[j] for j in cells.cols.tolist()], dtype=np.int64)
    dist, old_len, new_len = indel_cells(old_part, new_part, at_rows, at_cols)
    score = Contained(_CONTAINED_WORDS).score(dist, old_len, new_len)
    pairs = greedy(cells.rows, cells.cols, score, min_containment)
    return [
        (i, j, "expanded" if len(old_part[old_at[i]]) <= len(new_part[new_at[j]]) else "condensed")
        for i, j, _ in pairs
    ]


def _contained_least(min_containment: float) -> int:
    """The fewest words a containment pair has in common (its shorter text has at least
    ``_CONTAINED_WORDS``)."""
    return max(1, math.ceil(min_containment * _CONTAINED_WORDS - 1e-9))


def _least_common(
    options: AlignOptions, old_tok: Sequence[Tokens], new_tok: Sequence[Tokens]
) -> int:
    """The fewest words in common with which two paragraphs may serve a step that reads
    the candidate cells (``Cells``): a pair (``threshold``), a part and its whole (a
    split or a merge), a containment pair. A lower bound from each side's shortest
    paragraph, one word below what a threshold asks (no rounding can cross it).
    """
    shortest = (min(map(len, old_tok), default=0), min(map(len, new_tok), default=0))
    least = [math.ceil(options.threshold * sum(shortest) / 2) - 1]
    if options.detect_splits:
        part = max(options.split_min_words, min(shortest))
        least.append(math.ceil(options.split_containment * part) - 1)
    if options.detect_containment:
        least.append(_contained_least(options.min_containment))
    return max(0, min(least))


def _heaviest_chain(points: list[tuple[int, int, int]]) -> set[tuple[int, int]]:
    """Return the order-preserving chain of (old, new) points with the largest weight.

    A point is (old, new, weight); the chain must increase in both coordinates.
    Weights are integers made unique enough that the answer does not depend on
    which document is called old. A weighted longest increasing subsequence: points
    in old order, a Fenwick tree over the new positions holding the best chain ending
    below each, so O(n log n) (the pairwise search was quadratic: 150 s at 50,000
    paragraphs). Ties go to the earliest point, as they always did. The tree holds
    (best chain, earliest end) as one integer, best * size + size - 2 - end (an end of -1:
    none), so that one comparison orders two (issue 27: tuples and ``max`` were most of
    the search, 0.4 s of 50,000 paragraphs shuffled).
    """
    points = sorted(points)
    if all(a[1] < b[1] for a, b in pairwise(points)):
        return {(i, j) for i, j, _ in points}  # nothing out of order: skip the search
    ranks = {j: r for r, j in enumerate(sorted({j for _, j, _ in points}), start=1)}
    size = len(points) + 2
    none = size - 1  # no chain: best 0, end -1
    tree: list[int] = [none] * (len(ranks) + 1)
    best: list[int] = [0] * len(points)
    back: list[int] = [-1] * len(points)
    start = 0
    while start < len(points):
        end = start
        while end < len(points) and points[end][0] == points[start][0]:
            end += 1
        for k in range(start, end):  # one old paragraph: its points never chain together
            found, r = none, ranks[points[k][1]] - 1
            while r > 0:
                if tree[r] > found:
                    found = tree[r]
                r -= r & -r
            chained, last = divmod(found, size)
            best[k] = chained + points[k][2]
            back[k] = size - 2 - last
        for k in range(start, end):
            value, r = best[k] * size + size - 2 - k, ranks[points[k][1]]
            while r < len(tree):
                if value > tree[r]:
                    tree[r] = value
                r += r & -r
        start = end
    chain: set[tuple[int, int]] = set()
    k = max(range(len(points)), key=lambda n: (best[n], -n), default=-1)
    while k >= 0:
        chain.add((points[k][0], points[k][1]))
        k = back[k]
    return chain


def _weight(old_tok: Tokens, new_tok: Tokens) -> int:
    """Chain weight of a pair: its length, then a content hash that is the same both ways."""
    texts = sorted([" ".join(old_tok), " ".join(new_tok)])
    digest = zlib.crc32("\x00".join(texts).encode("utf-8"))
    return (len(old_tok) + len(new_tok) + 1) * (1 << 32) + digest


def _section_move(old: Paragraph, new: Paragraph) -> str | None:
    if old.kind in _SECTIONS and new.kind in _SECTIONS and old.kind != new.kind:
        return f"{old.kind}_to_{new.kind}"
    return None


def _tokens(
    text: str, tokeniser: Callable[[str], list[str]], seen: dict[str, list[str]]
) -> list[str]:
    """The text's tokens, read from ``seen`` when it was tokenised before (not shared:
    a copy of the list for each paragraph)."""
    if text not in seen:
        seen[text] = tokeniser(text)
    return list(seen[text])


def align_paragraphs(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    options: AlignOptions = DEFAULT_ALIGN,
    *,
    tokeniser: Callable[[str], list[str]] = tokenise,
) -> list[Alignment]:
    """Align the paragraphs of two documents.

    Args:
        old: Paragraphs of the earlier document.
        new: Paragraphs of the later document.
        options: The alignment's knobs (``AlignOptions``; ``compare`` passes its own).
        tokeniser: Turns paragraph text into comparison tokens.

    Returns:
        One Alignment per correspondence, plus one per added or deleted paragraph,
        in no particular order (``compare`` orders them).
    """
    seen: dict[str, list[str]] = {}  # a text found on both sides is tokenised once
    old_tok = [_tokens(p.text, tokeniser, seen) for p in old]
    new_tok = [_tokens(p.text, tokeniser, seen) for p in new]
    # Long inputs: the candidate cells, named and measured once when a step needs them.
    shared = cache(lambda: Cells.of(old_tok, new_tok, _least_common(options, old_tok, new_tok)))
    match = _one_to_one(old_tok, new_tok, options.scorer, options.threshold, shared)
    splits: dict[int, tuple[tuple[int, ...], float]] = {}
    merges: dict[int, tuple[tuple[int, ...], float]] = {}
    if options.detect_splits:

        def find(
            whole: list[list[str]],
            part: list[list[str]],
            pairs: dict[int, tuple[int, float]],
            taken_parts: set[int],
            taken_wholes: set[int],
            cells: Callable[[], Cells],
        ) -> dict[int, tuple[tuple[int, ...], float]]:
            return _find_splits(
                whole,
                part,
                pairs,
                taken_parts,
                taken_wholes,
                min_containment=options.split_containment,
                threshold=options.threshold,
                margin=options.split_margin,
                min_words=options.split_min_words,
                shared=cells,
            )

        splits = find(old_tok, new_tok, match, set(), set(), shared)
        for i in splits:
            match.pop(i, None)
        in_splits = {j for parts, _ in splits.values() for j in parts}
        flipped = {j: (i, s) for i, (j, s) in match.items()}
        turned = cache(lambda: shared().turned())
        merges = find(new_tok, old_tok, flipped, set(splits), in_splits, turned)
        for j in merges:
            flipped.pop(j, None)
        match = {i: (j, s) for j, (i, s) in flipped.items()}

    contained: dict[tuple[int, int], str] = {}
    if options.detect_containment:
        taken_old = set(match) | set(splits) | {i for parts, _ in merges.values() for i in parts}
        taken_new = {j for j, _ in match.values()} | set(merges)
        taken_new |= {j for parts, _ in splits.values() for j in parts}
        rows = [i for i in range(len(old)) if i not in taken_old]
        cols = [j for j in range(len(new)) if j not in taken_new]
        found = _containment(old, new, rows, cols, options.min_containment, tokeniser, shared)
        for i, j, direction in found:
            match[i] = (j, token_ratio(old_tok[i], new_tok[j]))
            contained[(i, j)] = direction

    groups: list[tuple[tuple[int, ...], tuple[int, ...], float, ChangeKind]] = []
    groups += [((i,), (j,), s, "unchanged") for i, (j, s) in match.items()]
    groups += [((i,), parts, s, "split") for i, (parts, s) in splits.items()]
    groups += [(parts, (j,), s, "merged") for j, (parts, s) in merges.items()]

    chain: set[tuple[int, int]] = set()
    if options.detect_moves:
        points = [
            (min(o), min(n), _weight(old_tok[min(o)], new_tok[min(n)])) for o, n, _, _ in groups
        ]
        chain = _heaviest_chain(points)

    result: list[Alignment] = []
    dropped: set[tuple[int, ...]] = set()
    for o, n, s, kind in groups:
        crossed = _section_move(old[o[0]], new[n[0]]) if len(o) == len(n) == 1 else None
        how = contained.get((o[0], n[0])) if len(o) == len(n) == 1 else None
        if kind == "unchanged":
            out_of_order = options.detect_moves and (min(o), min(n)) not in chain
            if (out_of_order or crossed) and options.detect_moves:
                if s < options.move_threshold and how is None:
                    # Weak likeness and a new place: more likely two different paragraphs.
                    dropped.add(o)
                    continue
                kind = "moved"
            elif old_tok[o[0]] != new_tok[n[0]]:
                kind = "modified"
        result.append(Alignment(kind, o, n, s, crossed, how))
    groups = [g for g in groups if g[0] not in dropped]
    paired_old = {i for o, _, _, _ in groups for i in o}
    paired_new = {j for _, n, _, _ in groups for j in n}
    result += [Alignment("deleted", (i,), (), 0.0) for i in range(len(old)) if i not in paired_old]
    result += [Alignment("added", (), (j,), 0.0) for j in range(len(new)) if j not in paired_new]
    return result
