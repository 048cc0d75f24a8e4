"""Issue 27: alignment names no candidate cell when no pair of paragraphs can share the
words any step needs (``blocking.may_share``, ``align._least_common``).

Two long texts of unrelated paragraphs (twelve words drawn from 50,000) share two or
three words a pair; pairing, splits, merges and containment each need five or more. The
candidate cells of 20,000 paragraphs a side were named and measured (1.5 s) to pair
nothing. ``may_share`` is checked against a count of every pair; the alignment with the
shortcut against the alignment with the cells always named (the old way).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

import pytest

from pipeline.compare import blocking
from pipeline.compare.align import AlignOptions, align_paragraphs
from pipeline.compare.normalise import tokenise
from pipeline.document import Paragraph


def _most_shared(rows: list[list[str]], cols: list[list[str]]) -> int:
    """The most tokens any row shares with any column, repeats counted: every pair."""
    bags = [Counter(c) for c in cols]
    return max((sum((Counter(r) & bag).values()) for r in rows for bag in bags), default=0)


def _sides(rng: random.Random, vocabulary: int) -> tuple[list[list[str]], list[list[str]]]:
    def side() -> list[list[str]]:
        size = rng.randrange(0, 40)
        return [
            [f"w{rng.randrange(vocabulary)}" for _ in range(rng.randrange(15))] for _ in range(size)
        ]

    return side(), side()


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize(("entries", "joined"), [(1 << 20, 8), (7, 8), (50, 1), (50, 0)])
def test_may_share_is_never_wrong_to_say_no(
    seed: int, entries: int, joined: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """False only when no pair shares ``least`` tokens; exactly that when every shared
    token is joined (few paragraphs hold each, within the budget), whatever the blocks
    of rows; a bound, never below, when some are taken as shared as often as held."""
    monkeypatch.setattr(blocking, "_ENTRIES", entries)
    monkeypatch.setattr(blocking, "_JOINED", joined)
    rng = random.Random(seed)
    rows, cols = _sides(rng, rng.choice([3, 10, 50, 500]))
    most = _most_shared(rows, cols)
    exact = joined == 8 and len(rows) <= blocking.RARE and len(cols) <= blocking.RARE
    for least in range(8):
        said = blocking.may_share(rows, cols, least)
        assert said or most < least
        if exact:
            assert said == (most >= least)


def test_may_share_counts_repeats() -> None:
    rows = [["a", "a", "b"], ["c"]]
    cols = [["a", "b", "b"], ["a", "a", "c"]]
    assert _most_shared(rows, cols) == 2
    assert blocking.may_share(rows, cols, 2)
    assert not blocking.may_share(rows, cols, 3)


def _paragraphs(texts: list[str]) -> list[Paragraph]:
    return [
        Paragraph(id=f"para_{n}", kind="operative", number=str(n), text=t, page=1, index=n - 1)
        for n, t in enumerate(texts, 1)
    ]


def _align(
    old: list[str], new: list[str], options: AlignOptions, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[object], list[object], list[int]]:
    """The alignment with the shortcut, then with every cell named, and how many times
    ``may_share`` said no."""
    said: list[int] = []
    real = blocking.may_share

    def counted(*args: list[list[str]] | int) -> bool:
        found = real(*args)  # type: ignore[arg-type]
        said.append(int(not found))
        return found

    monkeypatch.setattr(blocking, "may_share", counted)
    quick = align_paragraphs(_paragraphs(old), _paragraphs(new), options)
    monkeypatch.setattr(blocking, "may_share", lambda *args: True)
    named = align_paragraphs(_paragraphs(old), _paragraphs(new), options)
    return sorted(quick, key=repr), sorted(named, key=repr), said


Make = Callable[[random.Random], tuple[list[str], list[str]]]


def _unrelated(rng: random.Random) -> tuple[list[str], list[str]]:
    words = [f"w{k}" for k in range(400)]
    make = lambda: " ".join(rng.choice(words) for _ in range(12))  # noqa: E731
    return [make() for _ in range(150)], [make() for _ in range(160)]


def _background(rng: random.Random) -> tuple[list[str], list[str]]:
    """Paragraphs of twelve words drawn from a million: no two share a word, nearly."""
    make = lambda: " ".join(f"w{rng.randrange(10**6)}" for _ in range(12))  # noqa: E731
    return [make() for _ in range(150)], [make() for _ in range(160)]


def _at_the_threshold(rng: random.Random) -> tuple[list[str], list[str]]:
    """The two shortest paragraphs, four words each, share two: a likeness of 0.5, the
    threshold, so they pair; nothing else can."""
    old, new = _background(rng)
    old[rng.randrange(len(old))] = "p1 p2 q1 q2"
    new[rng.randrange(len(new))] = "p1 p2 r1 r2"
    return old, new


def _contained(rng: random.Random) -> tuple[list[str], list[str]]:
    """Five of six words inside a paragraph of twenty: too unlike to pair (0.38), a
    containment pair (5 / 6)."""
    old, new = _background(rng)
    old[rng.randrange(len(old))] = "c1 c2 c3 c4 c5 x1"
    long = " ".join(f"y{k}" for k in range(15))
    new[rng.randrange(len(new))] = f"{long} c1 c2 c3 c4 c5"
    return old, new


def _near_the_bound(rng: random.Random) -> tuple[list[str], list[str]]:
    """Unrelated paragraphs, and a few that share four to seven words with one of the
    other side (contained in a longer one, or a part of one: a split, a merge)."""
    old, new = _unrelated(rng)
    for _ in range(6):
        shared = " ".join(f"s{rng.randrange(10**6)}" for _ in range(rng.randrange(4, 8)))
        i, j = rng.randrange(len(old)), rng.randrange(len(new))
        old[i] = f"{shared} {old[i]}" if rng.random() < 0.5 else shared
        new[j] = f"{new[j]} {shared}" if rng.random() < 0.5 else shared
    return old, new


def _short(rng: random.Random) -> tuple[list[str], list[str]]:
    """Short paragraphs of a few words: one shared word may pair two of them."""
    words = [f"w{k}" for k in range(300)]
    make = lambda: " ".join(rng.choice(words) for _ in range(rng.randrange(1, 4)))  # noqa: E731
    return [make() for _ in range(150)], [make() for _ in range(150)]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(
    "make", [_unrelated, _at_the_threshold, _contained, _near_the_bound, _short]
)
@pytest.mark.parametrize(
    "options",
    [
        AlignOptions(),
        AlignOptions(detect_containment=False),
        AlignOptions(detect_splits=False, detect_containment=False),
        AlignOptions(threshold=0.3, split_min_words=2, min_containment=0.6),
    ],
)
def test_the_shortcut_aligns_as_the_cells_do(
    seed: int, make: Make, options: AlignOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blocking, "DENSE_CELLS", 2_000)  # the cells read above this
    old, new = make(random.Random(seed))
    quick, named, said = _align(old, new, options, monkeypatch)
    assert quick == named
    if make is _unrelated and options == AlignOptions():
        assert said == [1]  # the shortcut was taken: nothing could pair
    if make in (_at_the_threshold, _contained) and options == AlignOptions():
        found = [a for a in quick if a.old and a.new]  # type: ignore[attr-defined]
        assert len(found) == 1  # the planted pair, and only it
        assert found[0].contained == (None if make is _at_the_threshold else "expanded")


def test_real_paragraphs_align_as_with_the_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraphs of the issue's unrelated texts mixed with real resolution text."""
    monkeypatch.setattr(blocking, "DENSE_CELLS", 2_000)
    real = [
        "Calls upon Member States to promote further the consideration of existing and "
        "potential threats in the field of information security",
        "Welcoming the report of the Open-ended Working Group on security of and in the "
        "use of information and communications technologies 2021–2025",
        "Decides to include in the provisional agenda of its eightieth session the item",
        "Recalling its resolutions 73/27 of 5 December 2018 and 75/240 of 31 December 2020",
    ]
    old, new = _unrelated(random.Random(5))
    old[10:14] = real
    new[40:42] = [real[0] + " and to cooperate", real[3].replace("Recalling", "Recalling also")]
    new[50:52] = real[1].split(" of the ", 1)  # a split
    quick, named, _ = _align(old, new, AlignOptions(), monkeypatch)
    assert quick == named
    assert any(a.kind == "split" for a in quick)  # type: ignore[attr-defined]


def test_the_issues_unrelated_texts_share_too_few_words() -> None:
    """Twenty thousand paragraphs a side of twelve words drawn from 50,000: the most any
    pair shares is three (year-like words such as "w20801" read as "w2080" and a footnote
    marker are held by up to 75 paragraphs, bounded, not joined); five are needed."""
    rng = random.Random(1)
    vocabulary = [f"w{k}" for k in range(50000)]
    old, new = (
        [tokenise(" ".join(rng.choice(vocabulary) for _ in range(12))) for _ in range(20000)]
        for _ in range(2)
    )
    assert not blocking.may_share(old, new, 5)
