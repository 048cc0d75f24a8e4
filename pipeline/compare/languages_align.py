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
# Pairs of paragraphs one alignment of two versions holds in memory (its table is whole,
# though only the band is scored): 20,000 paragraphs a side would be 400 million and
# gigabytes. The corpus's largest is 618 x 618 (A/RES/79/243); 1,000 a side: 0.3 s.
MAX_CELLS = 1_000_000
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


def make_cell(paragraph: Paragraph, features: Features, share: float, language: str) -> Cell:
    """A cell with its numbering read and its facts (numbers, symbols, dates) counted."""
    facts: Counter[tuple[str, object]] = Counter()
    facts.update({("n", k): v for k, v in features.numbers.items()})
    facts.update({("s", k): v for k, v in features.symbols.items()})
    facts.update({("d", k): v for k, v in features.dates.items()})
    return Cell(paragraph, features, share, numbering_values(paragraph.number, language), facts)


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
    both = sum((a.facts & b.facts).values())
    return both / max(sum((a.facts | b.facts).values()), 1)


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


def align_pair(pivot: Sequence[Cell], other: Sequence[Cell]) -> list[tuple[int | None, int | None]]:
    """Pair two versions' paragraphs in order (Needleman-Wunsch, gaps cost nothing).

    Args:
        pivot: The pivot version's cells.
        other: Another version's cells.

    Returns:
        (pivot index, other index) pairs in document order; None on the side of a gap.
    """
    n, m = len(pivot), len(other)
    # Versions of one text run in step: only pairs near the diagonal are scored (a long
    # annex of 600 paragraphs would otherwise cost 360,000 scores a version).
    band = BAND + abs(n - m)
    never = float("-inf")
    gain = []
    for i, a in enumerate(pivot):
        row = [never] * m
        centre = i * m / max(n, 1)
        for j in range(max(0, int(centre - band)), min(m, int(centre + band) + 1)):
            row[j] = score(a, other[j]) - MATCH_THRESHOLD
        gain.append(row)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        here, below, pairs_i = best[i], best[i + 1], gain[i]
        for j in range(m - 1, -1, -1):
            value = below[j] if below[j] > here[j + 1] else here[j + 1]
            diagonal = below[j + 1] + pairs_i[j]
            here[j] = diagonal if diagonal > value else value
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        pair = gain[i][j]
        if pair > 0 and best[i][j] == best[i + 1][j + 1] + pair:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return pairs


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
    """
    base = cells[pivot]
    for lang, own in cells.items():
        if lang != pivot and len(base) * len(own) > MAX_CELLS:
            raise LanguageVersionsError(
                f"{len(base):,} paragraphs ({pivot}) x {len(own):,} ({lang}) is over the "
                f"{MAX_CELLS:,} pairs languages aligns"
            )
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
