"""Issue 27: two long texts of unrelated paragraphs (nothing pairs, nothing shared).

`diff` of 20,000 paragraphs a side of twelve words drawn from 50,000 spent 5 s in the
overlap search: every paragraph's units, list order and bigram index were built for
the few bigrams the two texts share by chance. The search now reads each text's keys
alone (``plain_keys``), numbers the bigrams with numpy, and builds units and indexes
only for the paragraphs that share a bigram (``_sharing``). Each shortcut is checked
here against the old way (the old counting kept in this file): the same keys, the same
count of too-common bigrams, the same runs.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipeline.compare import overlap
from pipeline.compare.overlap import (
    WordKeys,
    content_units,
    list_order,
    plain_keys,
    plain_words,
)
from pipeline.document import Paragraph

# Words that make the slow path count: a list ("," "and" "or"), a long form
# ("information and communications technologies"), hyphens, numbers, names, markers.
POOL = (
    "the security of and in use information communications technologies States norms "
    "rules principles responsible behaviour confidence-building measures Group "
    "Governmental Experts ICTs 2021 seventy-fifth organi-\nzations A/RES/73/27 group’s "
    "technologies2 , , and or AND Or"
).split(" ")
PHRASE = "the security of and in the use of information and communications technologies"


def _text(rng: random.Random, words: int, pool: list[str]) -> str:
    text = " ".join(rng.choice(pool) for _ in range(words))
    if rng.random() < 0.3:
        text = f"{rng.randrange(1, 99)}. {text}"  # numbering, left out of the units
    return text.replace(" , ", ", ")


def _paragraphs(texts: list[str]) -> list[Paragraph]:
    return [
        Paragraph(id=f"para_{n}", kind="operative", number=str(n), text=t, page=1, index=n - 1)
        for n, t in enumerate(texts, 1)
    ]


def _unit_keys(text: str) -> tuple[list[str], list[str]]:
    found = content_units(text)
    keys = [u.key for u in found]
    return keys, [keys[n] for n in list_order(text, found)]


def _check_plain_keys(texts: list[str]) -> int:
    """Each text's plain keys are its units' keys, in a text that holds no list; how
    many texts had plain keys."""
    known = WordKeys()
    plain = 0
    for text in texts:
        keys = plain_keys(text, known)
        if keys is not None:
            assert (keys, keys) == _unit_keys(text), text
            assert plain_words(text, keys, known) == [u.words for u in content_units(text)], text
            plain += 1
    return plain


@pytest.mark.parametrize("seed", range(40))
def test_plain_keys_are_the_keys_of_the_units(seed: int) -> None:
    rng = random.Random(seed)
    pool = POOL if seed % 2 else [w for w in POOL if w not in {",", "and", "or", "AND", "Or"}]
    texts = [_text(rng, rng.randrange(0, 30), pool) for _ in range(30)]
    plain = _check_plain_keys(texts)
    assert seed % 2 or plain  # without a list word, some text has plain keys


def test_plain_keys_of_the_corpus_texts(corpus: Path) -> None:
    from pipeline.ingest import load_document

    texts = [
        p.text for path in sorted(corpus.glob("*/*.txt")) for p in load_document(path).paragraphs
    ]
    assert len(texts) > 1000
    # Most real paragraphs hold a comma (read by their units), some none.
    assert 0 < _check_plain_keys(texts) < len(texts)


def test_a_long_form_or_a_list_is_read_by_its_units() -> None:
    known = WordKeys()
    assert plain_keys("use of information and communications technologies", known) is None
    assert plain_keys("rules, norms and principles", known) is None
    assert plain_keys("rules norms principles", known) == ["rules", "norms", "principles"]


def _too_common_as_it_was(keys: list[list[str]]) -> int:
    """The count the old ``_indexes`` returned, over every paragraph."""
    holders: Counter[tuple[str, str]] = Counter()
    crowded: set[tuple[str, str]] = set()
    for paragraph in keys:
        here = Counter(zip(paragraph, paragraph[1:], strict=False))
        holders.update(here.keys())
        crowded.update(b for b, times in here.items() if times > overlap.FREQUENT_IN_PARAGRAPH)
    frequent = {b for b, held in holders.items() if held > overlap.FREQUENT_PARAGRAPHS}
    return len(crowded | frequent)


@pytest.mark.parametrize("seed", range(60))
def test_too_common_bigrams_counted_as_they_were(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(overlap, "FREQUENT_IN_PARAGRAPH", 3)  # both caps come into play
    monkeypatch.setattr(overlap, "FREQUENT_PARAGRAPHS", 4)
    rng = random.Random(seed)
    keys = [
        [f"w{rng.randrange(6)}" for _ in range(rng.randrange(0, 25))]
        for _ in range(rng.randrange(0, 12))
    ]
    vocabulary = {w: n for n, w in enumerate(sorted({w for k in keys for w in k}))}
    found = overlap._too_common(*overlap._bigrams(keys, vocabulary))
    assert found == _too_common_as_it_was(keys)


def test_too_common_bigrams_of_both_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overlap, "FREQUENT_IN_PARAGRAPH", 3)
    monkeypatch.setattr(overlap, "FREQUENT_PARAGRAPHS", 4)
    # "a b" 5 times and "b a" 4 times in one paragraph; "c d" in 5 paragraphs, "d e" in 4.
    keys = [["a", "b"] * 5, *[["c", "d"]] * 4, ["c", "d", "e"], *[["d", "e"]] * 3]
    vocabulary = {w: n for n, w in enumerate("abcde")}
    assert overlap._too_common(*overlap._bigrams(keys, vocabulary)) == 3


def _every_paragraph(
    old: list[tuple[np.ndarray, np.ndarray]], new: list[tuple[np.ndarray, np.ndarray]], _: object
) -> tuple[set[int], set[int]]:
    """The old way: every paragraph with a bigram is indexed and searched."""
    return (
        {int(a) for owner, _ in old for a in owner},
        {int(b) for owner, _ in new for b in owner},
    )


def _runs(old: list[Paragraph], new: list[Paragraph], **how: object) -> object:
    found = overlap.search_runs(old, new, **how)  # type: ignore[arg-type]
    pairs = {
        pair: (
            [(u.key, u.start, u.end) for u in old_units],
            [(u.key, u.start, u.end) for u in new_units],
            [(sorted(p.old), sorted(p.new)) for p in runs],
        )
        for pair, (old_units, new_units, runs) in found.pairs.items()
    }
    return pairs, found.common_bigrams, found.partners_cut


@pytest.mark.parametrize("seed", range(60))
def test_runs_as_they_were(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the paragraphs sharing a bigram are searched: the same runs as searching all."""
    monkeypatch.setattr(overlap, "FREQUENT_IN_PARAGRAPH", 2 + seed % 3)
    monkeypatch.setattr(overlap, "FREQUENT_PARAGRAPHS", 3 + seed % 5)
    monkeypatch.setattr(overlap, "PARTNERS", 2 + seed % 4)
    rng = random.Random(seed)
    pool = POOL + [f"w{n}" for n in range(rng.choice([5, 40, 400]))]

    def text() -> str:
        found = _text(rng, rng.randrange(0, 25), pool)
        if rng.random() < 0.3:  # a passage shared by many
            found += " " + PHRASE
        return found

    old = _paragraphs([text() for _ in range(rng.randrange(1, 15))])
    new = _paragraphs([text() for _ in range(rng.randrange(1, 15))])
    if rng.random() < 0.3:
        new += old[: rng.randrange(len(old) + 1)]
    pairs = [(a, b) for a in range(len(old)) for b in range(len(new))]
    how = {
        "min_words": rng.choice([2, 3, 5]),  # 2: a run of one shared bigram
        "exclude": rng.sample(pairs, rng.randrange(0, len(pairs) // 3 + 1)),
        "same": rng.sample(pairs, rng.randrange(0, min(8, len(pairs)) + 1)),
    }
    now = _runs(old, new, **how)
    monkeypatch.setattr(overlap, "_sharing", _every_paragraph)
    assert now == _runs(old, new, **how)


def _unrelated(count: int, seed: int) -> list[Paragraph]:
    rng = random.Random(seed)
    return _paragraphs(
        [" ".join(f"w{rng.randrange(50_000)}" for _ in range(12)) for _ in range(count)]
    )


def _count_searched(monkeypatch: pytest.MonkeyPatch) -> set[tuple[int, int]]:
    """The paragraphs searched for runs, (side, index): 0 old, 1 new, as ``_Text.of``
    is given them (old, new, in each reading)."""
    read: set[tuple[int, int]] = set()
    made = overlap._Text.of
    calls: list[int] = []

    def counted(count: int, texts: dict[int, object]) -> object:
        read.update((len(calls) % 2, n) for n in texts)
        calls.append(count)
        return made(count, texts)  # type: ignore[arg-type]

    monkeypatch.setattr(overlap._Text, "of", counted)
    return read


def test_unrelated_texts_search_the_paragraphs_sharing_a_bigram_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = _unrelated(2_000, 1), _unrelated(2_000, 2)
    new[100] = dataclasses.replace(new[100], text=old[7].text)  # one shared
    read = _count_searched(monkeypatch)
    found = overlap.search_runs(old, new, min_words=5, exclude=(), same=())
    assert (7, 100) in found.pairs
    # A chance bigram or so besides (about 2,000 ** 2 * 11 ** 2 / 50,000 ** 2).
    assert (0, 7) in read and (1, 100) in read and len(read) < 20, len(read)
    monkeypatch.setattr(overlap, "_sharing", _every_paragraph)
    read.clear()
    assert overlap.search_runs(old, new, min_words=5, exclude=(), same=()).pairs.keys() == (
        found.pairs.keys()
    )
    assert len(read) == 4_000  # the old way: every paragraph


def test_bigram_numbers_do_not_cross_paragraphs() -> None:
    keys = [["a", "b"], ["c"], [], ["d", "a", "b"]]
    owner, bigram = overlap._bigrams(keys, {"a": 0, "b": 1, "c": 2, "d": 3})
    assert owner.tolist() == [0, 3, 3]
    assert bigram.tolist() == [(0 << 31) | 1, (3 << 31) | 0, (0 << 31) | 1]
    b_c = np.array([(1 << 31) | 2])  # "b c": across the first two paragraphs only
    assert overlap._sharing([(owner, bigram)], [(np.array([0]), b_c)], (set(), set())) == (
        set(),
        set(),
    )
    a_b = np.array([(0 << 31) | 1])
    assert overlap._sharing([(owner, bigram)], [(np.array([5]), a_b)], (set(), set())) == (
        {0, 3},
        {5},
    )


def test_a_pair_sharing_one_bigram_is_found() -> None:
    """Each old paragraph shares one bigram with one new paragraph, and nothing else."""
    order = list(range(12))
    random.Random(4).shuffle(order)
    old = _paragraphs([f"a{n} b{n} c{n} d{n}" for n in range(12)])
    new = _paragraphs([f"x{n} c{n} d{n} y{n}" for n in order])
    found = overlap.search_runs(old, new, min_words=2, exclude=(), same=())
    assert set(found.pairs) == {(n, at) for at, n in enumerate(order)}


def test_a_shuffled_copy_with_one_paragraph_changed_reads_that_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Settled pairs share every bigram, yet are not searched: only the changed paragraph
    and the old ones sharing a bigram with it are read (the old way: every paragraph)."""
    old = _unrelated(1_500, 3)
    order = list(range(1_500))
    random.Random(5).shuffle(order)
    new = [old[n] for n in order]
    new[10] = dataclasses.replace(new[10], text=new[10].text + " w7 w8")
    same = [(n, at) for at, n in enumerate(order) if at != 10]
    read = _count_searched(monkeypatch)
    found = overlap.search_runs(old, new, min_words=5, exclude=[(order[10], 10)], same=same)
    assert found.pairs == {}  # the changed one shares only with its own, excluded
    assert len(read) < 10, len(read)
    monkeypatch.setattr(overlap, "_sharing", _every_paragraph)
    read.clear()
    assert (
        overlap.search_runs(old, new, min_words=5, exclude=[(order[10], 10)], same=same).pairs == {}
    )
    assert len(read) == 3_000


_INDEXES = overlap._indexes


def _every_place(
    text: overlap._Text, settled: set[int], min_words: int
) -> tuple[overlap.Index, overlap.Index]:
    """The index with the places of short paragraphs too (``_runs`` never reads them)."""
    return _INDEXES(text, settled)


@pytest.mark.parametrize("seed", range(40))
def test_short_paragraphs_left_out_give_the_same_runs(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paragraphs shorter than min_words hold no run: leaving them out changes nothing."""
    monkeypatch.setattr(overlap, "FREQUENT_PARAGRAPHS", 3 + seed % 5)
    monkeypatch.setattr(overlap, "PARTNERS", 2 + seed % 4)
    rng = random.Random(1000 + seed)
    pool = POOL[:8] + [f"w{n}" for n in range(rng.choice([3, 20]))]
    texts = [_text(rng, rng.choice([1, 2, 3, 4, 6, 9, 15]), pool) for _ in range(30)]
    old = _paragraphs(rng.sample(texts, 15))
    new = _paragraphs(rng.sample(texts, 15))
    how = {"min_words": rng.choice([3, 5, 8]), "exclude": (), "same": ()}
    now = _runs(old, new, **how)
    monkeypatch.setattr(overlap, "_indexes", _every_place)
    assert now == _runs(old, new, **how)


def test_short_paragraphs_still_count_as_holding_their_bigrams(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A short paragraph is never placed in the index, yet holds its bigrams: four of
    them make every bigram of "ka kb kc kd ke" too common to seed a run, as they did."""
    monkeypatch.setattr(overlap, "FREQUENT_PARAGRAPHS", 3)
    old = _paragraphs(["ka kb kc kd ke", *["ka kb kc kd", "kb kc kd ke"] * 4])
    new = _paragraphs(["ka kb kc kd ke"])
    how = {"min_words": 5, "exclude": (), "same": ()}
    assert not overlap.search_runs(old, new, **how).pairs  # type: ignore[arg-type]
    monkeypatch.setattr(overlap, "FREQUENT_PARAGRAPHS", 5)  # now the bigrams seed it
    assert set(overlap.search_runs(old, new, **how).pairs) == {(0, 0)}  # type: ignore[arg-type]


def test_tiny_near_identical_paragraphs_are_not_read_for_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "Decides item 7." a thousand times a side, in ten texts: every run too short.
    rng = random.Random(5)
    old = _paragraphs([f"Decides item {rng.randrange(10)}." for _ in range(1_000)])
    new = _paragraphs([f"Decides item {rng.randrange(10)}." for _ in range(1_000)])
    forward = overlap._forward
    calls: list[int] = []

    def counted(*args: Any) -> int:
        calls.append(1)
        return forward(*args)

    monkeypatch.setattr(overlap, "_forward", counted)
    found = overlap.search_runs(old, new, min_words=5, exclude=(), same=())
    assert not found.pairs and not calls


def _searched_as_it_was(
    olds: int, news: int, excluded: set[tuple[int, int]], settled: tuple[set[int], set[int]]
) -> tuple[set[int], set[int]]:
    """The paragraphs with a partner left to search, a loop a paragraph (the old way)."""
    blocked: tuple[dict[int, set[int]], dict[int, set[int]]] = ({}, {})
    for a, b in excluded:
        blocked[0].setdefault(a, set()).add(b)
        blocked[1].setdefault(b, set()).add(a)
    searched: tuple[set[int], set[int]] = (set(), set())
    for side, (count, others) in enumerate(((olds, news), (news, olds))):
        other_settled = set(settled[1 - side])
        for n in range(count):
            shut = blocked[side].get(n, set())
            if n in settled[side]:
                shut_count = len(other_settled) + len(shut - other_settled)
            else:
                shut_count = len(shut)
            if shut_count < others:
                searched[side].add(n)
    return searched


@pytest.mark.parametrize("seed", range(200))
def test_the_paragraphs_searched_are_counted_as_they_were(seed: int) -> None:
    rng = random.Random(seed)
    olds, news = rng.randrange(0, 8), rng.randrange(0, 8)
    cells = [(a, b) for a in range(olds) for b in range(news)]
    excluded = set(rng.sample(cells, rng.randrange(len(cells) + 1)))
    settled = (
        set(rng.sample(range(olds), rng.randrange(olds + 1))),
        set(rng.sample(range(news), rng.randrange(news + 1))),
    )
    found = overlap._searched(olds, news, excluded, settled)
    assert found == _searched_as_it_was(olds, news, excluded, settled)
