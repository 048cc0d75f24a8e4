"""Regular-expression finders for document symbols, dates and votes.

These are plain functions over a string, so they can be tested without spaCy; the
spaCy components in ``components.py`` call them and turn each ``RawMatch`` into a
span. Offsets are character offsets into the string passed in. Resolution references
(RES_REF) are found in ``references.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.lexicon import MONTHS, SYMBOL_RE, normalise_symbol
from pipeline.nlp.taken import Taken

MONTH_PATTERN = "(?P<month>" + "|".join(MONTHS) + ")"
# A year, possibly with a footnote marker fused to it ("20124" is 2012 + note 4).
YEAR_PATTERN = r"(?P<year>(?:1[89]|20)\d\d)(?P<marker>\d{1,2})?(?!\d)"


@dataclass(frozen=True, slots=True)
class RawMatch:
    """One finding: ``text[start:end]`` with its label, canonical id and optional date."""

    start: int
    end: int
    label: str
    norm_id: str | None
    date: str | None = None


# --- DOC_SYMBOL -----------------------------------------------------------------------------


def find_symbols(text: str) -> Iterator[RawMatch]:
    """Yield every UN document symbol in ``text`` as DOC_SYMBOL, normalised.

    A candidate needs a digit somewhere ("A/RES/73/27"), so "A/S" is not a symbol. A space
    after a slash ("A/70/ PV.14") stays inside the span and leaves the ``norm_id``.
    """
    if "/" not in text:
        return
    for match in SYMBOL_RE.finditer(text):
        if any(c.isdigit() for c in match.group(0)):
            yield RawMatch(match.start(), match.end(), "DOC_SYMBOL", normalise_symbol(match[0]))


# --- DATE -----------------------------------------------------------------------------------

_DAY_MONTH_YEAR = re.compile(rf"\b(?P<day>[0-3]?\d)\s+{MONTH_PATTERN}\s+{YEAR_PATTERN}")
_MONTH_DAY_YEAR = re.compile(rf"\b{MONTH_PATTERN}\s+(?P<day>[0-3]?\d),\s+{YEAR_PATTERN}")
_MONTH_YEAR = re.compile(rf"\b{MONTH_PATTERN}\s+{YEAR_PATTERN}")


def iso_date(year: str, month: str, day: str | None) -> str | None:
    """ISO 8601 form of a day ("2018-12-05") or, without ``day``, a month; None for a bad day."""
    number = MONTHS.index(month) + 1
    if day is None:
        return f"{year}-{number:02d}"
    if not 1 <= int(day) <= 31:
        return None
    return f"{year}-{number:02d}-{int(day):02d}"


def _date_end(match: re.Match[str]) -> int:
    """End of a date match, leaving out a footnote marker fused to the year."""
    return match.end("year")


def find_dates(text: str) -> Iterator[RawMatch]:
    """Yield dates ("5 December 2018", "December 5, 2018", "June 2019") as ISO 8601.

    Day-month-year gives ``2018-12-05``; month-year gives ``2019-06``. A footnote marker
    fused to the year ("5 July 20124") is left out of the span. Bare years are not dates
    here: in UN texts they are too often fused with footnote markers to be trusted.
    """
    if not any(month in text for month in MONTHS):
        return
    taken = Taken()
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _MONTH_YEAR):
        for match in pattern.finditer(text):
            start, end = match.start(), _date_end(match)
            if taken.overlaps(start, end):
                continue
            day = match.groupdict().get("day")
            iso = iso_date(match["year"], match["month"], day)
            if iso is not None:
                taken.add(start, end)
                yield RawMatch(start, end, "DATE", iso, iso)


# --- VOTE -----------------------------------------------------------------------------------

_VOTE_PATTERNS = (
    # "by a recorded vote of 92 to 50, with 21 abstentions"
    re.compile(
        r"\bby\s+(?:a\s+)?(?:recorded\s+)?vote\s+of\s+(?P<yes>\d+)\s+to\s+(?P<no>\d+)"
        r"(?:\s*,?\s*with\s+(?P<abstain>\d+|no)\s+abstentions?)?"
    ),
    # "adopted by 119 votes to 46, with 14 abstentions"
    re.compile(
        r"\bby\s+(?P<yes>\d+)\s+votes?\s+to\s+(?P<no>\d+)"
        r"(?:\s*,?\s*with\s+(?P<abstain>\d+|no)\s+abstentions?)?"
    ),
    # "(163 in favour, 10 against and 7 abstentions)"
    re.compile(
        r"\b(?P<yes>\d+)\s+in\s+favou?r\s*,\s*(?P<no>\d+)\s+against\s*,?\s*(?:and\s+)?"
        r"(?P<abstain>\d+|no)\s+abstentions?"
    ),
)


def find_votes(text: str) -> Iterator[RawMatch]:
    """Yield recorded votes as VOTE with ``norm_id`` "yes-no-abstain", e.g. "92-50-21".

    "with no abstentions" and a vote with no abstention clause both give 0 abstentions.
    """
    if "vote" not in text and "favo" not in text:
        return
    taken = Taken()
    for pattern in _VOTE_PATTERNS:
        for match in pattern.finditer(text):
            if taken.overlaps(match.start(), match.end()):
                continue
            taken.add(match.start(), match.end())
            abstain = match["abstain"]
            abstain = "0" if abstain in (None, "no") else abstain
            yield RawMatch(
                match.start(), match.end(), "VOTE", f"{match['yes']}-{match['no']}-{abstain}"
            )


def parse_vote(norm_id: str) -> tuple[int, int, int]:
    """Split a VOTE ``norm_id`` "92-50-21" into (yes, no, abstain)."""
    yes, no, abstain = (int(n) for n in norm_id.split("-"))
    return yes, no, abstain
