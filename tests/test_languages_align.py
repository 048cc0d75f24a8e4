"""The banded alignment of two language versions against the whole table it replaced.

``align_pair`` keeps only the band of the dynamic programme near the diagonal; the
reference below is the whole-table programme it replaced (the code before issue 27's
fifth round, unchanged). Both must pair the same paragraphs on generated versions
(gaps, insertions, different lengths, paragraphs alike enough to tie) and on every
ordered pair of the corpus's six-language resolutions; the banded one must grow
linearly where the whole one grew with the square.
"""

from __future__ import annotations

import random
import resource
from collections.abc import Sequence
from pathlib import Path

import pytest

from pipeline.compare.languages_align import (
    BAND,
    MATCH_THRESHOLD,
    Cell,
    _overlap,
    align_pair,
    align_versions,
    make_cell,
    score,
)
from pipeline.compare.languages_cues import features
from pipeline.compare.languages_model import LanguageVersionsError
from pipeline.document import Paragraph

LANGS = ("ar", "zh", "en", "fr", "ru", "es")


def whole_table_pairs(
    pivot: Sequence[Cell], other: Sequence[Cell]
) -> list[tuple[int | None, int | None]]:
    """The alignment as it was: the whole (n + 1) x (m + 1) table, band scored only."""
    n, m = len(pivot), len(other)
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


_WORDS = "Decides to consider the question of developments in the field of information".split()


def _texts(count: int, rng: random.Random) -> list[tuple[str | None, str]]:
    """(number, text) of a resolution's paragraphs: some alike, some with facts."""
    texts: list[tuple[str | None, str]] = []
    for k in range(count):
        words = rng.choices(_WORDS, k=rng.choice((3, 8, 8, 20, 60)))
        fact = rng.random()
        if fact < 0.3:
            words.append(f"{rng.randrange(1, 12)} July {rng.choice((2018, 2021))}")
        elif fact < 0.5:
            words.append(f"A/RES/{rng.randrange(70, 80)}/{rng.randrange(1, 30)}")
        elif fact < 0.6:
            words.append(str(rng.randrange(100)))
        number = str(k + 1) if rng.random() < 0.6 else None
        texts.append((number, " ".join(words)))
    return texts


def _cells(texts: Sequence[tuple[str | None, str]], language: str = "en") -> list[Cell]:
    total = sum(len(text) for _, text in texts) or 1
    cells = []
    for k, (number, text) in enumerate(texts):
        kind = "operative" if number else "preamble"
        para = Paragraph(id=f"p{k}", kind=kind, number=number, text=text, page=1, index=k)
        read = features(text, language, operative=kind == "operative")
        cells.append(make_cell(para, read, len(text) / total, language))
    return cells


def _edited(texts: list[tuple[str | None, str]], rng: random.Random, edits: int) -> list:
    """The texts with paragraphs dropped, added, duplicated and runs moved."""
    out = list(texts)
    for _ in range(edits):
        where, how = rng.randrange(len(out) + 1), rng.random()
        if how < 0.35 and out:
            del out[min(where, len(out) - 1)]
        elif how < 0.65:
            out.insert(where, _texts(1, rng)[0])
        elif how < 0.85 and out:
            out.insert(where, out[min(where, len(out) - 1)])
        elif len(out) > 10:
            start = rng.randrange(len(out) - 5)
            run = out[start : start + 5]
            del out[start : start + 5]
            out[rng.randrange(len(out)) : 0] = run
    return out


@pytest.mark.parametrize("seed", range(40))
def test_banded_pairs_equal_the_whole_table_on_generated_versions(seed: int) -> None:
    rng = random.Random(seed)
    size = rng.choice((0, 1, 2, 5, 30, 120, 400))
    texts = _texts(size, rng)
    other = _edited(texts, rng, rng.choice((0, 1, 5, 40, size)))
    if seed % 7 == 0:  # very different lengths: the band widens by the difference
        other = other[: len(other) // 3] if seed % 2 else other + _texts(size + 3, rng)
    a, b = _cells(texts), _cells(other, "fr")
    assert align_pair(a, b) == whole_table_pairs(a, b)
    assert align_pair(b, a) == whole_table_pairs(b, a)


def test_banded_pairs_equal_the_whole_table_when_every_paragraph_ties() -> None:
    """Identical paragraphs score alike everywhere: the tie-breaks decide every step."""
    same = _cells([(None, "Decides to remain seized of the matter")] * 150)
    for m in (150, 149, 100, 3, 1):
        assert align_pair(same, same[:m]) == whole_table_pairs(same, same[:m])
        assert align_pair(same[:m], same) == whole_table_pairs(same[:m], same)


@pytest.mark.parametrize("seed", range(12))
def test_banded_pairs_equal_the_whole_table_along_the_left_edge(seed: int) -> None:
    """The pivot's last paragraphs are every 2nd to 4th of the other version, placed so
    that the best path runs along the left edge of bands that move several columns a
    row (the case where a row's band starts left of the next one's)."""
    rng = random.Random(seed)
    n, step, off = rng.randrange(40, 120), rng.choice((2, 3, 4)), rng.randrange(6)
    texts: list[tuple[str | None, str]] = [
        (str(k + 1), f"Decides to consider A/RES/{k % 90 + 10}/{k // 90 + 1} at its session")
        for k in range(n)
    ]
    # Where pivot paragraph i meets the band's left edge, i * m / n - band, with m = step * n.
    start = -(-((step - 1) * n + BAND + off) // step) + rng.randrange(2)
    other: list[tuple[str | None, str]] = [(None, "Noting")] * off
    for text in texts[start:]:
        other += [text] + [(None, "Noting")] * (step - 1)
    other = (other + [(None, "Noting")] * (step * n))[: step * n]
    a, b = _cells(texts), _cells(other, "fr")
    want = whole_table_pairs(a, b)
    assert sum(x is not None and y is not None for x, y in want) >= (n - start) // 2
    assert align_pair(a, b) == want


@pytest.mark.parametrize("seed", range(20))
def test_banded_pairs_equal_the_whole_table_along_the_right_edge(seed: int) -> None:
    """The other version opens with paragraphs of its own, as many as put the pivot's
    first paragraphs' partners at the right edge of their bands (where the cell one past
    a band is read)."""
    rng = random.Random(seed)
    n = rng.randrange(60, 200)
    kept = rng.randrange(n // 2, n - 5)
    texts: list[tuple[str | None, str]] = [
        (str(k + 1), f"Decides to consider A/RES/{k % 90 + 10}/{k // 90 + 1} at its session")
        for k in range(n)
    ]
    # The band reaches BAND + n - m past the diagonal, with m = lead + kept.
    lead = (BAND + n - kept) // 2 + rng.randrange(-1, 2)
    a, b = _cells(texts), _cells([(None, "Noting")] * lead + texts[:kept], "fr")
    assert align_pair(a, b) == whole_table_pairs(a, b)


def test_banded_pairs_equal_the_whole_table_on_long_versions() -> None:
    """1,000 paragraphs against an edited copy, just below the old 1,000,000-cell cap."""
    rng = random.Random(1000)
    texts = _texts(990, rng)
    a, b = _cells(texts), _cells(_edited(texts, rng, 60), "fr")
    assert align_pair(a, b) == whole_table_pairs(a, b)


def _corpus_pairs(corpus: Path, pairs: Sequence[tuple[str, str]]) -> int:
    """Align each (pivot, other) language pair of the nine resolutions."""
    from pipeline.compare.languages import _cells as version_cells
    from pipeline.ingest import load_document

    folder = corpus / "akn" / "cyber"
    stems = sorted({path.name.split(".")[0] for path in folder.glob("*.xml")})
    assert len(stems) >= 9
    checked = 0
    for stem in stems:
        cells = {
            lang: version_cells(load_document(folder / f"{stem}.{lang}.xml"), lang)
            for lang in LANGS
        }
        for x, y in pairs:
            want = whole_table_pairs(cells[x], cells[y])
            assert align_pair(cells[x], cells[y]) == want, (stem, x, y)
            checked += 1
    return checked


def test_banded_pairs_equal_the_whole_table_on_the_corpus(corpus: Path) -> None:
    """English (the pivot ``languages`` takes) against each other version."""
    assert _corpus_pairs(corpus, [("en", y) for y in LANGS if y != "en"]) == 45


@pytest.mark.slow
def test_banded_pairs_equal_the_whole_table_on_every_corpus_pair(corpus: Path) -> None:
    pairs = [(x, y) for x in LANGS for y in LANGS if x != y]
    assert _corpus_pairs(corpus, pairs) == 270


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def test_banded_alignment_grows_linearly() -> None:
    """Ten times the paragraphs cost about ten times as much, not a hundred."""
    rng = random.Random(7)
    texts = _texts(3_000, rng)
    edited = _edited(texts, rng, 200)[: len(texts)]  # one length: the band's least width
    a, b = _cells(texts[: len(edited)]), _cells(edited, "fr")
    small_a, small_b = a[: len(a) // 10], b[: len(a) // 10]
    ratios = []
    for _ in range(2):  # the smaller of two, against a busy machine's noise
        start = _cpu()
        align_pair(small_a, small_b)
        small = _cpu() - start
        start = _cpu()
        align_pair(a, b)
        ratios.append((_cpu() - start) / max(small, 1e-3))
    assert min(ratios) < 25, ratios  # linear: 10x; the whole table's square: 100x


def _counter_overlap(a: Cell, b: Cell) -> float:
    """The share of facts in common as it was computed, with Counter & and |."""
    if not a.facts and not b.facts:
        return 0.5
    if not a.facts or not b.facts:
        return -0.5
    both = sum((a.facts & b.facts).values())
    return both / max(sum((a.facts | b.facts).values()), 1)


def test_overlap_equals_the_counter_arithmetic() -> None:
    """Paragraphs holding up to five facts, repeats included, against each other."""
    rng = random.Random(11)
    facts = ["5 July 2018", "12", "12", "300", "A/RES/75/32", "75/240", "1 May 2021"]
    texts = [
        (None, "Recalls " + ", ".join(rng.choices(facts, k=rng.randrange(6)))) for _ in range(80)
    ]
    cells = _cells(texts)
    assert sum(cell.facts_total > 2 for cell in cells) > 20  # repeats are there to count
    for a in cells:
        for b in cells:
            assert _overlap(a, b) == _counter_overlap(a, b)


def test_versions_over_the_cap_are_refused_before_aligning() -> None:
    rng = random.Random(3)
    few = _cells(_texts(50, rng))
    with pytest.raises(LanguageVersionsError, match="50 \\(en\\), 5,000,000 \\(fr\\) paragraphs"):
        align_versions({"en": few, "fr": few * 100_000}, "en")
    # Six versions of 1,000 paragraphs: 5 x 52,000 pairs near the diagonal, well within
    # (a whole table each was 5 million cells).
    thousand = _cells(_texts(1_000, rng))
    rows = align_versions({lang: thousand for lang in LANGS}, "en")
    assert len(rows) == 1_000 and all(len(row) == 6 for row in rows)
