"""The passages two texts share, as reported: the runs of ``overlap`` made readable.

Issues 24 and 27: identical paragraphs are searched once (``repeats`` counts the pairs
a passage stands for); a passage never begins or ends on a number or a year ("use of
ICTs 2021" of "2021–2025" is not "use of ICTs by the 2021 report"); a passage inside
another of the same paragraph pair is dropped; titles, agenda items and formulas are
marked ``boilerplate``; and each paragraph keeps at most ``cap`` passages, substantive
ones first (the number left out is returned, so that a report can say so).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from pipeline.compare.boilerplate import Side, is_boilerplate, title_words
from pipeline.compare.overlap import Unit, search_runs
from pipeline.document import Overlap, Paragraph, cite

MAX_PER_PARAGRAPH = 20  # passages kept for one paragraph (old or new side)
RECURRING = 4  # paragraphs of one document holding a passage: the series' phrase


@dataclass(frozen=True, slots=True)
class OverlapSearch:
    """The shared passages of two texts, what the per-paragraph cap left out, the
    bigrams too common to seed a passage and the paragraphs searched against their
    first ``overlap.PARTNERS`` only (``overlap.Runs``)."""

    overlaps: list[Overlap]
    cap: int
    dropped: int
    common_bigrams: int = 0
    partners_cut: int = 0


def _collapse(paragraphs: Sequence[Paragraph]) -> tuple[list[int], list[int], list[int]]:
    """Distinct texts: each paragraph's distinct index, the first paragraph of each
    distinct text, and how many paragraphs hold it."""
    seen: dict[str, int] = {}
    index: list[int] = []
    first: list[int] = []
    count: list[int] = []
    for n, paragraph in enumerate(paragraphs):
        d = seen.setdefault(paragraph.text, len(first))
        if d == len(first):
            first.append(n)
            count.append(0)
        count[d] += 1
        index.append(d)
    return index, first, count


def _trim(span: list[Unit]) -> list[Unit]:
    """A passage does not begin or end on a number or a year."""
    while span and any(c.isdigit() for c in span[0].key):
        span = span[1:]
    while span and any(c.isdigit() for c in span[-1].key):
        span = span[:-1]
    return span


def _side(text: str, span: Sequence[Unit]) -> Side:
    start, end = min(u.start for u in span), max(u.end for u in span)
    words = [(u.key, text[u.start : u.end], u.words, u.name) for u in span]
    return Side(text, start, end, words)


def _recurring(
    overlaps: list[Overlap], old: Sequence[Paragraph], new: Sequence[Paragraph]
) -> list[Overlap]:
    """Mark as boilerplate a passage that ``RECURRING`` paragraphs or more of one
    document hold: the series' subject phrase, written again and again."""
    if not overlaps:  # nothing to mark: the paragraphs are not read
        return overlaps
    sides = [_Holders([_plain(p.text) for p in side]) for side in (old, new)]
    seen: dict[str, bool] = {}

    def recurs(passage: str) -> bool:
        if passage not in seen:
            seen[passage] = any(side.hold(passage, RECURRING) for side in sides)
        return seen[passage]

    marked = [
        o if o.boilerplate or not recurs(_plain(o.text)) else replace(o, boilerplate=True)
        for o in overlaps
    ]
    return sorted(marked, key=lambda o: o.boilerplate)  # stable: substantive first


class _Holders:
    """The paragraphs of one document that hold a passage, in plain words.

    Issue 27: only the paragraphs holding the passage's rarest word are read, and only
    until ``enough`` are found (was every passage against every paragraph).
    """

    def __init__(self, texts: list[str]) -> None:
        self.texts = [" " + text + " " for text in texts]
        self.words: dict[str, list[int]] = defaultdict(list)
        for n, text in enumerate(texts):
            for word in set(text.split()):
                self.words[word].append(n)

    def hold(self, passage: str, enough: int) -> bool:
        """Whether ``enough`` paragraphs or more hold ``passage`` (whole words)."""
        key = " " + passage + " "
        words = set(passage.split())
        if words:
            rarest = min(words, key=lambda word: len(self.words.get(word, ())))
            candidates: Iterable[int] = self.words.get(rarest, ())
        else:
            candidates = range(len(self.texts))
        held = 0
        for n in candidates:
            held += key in self.texts[n]
            if held >= enough:
                return True
        return False


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[^\W\d_]+", text.casefold()))


def _nested(overlap: Overlap, others: Sequence[Overlap]) -> bool:
    """Whether another passage of the same paragraph pair holds this one on both sides."""
    return any(
        o is not overlap
        and o.old_start <= overlap.old_start
        and overlap.old_end <= o.old_end
        and o.new_start <= overlap.new_start
        and overlap.new_end <= o.new_end
        and (o.old_end - o.old_start, o.new_end - o.new_start)
        != (overlap.old_end - overlap.old_start, overlap.new_end - overlap.new_start)
        for o in others
    )


def shared_passages(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    *,
    min_words: int = 5,
    min_plain_words: int = 3,
    exclude: Collection[tuple[int, int]] = (),
    same: Collection[tuple[int, int]] = (),
) -> list[Overlap]:
    """The passages any old paragraph shares with any new one (``find_overlaps``)."""
    return find_overlaps(
        old,
        new,
        min_words=min_words,
        min_plain_words=min_plain_words,
        exclude=exclude,
        same=same,
    ).overlaps


def find_overlaps(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    *,
    min_words: int = 5,
    min_plain_words: int = 3,
    exclude: Collection[tuple[int, int]] = (),
    same: Collection[tuple[int, int]] = (),
    titles: Sequence[str | None] = (),
    cap: int = MAX_PER_PARAGRAPH,
) -> OverlapSearch:
    """Find the passages that any old paragraph shares with any new one.

    Args:
        old: Paragraphs of the earlier document.
        new: Paragraphs of the later document.
        min_words: Fewest content words a passage must hold (on both sides).
        min_plain_words: Fewest of them written without a capital: a passage that is
            only a name (a body's long title) is not a shared passage.
        exclude: (old index, new index) pairs not to search, such as aligned pairs
            whose shared text the redline already shows.
        same: (old index, new index) pairs of paragraphs that did not change; what
            two such paragraphs share with each other is not searched.
        titles: The two documents' titles: a passage made of their words is the
            series' subject, marked boilerplate.
        cap: Most passages kept for one paragraph, substantive ones first.

    Returns:
        The passages (substantive first, then longest first, then in the new
        document's order), the cap and how many it left out.
    """
    old_index, old_first, old_count = _collapse(old)
    new_index, new_first, new_count = _collapse(new)
    old_d = [old[n] for n in old_first]
    new_d = [new[n] for n in new_first]
    search = search_runs(
        old_d,
        new_d,
        min_words=min_words,
        exclude={(old_index[i], new_index[j]) for i, j in exclude},
        same={(old_index[i], new_index[j]) for i, j in same},
    )
    # Read only for a passage to mark (two long unrelated texts share none).
    titled = (
        title_words(titles, [p.text for p in (*old_d, *new_d)]) if search.pairs else frozenset()
    )
    result: dict[tuple[int, int, str], tuple[tuple[int, int, int], Overlap]] = {}
    for (a, b), (old_units, new_units, passages) in search.pairs.items():
        for passage in passages:
            old_span = _trim([old_units[n] for n in sorted(passage.old)])
            new_span = _trim([new_units[n] for n in sorted(passage.new)])
            if not old_span or not new_span:
                continue
            words = min(sum(u.words for u in old_span), sum(u.words for u in new_span))
            plain = sum(u.words for u in old_span if not u.name)
            # Five words of one name ("Group of Governmental Experts on ...") share no text.
            if words < min_words or plain < min_plain_words:
                continue
            old_side, new_side = _side(old_d[a].text, old_span), _side(new_d[b].text, new_span)
            overlap = Overlap(
                old_id=old_d[a].id,
                new_id=new_d[b].id,
                text=" ".join(old_d[a].text[old_side.start : old_side.end].split()),
                words=words,
                new_text=" ".join(new_d[b].text[new_side.start : new_side.end].split()),
                old_cite=cite(old_d[a].id),
                new_cite=cite(new_d[b].id),
                old_start=old_side.start,
                old_end=old_side.end,
                new_start=new_side.start,
                new_end=new_side.end,
                boilerplate=is_boilerplate(old_side, new_side, titled),
                repeats=old_count[a] * new_count[b],
            )
            # The same passage repeated in one paragraph is reported once.
            key = (overlap.boilerplate, -words, b, old_side.start)
            result.setdefault((a, b, overlap.text), ((int(key[0]), -words, b), overlap))
    ordered = [o for _, o in sorted(result.values(), key=lambda item: item[0])]
    ordered = _recurring(ordered, old_d, new_d)
    by_pair: dict[tuple[str, str], list[Overlap]] = defaultdict(list)
    for overlap in ordered:
        by_pair[(overlap.old_id, overlap.new_id)].append(overlap)
    kept: list[Overlap] = []
    per_old: dict[str, int] = defaultdict(int)
    per_new: dict[str, int] = defaultdict(int)
    dropped = 0
    for overlap in ordered:
        if _nested(overlap, by_pair[(overlap.old_id, overlap.new_id)]):
            continue
        if per_old[overlap.old_id] >= cap or per_new[overlap.new_id] >= cap:
            dropped += 1
            continue
        per_old[overlap.old_id] += 1
        per_new[overlap.new_id] += 1
        kept.append(overlap)
    return OverlapSearch(kept, cap, dropped, search.common_bigrams, search.partners_cut)
