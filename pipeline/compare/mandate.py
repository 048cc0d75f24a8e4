"""Mandate-element tables: what each mandate of one text asks for, and where the other has it.

A mandate paragraph sets up or tasks a body ("Decides to convene ... an open-ended
working group ... to continue to study ...; to study the possibility of ...; and to
submit a report ..."), read from its clause by ``tasking.is_mandate``.
``mandate_table(old, new)`` splits each mandate paragraph of either text into its
elements (the clauses between semicolons, "as well as", "including" and "and to ...")
and says for each whether the other text has it:

- ``verbatim``: all its content words, in order (lists in any order), in one paragraph;
- ``reworded``: at least ``reworded`` of its content words in one paragraph, in runs
  of two words or more that the paragraph shares;
- ``partly``: at least ``partly`` of them;
- ``absent``: less than that anywhere.

Words are compared as ``overlap`` compares them: normalised content words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pipeline.compare.overlap import Unit, content_units, list_order
from pipeline.compare.tasking import is_mandate
from pipeline.document import Document, Paragraph, _Serialisable, cite

if TYPE_CHECKING:
    import pandas as pd

Status = Literal["verbatim", "reworded", "partly", "absent"]

# Where one element of a mandate ends and the next begins.
_SEPARATOR = re.compile(r";|,?\s+as well as\s+|,?\s+including\s+|,?\s+and to\s+", re.IGNORECASE)
_MIN_WORDS = 3  # content words an element needs to stand on its own
_CANDIDATES = 3  # paragraphs of the other text searched for runs, by words held


@dataclass(frozen=True, slots=True)
class Element(_Serialisable):
    """One element of a mandate and where the other text has it.

    ``side`` says which text the element is from; ``where`` and ``match`` name the
    other text's paragraph that holds most of it and the words it shares.
    """

    side: Literal["old", "new"]
    paragraph_id: str
    cite: str
    text: str
    status: Status
    share: float
    where: str = ""
    where_cite: str = ""
    match: str = ""
    # Identical mandate paragraphs are read once (issue 27): how many hold this text.
    repeats: int = 1


@dataclass(frozen=True, slots=True)
class MandateTable(_Serialisable):
    """The mandate paragraphs of two texts and their elements, old side first."""

    old_symbol: str | None
    new_symbol: str | None
    old_mandates: tuple[str, ...]
    new_mandates: tuple[str, ...]
    elements: tuple[Element, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per element (both sides), the columns of ``overlap --format csv``."""
        import pandas as pd

        return pd.DataFrame([e.to_dict() for e in self.elements])


def split_elements(text: str) -> list[tuple[int, int]]:
    """Character spans of a mandate's elements; a fragment too short joins the one before.

    Args:
        text: The mandate paragraph.

    Returns:
        (start, end) of each element, in order, leading and trailing space and
        punctuation left out.
    """
    bounds = [0]
    for match in _SEPARATOR.finditer(text):
        bounds += [match.start(), match.end()]
    bounds.append(len(text))
    spans: list[tuple[int, int]] = []
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip(" ,.;:"))
        trail = len(piece) - len(piece.rstrip(" ,.;:"))
        start, end = start + lead, end - trail
        if end <= start:
            continue
        if spans and sum(u.words for u in content_units(text[start:end])) < _MIN_WORDS:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


@dataclass(frozen=True, slots=True)
class _Keyed:
    """A text's content units, their list order, and both as padded key strings."""

    units: list[Unit]
    order: list[int]
    reading: str
    listed: str

    @classmethod
    def of(cls, text: str) -> _Keyed:
        units = content_units(text)
        order = list_order(text, units)
        reading = " " + " ".join(u.key for u in units) + " "
        listed = " " + " ".join(units[n].key for n in order) + " "
        return cls(units, order, reading, listed)

    def holds(self, part: _Keyed) -> bool:
        """Whether all of ``part``'s content words stand here in order (lists in any)."""
        return part.reading in self.reading or part.listed in self.listed


@dataclass(frozen=True, slots=True)
class _Searchable:
    paragraph: Paragraph
    keyed: _Keyed


def _searchable(paragraphs: Sequence[Paragraph]) -> list[_Searchable]:
    """The paragraphs to search, each distinct text once (the first paragraph holding it)."""
    distinct: dict[str, Paragraph] = {}
    for p in paragraphs:
        distinct.setdefault(p.text, p)
    return [_Searchable(p, _Keyed.of(p.text)) for p in distinct.values()]


def _bag_share(units: Sequence[Unit], other: _Searchable) -> float:
    """Share of the element's content words found anywhere in the other paragraph."""
    have = Counter(u.key for u in other.keyed.units)
    held = 0
    for unit in units:
        if have[unit.key] > 0:
            have[unit.key] -= 1
            held += unit.words
    return held / max(1, sum(u.words for u in units))


def _runs(a: Sequence[str], b: Sequence[str]) -> tuple[set[int], set[int]]:
    """Positions of ``a`` and ``b`` inside common runs of two keys or more."""
    in_a: set[int] = set()
    in_b: set[int] = set()
    previous = [0] * (len(b) + 1)
    for i, x in enumerate(a, 1):
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            if x == y:
                current[j] = previous[j - 1] + 1
                if current[j] >= 2:
                    in_a.update(range(i - current[j], i))
                    in_b.update(range(j - current[j], j))
        previous = current
    return in_a, in_b


def _coverage(element: _Keyed, other: _Searchable) -> tuple[float, str]:
    """Share of the element's words in runs shared with the other paragraph, and those runs."""
    units, theirs_units = element.units, other.keyed.units
    mine_held: set[int] = set()
    held: set[int] = set()
    # Runs in reading order and runs with lists in a fixed order, together.
    for mine, theirs in (
        (list(range(len(units))), list(range(len(theirs_units)))),
        (element.order, other.keyed.order),
    ):
        in_a, in_b = _runs([units[n].key for n in mine], [theirs_units[n].key for n in theirs])
        mine_held |= {mine[i] for i in in_a}
        held |= {theirs[j] for j in in_b}
    share = sum(units[n].words for n in mine_held) / max(1, sum(u.words for u in units))
    pieces: list[tuple[int, int]] = []
    last = -2
    for n in sorted(held):
        unit = theirs_units[n]
        if n == last + 1 and pieces:
            pieces[-1] = (pieces[-1][0], unit.end)
        else:
            pieces.append((unit.start, unit.end))
        last = n
    words = other.paragraph.text
    return share, " … ".join(" ".join(words[a:b].split()) for a, b in pieces)


def _locate(
    text: str, others: Sequence[_Searchable], *, reworded: float, partly: float
) -> tuple[Status, float, _Searchable | None, str]:
    """The paragraph of the other text that holds most of one element, and how much."""
    element = _Keyed.of(text)
    if not element.units:
        return "absent", 0.0, None, ""
    for other in others:
        if other.keyed.holds(element):
            return "verbatim", 1.0, other, text
    # Runs are costly to find: only the few paragraphs holding most of the words.
    candidates = sorted(others, key=lambda o: -_bag_share(element.units, o))[:_CANDIDATES]
    best: tuple[float, str, _Searchable | None] = (0.0, "", None)
    for other in candidates:
        share, match = _coverage(element, other)
        if share > best[0]:
            best = (share, match, other)
    share, match, where = best
    if share >= reworded:
        return "reworded", round(share, 3), where, match
    if share >= partly:
        return "partly", round(share, 3), where, match
    return "absent", round(share, 3), None, ""


def _elements(
    side: Literal["old", "new"],
    mandates: Sequence[Paragraph],
    other: Sequence[Paragraph],
    reworded: float,
    partly: float,
) -> list[Element]:
    if not mandates:  # the other text's words are keyed for nothing (30,000 paragraphs: 1 s)
        return []
    # The other text's mandates are searched first: a tie goes to them.
    searchable = _searchable(sorted(other, key=lambda p: not is_mandate(p)))
    repeats: dict[str, int] = {}
    first: dict[str, Paragraph] = {}
    for paragraph in mandates:
        repeats[paragraph.text] = repeats.get(paragraph.text, 0) + 1
        first.setdefault(paragraph.text, paragraph)
    rows = []
    for paragraph in first.values():
        for start, end in split_elements(paragraph.text):
            text = " ".join(paragraph.text[start:end].split())
            status, share, where, match = _locate(
                text, searchable, reworded=reworded, partly=partly
            )
            found = where is not None and status != "absent"
            rows.append(
                Element(
                    side=side,
                    paragraph_id=paragraph.id,
                    cite=cite(paragraph.id),
                    text=text,
                    status=status,
                    share=share,
                    where=where.paragraph.id if found and where else "",
                    where_cite=cite(where.paragraph.id) if found and where else "",
                    match=match,
                    repeats=repeats[paragraph.text],
                )
            )
    return rows


def mandate_table(
    old: Document, new: Document, *, reworded: float = 0.6, partly: float = 0.3
) -> MandateTable:
    """Split the mandates of two texts into elements and find each in the other text.

    Args:
        old: The earlier document.
        new: The later (or the competing) document.
        reworded: Least share of an element's content words in runs (two words or
            more) shared with one paragraph of the other text, for "reworded".
        partly: Least share for "partly".

    Returns:
        The table: old elements against the new text, then new elements against the old.
    """
    old_mandates = [p for p in old.paragraphs if is_mandate(p)]
    new_mandates = [p for p in new.paragraphs if is_mandate(p)]
    rows = _elements("old", old_mandates, new.paragraphs, reworded, partly)
    rows += _elements("new", new_mandates, old.paragraphs, reworded, partly)
    return MandateTable(
        old_symbol=old.symbol,
        new_symbol=new.symbol,
        old_mandates=tuple(p.id for p in old_mandates),
        new_mandates=tuple(p.id for p in new_mandates),
        elements=tuple(rows),
    )
