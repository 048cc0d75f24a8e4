"""What two documents share across all their paragraphs, not only the aligned pairs.

``shared_passages(old, new)`` finds, for every pair of paragraphs (any old, any new),
the maximal runs of content words the two have in common. Words are compared after
the normalisations of the diff (``tokenise``: case, quotes, hyphens, numbering,
footnote markers, an abbreviation against its long form); function words are skipped,
so "with a view to" and "with a view of" match; and a coordinated list is compared as
a set, so "rules, norms and principles" matches "norms, rules and principles".

The search is an index of content-word bigrams of the old document: each new
paragraph looks its bigrams up and extends every hit along its diagonal, so the cost
grows with the number of shared bigrams, not with the product of the two lengths;
a bigram too common to tell paragraphs apart (held by over 1,000 paragraphs, or 64
times by one) seeds no run, and a run seeded further on is read back to its start.
Only the paragraphs that hold a bigram the other side holds are indexed and searched
(``_sharing``, numpy over both texts' bigrams; a text without a list or a long form is
read by its keys alone, ``plain_keys``): two long unrelated texts share a few chance
bigrams, and their units are built for the pairs found only.
``search_runs`` gives the runs; ``pipeline.compare.shared`` turns them into the
reported passages.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain
from typing import Any

import numpy as np

from pipeline.compare.blocking import numbered_words
from pipeline.compare.normalise import ABBREVIATIONS, FUNCTION_WORDS, tokenise
from pipeline.document import Paragraph
from pipeline.lexicon import ORDINAL_WORDS, strip_numbering

# A word as written: "confidence-building", "organi-\nzations", "A/RES/73/27", "group’s".
_RAW_WORD = re.compile(r"[\w'’]+(?:(?:[-\u2010\u2011]\s*|[/.]|\u00ad)[\w'’]+)*")
# Bigrams too common to seed a run (see ``_index``).
FREQUENT_PARAGRAPHS = 1000
FREQUENT_IN_PARAGRAPH = 64
# Old paragraphs one new paragraph is searched against, the first found (issue 27: a
# text of many near-copies of one paragraph made every pair a candidate). The corpus's
# most is 15 (44 texts, every ordered pair).
PARTNERS = 32
# What joins the parts of a compound ("capacity-building": two words).
_HYPHENS = "-\u2010\u2011"
# What separates the items of a list: a comma, "and", "or", ", and".
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Unit:
    """One comparison word of a paragraph and where it is written.

    ``words`` counts the content words it stands for: "confidence-building measures"
    is one unit ("cbms") of three words, "the" is a unit of none. ``name`` says that it
    is written with a capital inside the paragraph (part of a name, such as "Group of
    Governmental Experts").
    """

    key: str
    start: int
    end: int
    words: int
    name: bool = False


def _plain(word: str) -> str:
    return word.casefold().replace("-", "")


# Long forms as sequences of plain words, keyed by their first word, longest first.
_PHRASES: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
for _abbr, _forms in ABBREVIATIONS.items():
    for _form in _forms:
        _seq = tuple(_plain(w) for w in _form.split())
        _PHRASES[_seq[0]].append((_seq, _abbr))
for _options in _PHRASES.values():
    _options.sort(key=lambda option: -len(option[0]))


@lru_cache(maxsize=65536)
def _word(raw: str) -> tuple[tuple[str, int], ...]:
    """Comparison tokens of one written word, each with its count of content words.

    "technologies2" is ("technologies", 1); "capacity-building" counts two words,
    "seventy-fifth" one, a function word none.
    """
    if _plain(raw) in ORDINAL_WORDS:
        words = 1
    else:
        parts = re.split(f"[{_HYPHENS}\\s]+", raw)
        words = max(1, sum(1 for part in parts if _plain(part) not in FUNCTION_WORDS))
    return tuple((key, 0 if key in FUNCTION_WORDS else words) for key in tokenise(raw))


def units(text: str) -> list[Unit]:
    """Split a paragraph into comparison words with their character spans.

    Args:
        text: Paragraph text as stored (numbering and markers included).

    Returns:
        The units in reading order, function words included (``words`` 0), with long
        forms of known abbreviations joined into one unit.
    """
    offset = len(text) - len(strip_numbering(text))
    found: list[Unit] = []
    for match in _RAW_WORD.finditer(text, offset):
        start, end = match.span()
        raw = match.group(0)
        name = start > offset and raw[0].isupper()
        found += [Unit(key, start, end, words, name) for key, words in _word(raw)]
    return _join_phrases(found)


def _join_phrases(found: list[Unit]) -> list[Unit]:
    """Replace each long form ("information and communications technologies") by its key."""
    joined: list[Unit] = []
    i = 0
    while i < len(found):
        for seq, abbr in _PHRASES.get(found[i].key, ()):
            window = found[i : i + len(seq)]
            if tuple(u.key for u in window) == seq:
                words = sum(u.words for u in window)
                name = all(u.name for u in window if u.words)
                joined.append(Unit(abbr, window[0].start, window[-1].end, words, name))
                i += len(seq)
                break
        else:
            joined.append(found[i])
            i += 1
    return joined


def content_units(text: str) -> list[Unit]:
    """The content units of a paragraph in reading order (function words left out)."""
    return [u for u in units(text) if u.words]


# What every list gap (``_LIST_GAP``) holds: a text without one holds no list.
_MAY_LIST = re.compile(r",|(?:and|or)\s", re.IGNORECASE)


class WordKeys(dict[str, tuple[str, ...] | None]):
    """The keys of each written word's content units, read once a word (a dict: a
    cached function call cost more than the rest of ``plain_keys``); None for a word
    of which a token may start a long form (``_join_phrases`` must then read it with
    its neighbours). ``words``: how many content words each key stands for."""

    __slots__ = ("words",)

    def __init__(self) -> None:
        super().__init__()
        self.words: dict[str, tuple[int, ...]] = {}

    def __missing__(self, raw: str) -> tuple[str, ...] | None:
        tokens = _word(raw)
        keys = None
        if not any(key in _PHRASES for key, _ in tokens):
            keys = tuple(key for key, words in tokens if words)
            self.words[raw] = tuple(words for _, words in tokens if words)
        self[raw] = keys
        return keys


def _written(text: str) -> list[str]:
    """The words of a paragraph as written, its numbering left out (as ``units``)."""
    return _RAW_WORD.findall(text, len(text) - len(strip_numbering(text)))


def plain_keys(text: str, known: WordKeys) -> list[str] | None:
    """The keys of ``content_units(text)``, read without building a unit (issue 27:
    units were most of the search of two long unrelated texts), each word looked up in
    ``known``; None when the text may hold a list or a long form, whose keys only the
    units tell."""
    if _MAY_LIST.search(text):
        return None
    keys = list(map(known.__getitem__, _written(text)))
    return None if None in keys else list(chain.from_iterable(keys))  # type: ignore[arg-type]


def plain_words(text: str, keys: Sequence[str], known: WordKeys) -> list[int]:
    """How many content words each of the ``keys`` that ``plain_keys`` gave for ``text``
    stands for (``Unit.words``): asked only of a text found to share a bigram. Without
    a hyphen, each stands for one (``_word`` counts the parts between hyphens)."""
    if not any(hyphen in text for hyphen in _HYPHENS):
        return [1] * len(keys)
    return list(chain.from_iterable(map(known.words.__getitem__, _written(text))))


def list_order(text: str, content: Sequence[Unit]) -> list[int]:
    """Indices of ``content`` with each coordinated list put in a fixed order.

    A list is a run of content words joined only by commas, "and" or "or" ("rules,
    norms and principles"); its words are sorted so that the same list written in
    another order compares equal.
    """
    order: list[int] = []
    start = 0
    for k in range(1, len(content) + 1):
        if k < len(content) and _LIST_GAP.fullmatch(text, content[k - 1].end, content[k].start):
            continue
        order += sorted(range(start, k), key=lambda n: content[n].key)
        start = k
    return order


@dataclass(frozen=True, slots=True)
class _Text:
    """One document's paragraphs as searched: keys in one order, prefix sums of words."""

    keys: list[list[str]]
    sums: list[list[int]]
    orders: Sequence[Sequence[int]]

    @classmethod
    def of(
        cls, count: int, texts: Mapping[int, tuple[list[str], list[int], Sequence[int]]]
    ) -> _Text:
        """``count`` paragraphs, those not in ``texts`` empty (left unread: most of two
        long unrelated texts); ``texts`` gives keys, their words and the order to read
        them in."""
        none: list[Any] = []  # shared by the empty ones: never changed
        keys: list[list[str]] = [none] * count
        sums: list[list[int]] = [[0]] * count
        orders: list[Sequence[int]] = [none] * count
        for a, (ks, words, order) in texts.items():
            if isinstance(order, range):  # in reading order: as they are
                keys[a], sums[a] = ks, list(accumulate(words, initial=0))
            else:
                keys[a] = [ks[n] for n in order]
                sums[a] = list(accumulate((words[n] for n in order), initial=0))
            orders[a] = order
        return cls(keys, sums, orders)


Index = dict[tuple[str, str], list[tuple[int, int]]]


def _indexes(text: _Text, settled: Collection[int], min_words: int = 0) -> tuple[Index, Index]:
    """Where each content-word bigram stands: (paragraph, place), in reading order; in
    every paragraph, and in the paragraphs not settled (built in one pass). A paragraph
    of fewer than ``min_words`` words holds no run long enough: its bigrams are counted
    (as held, below) but never placed (30,000 tiny near-identical paragraphs a side read
    200 places a bigram each, every run too short: 12.5 s of a diff; issue 27).

    Issue 27: a bigram held by more than ``FREQUENT_PARAGRAPHS`` paragraphs, or more
    than ``FREQUENT_IN_PARAGRAPH`` times by one paragraph, is left out of the index
    there: it seeds no run (``_runs`` still finds a run through it from a rarer bigram
    of the same run), so that a phrase shared by every paragraph does not make the
    search quadratic. Real documents stay far below both (at most 208 paragraphs and 9
    times in one paragraph for one bigram, in the corpus).
    """
    indexes: tuple[Index, Index] = (defaultdict(list), defaultdict(list))
    holders: tuple[Counter[tuple[str, str]], Counter[tuple[str, str]]] = (Counter(), Counter())
    for a, keys in enumerate(text.keys):
        if len(keys) < 2:  # no bigram (a paragraph left unread is empty)
            continue
        sides = (0,) if a in settled or not settled else (0, 1)
        if text.sums[a][-1] < min_words:
            present = set(zip(keys, keys[1:], strict=False))
            for side in sides:
                holders[side].update(present)
            continue
        here: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for i, bigram in enumerate(zip(keys, keys[1:], strict=False)):
            here[bigram].append((a, i))
        kept = [(b, places) for b, places in here.items() if len(places) <= FREQUENT_IN_PARAGRAPH]
        for side in sides:
            holders[side].update(here.keys())
            index = indexes[side]
            for bigram, places in kept:
                index[bigram] += places
    every, unsettled = (
        {b: places for b, places in index.items() if held[b] <= FREQUENT_PARAGRAPHS}
        for index, held in zip(indexes, holders, strict=True)
    )
    return every, unsettled if settled else every  # nothing settled: the same


def _bigrams(
    keys: Sequence[Sequence[str]], vocabulary: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Each paragraph's content-word bigrams as numbers: (paragraph, bigram) arrays in
    reading order, a bigram being its two words' numbers in ``vocabulary`` (which
    holds every word of ``keys``, fewer than 2**31) in one integer."""
    owner, ids = numbered_words(keys, vocabulary)
    inside = owner[1:] == owner[:-1]  # not across two paragraphs
    return owner[1:][inside], (ids[:-1][inside] << 31) | ids[1:][inside]


def _too_common(owner: np.ndarray, bigram: np.ndarray) -> int:
    """How many bigrams of one side ``_indexes`` leaves out as too common (held by more
    than ``FREQUENT_PARAGRAPHS`` paragraphs, or more than ``FREQUENT_IN_PARAGRAPH``
    times by one), counted over every paragraph read, though the index holds only those
    that share one (``_sharing``)."""
    if not len(bigram):
        return 0
    order = np.lexsort((owner, bigram))
    bigram, owner = bigram[order], owner[order]
    # Where a (bigram, paragraph) pair starts, and where a bigram does.
    pair = np.flatnonzero(np.diff(bigram, prepend=-1) | np.diff(owner, prepend=-1))
    starts = np.flatnonzero(np.diff(bigram[pair], prepend=-1))
    times = np.diff(pair, append=len(bigram))  # of each pair: the bigram in its paragraph
    holders = np.diff(starts, append=len(pair))  # of each bigram: its paragraphs
    crowded = np.logical_or.reduceat(times > FREQUENT_IN_PARAGRAPH, starts)
    return int(np.count_nonzero((holders > FREQUENT_PARAGRAPHS) | crowded))


def _sharing(
    old: Sequence[tuple[np.ndarray, np.ndarray]],
    new: Sequence[tuple[np.ndarray, np.ndarray]],
    settled: tuple[Collection[int], Collection[int]],
) -> tuple[set[int], set[int]]:
    """The old and the new paragraphs that hold a bigram the other side holds, in any
    reading (``_bigrams`` of each reading), two settled paragraphs excepted (``_runs``
    does not search such a pair): only these can share a run. Issue 27: two long
    unrelated texts were indexed and searched whole for the few chance bigrams, and a
    shuffled copy with one paragraph changed for that one paragraph."""
    old_owner, old_bigram = (np.concatenate(parts) for parts in zip(*old, strict=True))
    new_owner, new_bigram = (np.concatenate(parts) for parts in zip(*new, strict=True))
    old_free = ~np.isin(old_owner, np.fromiter(settled[0], dtype=np.int64))
    new_free = ~np.isin(new_owner, np.fromiter(settled[1], dtype=np.int64))
    # A new paragraph not settled is searched in every old one, a settled one in the
    # old ones not settled.
    old_kept = _held(old_bigram, new_bigram[new_free])
    old_kept |= old_free & _held(old_bigram, new_bigram[~new_free])
    new_kept = new_free & _held(new_bigram, old_bigram)
    new_kept |= ~new_free & _held(new_bigram, old_bigram[old_free])
    return set(old_owner[old_kept].tolist()), set(new_owner[new_kept].tolist())


def _held(values: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Which ``values`` are among ``others`` (a mask)."""
    if not len(others):
        return np.zeros(len(values), dtype=bool)
    ordered, others = np.sort(values), np.sort(others)
    at = np.minimum(np.searchsorted(others, ordered), len(others) - 1)
    both = ordered[others[at] == ordered]  # the few in common, sought in order: quick
    return np.isin(values, both)


@dataclass(slots=True)
class Passage:
    """Unit indices of one shared passage in an old and a new paragraph."""

    old: set[int]
    new: set[int]

    def touches(self, other: Passage) -> bool:
        """Whether the two share words on both sides (one list read in two orders)."""
        return bool(self.old & other.old) and bool(self.new & other.new)


def _forward(old_keys: list[str], keys: list[str], i: int, j: int) -> int:
    """How many keys from (i, j) on agree, a bigram known to agree."""
    n = 2
    while i + n < len(old_keys) and j + n < len(keys) and old_keys[i + n] == keys[j + n]:
        n += 1
    return n


def _runs(
    old: _Text,
    new: _Text,
    *,
    min_words: int,
    excluded: Collection[tuple[int, int]],
    settled: tuple[Collection[int], Collection[int]],
) -> tuple[list[tuple[int, int, Passage]], set[int]]:
    """Maximal common runs of ``min_words`` or more: (old paragraph, new paragraph, run),
    and the new paragraphs searched against their first ``PARTNERS`` old ones only
    (others held runs too).

    Pairs in ``excluded`` are not searched, nor pairs of two settled paragraphs (each
    unchanged in the other document: what they share with each other is no news).
    """
    every, unsettled = _indexes(old, set(settled[0]), min_words)
    placed: dict[int, dict[tuple[str, str], list[int]]] = {}  # a partner's own bigrams
    runs = []
    cut: set[int] = set()
    for b, keys in enumerate(new.keys):
        if new.sums[b][-1] < min_words:
            continue
        index = unsettled if b in settled[1] else every
        # How far along each diagonal (old paragraph, shift) a run already reaches.
        reach: dict[tuple[int, int], int] = {}
        partners: dict[int, None] = {}  # in the order found
        full: list[int] = []  # the partners in paragraph order, once no more may come
        for j in range(len(keys) - 1):
            bigram = (keys[j], keys[j + 1])
            places = index.get(bigram, ())
            if len(partners) >= PARTNERS and len(places) > PARTNERS:
                # Full: read the bigram in the partners only, not in every holder.
                if b not in cut and any(a not in partners for a, _ in places):
                    cut.add(b)
                full = full or sorted(partners)
                places = [
                    (a, i) for a in full for i in _places(placed, old.keys, a).get(bigram, ())
                ]
            for a, i in places:
                diagonal = (a, i - j)
                if reach.get(diagonal, -1) > j or (a, b) in excluded:
                    continue
                old_keys = old.keys[a]
                # Back to the run's start: its first bigrams may be too common to seed it.
                back = 0
                while back < min(i, j) and old_keys[i - back - 1] == keys[j - back - 1]:
                    back += 1
                n = _forward(old_keys, keys, i, j) + back
                start, place = i - back, j - back
                reach[diagonal] = place + n
                old_words = old.sums[a][start + n] - old.sums[a][start]
                new_words = new.sums[b][place + n] - new.sums[b][place]
                if min(old_words, new_words) < min_words:
                    continue
                if a not in partners and len(partners) >= PARTNERS:
                    cut.add(b)
                    continue
                partners[a] = None
                run = Passage(
                    set(old.orders[a][start : start + n]),
                    set(new.orders[b][place : place + n]),
                )
                runs.append((a, b, run))
    return runs, cut


def _places(
    placed: dict[int, dict[tuple[str, str], list[int]]], keys: list[list[str]], a: int
) -> dict[tuple[str, str], list[int]]:
    """Where each bigram stands in old paragraph ``a`` (built once, when first asked),
    as ``_indexes`` holds it: a bigram crowded in the paragraph is left out."""
    if a not in placed:
        here: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, bigram in enumerate(zip(keys[a], keys[a][1:], strict=False)):
            here[bigram].append(i)
        placed[a] = {b: at for b, at in here.items() if len(at) <= FREQUENT_IN_PARAGRAPH}
    return placed[a]


def _passages(
    readings: Sequence[tuple[_Text, _Text]],
    *,
    min_words: int,
    excluded: Collection[tuple[int, int]],
    settled: tuple[Collection[int], Collection[int]],
) -> tuple[dict[tuple[int, int], list[Passage]], int]:
    """Runs found in each way of reading the two texts, joined where they share words;
    and how many new paragraphs a reading searched against their first ``PARTNERS``
    old ones only."""
    found: dict[tuple[int, int], list[Passage]] = defaultdict(list)
    cut: set[int] = set()
    for old, new in readings:
        runs, left = _runs(old, new, min_words=min_words, excluded=excluded, settled=settled)
        cut |= left
        for a, b, run in runs:
            found[(a, b)].append(run)
    return {pair: _join(runs) for pair, runs in found.items()}, len(cut)


def _join(passages: list[Passage]) -> list[Passage]:
    """Merge passages that share words on both sides (one list, two orders).

    Each passage joins the first merged passage it touches, found through the merged
    passages each unit is in (issue 27: was each passage against each merged one).
    """
    merged: list[Passage] = []
    on_old: dict[int, set[int]] = defaultdict(set)
    on_new: dict[int, set[int]] = defaultdict(set)
    empty: set[int] = set()
    for passage in sorted(passages, key=lambda p: (min(p.old), min(p.new))):
        touching = empty.union(*(on_old.get(u, empty) for u in passage.old))
        if touching:
            touching &= empty.union(*(on_new.get(u, empty) for u in passage.new))
        if touching:
            m = min(touching)
            merged[m].old |= passage.old
            merged[m].new |= passage.new
        else:
            m = len(merged)
            merged.append(Passage(set(passage.old), set(passage.new)))
        for u in passage.old:
            on_old[u].add(m)
        for u in passage.new:
            on_new[u].add(m)
    return merged


def _searched(
    olds: int,
    news: int,
    excluded: Collection[tuple[int, int]],
    settled: tuple[Collection[int], Collection[int]],
) -> tuple[set[int], set[int]]:
    """The paragraphs of each side with a partner left to search (issue 27).

    A paragraph whose every pair is excluded (or settled on both sides) can share no
    passage found here: it is not read at all (one aligned pair of two one-paragraph
    1 MB texts was read whole for nothing). Counted with numpy over the excluded pairs
    (a loop a paragraph, a set each, took 0.13 s of 50,000 shuffled paragraphs a side).
    """
    pairs = np.array(list(excluded), dtype=np.int64).reshape(-1, 2)
    searched: list[set[int]] = []
    for side, (count, others) in enumerate(((olds, news), (news, olds))):
        own = np.zeros(count, dtype=bool)
        own[np.fromiter(settled[side], dtype=np.int64)] = True
        theirs = np.zeros(others, dtype=bool)
        theirs[np.fromiter(settled[1 - side], dtype=np.int64)] = True
        mine, partner = pairs[:, side], pairs[:, 1 - side]
        shut = np.bincount(mine, minlength=count)
        # A settled paragraph is shut to the other side's settled ones too.
        free = np.bincount(mine[~theirs[partner]], minlength=count)
        shut = np.where(own, np.count_nonzero(theirs) + free, shut)
        searched.append(set(np.flatnonzero(shut < others).tolist()))
    return searched[0], searched[1]


def _kept(paragraphs: Sequence[Paragraph], kept: set[int]) -> list[Paragraph]:
    return [p for n, p in enumerate(paragraphs) if n in kept]


@dataclass(frozen=True, slots=True)
class Runs:
    """What ``search_runs`` found: each (old, new) pair's units and joined runs, and the
    bigrams of the old text too common to seed a run (``FREQUENT_PARAGRAPHS``,
    ``FREQUENT_IN_PARAGRAPH``: a run through them is found only from a rarer bigram);
    and the new paragraphs searched against their first ``PARTNERS`` old ones only."""

    pairs: dict[tuple[int, int], tuple[list[Unit], list[Unit], list[Passage]]]
    common_bigrams: int
    partners_cut: int = 0


@dataclass(frozen=True, slots=True)
class _Reading:
    """A text as searched: its keys in reading order and with its lists in order
    (``list_order``; the very same list when it holds none); when it was read by its
    units, how many content words each key stands for (``Unit.words``) and the order
    its lists are read in (a text read by its keys alone: ``plain_words``, in order)."""

    keys: list[str]
    listed: list[str]
    words: list[int] | None = None
    order: Sequence[int] = ()


def _read(text: str, read: dict[str, list[Unit]], known: WordKeys) -> _Reading:
    """A text's ``_Reading``. Its units, when read to tell the keys, are kept in
    ``read``, and their list order found once (issue 27: it was found again for each
    paragraph sharing a bigram)."""
    keys = plain_keys(text, known)
    if keys is not None:
        return _Reading(keys, keys)
    found = read[text] = content_units(text)
    keys = [u.key for u in found]
    order = list_order(text, found)
    return _Reading(keys, [keys[n] for n in order], [u.words for u in found], order)


def search_runs(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    *,
    min_words: int,
    exclude: Collection[tuple[int, int]],
    same: Collection[tuple[int, int]],
) -> Runs:
    """The joined runs of every (old, new) pair of distinct paragraphs, with their units."""
    excluded = set(exclude)
    settled = ({i for i, _ in same}, {j for _, j in same})
    searched = _searched(len(old), len(new), excluded, settled)
    # Most paragraphs of two versions are the same text: read each text once, and
    # only its keys where they tell (``plain_keys``) until it is found to share a bigram.
    read: dict[str, list[Unit]] = {}
    keyed: dict[str, _Reading] = {}
    known = WordKeys()
    for paragraph in (*_kept(old, searched[0]), *_kept(new, searched[1])):
        if paragraph.text not in keyed:
            keyed[paragraph.text] = _read(paragraph.text, read, known)
    words = dict.fromkeys(
        chain.from_iterable(k for r in keyed.values() for k in (r.keys, r.listed))
    )
    vocabulary = {word: n for n, word in enumerate(words)}
    numbered = []  # each side's bigrams in each reading (once when its texts hold no list)
    none: tuple[list[str], list[str]] = ([], [])
    for paragraphs, kept in zip((old, new), searched, strict=True):
        keys = [
            (keyed[p.text].keys, keyed[p.text].listed) if n in kept else none
            for n, p in enumerate(paragraphs)
        ]
        numbered.append([_bigrams([k for k, _ in keys], vocabulary)])
        if any(k is not listed for k, listed in keys):
            numbered[-1].append(_bigrams([k for _, k in keys], vocabulary))
    common = max(_too_common(*reading) for reading in numbered[0])
    sharing = _sharing(numbered[0], numbered[1], settled)
    # The paragraphs sharing a bigram: keys, the words each stands for, list order.
    texts: list[dict[int, tuple[list[str], list[int], Sequence[int]]]] = []
    for paragraphs, kept in zip((old, new), sharing, strict=True):
        texts.append({})
        for n in sorted(kept):
            text = paragraphs[n].text
            r = keyed[text]
            if r.words is None:  # read by its keys alone
                texts[-1][n] = (r.keys, plain_words(text, r.keys, known), range(len(r.keys)))
            else:
                texts[-1][n] = (r.keys, r.words, r.order)
    in_order = [{n: (k, w, range(len(k))) for n, (k, w, _) in side.items()} for side in texts]
    reading = (_Text.of(len(old), in_order[0]), _Text.of(len(new), in_order[1]))
    listed = (_Text.of(len(old), texts[0]), _Text.of(len(new), texts[1]))
    found, cut = _passages(
        [reading, listed], min_words=min_words, excluded=excluded, settled=settled
    )

    def units_of(text: str) -> list[Unit]:
        if text not in read:
            read[text] = content_units(text)
        return read[text]

    pairs = {
        (a, b): (units_of(old[a].text), units_of(new[b].text), runs)
        for (a, b), runs in found.items()
    }
    return Runs(pairs, common, cut)
