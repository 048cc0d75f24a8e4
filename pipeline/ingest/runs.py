"""pdfium text read one run at a time: the fast path of the "pdfium" engine.

A run is the characters pdfium took from one PDF text object: one font, one size,
one baseline, the pen moving right. The line rules of ``chars.py`` (line breaks,
dominant size and baseline, weight, footnote markers, missing spaces) then need only
a run's first and last characters, so a page costs a few pdfium calls per run
(about a hundred runs a page) instead of five per character (about 2,500). Inside a
run, pdfium's text is taken as it is; the word-gap rule is applied between runs.

What this path cannot vouch for goes back to the character rules:
- a page (``page_lines`` returns None) with characters pdfium leaves out of its text,
  right-to-left script, a run not laid out left to right on one baseline, or two runs
  that could hold the same glyph drawn twice;
- a line (``_RunReader.exact_line``) whose gap between two runs is so close to the
  word-gap threshold that the line's usual gap between letters decides, or with a
  run whose first two letters stand apart (letter-spacing, dot leaders).
"""

from __future__ import annotations

import ctypes
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.ingest.chars import (
    PUNCT_GAP,
    SOFT_HYPHENS,
    SUPERSCRIPT_RISE,
    SUPERSCRIPT_SIZE,
    TIGHT_AFTER,
    TIGHT_BEFORE,
    WORD_GAP,
    Char,
    finish_line,
    keep_symbols,
    mark_gaps,
    starts_new_line,
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
_SPREAD = USUAL_LOW + WORD_GAP
# Characters the run path cannot place: NUL and U+FFFF (left out by the character
# rules), lone CR or LF, and right-to-left scripts (pdfium reorders them).
_UNSAFE = re.compile("[\x00\r\n\uffff\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Whitespace other than " ", CR and LF, and soft hyphens: shown as " " and "-".
# (U+3000 is the last whitespace character.)
_ODD_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \r\n")
_ODD = re.compile(f"[{re.escape(_ODD_SPACES)}{''.join(sorted(SOFT_HYPHENS))}]")


def _shown(match: re.Match[str]) -> str:
    return "-" if match.group() in SOFT_HYPHENS else " "


@dataclass(slots=True)
class _Run:
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


@dataclass(frozen=True, slots=True)
class _Api:
    """The pdfium functions of the run path, called with untyped arguments.

    The text page handle goes in as a ``c_void_p`` and indexes as ints, so ctypes
    converts nothing: half the cost of pypdfium2's typed functions, and a page makes
    some 900 of these calls.
    """

    text_object: Callable[..., int | None]
    loose_box: Callable[..., int]
    origin: Callable[..., int]
    font_size: Callable[..., float]
    font_weight: Callable[..., int]
    count_chars: Callable[..., int]


@functools.cache
def _api() -> _Api:
    import pypdfium2.raw as raw

    def untyped(function: Any, restype: Any) -> Any:
        address = ctypes.cast(function, ctypes.c_void_p).value or 0
        return ctypes.CFUNCTYPE(restype)(address)

    return _Api(
        text_object=untyped(raw.FPDFText_GetTextObject, ctypes.c_void_p),
        loose_box=untyped(raw.FPDFText_GetLooseCharBox, ctypes.c_int),
        origin=untyped(raw.FPDFText_GetCharOrigin, ctypes.c_int),
        font_size=untyped(raw.FPDFText_GetFontSize, ctypes.c_double),
        font_weight=untyped(raw.FPDFText_GetFontWeight, ctypes.c_int),
        count_chars=untyped(raw.FPDFText_CountChars, ctypes.c_int),
    )


def page_lines(textpage: Any, text: str, height: float, page: int) -> list[Line] | None:
    """The lines of one pdfium text page, read run by run.

    Args:
        textpage: The raw ``FPDF_TEXTPAGE`` handle.
        text: The page's text from ``FPDFText_GetText``.
        height: Page height in points.
        page: 1-based page number.

    Returns:
        The lines ``chars.build_lines`` would give, or None when the page needs the
        character rules.
    """
    api = _api()
    handle = ctypes.cast(textpage, ctypes.c_void_p)
    if len(text) != api.count_chars(handle) or _UNSAFE.search(text.replace("\r\n", "")):
        return None  # text index and character index part ways, or a script we do not place
    reader = _RunReader(api, handle, textpage, text, height)
    ranges: list[tuple[int, int]] = []
    start = 0
    for segment in text.split("\r\n"):
        end = start + len(segment)
        _object_ranges(api.text_object, handle, start, end, ranges)
        start = end + 2
    runs = reader.read(ranges)
    if runs is None or not _distinct(runs):
        return None
    lines: list[Line] = []
    current: list[_Run] = []
    for run in runs:
        if current:
            last = current[-1]
            if starts_new_line(
                last.baseline, last.size, last.last_x0, run.baseline, run.size, run.x0
            ):
                lines.append(_finish(current, page, reader) or reader.exact_line(current, page))
                current = []
        current.append(run)
    if current:
        lines.append(_finish(current, page, reader) or reader.exact_line(current, page))
    return mark_gaps(lines)


def _object_ranges(
    text_object: Callable[..., int | None],
    handle: ctypes.c_void_p,
    start: int,
    end: int,
    ranges: list[tuple[int, int]],
) -> None:
    """Add the index ranges of the text objects between ``start`` and ``end`` (a pdfium line).

    A text object's characters are consecutive, so each range's end is found by
    bisection (what the probes for one range saw beyond it narrows the next one);
    characters of no object (pdfium's generated spaces) are left out.
    """
    if end <= start:
        return
    last = text_object(handle, end - 1)
    first = text_object(handle, start)
    seen: list[tuple[int, int | None]] = []  # probes past the range found last
    while start < end:
        if not first:
            start += 1
            first = text_object(handle, start) if start < end else None
            continue
        if first == last:
            ranges.append((start, end))
            return
        low, high, found = start, end - 1, last  # low is in the object, high is not
        for index, probed in seen:
            if probed == first:
                low = max(low, index)
            elif index < high:
                high, found = index, probed
        while high - low > 1:
            middle = (low + high) >> 1
            probe = text_object(handle, middle)
            seen.append((middle, probe))
            if probe == first:
                low = middle
            else:
                high, found = middle, probe
        ranges.append((start, low + 1))
        start, first = high, found
        seen = [(index, probed) for index, probed in seen if index > high]


class _RunReader:
    """Reads a run's layout from its first and last characters."""

    def __init__(
        self, api: _Api, handle: ctypes.c_void_p, textpage: Any, text: str, height: float
    ) -> None:
        import pypdfium2.raw as raw

        self.api, self.handle, self.textpage = api, handle, textpage
        self.text, self.height = text, height
        # Most pages have no odd whitespace or soft hyphen: the text is shown as it is.
        self.shown = _ODD.sub(_shown, text) if _ODD.search(text) else text
        self.box = raw.FS_RECTF()
        self.box_ref = ctypes.byref(self.box)
        self.point = (ctypes.c_double * 2)()
        self.x_ref = ctypes.byref(self.point)
        self.y_ref = ctypes.byref(self.point, ctypes.sizeof(ctypes.c_double))

    def read(self, ranges: list[tuple[int, int]]) -> list[_Run] | None:
        """The runs of these index ranges; None when one is not a left-to-right line."""
        # One loop with everything in local names: this is the per-run cost of a page.
        loose_box, origin, handle = self.api.loose_box, self.api.origin, self.handle
        font_size, font_weight = self.api.font_size, self.api.font_weight
        box, box_ref, point = self.box, self.box_ref, self.point
        x_ref, y_ref = self.x_ref, self.y_ref
        shown, original, height = self.shown, self.text, self.height
        plain = shown is original
        runs: list[_Run] = []
        for start, end in ranges:
            text = shown[start:end]
            count = end - start
            loose_box(handle, start, box_ref)
            x0, x1, bottom = box.left, box.right, box.bottom
            origin(handle, start, x_ref, y_ref)
            size = font_size(handle, start)
            if size < 4:
                size = self._scaled(start, size)
            size = round(size, 1)
            last_x0, last_x1 = x0, x1
            if count > 1:
                loose_box(handle, end - 1, box_ref)
                last_x0, last_x1 = box.left, box.right
                if box.bottom != bottom or last_x0 < x0:
                    return None  # tilted, vertical or overprinted text
            spread = False
            if count > 2 and text[0] != " " and text[1] != " ":
                # Letter-spaced text and dot leaders: the word-gap rule applies inside
                # the run, which only single characters can tell.
                loose_box(handle, start + 1, box_ref)
                spread = box.left - x1 > _SPREAD * size
            blanks = text.count(" ")
            first_x0: float | None = x0
            if blanks == count:
                first_x0 = None
            elif text[0] == " ":
                loose_box(handle, start + count - len(text.lstrip(" ")), box_ref)
                first_x0 = box.left
            # Only " " itself stays out of the size vote; other whitespace counts.
            spaces = blanks if plain else original.count(" ", start, end)
            runs.append(
                _Run(
                    text,
                    start,
                    end,
                    x0,
                    first_x0,
                    last_x0,
                    last_x1,
                    height - point[1],
                    size,
                    font_weight(handle, start) >= 600,
                    count - spaces,
                    count - blanks,
                    spread,
                )
            )
        return runs

    def _scaled(self, index: int, size: float) -> float:
        """Some producers set text at size 1 and scale it with the text matrix."""
        import pypdfium2.raw as raw

        matrix = raw.FS_MATRIX()
        raw.FPDFText_GetMatrix(self.textpage, index, ctypes.byref(matrix))
        return size * (abs(matrix.d) or abs(matrix.b) or 1.0)

    def exact_line(self, runs: list[_Run], page: int) -> Line:
        """The line by the character rules, one pdfium call per character.

        Size, weight and baseline are the run's; only the boxes are read one by one.
        """
        import pypdfium2.raw as raw

        chars: list[Char] = []
        box, box_ref, handle = self.box, self.box_ref, self.handle
        for run in runs:
            for i in range(run.start, run.end):
                char = self.text[i]
                if char == " " and raw.FPDFText_IsGenerated(self.textpage, i):
                    continue  # pdfium's own space; the word-gap rule places ours
                if char in SOFT_HYPHENS:
                    char = "-"
                self.api.loose_box(handle, i, box_ref)
                chars.append(Char(char, box.left, box.right, run.baseline, run.size, run.bold))
        return finish_line(chars, page)


def _distinct(runs: list[_Run]) -> bool:
    """No two runs could hold the same glyph drawn twice at the same place.

    The character rules drop a glyph that repeats one on the same half-point grid
    cell; this checks that no such repeat is possible between runs.
    """
    rows: dict[int, list[tuple[int, int, str]]] = {}
    for run in runs:
        low, high = int(run.x0 * 2 + 0.5), int(run.last_x0 * 2 + 0.5)
        row = rows.setdefault(int(run.baseline * 2 + 0.5), [])
        for other_low, other_high, other_text in row:
            overlap = other_low <= high and low <= other_high
            if overlap and (set(other_text) & set(run.text)) - {" "}:
                return False
        row.append((low, high, run.text))
    return True


def _finish(runs: list[_Run], page: int, reader: _RunReader) -> Line | None:
    """``chars.finish_line`` for whole runs; None when only single characters can tell."""
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
    main = sorted([(run.baseline, len(run.text)) for run in runs if run.size == size])
    baseline = _median(main) if main else runs[0].baseline
    small, rise = SUPERSCRIPT_SIZE * size, SUPERSCRIPT_RISE * size
    raised = [
        run.size < small and baseline - run.baseline > rise and any(c.isdigit() for c in run.text)
        for run in runs
    ]
    if any(raised):
        built = _text_with_markers(runs, raised, size)
    else:
        built = _text(runs, size, _LineGaps(reader, runs, size))
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
    before: _Run, after: _Run, size: float, prev: str, char: str, gaps: _LineGaps | None = None
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

    def __init__(self, reader: _RunReader, runs: list[_Run], size: float) -> None:
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
        reader, size = self.reader, self.size
        loose_box, handle, box, box_ref = (
            reader.api.loose_box,
            reader.handle,
            reader.box,
            reader.box_ref,
        )
        inside: list[tuple[float, str, str]] = []
        gaps: list[float] = []
        prev, prev_x1 = " ", 0.0
        for run in self.runs:
            for i, char in enumerate(run.text):
                loose_box(handle, run.start + i, box_ref)
                if char != " " and prev != " ":
                    gaps.append(box.left - prev_x1)
                    if i:
                        inside.append((box.left - prev_x1, prev, char))
                prev, prev_x1 = char, box.right
        usual = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
        for gap, before, after in inside:
            tight = after in TIGHT_BEFORE or before in TIGHT_AFTER
            if gap > PUNCT_GAP * size or (not tight and gap > usual + WORD_GAP * size):
                return None  # the character rules would space letters of a run
        return usual


def _text(
    runs: list[_Run], size: float, gaps: _LineGaps
) -> tuple[str, list[tuple[int, str]]] | None:
    parts = [runs[0].text]
    for before, run in zip(runs, runs[1:], strict=False):
        prev, char = before.text[-1], run.text[0]
        if char != " " and prev != " ":
            space = _space_between(before, run, size, prev, char, gaps)
            if space is None:
                return None
            if space:
                parts.append(" ")
        parts.append(run.text)
    return "".join(parts), []


def _text_with_markers(
    runs: list[_Run], raised_runs: list[bool], size: float
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
