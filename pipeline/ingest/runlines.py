"""Lines from runs: ``chars.finish_line`` applied to whole text runs.

A run (``runs.py``) has one size, one baseline and one weight, so a line's dominant
size, baseline, weight, left edge and footnote markers follow from a few numbers a
run; spaces between runs follow the word-gap rule, which needs the line's usual gap
between letters only for a gap close to the threshold (``_LineGaps`` then reads the
line's single boxes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pipeline.ingest.chars import (
    PUNCT_GAP,
    SUPERSCRIPT_RISE,
    SUPERSCRIPT_SIZE,
    TIGHT_AFTER,
    TIGHT_BEFORE,
    WORD_GAP,
    keep_symbols,
)
from pipeline.ingest.lines import Line

# The usual gap between letters of a line (its median, as a share of the size) lies
# in this band on all but a handful of the 50,000 lines of the corpus (dot leaders
# and a 1948 scan, which take the character rules); a gap between runs within
# WORD_GAP of the band is judged with single characters.
USUAL_LOW = -0.03
USUAL_HIGH = 0.06
# A gap between a run's first two letters wider than this share of the size could
# be a word gap by the character rules.
SPREAD = USUAL_LOW + WORD_GAP


@dataclass(slots=True)
class Run:
    """The characters of one text object, ``start`` to ``end`` in pdfium's list."""

    text: str  # whitespace as " ", soft hyphens as "-"
    start: int
    end: int
    x0: float  # left edge of the first character
    first_x0: float | None  # left edge of the first visible character
    last_x0: float
    last_x1: float
    baseline: float
    size: float
    bold: bool
    counted: int  # characters other than " ", which vote for the line's size
    visible: int  # characters other than whitespace
    spread: bool  # its first two letters stand apart: letter-spacing, leaders


class Boxes(Protocol):
    """What reads single character boxes of a page."""

    def boxes(self, start: int, end: int) -> list[tuple[float, float]]:
        """Left and right edges of characters ``start`` to ``end``."""
        ...


def finish_runs(runs: list[Run], page: int, reader: Boxes) -> Line | None:
    """``chars.finish_line`` for whole runs.

    Args:
        runs: The runs of one line, in pdfium's order.
        page: 1-based page number.
        reader: Reads single boxes when the line's usual gap decides a space.

    Returns:
        The line, or None when only the character rules can tell (letter-spaced runs,
        letters inside a run that would take a space, markers next to a close gap).
    """
    if len(runs) == 1:
        # CASE 1: one run, the usual line: one size, one baseline, no marker.
        run = runs[0]
        if run.spread:
            return None
        x0 = run.x0 if run.first_x0 is None else run.first_x0
        bold = run.bold and run.visible > 0
        return Line(run.text.strip(), page, x0, run.baseline, run.size, bold, [])
    # CASE 2: several runs, in one pass for what does not need the line's size.
    votes: dict[float, int] = {}
    visible = heavy = 0  # visible characters, and those in bold
    left: float | None = None
    for run in runs:
        if run.spread:
            return None
        if run.counted:
            votes[run.size] = votes.get(run.size, 0) + run.counted
        visible += run.visible
        if run.bold:
            heavy += run.visible
        if run.first_x0 is not None and (left is None or run.first_x0 < left):
            left = run.first_x0
    size = max(votes, key=votes.__getitem__) if votes else runs[0].size
    baseline = _baseline(runs, size)
    small, rise = SUPERSCRIPT_SIZE * size, SUPERSCRIPT_RISE * size
    raised = [
        run.size < small and baseline - run.baseline > rise and any(c.isdigit() for c in run.text)
        for run in runs
    ]
    if True in raised:
        built = _text_with_markers(runs, raised, size)
    else:
        built = _text(runs, size, reader)
    if built is None:
        return None
    joined, markers = built
    stripped = joined.lstrip()
    shift = len(joined) - len(stripped)
    return Line(
        stripped.rstrip(),
        page,
        runs[0].x0 if left is None else left,
        baseline,
        size,
        heavy > visible / 2,
        [(max(0, offset - shift), marker) for offset, marker in markers],
    )


def _baseline(runs: list[Run], size: float) -> float:
    """The upper median baseline of the line's characters of the dominant size."""
    main = [run for run in runs if run.size == size]
    first = main[0].baseline
    if all(run.baseline == first for run in main):
        return first  # the usual line: its runs of that size share one baseline
    return _median(sorted([(run.baseline, len(run.text)) for run in main]))


def _median(weighted: list[tuple[float, int]]) -> float:
    """The upper median of sorted values given with their counts."""
    if len(weighted) == 1:
        return weighted[0][0]
    target = sum([count for _, count in weighted]) // 2
    for value, count in weighted:
        if target < count:
            return value
        target -= count
    return weighted[-1][0]


def _space_between(
    before: Run, after: Run, size: float, prev: str, char: str, gaps: _LineGaps | None = None
) -> bool | None:
    """The word-gap rule between two runs; None when the line's usual gap decides.

    With ``gaps`` the usual gap is read from the line's single boxes when it decides;
    None then means the letters inside a run stand apart too.
    """
    gap = after.x0 - before.last_x1
    if gap > PUNCT_GAP * size:
        return True
    if char in TIGHT_BEFORE or prev in TIGHT_AFTER:
        return False
    if gap > (USUAL_HIGH + WORD_GAP) * size:
        return True
    if gap <= (USUAL_LOW + WORD_GAP) * size:
        return False
    usual = gaps.usual() if gaps is not None else None
    return None if usual is None else gap > usual + WORD_GAP * size


class _LineGaps:
    """A line's usual gap between letters, from single boxes, read only when asked."""

    def __init__(self, reader: Boxes, runs: list[Run], size: float) -> None:
        self.reader, self.runs, self.size = reader, runs, size
        self.read = False
        self.median: float | None = None

    def usual(self) -> float | None:
        """The median gap, or None when a gap inside a run would take a space."""
        if not self.read:
            self.read = True
            self.median = self._median()
        return self.median

    def _median(self) -> float | None:
        inside: list[tuple[float, str, str]] = []
        gaps: list[float] = []
        prev, prev_x1 = " ", 0.0
        for run in self.runs:
            edges = self.reader.boxes(run.start, run.end)
            for i, (char, (left, right)) in enumerate(zip(run.text, edges, strict=True)):
                if char != " " and prev != " ":
                    gaps.append(left - prev_x1)
                    if i:
                        inside.append((left - prev_x1, prev, char))
                prev, prev_x1 = char, right
        usual = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
        size = self.size
        for gap, before, after in inside:
            tight = after in TIGHT_BEFORE or before in TIGHT_AFTER
            if gap > PUNCT_GAP * size or (not tight and gap > usual + WORD_GAP * size):
                return None  # the character rules would space letters of a run
        return usual


def _text(runs: list[Run], size: float, reader: Boxes) -> tuple[str, list[tuple[int, str]]] | None:
    parts = [runs[0].text]
    gaps: _LineGaps | None = None  # made when a gap close to the threshold needs it
    for before, run in zip(runs, runs[1:], strict=False):
        prev, char = before.text[-1], run.text[0]
        if char != " " and prev != " ":
            space = _space_between(before, run, size, prev, char)
            if space is None:
                gaps = gaps or _LineGaps(reader, runs, size)
                space = _space_between(before, run, size, prev, char, gaps)
                if space is None:
                    return None
            if space:
                parts.append(" ")
        parts.append(run.text)
    return "".join(parts), []


def _text_with_markers(
    runs: list[Run], raised_runs: list[bool], size: float
) -> tuple[str, list[tuple[int, str]]] | None:
    """Text and footnote markers of a line with raised digits.

    Only the raised runs are read a character at a time; the others are whole.
    """
    full = "".join([run.text for run in runs])
    starts = [0]
    for run in runs:
        starts.append(starts[-1] + len(run.text))
    raised = [False] * len(full)
    for i, run in enumerate(runs):
        if raised_runs[i]:
            for j, char in enumerate(run.text):
                raised[starts[i] + j] = char.isdigit()
    keep_symbols(list(full), raised)
    parts: list[str] = []
    length = trail = 0  # of the text so far, and how many spaces end it
    markers: list[tuple[int, str]] = []
    prev = ""
    for i, run in enumerate(runs):
        pieces = [run.text] if not raised_runs[i] else list(run.text)
        for j, piece in enumerate(pieces):
            if raised_runs[i] and raised[starts[i] + j]:
                offset = length - trail
                if markers and markers[-1][0] == offset and prev.isdigit():
                    markers[-1] = (offset, markers[-1][1] + piece)
                else:
                    markers.append((offset, piece))
                prev = piece
                continue
            if j == 0 and i and piece[0] != " " and not (parts and parts[-1][-1] == " "):
                space = _space_between(runs[i - 1], run, size, prev, piece[0])
                if space is None:
                    return None
                if space:
                    parts.append(" ")
                    length, trail = length + 1, trail + 1
            parts.append(piece)
            kept = piece.rstrip(" ")
            length += len(piece)
            trail = len(piece) - len(kept) + (trail if not kept else 0)
            prev = piece[-1]
    return "".join(parts), markers
