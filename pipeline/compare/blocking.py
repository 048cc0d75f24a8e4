"""Candidate pairs for long inputs: which paragraphs of two lists are worth scoring.

Scoring every old paragraph against every new one is quadratic: 20,000 tiny
paragraphs a side make 4e8 cells (gigabytes, minutes). Alignment keeps its dense
matrix up to ``DENSE_CELLS`` cells, which no real pair of documents comes near (the
largest in the corpus is about 600 by 600 paragraphs), and above it scores only the
candidates named here, a bounded number a row, so that the work grows with the
number of paragraphs, not with its square (issue 27). A column is a candidate of a row
when:

- it shares one of the row's rarer tokens (a token found in at most ``RARE`` columns),
  the columns sharing the most rare tokens first, at most ``TOP`` of them;
- it has the row's own text (the occurrence of the same rank, as is and scaled to the
  other side's count, and their neighbours);
- it sits near the row's place, as is and scaled to the other side's length
  (``WINDOW`` each way).

Pure functions: the same candidates for the same input, whatever the hash seed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pipeline.compare.normalise import Tokens

DENSE_CELLS = 2_000_000
RARE = 32
TOP = 48
WINDOW = 4
_READ = 512  # posting entries read for one row at most
_SAME_TEXT = 2  # neighbours of the same-rank occurrence of a row's own text
_BITS = 24  # a column index or distance packed in a sort key
_FIELD = 1 << _BITS


def _postings(cols: Sequence[Tokens]) -> dict[str, list[int]]:
    """Token -> the columns that hold it, ascending; tokens in more than RARE dropped."""
    postings: dict[str, list[int]] = defaultdict(list)
    for c, tokens in enumerate(cols):
        for token in set(tokens):
            postings[token].append(c)
    return {t: cs for t, cs in postings.items() if len(cs) <= RARE}


def _by_text(tokens: Sequence[Tokens]) -> tuple[list[str], dict[str, list[int]]]:
    keys = [" ".join(t) for t in tokens]
    groups: dict[str, list[int]] = defaultdict(list)
    for n, key in enumerate(keys):
        groups[key].append(n)
    return keys, groups


def _shared_rare(tokens: Tokens, postings: dict[str, list[int]], place: int) -> list[int]:
    """The columns sharing the most rare tokens with one row (rarest tokens read first)."""
    lists = [postings[t] for t in set(tokens) if t in postings]
    if sum(len(cs) for cs in lists) > _READ:  # too many to read: the rarest first
        lists.sort(key=len)
        total = 0
        for n, cs in enumerate(lists):
            total += len(cs)
            if total > _READ:
                del lists[n:]
                break
    score: dict[int, int] = defaultdict(int)
    for cs in lists:
        for c in cs:
            score[c] += RARE + 1 - len(cs)
    if len(score) <= TOP:
        return list(score)
    if place >= _FIELD or max(score) >= _FIELD:  # too long to pack: sort tuples
        return sorted(score, key=lambda c: (-score[c], abs(c - place), c))[:TOP]
    # The same order, packed in one integer a column (sorting ints is cheaper).
    keys = sorted((-v << _BITS * 2) | (abs(c - place) << _BITS) | c for c, v in score.items())
    return [k & (_FIELD - 1) for k in keys[:TOP]]


def candidates(rows: Sequence[Tokens], cols: Sequence[Tokens]) -> list[list[int]]:
    """Name, for each row, the columns worth scoring against it.

    Args:
        rows: Token lists of one side's paragraphs.
        cols: Token lists of the other side's paragraphs.

    Returns:
        For each row, distinct column indices in ascending order: at most
        ``TOP + 2 * (2 * WINDOW + 1) + 2 * (2 * _SAME_TEXT + 1)`` of them.
    """
    if not rows or not cols:
        return [[] for _ in rows]
    postings = _postings(cols)
    row_keys, row_groups = _by_text(rows)
    _, col_groups = _by_text(cols)
    rank = {r: n for group in row_groups.values() for n, r in enumerate(group)}
    last = len(cols) - 1
    found: list[list[int]] = []
    for r, tokens in enumerate(rows):
        place = r * last // max(1, len(rows) - 1)
        picked = set(_shared_rare(tokens, postings, place))
        for at in (place, r):  # its scaled place, and the diagonal itself
            picked.update(range(max(0, at - WINDOW), min(last, at + WINDOW) + 1))
        same = col_groups.get(row_keys[r])
        if same:
            own = rank[r]
            for at in (own * len(same) // len(row_groups[row_keys[r]]), own):
                picked.update(same[max(0, at - _SAME_TEXT) : at + _SAME_TEXT + 1])
        found.append(sorted(picked))
    return found
