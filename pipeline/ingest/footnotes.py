"""Footnote markers in text that lost its superscripts, and footnote objects.

In text extracted from a PDF a marker fuses with what precedes it: "20132" is the
year 2013 with footnote 2, "second2" is "second" with footnote 2, "report,2" and
"first 1  and" likewise. Only numbers that name a footnote of the document, and
no larger than one past the highest marker seen so far, count as markers.
"""

from __future__ import annotations

import re

from pipeline.document import Footnote, Paragraph
from pipeline.ingest.lines import Line

# The candidates, in groups, each with what every match of its patterns holds (in its
# lookbehind, match or lookahead), looked for first: the patterns try every character of
# a line, the guards skip quickly to what they open with, and few lines hold it (of the
# text corpus's 2,605 lines with a digit and footnotes, 12 hold the words' guard).
_CANDIDATES: list[tuple[re.Pattern[str], list[re.Pattern[str]]]] = [
    (
        re.compile(r"[12]\d{3}"),  # a year
        [
            # CASE year + marker: "20132 reports", "2015 3 and".
            re.compile(r"\b(?:19|20)\d\d(\d{1,2})(?=[\s,.;:)]|$)"),
            re.compile(r"\b(?:19|20)\d\d (\d{1,2})(?=\s*$|\s{2,})"),
            # CASE marker standing between years: "the 2010, 1 2013 2 and 2015 3 reports".
            re.compile(r"(?<=[12]\d{3},) (\d{1,2})(?= [12]\d{3})"),
            re.compile(r"(?<=\b[12]\d{3}) (\d{1,2})(?= [a-z])"),
        ],
    ),
    (
        # A digit after a lower-case letter or a closing mark (the digit looked at first:
        # the scan stops at far fewer characters).
        re.compile('\\d(?<=[a-z)\u201d\u2019"]\\d)'),
        # CASE word + marker: "second2 annual", "Group3 and", "(ICTs)2".
        [re.compile('(?:(?<=[a-z]{2})|(?<=[)\u201d\u2019"]))' + r"(\d{1,2})(?=[\s,.;:)]|$)")],
    ),
    (
        re.compile(r"[,.;:]\d"),
        # CASE punctuation + marker: "Secretary-General,1", "77/37,4 including".
        [re.compile(r"(?<=[,.;:])(\d{1,2})(?=\s|$)")],
    ),
    (
        re.compile(r"[,;] \d"),
        # CASE comma, space, marker, lower-case word: "Political Rights, 1 the Covenant".
        [re.compile(r"(?<=[,;]) (\d{1,2})(?= [a-z])")],
    ),
    (
        re.compile(r"\d\s\s"),
        # CASE word, space, marker, two spaces: "the first 1  and".
        [re.compile(r"(?<=[A-Za-z,.;)]) (\d{1,2})(?=\s{2,})")],
    ),
]

_DIGIT = re.compile(r"\d")


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """Where the candidate patterns find a number in ``text``: (start, end, number), sorted."""
    found: set[tuple[int, int, str]] = set()
    # Every candidate is a number: a line without a digit (most lines) holds none.
    for guard, patterns in _CANDIDATES if _DIGIT.search(text) else ():
        if guard.search(text):
            for pattern in patterns:
                found.update((m.start(1), m.end(1), m.group(1)) for m in pattern.finditer(text))
    return sorted(found)


def infer_markers(lines: list[Line], known: set[str]) -> None:
    """Find fused footnote markers in text lines; move them from text to ``markers``."""
    if not known:
        return
    highest = 0
    for line in lines:
        for _, marker in line.markers:  # markers the source marked itself ([^4])
            highest = max(highest, int(marker)) if marker.isdigit() else highest
        accepted: list[tuple[int, int, str]] = []
        for start, end, marker in _candidates(line.text):
            number = int(marker)
            word = line.text[:start].rsplit(" ", 1)[-1]
            if "/" in word and line.text[start - 1] not in ",;:":
                continue  # part of a symbol: "A/AC.290/2021/CRP.2", "L.8/Rev.1"
            if marker not in known or number > highest + 1:
                continue
            if accepted and start < accepted[-1][1]:
                continue
            accepted.append((start, end, marker))
            highest = max(highest, number)
        for start, end, marker in reversed(accepted):
            line.text = line.text[:start] + line.text[end:]
            line.markers.append((start, marker))
        line.markers.sort()


def link_footnotes(
    notes: list[tuple[str, str, int]], paragraphs: list[Paragraph]
) -> list[Footnote]:
    """Footnote objects, each with the ids of the paragraphs that cite it."""
    cited: dict[str, list[str]] = {}
    for para in paragraphs:
        for marker in para.footnotes:
            cited.setdefault(marker, []).append(para.id)
    return [
        Footnote(marker=marker, text=text, page=page, paragraph_ids=tuple(cited.get(marker, ())))
        for marker, text, page in notes
    ]
