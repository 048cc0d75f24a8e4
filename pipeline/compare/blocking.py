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
- it has the row's own text (the occurrence of the same rank, and its neighbours);
- it sits near the row's place, scaled to the other side's length (``WINDOW`` each way).

Pure functions: the same candidates for the same input, whatever the hash seed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pipeline.compare.normalise import Tokens

DENSE_CELLS = 2_000_000
RARE = 32
TOP = 24
WINDOW = 4
_READ = 512  # posting entries read for one row at most
_SAME_TEXT = 2  # neighbours of the same-rank occurrence of a row's own text


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
    found = sorted((len(postings[t]), t) for t in set(tokens) if t in postings)
    score: dict[int, int] = defaultdict(int)
    read = 0
    for size, token in found:
        if read + size > _READ:
            break
        read += size
        for c in postings[token]:
            score[c] += RARE + 1 - size
    best = sorted(score, key=lambda c: (-score[c], abs(c - place), c))
    return best[:TOP]


def candidates(rows: Sequence[Tokens], cols: Sequence[Tokens]) -> list[list[int]]:
    """Name, for each row, the columns worth scoring against it.

    Args:
        rows: Token lists of one side's paragraphs.
        cols: Token lists of the other side's paragraphs.

    Returns:
        For each row, distinct column indices in ascending order: at most
        ``TOP + 2 * WINDOW + 2 * _SAME_TEXT + 2`` of them.
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
        picked.update(range(max(0, place - WINDOW), min(last, place + WINDOW) + 1))
        same = col_groups.get(row_keys[r])
        if same:
            at = rank[r] * len(same) // len(row_groups[row_keys[r]])
            picked.update(same[max(0, at - _SAME_TEXT) : at + _SAME_TEXT + 1])
        found.append(sorted(picked))
    return found
