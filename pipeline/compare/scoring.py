"""Score paragraphs against each other and pair them greedily, best first.

The scorers (``ratio_matrix``, ``tfidf_matrix``) fill a matrix of every old paragraph
against every new one. ``best_pairs`` does so up to ``blocking.DENSE_CELLS`` cells and
above it scores only the candidates ``blocking`` names, in rounds, so that long inputs
cost about their length (issue 27). Pure functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from pipeline.compare import blocking
from pipeline.compare.blocking import candidates
from pipeline.compare.longdiff import LONG_CELLS, indel_distance
from pipeline.compare.normalise import Tokens

Scorer = Callable[[Sequence[Tokens], Sequence[Tokens]], np.ndarray]

_ROUNDS = 8  # rounds of candidate pairing on long inputs (see ``best_pairs``)
_CELLS_AT_ONCE = 1 << 18  # cells whose texts are listed at once for rapidfuzz
_BLOCK = 64  # rows scored together by a scorer other than ratio_matrix on long inputs
_ROUND_CELLS = 4096  # fewer cells than this are paired one by one (``greedy``)


def intern_words(old: Sequence[Tokens], new: Sequence[Tokens]) -> tuple[list[str], list[str]]:
    """Encode each word as one character so that rapidfuzz compares words, not letters.

    Words are numbered in the order they first occur, old paragraphs first.
    """
    words = dict.fromkeys(chain.from_iterable((*old, *new)))
    ids = {word: chr(0x10000 + n) for n, word in enumerate(words)}
    return ["".join(map(ids.__getitem__, t)) for t in old], [
        "".join(map(ids.__getitem__, t)) for t in new
    ]


def distance_matrix(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Word Indel distance of every ``a`` against every ``b`` (interned words).

    rapidfuzz's matrix, except a cell over ``LONG_CELLS`` words x words: it is
    estimated (``longdiff.indel_distance``), never computed exactly (quadratic).
    """
    a_len = [len(s) for s in a]
    longest_b = max((len(s) for s in b), default=0)
    short = [r for r, n in enumerate(a_len) if n * longest_b <= LONG_CELLS]
    if len(short) == len(a):
        return process.cdist(a, b, scorer=Indel.distance, dtype=np.int64)
    dist = np.zeros((len(a), len(b)), dtype=np.int64)
    if short:
        dist[short] = process.cdist([a[r] for r in short], b, scorer=Indel.distance, dtype=np.int64)
    for r in sorted(set(range(len(a))) - set(short)):  # a huge row: few such rows
        dist[r] = [indel_distance(a[r], s) for s in b]
    return dist


def ratio_matrix(old: Sequence[Tokens], new: Sequence[Tokens]) -> np.ndarray:
    """Word-level Indel similarity of every old paragraph to every new one (rapidfuzz).

    Args:
        old: Token lists of the old paragraphs.
        new: Token lists of the new paragraphs.

    Returns:
        A float64 matrix of shape (len(old), len(new)) with values in [0, 1].
    """
    if not old or not new:
        return np.zeros((len(old), len(new)))
    a, b = intern_words(old, new)
    dist = distance_matrix(a, b)
    lengths = np.add.outer([len(s) for s in a], [len(s) for s in b])
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = 1.0 - dist / lengths
    return np.where(lengths == 0, 1.0, sim)


def tfidf_matrix(old: Sequence[Tokens], new: Sequence[Tokens]) -> np.ndarray:
    """Cosine similarity of TF-IDF vectors (scikit-learn), fitted on both documents.

    Insensitive to word order; useful for heavily reordered text. Rounded to 9
    decimals so that float noise cannot break ties differently when inputs swap.
    """
    if not old or not new:
        return np.zeros((len(old), len(new)))
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [list(t) for t in old] + [list(t) for t in new]
    vectoriser = TfidfVectorizer(analyzer=lambda tokens: tokens, sublinear_tf=True)
    try:
        matrix = vectoriser.fit_transform(docs)
    except ValueError:  # every paragraph empty
        return np.zeros((len(old), len(new)))
    sim: np.ndarray = (matrix[: len(old)] @ matrix[len(old) :].T).toarray()
    rounded: np.ndarray = np.round(np.clip(sim, 0.0, 1.0), 9)
    return rounded


def greedy(
    rows: np.ndarray, cols: np.ndarray, sim: np.ndarray, threshold: float
) -> list[tuple[int, int, float]]:
    """Pair (row, column, similarity) cells from the highest similarity down.

    Ties go to the cell nearest the diagonal, then to the lowest row + column, row
    and column, so that swapping the two sides mirrors the answer. One sort of
    arrays (the same order as sorting the tuples, without a tuple a cell).
    """
    keep = sim >= threshold
    rows, cols, sim = rows[keep], cols[keep], sim[keep]
    order = np.lexsort((cols, rows, rows + cols, np.abs(rows - cols), -sim))
    rows, cols, sim = rows[order], cols[order], sim[order]
    taken, left = _first_of_both(rows, cols)
    most = min(len(np.unique(rows)), len(np.unique(cols))) - len(taken)
    used_old: set[int] = set()
    used_new: set[int] = set()
    found: list[int] = []
    for at, i, j in zip(left.tolist(), rows[left].tolist(), cols[left].tolist(), strict=True):
        if len(found) == most:
            break
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        found.append(at)
    pairs = np.sort(np.concatenate([taken, np.asarray(found, dtype=np.int64)]))
    return list(zip(rows[pairs].tolist(), cols[pairs].tolist(), sim[pairs].tolist(), strict=True))


def _first_of_both(rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cells ``greedy`` takes that are found in rounds over whole arrays, and the
    cells left for it to read one by one (positions in the given order, ascending).

    A cell first of its row and first of its column among the cells left is one the
    pairing takes (no cell before it can take its row or column); each round takes
    them all and drops the other cells of their rows and columns. Rounds stop once one
    drops under a quarter of what is left (issue 27: 30,000 near-identical paragraphs a
    side gave 576,000 cells, read one by one in Python).
    """
    left = np.arange(len(rows), dtype=np.int64)
    taken: list[np.ndarray] = []
    while len(left) >= _ROUND_CELLS:
        r, c = rows[left], cols[left]
        at = np.arange(len(left), dtype=np.int64)
        first_row = np.empty(int(r.max()) + 1, dtype=np.int64)
        first_row[r[::-1]] = at[::-1]  # the last write of a row is its first cell
        first_col = np.empty(int(c.max()) + 1, dtype=np.int64)
        first_col[c[::-1]] = at[::-1]
        first = (first_row[r] == at) & (first_col[c] == at)
        taken.append(left[first])
        used_row = np.zeros(len(first_row), dtype=bool)
        used_row[r[first]] = True
        used_col = np.zeros(len(first_col), dtype=bool)
        used_col[c[first]] = True
        kept = left[~(used_row[r] | used_col[c])]
        dropped, left = len(left) - len(kept), kept
        if dropped * 4 < len(left) + dropped:
            break
    return np.concatenate([np.zeros(0, dtype=np.int64), *taken]), left


def _greedy_pairs(
    rows: list[int], cols: list[int], sim: np.ndarray, threshold: float
) -> list[tuple[int, int, float]]:
    """Pair rows and columns from the highest similarity down; symmetric tie-breaks."""
    ri, ci = np.nonzero(sim >= threshold)
    index_r = np.asarray(rows, dtype=np.int64)[ri]
    index_c = np.asarray(cols, dtype=np.int64)[ci]
    return greedy(index_r, index_c, sim[ri, ci], threshold)


def indel_cells(
    old: Sequence[Tokens], new: Sequence[Tokens], rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word Indel distance of the (row, column) cells named, with the two lengths."""
    a, b = intern_words(old, new)
    old_len = np.array([len(s) for s in a], dtype=np.int64)[rows]
    new_len = np.array([len(s) for s in b], dtype=np.int64)[cols]
    huge = old_len * new_len > LONG_CELLS  # estimated, never computed exactly
    some = bool(huge.any())
    fine_rows, fine_cols = (rows[~huge], cols[~huge]) if some else (rows, cols)
    found = np.empty(len(fine_rows), dtype=np.int64)
    texts = _objects(a), _objects(b)  # picked by numpy, not a Python step a cell
    for start in range(0, len(fine_rows), _CELLS_AT_ONCE):  # a Python list a cell: bounded
        end = start + _CELLS_AT_ONCE
        left = texts[0][fine_rows[start:end]].tolist()
        right = texts[1][fine_cols[start:end]].tolist()
        found[start:end] = process.cpdist(left, right, scorer=Indel.distance, dtype=np.int64)
    if not some:
        return found, old_len, new_len
    dist = np.empty(len(rows), dtype=np.int64)
    dist[~huge] = found
    for k in np.flatnonzero(huge).tolist():
        dist[k] = indel_distance(a[int(rows[k])], b[int(cols[k])])
    return dist, old_len, new_len


def _objects(texts: Sequence[str]) -> np.ndarray:
    """The texts as a numpy array of Python strings."""
    found = np.empty(len(texts), dtype=object)
    found[:] = texts
    return found


@dataclass(frozen=True, slots=True)
class Contained:
    """Scorer of ``containment_pairs``: common words over the shorter paragraph's length."""

    min_words: int

    def __call__(self, old: Sequence[Tokens], new: Sequence[Tokens]) -> np.ndarray:
        a, b = intern_words(old, new)
        dist = distance_matrix(a, b)
        old_len = np.array([len(s) for s in a])[:, None]
        new_len = np.array([len(s) for s in b])[None, :]
        return self.score(dist, old_len, new_len)

    def score(self, dist: np.ndarray, old_len: np.ndarray, new_len: np.ndarray) -> np.ndarray:
        """The score from Indel distances and lengths (arrays that broadcast together)."""
        common = (old_len + new_len - dist) // 2
        shorter = np.minimum(old_len, new_len)
        with np.errstate(divide="ignore", invalid="ignore"):
            found: np.ndarray = np.where(shorter >= self.min_words, common / shorter, 0.0)
        return found


@dataclass(frozen=True, slots=True)
class Cells:
    """Candidate cells of two whole documents (``blocking.both_ways``), with their word
    Indel distances: computed once on long inputs, read by every step of alignment."""

    rows: np.ndarray
    cols: np.ndarray
    dist: np.ndarray
    old_len: np.ndarray
    new_len: np.ndarray

    @classmethod
    def of(cls, old: Sequence[Tokens], new: Sequence[Tokens], least: int = 0) -> Cells:
        """Name and measure the candidate cells of ``old`` against ``new``.

        ``least``: the fewest words in common with which a cell can serve the steps that
        read it; when no pair of paragraphs can have that many (``blocking.may_share``),
        no cell is named (two long unrelated texts, issue 27). One word is not asked
        about: nearly every two texts share one.
        """
        if least > 1 and not blocking.may_share(old, new, least):
            none = np.zeros(0, dtype=np.int32)
            return cls(none, none, none, none, none)
        rows, cols = blocking.both_ways(old, new)
        measured = indel_cells(old, new, rows, cols)
        # Four bytes a number (word counts and paragraph indices): half the memory.
        return cls(*(np.asarray(a, dtype=np.int32) for a in (rows, cols, *measured)))

    def within(self, rows: Sequence[int], cols: Sequence[int], least_common: int = 0) -> Cells:
        """The cells whose row is in ``rows`` and column in ``cols``, indices kept, with
        at least ``least_common`` words in common (in order)."""
        mask = np.isin(self.rows, np.asarray(rows)) & np.isin(self.cols, np.asarray(cols))
        if least_common:
            mask &= self.old_len + self.new_len - self.dist >= 2 * least_common
        return Cells(
            *(a[mask] for a in (self.rows, self.cols, self.dist, self.old_len, self.new_len))
        )

    def turned(self) -> Cells:
        """The same cells with the two documents swapped."""
        return Cells(self.cols, self.rows, self.dist, self.new_len, self.old_len)

    def ratio(self) -> np.ndarray:
        """Each cell's ``ratio_matrix`` similarity."""
        lengths = self.old_len + self.new_len
        with np.errstate(divide="ignore", invalid="ignore"):
            sim: np.ndarray = np.where(lengths == 0, 1.0, 1.0 - self.dist / lengths)
        return sim


def _sparse_scores(
    old: Sequence[Tokens], new: Sequence[Tokens], scorer: Scorer
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Score each old paragraph against its candidates only (``blocking``).

    ``ratio_matrix`` and the containment score are computed cell by cell (the very
    values of the dense matrix); another scorer is called on blocks of rows and the
    union of their candidates (a TF-IDF scorer then weighs words within the block).

    Returns:
        Row indices, column indices and similarities of the scored cells.
    """
    rows, cols = candidates(old, new)
    if scorer is ratio_matrix or isinstance(scorer, Contained):
        dist, old_len, new_len = indel_cells(old, new, rows, cols)
        if isinstance(scorer, Contained):
            return rows, cols, scorer.score(dist, old_len, new_len)
        lengths = old_len + new_len
        with np.errstate(divide="ignore", invalid="ignore"):
            sim = np.where(lengths == 0, 1.0, 1.0 - dist / lengths)
        return rows, cols, sim
    parts = []
    bounds = np.searchsorted(rows, np.arange(0, len(old) + _BLOCK, _BLOCK))
    for start, lo, hi in zip(range(0, len(old), _BLOCK), bounds, bounds[1:], strict=False):
        union, where = np.unique(cols[lo:hi], return_inverse=True)
        sim = scorer(
            [old[r] for r in range(start, min(len(old), start + _BLOCK))],
            [new[c] for c in union.tolist()],
        )
        parts.append(sim[rows[lo:hi] - start, where.ravel()])
    return rows, cols, np.concatenate(parts).astype(np.float64)


def best_pairs(
    old: Sequence[Tokens],
    new: Sequence[Tokens],
    scorer: Scorer,
    threshold: float,
    *,
    ids: tuple[Sequence[int], Sequence[int]] | None = None,
    first: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> list[tuple[int, int, float]]:
    """Pair old and new paragraphs greedily, best similarity first, down to ``threshold``.

    Up to ``blocking.DENSE_CELLS`` cells, every pair is scored (``scorer``) and paired as it
    always was. Above, each round scores only candidate pairs (``blocking``) and pairs
    them the same way; what is left unpaired goes to the next round, and to the dense
    matrix once it is small enough. A round that pairs nothing ends the search.

    Args:
        old: Token lists of the old paragraphs.
        new: Token lists of the new paragraphs.
        scorer: Matrix strategy (see ``AlignOptions``).
        threshold: Least similarity of a pair.
        ids: The paragraphs' indices in their documents (ties go to the pair nearest
            the diagonal in these); positions in ``old`` and ``new`` when None.
        first: Cells already scored, (old id, new id, similarity): the first candidate
            round then pairs these instead of naming and scoring its own.

    Returns:
        (old id, new id, similarity) triples.
    """
    old_ids, new_ids = ids or (range(len(old)), range(len(new)))
    tokens_of = (dict(zip(old_ids, old, strict=True)), dict(zip(new_ids, new, strict=True)))
    rows, cols = list(old_ids), list(new_ids)
    pairs: list[tuple[int, int, float]] = []
    for _ in range(_ROUNDS):
        if not rows or not cols:
            break
        old_part = [tokens_of[0][i] for i in rows]
        new_part = [tokens_of[1][j] for j in cols]
        if len(rows) * len(cols) <= blocking.DENSE_CELLS:
            return pairs + _greedy_pairs(rows, cols, scorer(old_part, new_part), threshold)
        if first is None:
            r, c, s = _sparse_scores(old_part, new_part, scorer)
            found = greedy(np.asarray(rows)[r], np.asarray(cols)[c], s, threshold)
        else:
            found, first = greedy(*first, threshold), None
        if not found:
            break
        pairs += found
        done_old, done_new = {i for i, _, _ in found}, {j for _, j, _ in found}
        rows = [i for i in rows if i not in done_old]
        cols = [j for j in cols if j not in done_new]
    return pairs
