"""Align the language versions of one document paragraph by paragraph.

The words differ in every language, so paragraphs are paired by what a translation
keeps: their kind, their number, their share of the document's length, the numbers,
symbols and dates they hold, and the UN terms they use. One version is the pivot (the one whose
paragraph count most versions share, English first among equals); every other version
is aligned to it by dynamic programming in document order, so a paragraph missing
from one version leaves a gap there instead of shifting every paragraph after it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.compare.languages_cues import Features, numbering_values
from pipeline.compare.languages_model import LanguageVersionsError
from pipeline.document import Document, Paragraph

# A pair scores below this and the two paragraphs are better left unpaired.
MATCH_THRESHOLD = 1.2
# Points for two paragraphs of the same share of their document's length.
LENGTH_WEIGHT = 2.0
# How far from the diagonal two versions' paragraphs are compared at all.
BAND = 25
# Pairs of paragraphs scored for one document, all its versions together (each pair is
# a cell of the band kept): two versions of 50,000 paragraphs make 2.6 million, six of
# 10,000 2.6 million, about 4 s. The corpus's largest is 618 a version (A/RES/79/243).
MAX_CELLS = 3_000_000
# Points for two paragraphs that use the same UN terms (concepts.csv).
CONCEPT_WEIGHT = 1.5


@dataclass(frozen=True, slots=True)
class Cell:
    """One version's paragraph in an aligned row, with what was read from it."""

    paragraph: Paragraph
    features: Features
    share: float
    numbering: frozenset[int]
    facts: Counter[tuple[str, object]]
    facts_total: int  # how many facts, repeats counted


def make_cell(paragraph: Paragraph, features: Features, share: float, language: str) -> Cell:
    """A cell with its numbering read and its facts (numbers, symbols, dates) counted."""
    facts: Counter[tuple[str, object]] = Counter()
    facts.update({("n", k): v for k, v in features.numbers.items()})
    facts.update({("s", k): v for k, v in features.symbols.items()})
    facts.update({("d", k): v for k, v in features.dates.items()})
    numbering = numbering_values(paragraph.number, language)
    return Cell(paragraph, features, share, numbering, facts, sum(facts.values()))


Row = dict[str, Cell]


def pick_pivot(versions: Mapping[str, Document], order: Sequence[str]) -> str:
    """The version the others are aligned to.

    Args:
        versions: Documents by language.
        order: The languages in the order given, English first if present.

    Returns:
        The language whose paragraph count most versions share (the earliest in
        ``order`` among those).
    """
    counts = Counter(len(doc.paragraphs) for doc in versions.values())
    common = max(counts.values())
    usual = {n for n, c in counts.items() if c == common}
    return next(lang for lang in order if len(versions[lang].paragraphs) in usual)


def _overlap(a: Cell, b: Cell) -> float:
    """Share of the facts (numbers, symbols, dates) the two paragraphs hold in common."""
    if not a.facts and not b.facts:
        return 0.5
    if not a.facts or not b.facts:
        return -0.5  # facts on one side only: unlike paragraphs
    # The sums of the Counters a & b and a | b without building them (two new Counters a
    # pair were half of all scoring): a fact's larger count is both counts less the
    # smaller, as every count (of a fact found) is positive.
    theirs = b.facts
    both = sum(min(count, theirs[key]) for key, count in a.facts.items() if key in theirs)
    return both / max(a.facts_total + b.facts_total - both, 1)


def score(a: Cell, b: Cell) -> float:
    """How likely two paragraphs of two versions are the same paragraph (0 to 7.5).

    Args:
        a: A paragraph of one version.
        b: A paragraph of another version.

    Returns:
        One point for the same kind, one for numbers that can be the same, up to two
        for a like share of the document's length, up to two for the facts held in
        common (less when only one holds any), up to one and a half for the UN terms
        both use.
    """
    total = 1.0 if a.paragraph.kind == b.paragraph.kind else 0.0
    na, nb = a.numbering, b.numbering
    if na and nb:
        total += 1.0 if na & nb else 0.0
    elif not na and not nb:
        total += 0.5
    if a.share > 0 and b.share > 0:
        # A translation keeps a paragraph's share of the text within about a fifth; the
        # score falls to nothing at a ratio of 1.65 (|ln| = 0.5).
        total += LENGTH_WEIGHT * max(0.0, 1.0 - abs(math.log(a.share / b.share)) / 0.5)
    total += 2.0 * _overlap(a, b)
    terms = a.features.concepts | b.features.concepts
    if terms:
        total += CONCEPT_WEIGHT * len(a.features.concepts & b.features.concepts) / len(terms)
    else:
        total += CONCEPT_WEIGHT / 2
    return total


def _band_width(n: int, m: int) -> int:
    """How far from the diagonal paragraphs of versions of n and m paragraphs are paired."""
    return BAND + abs(n - m)


def _band(i: int, n: int, m: int, band: int) -> tuple[int, int]:
    """The columns [lo, hi) of ``other`` that pivot paragraph ``i`` is scored against."""
    centre = i * m / max(n, 1)
    return max(0, int(centre - band)), min(m, int(centre + band) + 1)


def scored_pairs(n: int, m: int) -> int:
    """At most how many pairs ``align_pair`` scores for versions of n and m paragraphs."""
    return n * min(m, 2 * _band_width(n, m) + 2)


def align_pair(pivot: Sequence[Cell], other: Sequence[Cell]) -> list[tuple[int | None, int | None]]:
    """Pair two versions' paragraphs in order (Needleman-Wunsch, gaps cost nothing).

    Versions of one text run in step, so only pairs near the diagonal are scored, and
    only their part of the table is kept: linear in the paragraphs, not quadratic. The
    rest of the whole table is known without computing it, so the pairs are exactly
    those of the whole table (``tests/test_languages_align.py`` keeps it as reference).
    With best[i][j] the best score of the paragraphs from i and j on, and row i's
    band the columns [lo_i, hi_i) (both ends rise with i):

    - left of the band (j < lo_i) best[i][j] = best[i][lo_i]: no pair of row i or of a
      later row lies left of lo_i;
    - right of it (j >= hi_i) best[i][j] = best[i + 1][j]: row i has no pair there.

    Both are copies of computed cells, so equal to the last bit.

    Args:
        pivot: The pivot version's cells.
        other: Another version's cells.

    Returns:
        (pivot index, other index) pairs in document order; None on the side of a gap.
    """
    n, m = len(pivot), len(other)
    band = _band_width(n, m)
    spans = [_band(i, n, m, band) for i in range(n)]
    # rows[i][k] = best[i][lo_i + k] for lo_i <= lo_i + k <= hi_i (one past the band)
    rows: list[list[float]] = [[] for _ in range(n)]

    def best(i: int, j: int) -> float:
        """A cell of the whole table up to one past its row's band. The path below never
        asks for more: one past the band it equals the cell below, so it goes down."""
        if i == n or j == m:
            return 0.0
        lo = spans[i][0]
        return rows[i][max(j, lo) - lo]  # left of the band: as at its start

    for i in range(n - 1, -1, -1):
        lo, hi = spans[i]
        a = pivot[i]
        pairs_i = [score(a, other[j]) - MATCH_THRESHOLD for j in range(lo, hi)]
        # best[i + 1][lo .. hi]: row i + 1's band starts at or after lo, ends at or after hi
        if i + 1 < n:
            lo_below, kept = spans[i + 1][0], rows[i + 1]
            left = min(lo_below, hi + 1) - lo
            below = [kept[0]] * left + kept[: max(hi + 1 - lo_below, 0)]
        else:
            below = [0.0] * (hi + 1 - lo)
        here = [0.0] * len(pairs_i) + [below[-1]]  # one past the band: as below it
        for k in range(len(pairs_i) - 1, -1, -1):
            value = below[k] if below[k] > here[k + 1] else here[k + 1]
            diagonal = below[k + 1] + pairs_i[k]
            here[k] = diagonal if diagonal > value else value
        rows[i] = here
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        lo, hi = spans[i]
        pair = score(pivot[i], other[j]) - MATCH_THRESHOLD if lo <= j < hi else -math.inf
        here_value = best(i, j)
        if pair > 0 and here_value == best(i + 1, j + 1) + pair:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif here_value == best(i + 1, j):
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return pairs


def check_sizes(sizes: Mapping[str, int], pivot: str) -> None:
    """Refuse versions whose alignment would score over ``MAX_CELLS`` pairs.

    Args:
        sizes: Each version's number of paragraphs to align, by language.
        pivot: The pivot language.

    Raises:
        LanguageVersionsError: naming the sizes and the pairs they make.
    """
    scored = sum(scored_pairs(sizes[pivot], size) for lang, size in sizes.items() if lang != pivot)
    if scored > MAX_CELLS:
        counts = ", ".join(f"{size:,} ({lang})" for lang, size in sizes.items())
        raise LanguageVersionsError(
            f"versions of {counts} paragraphs make {scored:,} pairs to score, over the "
            f"{MAX_CELLS:,} pairs languages aligns"
        )


def align_versions(cells: Mapping[str, Sequence[Cell]], pivot: str) -> list[Row]:
    """Rows of aligned paragraphs: one per pivot paragraph, plus rows for the rest.

    A paragraph no pivot paragraph pairs with gets a row placed after the last pivot
    paragraph before it; such paragraphs of several versions in the same place (the
    k-th of its gap in each) share one row.

    Args:
        cells: Each version's cells in document order, by language.
        pivot: The pivot language.

    Returns:
        Rows in document order, each a mapping of language to cell (absent versions
        are missing from the mapping).

    Raises:
        LanguageVersionsError: the versions are too long to align (``check_sizes``).
    """
    check_sizes({lang: len(own) for lang, own in cells.items()}, pivot)
    base = cells[pivot]
    rows: list[Row] = [{pivot: cell} for cell in base]
    # extras[k] holds the rows placed after pivot paragraph k - 1 (k = 0: before the first)
    extras: list[list[Row]] = [[] for _ in range(len(base) + 1)]
    for lang, own in cells.items():
        if lang == pivot:
            continue
        slot, seen = 0, 0
        for pi, oi in align_pair(base, own):
            if pi is not None:
                slot, seen = pi + 1, 0
                if oi is not None:
                    rows[pi][lang] = own[oi]
            elif oi is not None:
                if seen == len(extras[slot]):
                    extras[slot].append({})
                extras[slot][seen][lang] = own[oi]
                seen += 1
    ordered: list[Row] = list(extras[0])
    for k, row in enumerate(rows):
        ordered.append(row)
        ordered.extend(extras[k + 1])
    return ordered
