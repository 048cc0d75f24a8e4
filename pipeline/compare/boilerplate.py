"""Whether a shared passage is boilerplate: a title, an agenda item or a formula.

Two resolutions of one series share their subject's words everywhere ("the illicit
trade in small arms and light weapons in all its aspects", "prevention of an arms race
in outer space"), the titles of the bodies and instruments they cite, the agenda item
and the opening formula of a paragraph. Those shared passages are kept, marked
``boilerplate`` (and hidden by default in HTML and Markdown), apart from the passages
that carry a statement. A passage is boilerplate when, on either side:

- it stands inside quotes (the title of an agenda item, "the item entitled “...”", or
  of a document, "the adopted “Ways and means ...”"), or names "the provisional agenda";
- most of its words are written with capitals: the title of a body, an instrument, a
  meeting or a document ("Group of Governmental Experts on Further Practical Measures
  for the Prevention of an Arms Race in Outer Space");
- all its words are words of either document's title or of an agenda item either
  document names (the series' subject: "prevention of an arms race in outer space");
- it is the paragraph's opening verb and its addressee only ("Decides that the
  open-ended working group", "Encourages States parties and signatory States").

``shared`` adds one rule over the whole comparison: the same passage reported for three
paragraph pairs or more is the series' recurring phrase, boilerplate too.

The rules were written from the labelling guide (models/COMPARE.md) and checked on the
dev split of ``models/data/overlap_labels.jsonl``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.compare.classify import lead_verb

_NAME_SHARE = 0.6  # share of a passage's words written with capitals: a title
_TITLE_SHARE = 1.0  # share of its words found in a title: the subject
_FORMULA_WORDS = 5  # fewer content words than this after the opening verb: a formula
_QUOTED_SHARE = 0.8  # share of a passage inside quotes: a quoted title
_OPENING = 40  # characters of numbering and verb before a passage that opens a paragraph
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_ENTITLED = re.compile(r"\bentitled\s*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a shared passage: the paragraph, the passage's span, its units.

    ``words`` are the passage's content units as (key, written text, content words,
    written with a capital).
    """

    text: str
    start: int
    end: int
    words: Sequence[tuple[str, str, int, bool]]


def title_words(titles: Sequence[str | None], texts: Sequence[str] = ()) -> frozenset[str]:
    """The words of the documents' titles and of the agenda items their ``texts`` name
    ("the item entitled “...”"), case-folded: what a subject phrase is made of."""
    found = [t for t in titles if t]
    for text in texts:
        for quote in _QUOTED.finditer(text):
            if _ENTITLED.search(text[max(0, quote.start() - 30) : quote.start()]):
                found.append(quote.group(0))
    return frozenset(w.casefold() for t in found for w in _WORD.findall(t))


@lru_cache(maxsize=64)
def _quotes(text: str) -> tuple[list[int], list[int]]:
    """The starts and ends of a text's quotations, in order (they never overlap)."""
    spans = [quote.span() for quote in _QUOTED.finditer(text)]
    return [start for start, _ in spans], [end for _, end in spans]


def _in_agenda_title(side: Side) -> bool:
    length = max(1, side.end - side.start)
    # Issue 27: only the quotations that reach into the passage (was every one of the
    # paragraph for every passage of it).
    starts, ends = _quotes(side.text)
    for n in range(bisect_right(ends, side.start), bisect_left(starts, side.end)):
        inside = min(side.end, ends[n]) - max(side.start, starts[n])
        if inside / length >= _QUOTED_SHARE:  # 'the adopted “Ways and means ...”'
            return True
    return "provisional agenda" in side.text[side.start : side.end].lower()


_Word = tuple[str, str, int, bool]


def _share(side: Side, test: Callable[[_Word], bool]) -> float:
    total = sum(w[2] for w in side.words)
    return sum(w[2] for w in side.words if test(w)) / total if total else 0.0


def _named(side: Side) -> bool:
    return _share(side, lambda w: w[3]) >= _NAME_SHARE


def _subject(side: Side, titled: frozenset[str]) -> bool:
    if not titled:
        return False

    def in_title(word: _Word) -> bool:
        written = [w.casefold() for w in _WORD.findall(word[1])]
        return word[0] in titled or bool(written) and all(w in titled for w in written)

    return _share(side, in_title) >= _TITLE_SHARE


# A paragraph's verb is read once, not once for each passage of it (issue 27: a
# paragraph of many near-copies has a passage with each of 32 others).
_lead_verb = lru_cache(maxsize=1024)(lead_verb)


def _formula(side: Side) -> bool:
    """The paragraph's opening verb and a few words after it, nothing more."""
    if side.start > _OPENING:  # not at the paragraph's start: no need to read its verb
        return False
    verb = _lead_verb(side.text)
    if verb is None:
        return False
    opening = side.text.find(verb[2])
    if opening < 0 or side.start > opening + len(verb[2]) + 1:
        return False
    after = [w for w in side.words if w[1].lower() not in verb[2].lower().split()]
    return sum(w[2] for w in after) < _FORMULA_WORDS


def is_boilerplate(old: Side, new: Side, titled: frozenset[str]) -> bool:
    """Whether a shared passage is a title, an agenda item, the subject or a formula.

    Args:
        old: The passage in the old paragraph.
        new: The passage in the new paragraph.
        titled: ``title_words`` of the two documents.

    Returns:
        True when either side is boilerplate by one of the module's rules.
    """
    return any(
        _in_agenda_title(side) or _named(side) or _subject(side, titled) or _formula(side)
        for side in (old, new)
    )
