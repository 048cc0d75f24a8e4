"""Candidate pairs for long inputs: which paragraphs of two lists are worth scoring.

Scoring every old paragraph against every new one is quadratic: 20,000 tiny
paragraphs a side make 4e8 cells (gigabytes, minutes). Alignment keeps its dense
matrix up to ``DENSE_CELLS`` cells, which no real pair of documents comes near (the
largest in the corpus is about 600 by 600 paragraphs), and above it scores only the
candidates named here, a bounded number a row, so that the work grows with the
number of paragraphs, not with its square (issue 27). A column is a candidate of a row
when:

- it shares one of the row's rarer tokens (a token found in at most ``RARE`` columns),
  the columns sharing the most rare tokens first, at most ``TOP`` of them (a token
  weighs ``RARE + 1`` less its number of columns; ties go to the column nearest the
  row's scaled place, then the lowest);
- it has the row's own text (the occurrence of the same rank, as is and scaled to the
  other side's count, and their neighbours);
- it sits near the row's place, as is and scaled to the other side's length
  (``WINDOW`` each way).

The cells are computed with numpy over all rows at once (a Python loop a row cost
1.8 s for 20,000 rows, and alignment asks up to four times), in blocks of rows so that
the posting entries read stay bounded. Pure functions: the same candidates for the
same input, whatever the hash seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from pipeline.compare.normalise import Tokens

DENSE_CELLS = 2_000_000
RARE = 32
TOP = 48
WINDOW = 4
_READ = 512  # posting entries read for one row at most (its rarest tokens first)
_SAME_TEXT = 2  # neighbours of the same-rank occurrence of a row's own text
_ENTRIES = 1 << 20  # posting entries expanded at once (about 8 MB an array)
_WEIGHT_BITS = (RARE + 1).bit_length()  # a token's weight, 1 to RARE
_JOINED = 8  # pairs ``may_share`` counts exactly, for each token either side holds


def _distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (a sort: numpy's hashed unique is slower here)."""
    keys = np.sort(keys)
    return keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys


@dataclass(frozen=True, slots=True)
class _Side:
    """One side's paragraphs as numbers: distinct (paragraph, token id) pairs sorted by
    paragraph then token, and the id of each paragraph's text (its tokens joined)."""

    size: int
    owner: np.ndarray
    token: np.ndarray
    text: np.ndarray


def _sides(rows: Sequence[Tokens], cols: Sequence[Tokens]) -> tuple[_Side, _Side, int]:
    """Both sides numbered with one vocabulary (rows first); and the vocabulary's size."""
    vocabulary: dict[str, int] = {}
    texts: dict[str, int] = {}
    sides = []
    for paragraphs in (rows, cols):
        lengths = np.fromiter((len(t) for t in paragraphs), dtype=np.int64, count=len(paragraphs))
        ids = np.fromiter(
            (vocabulary.setdefault(t, len(vocabulary)) for tokens in paragraphs for t in tokens),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        text = np.fromiter(
            (texts.setdefault(" ".join(t), len(texts)) for t in paragraphs),
            dtype=np.int64,
            count=len(paragraphs),
        )
        owner = np.repeat(np.arange(len(paragraphs), dtype=np.int64), lengths)
        sides.append((len(paragraphs), owner, ids, text))
    span = len(vocabulary) + 1
    numbered = []
    for size, owner, ids, text in sides:
        keys = _distinct(owner * span + ids)
        numbered.append(_Side(size, keys // span, keys % span, text))
    return numbered[0], numbered[1], len(vocabulary)


def _shared_rare(
    rows: _Side, cols: _Side, words: int, places: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) cells of the columns sharing the most rare tokens with each row."""
    df = np.bincount(cols.token, minlength=words)
    rare = df[cols.token] <= RARE
    by_token = np.lexsort((cols.owner[rare], cols.token[rare]))
    posting = cols.owner[rare][by_token]  # columns of each rare token, token by token
    start = np.zeros(words + 1, dtype=np.int64)
    np.cumsum(np.where(df <= RARE, df, 0), out=start[1:])
    held = (df[rows.token] > 0) & (df[rows.token] <= RARE)
    row_of, row_tok = rows.owner[held], rows.token[held]
    # The rarest tokens first, until a row has read _READ entries (all if it has fewer).
    width = df[row_tok]
    order = np.lexsort((row_tok, width, row_of))
    row_of, row_tok, width = row_of[order], row_tok[order], width[order]
    read = np.cumsum(width)
    first = np.searchsorted(row_of, row_of)  # each entry's row's first entry
    read = read - np.concatenate(([0], read))[first]
    total = np.zeros(rows.size, dtype=np.int64)
    np.add.at(total, row_of, width)
    keep = (total[row_of] <= _READ) | (read <= _READ)
    row_of, row_tok, width = row_of[keep], row_tok[keep], width[keep]
    found_rows, found_cols = [], []
    bounds = np.searchsorted(np.cumsum(width), np.arange(_ENTRIES, int(width.sum()), _ENTRIES))
    bounds = np.searchsorted(row_of, row_of[bounds]) if len(bounds) else bounds
    for part in np.split(np.arange(len(row_of)), np.unique(bounds)):
        r, c = _top_columns(row_of[part], row_tok[part], width[part], start, posting, places)
        found_rows.append(r)
        found_cols.append(c)
    return np.concatenate(found_rows), np.concatenate(found_cols)


def _top_columns(
    row_of: np.ndarray,
    row_tok: np.ndarray,
    width: np.ndarray,
    start: np.ndarray,
    posting: np.ndarray,
    places: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """For whole rows' (row, token) entries: each row's TOP columns by shared rare weight."""
    if not len(row_of):
        return row_of, row_of
    rows = np.repeat(row_of, width)
    offset = np.arange(len(rows)) - np.repeat(np.cumsum(width) - width, width)
    cols = posting[np.repeat(start[row_tok], width) + offset]
    weight = np.repeat(RARE + 1 - width, width)
    span = int(max(posting.max(), places.max())) + 1
    keys = rows * span + cols
    if int(keys.max()) < 1 << (62 - _WEIGHT_BITS):  # sort the weight along in one integer
        packed = np.sort((keys << _WEIGHT_BITS) | weight)
        keys, weight = packed >> _WEIGHT_BITS, packed & ((1 << _WEIGHT_BITS) - 1)
    else:
        order = np.argsort(keys, kind="stable")
        keys, weight = keys[order], weight[order]
    first = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    score = np.add.reduceat(weight, first)
    rows, cols = keys[first] // span, keys[first] % span
    many = np.bincount(rows)[rows] > TOP  # a row with TOP columns or fewer keeps them all
    if not many.any():
        return rows, cols
    kept_rows, kept_cols = rows[~many], cols[~many]
    rows, cols, score = rows[many], cols[many], score[many]
    # Within a row: the highest score, then the nearest to its place, then the lowest.
    bits, lowest = span.bit_length(), int(score.min())
    wide = (int(score.max()) - lowest).bit_length() + 2 * bits + int(rows.max()).bit_length()
    if wide < 63:  # packed in one integer, the row first
        packed = rows << (wide - int(rows.max()).bit_length())
        packed |= (int(score.max()) - score) << 2 * bits
        packed |= (np.abs(cols - places[rows]) << bits) | cols
        packed.sort()
        rows, cols = packed >> (wide - int(rows.max()).bit_length()), packed & ((1 << bits) - 1)
    else:  # too wide to pack
        order = np.lexsort((cols, np.abs(cols - places[rows]), -score, rows))
        rows, cols = rows[order], cols[order]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    keep = rank < TOP
    return np.concatenate([kept_rows, rows[keep]]), np.concatenate([kept_cols, cols[keep]])


def _near(places: np.ndarray, last: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) cells within WINDOW of each row's scaled place and of the diagonal."""
    rows = np.arange(len(places), dtype=np.int64)
    found_rows, found_cols = [], []
    for at in (places, rows):
        for step in range(-WINDOW, WINDOW + 1):
            col = at + step
            keep = (col >= 0) & (col <= last)
            found_rows.append(rows[keep])
            found_cols.append(col[keep])
    return np.concatenate(found_rows), np.concatenate(found_cols)


def _same_text(rows: _Side, cols: _Side) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) cells of the columns holding a row's own text, near its rank."""
    texts = int(max(rows.text.max(), cols.text.max())) + 1
    col_order = np.argsort(cols.text, kind="stable")  # columns text by text, ascending
    col_count = np.bincount(cols.text, minlength=texts)
    col_start = np.concatenate(([0], np.cumsum(col_count)))
    row_order = np.argsort(rows.text, kind="stable")
    row_rank = np.empty(rows.size, dtype=np.int64)
    sorted_texts = rows.text[row_order]
    row_rank[row_order] = np.arange(rows.size) - np.searchsorted(sorted_texts, sorted_texts)
    row_count = np.bincount(rows.text, minlength=texts)[rows.text]
    same = col_count[rows.text]
    found_rows, found_cols = [], []
    index = np.arange(rows.size, dtype=np.int64)
    for at in (row_rank * same // row_count, row_rank):
        for step in range(-_SAME_TEXT, _SAME_TEXT + 1):
            pos = at + step
            keep = (pos >= 0) & (pos < same)
            found_rows.append(index[keep])
            found_cols.append(col_order[col_start[rows.text[keep]] + pos[keep]])
    return np.concatenate(found_rows), np.concatenate(found_cols)


def _candidates(rows: _Side, cols: _Side, words: int) -> np.ndarray:
    """The candidate cells as keys, row * number of columns + column, in no order and
    some more than once (``_distinct`` makes them a set)."""
    last = cols.size - 1
    places = np.arange(rows.size, dtype=np.int64) * last // max(1, rows.size - 1)
    parts = [_shared_rare(rows, cols, words, places), _near(places, last), _same_text(rows, cols)]
    return np.concatenate([r * cols.size + c for r, c in parts])


def candidates(rows: Sequence[Tokens], cols: Sequence[Tokens]) -> tuple[np.ndarray, np.ndarray]:
    """Name, for each row, the columns worth scoring against it.

    Args:
        rows: Token lists of one side's paragraphs.
        cols: Token lists of the other side's paragraphs.

    Returns:
        Row and column indices (int64) of the candidate cells, distinct, sorted by row
        then column: at most ``TOP + 2 * (2 * WINDOW + 1) + 2 * (2 * _SAME_TEXT + 1)``
        a row.
    """
    if not rows or not cols:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    keys = _distinct(_candidates(*_sides(rows, cols)))
    return keys // len(cols), keys % len(cols)


def both_ways(rows: Sequence[Tokens], cols: Sequence[Tokens]) -> tuple[np.ndarray, np.ndarray]:
    """The candidates of each row and of each column, as (row, column) cells.

    The union of ``candidates(rows, cols)`` and ``candidates(cols, rows)`` turned
    round (ties between equally rare tokens may differ: the words are numbered once):
    computed once, it serves pairing, splits, merges and containment alike.
    """
    if not rows or not cols:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    row_side, col_side, words = _sides(rows, cols)
    forward = _candidates(row_side, col_side, words)
    back = _candidates(col_side, row_side, words)
    back = (back % len(rows)) * len(cols) + back // len(rows)
    keys = _distinct(np.concatenate([forward, back]))  # sorted once, not each direction
    return keys // len(cols), keys % len(cols)


def numbered_words(
    rows: Sequence[Sequence[str]], vocabulary: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Every word of ``rows`` as ``(row, number)`` arrays in reading order, a word's
    number being its value in ``vocabulary`` (which holds every word of ``rows``)."""
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    ids = np.fromiter(
        map(vocabulary.__getitem__, chain.from_iterable(rows)),
        dtype=np.int64,
        count=int(lengths.sum()),
    )
    return np.repeat(np.arange(len(rows), dtype=np.int64), lengths), ids


def _counted(
    paragraphs: Sequence[Tokens], vocabulary: dict[str, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One side as distinct (paragraph, token) pairs sorted by paragraph then token,
    with how many times the paragraph holds the token: three arrays. ``vocabulary``
    numbers every token of the side."""
    owner, ids = numbered_words(paragraphs, vocabulary)
    keys = np.sort(owner << 32 | ids)  # fewer than 2**31 paragraphs and words
    first = np.flatnonzero(np.diff(keys, prepend=-1))  # where each distinct key starts
    return keys[first] >> 32, keys[first] & 0xFFFFFFFF, np.diff(first, append=len(keys))


def may_share(rows: Sequence[Tokens], cols: Sequence[Tokens], least: int) -> bool:
    """Whether some row may share ``least`` tokens or more with some column, repeats
    counted (the two bags' intersection, which no common subsequence exceeds).

    The tokens cheapest to pair (held by few paragraphs each side), up to ``_JOINED``
    pairs for each token either side holds, are paired row by column and counted
    exactly; a commoner token is taken as shared as often as the row or the column
    holds it, whichever is less. False is certain; True may be wrong. Issue 27: two
    long unrelated texts share two or three words a pair, and one join tells it, where
    naming and measuring every candidate cell took 1.5 s for 20,000 paragraphs a side.
    """
    vocabulary = {t: n for n, t in enumerate(dict.fromkeys(chain(*rows, *cols)))}
    (old_of, old_token, old_count), (new_of, new_token, new_count) = (
        _counted(rows, vocabulary),
        _counted(cols, vocabulary),
    )
    words = len(vocabulary)
    held = np.bincount(old_token, minlength=words), np.bincount(new_token, minlength=words)
    cost = held[0] * held[1]  # pairs of paragraphs sharing the token: 0 if one side lacks it
    order = np.argsort(cost, kind="stable")
    joined = np.zeros(words, dtype=bool)
    budget = _JOINED * (len(old_token) + len(new_token))
    joined[order[: np.searchsorted(np.cumsum(cost[order]), budget, side="right")]] = True
    # How many times each paragraph holds the tokens both sides hold, not joined.
    bounded = (cost > 0) & ~joined
    common = [
        np.bincount(of, weights=count * bounded[token], minlength=size).astype(np.int64)
        for of, token, count, size in (
            (old_of, old_token, old_count, len(rows)),
            (new_of, new_token, new_count, len(cols)),
        )
    ]
    if min(int(common[0].max(initial=0)), int(common[1].max(initial=0))) >= least:
        return True  # two paragraphs may share that many common tokens alone
    # Each old entry of a joined token, with its partners: the new entries of that token.
    keep = joined[old_token] & (cost[old_token] > 0)
    old_of, old_token, old_count = old_of[keep], old_token[keep], old_count[keep]
    width = held[1][old_token]
    by_token = np.argsort(new_token, kind="stable")
    start = np.concatenate(([0], np.cumsum(held[1])))
    bounds = np.searchsorted(np.cumsum(width), np.arange(_ENTRIES, int(width.sum()), _ENTRIES))
    bounds = np.searchsorted(old_of, old_of[bounds]) if len(bounds) else bounds
    for part in np.split(np.arange(len(old_of)), np.unique(bounds)):  # whole rows each
        wide = width[part]
        offset = np.arange(int(wide.sum())) - np.repeat(np.cumsum(wide) - wide, wide)
        partner = by_token[np.repeat(start[old_token[part]], wide) + offset]
        pairs = np.repeat(old_of[part], wide) * len(cols) + new_of[partner]
        # A pair once for each token it shares, counted as often as both hold it.
        shared = np.minimum(np.repeat(old_count[part], wide), new_count[partner])
        order = np.argsort(pairs)
        pairs, shared = pairs[order], shared[order]
        first = np.flatnonzero(np.diff(pairs, prepend=-1))
        if not len(first):
            continue
        bound = np.add.reduceat(shared, first)
        bound += np.minimum(
            common[0][pairs[first] // len(cols)], common[1][pairs[first] % len(cols)]
        )
        if int(bound.max(initial=0)) >= least:
            return True
    return False
