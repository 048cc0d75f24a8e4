"""pdfium runs read through ctypes: the reference of the C helper and its fallback.

``runs.py`` says what a run is and how a page's lines are made of runs; this module
reads them one pdfium call at a time (``python_runs``), checks that a page can be read
so (``open_reader``: the characters the run path cannot place) and that no two runs
could hold the same glyph drawn twice (``distinct_runs``). ``_pdfruns.c`` makes the
same checks and calls in one call a page; tests/test_ingest_pdf_runs_native.py holds
both to the same runs and lines.
"""

from __future__ import annotations

import ctypes
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.ingest.chars import SOFT_HYPHENS, Char, finish_line
from pipeline.ingest.lines import Line
from pipeline.ingest.runlines import SPREAD, Run

# Characters the run path cannot place, as ranges (first and last): NUL and U+FFFF
# (left out by the character rules), CR or LF outside a "\r\n" line break, and
# right-to-left scripts (pdfium reorders them).
UNSAFE_RANGES = (
    "\x00\x00",
    "\r\r",
    "\n\n",
    "\uffff\uffff",
    "\u0590\u08ff",
    "\ufb1d\ufdff",
    "\ufe70\ufefc",
)
_UNSAFE = re.compile(
    "[" + "".join(f"{re.escape(pair[0])}-{re.escape(pair[1])}" for pair in UNSAFE_RANGES) + "]"
)
# Whitespace other than " ", CR and LF, and soft hyphens: shown as " " and "-".
# (U+3000 is the last whitespace character.)
ODD_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \r\n")
SOFT_HYPHEN_CHARS = "".join(sorted(SOFT_HYPHENS))
_ODD = re.compile(f"[{re.escape(ODD_SPACES)}{SOFT_HYPHEN_CHARS}]")


# More runs than this over one place of one row: the page takes the character rules.
MAX_STACKED = 64


def _shown(match: re.Match[str]) -> str:
    return "-" if match.group() in SOFT_HYPHENS else " "


@dataclass(frozen=True, slots=True)
class PdfiumApi:
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
    # The addresses of these and FPDFText_GetMatrix, GetTextIndexFromCharIndex and
    # GetText, in the order _pdfruns.c takes them.
    addresses: tuple[int, ...]


@functools.cache
def pdfium_api() -> PdfiumApi:
    """The run path's pdfium functions and their addresses, made once."""
    import pypdfium2.raw as raw

    def address(function: Any) -> int:
        return ctypes.cast(function, ctypes.c_void_p).value or 0

    def untyped(function: Any, restype: Any) -> Any:
        return ctypes.CFUNCTYPE(restype)(address(function))

    functions = (
        raw.FPDFText_GetTextObject,
        raw.FPDFText_GetLooseCharBox,
        raw.FPDFText_GetCharOrigin,
        raw.FPDFText_GetFontSize,
        raw.FPDFText_GetFontWeight,
        raw.FPDFText_CountChars,
        raw.FPDFText_GetMatrix,
        raw.FPDFText_GetTextIndexFromCharIndex,
        raw.FPDFText_GetText,
    )
    return PdfiumApi(
        text_object=untyped(raw.FPDFText_GetTextObject, ctypes.c_void_p),
        loose_box=untyped(raw.FPDFText_GetLooseCharBox, ctypes.c_int),
        origin=untyped(raw.FPDFText_GetCharOrigin, ctypes.c_int),
        font_size=untyped(raw.FPDFText_GetFontSize, ctypes.c_double),
        font_weight=untyped(raw.FPDFText_GetFontWeight, ctypes.c_int),
        count_chars=untyped(raw.FPDFText_CountChars, ctypes.c_int),
        addresses=tuple(address(function) for function in functions),
    )


def open_reader(textpage: Any, text: str, height: float) -> RunReader | None:
    """The page's reader, or None when the run path cannot place its text."""
    api = pdfium_api()
    handle = ctypes.cast(textpage, ctypes.c_void_p)
    if len(text) != api.count_chars(handle) or _UNSAFE.search(text.replace("\r\n", "")):
        return None  # text index and character index part ways, or a script we do not place
    return RunReader(api, handle, textpage, text, height)


def python_runs(reader: RunReader) -> list[Run] | None:
    """The page's runs through ctypes: the reference of _pdfruns.c, and its fallback."""
    ranges: list[tuple[int, int]] = []
    start = 0
    for segment in reader.text.split("\r\n"):
        end = start + len(segment)
        _object_ranges(reader.api.text_object, reader.handle, start, end, ranges)
        start = end + 2
    return reader.read(ranges)


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
        if seen:
            seen = [(index, probed) for index, probed in seen if index > high]


class RunReader:
    """Reads a run's layout from its first and last characters."""

    def __init__(
        self, api: PdfiumApi, handle: ctypes.c_void_p, textpage: Any, text: str, height: float
    ) -> None:
        import pypdfium2.raw as raw

        self.api, self.handle, self.textpage = api, handle, textpage
        self.text, self.height = text, height
        self.box = raw.FS_RECTF()
        self.box_ref = ctypes.byref(self.box)
        self.point = (ctypes.c_double * 2)()
        self.x_ref = ctypes.byref(self.point)
        self.y_ref = ctypes.byref(self.point, ctypes.sizeof(ctypes.c_double))

    @functools.cached_property
    def shown(self) -> str:
        """The text as runs show it (the C helper makes its own)."""
        # Most pages have no odd whitespace or soft hyphen: the text is shown as it is.
        return _ODD.sub(_shown, self.text) if _ODD.search(self.text) else self.text

    def read(self, ranges: list[tuple[int, int]]) -> list[Run] | None:
        """The runs of these index ranges; None when one is not a left-to-right line."""
        # One loop with everything in local names: this is the per-run cost of a page.
        loose_box, origin, handle = self.api.loose_box, self.api.origin, self.handle
        font_size, font_weight = self.api.font_size, self.api.font_weight
        box, box_ref, point = self.box, self.box_ref, self.point
        x_ref, y_ref = self.x_ref, self.y_ref
        shown, original, height = self.shown, self.text, self.height
        plain = shown is original
        rounded: dict[float, float] = {}  # font sizes repeat: round each one once
        runs: list[Run] = []
        for start, end in ranges:
            text = shown[start:end]
            count = end - start
            loose_box(handle, start, box_ref)
            x0, x1, bottom = box.left, box.right, box.bottom
            origin(handle, start, x_ref, y_ref)
            size = font_size(handle, start)
            if size < 4:
                size = self._scaled(start, size)
            size = rounded.get(size) or rounded.setdefault(size, round(size, 1))
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
                spread = box.left - x1 > SPREAD * size
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
                Run(
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

    def boxes(self, start: int, end: int) -> list[tuple[float, float]]:
        """Left and right edges of characters ``start`` to ``end``, one call each."""
        loose_box, handle, box, box_ref = self.api.loose_box, self.handle, self.box, self.box_ref
        edges = []
        for index in range(start, end):
            loose_box(handle, index, box_ref)
            edges.append((box.left, box.right))
        return edges

    def exact_line(self, runs: list[Run], page: int) -> Line:
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


def distinct_runs(runs: list[Run]) -> bool:
    """No two runs could hold the same glyph drawn twice at the same place.

    The character rules drop a glyph that repeats one on the same half-point grid
    cell; this checks that no such repeat is possible between runs. Each row's runs
    are swept left to right, so the cost grows with the runs, not with their pairs;
    a row where more than ``MAX_STACKED`` runs overlap goes to the character rules.
    """
    rows: dict[int, list[tuple[int, int, int]]] = {}
    try:
        for index, run in enumerate(runs):
            low, high = int(run.x0 * 2 + 0.5), int(run.last_x0 * 2 + 0.5)
            rows.setdefault(int(run.baseline * 2 + 0.5), []).append((low, high, index))
    except (ValueError, OverflowError):
        return False  # a place that is not a number: the character rules decide
    for row in rows.values():
        if len(row) < 2:
            continue
        row.sort()
        active: list[tuple[int, int]] = []  # (high, index) of the runs reaching this far
        reach = -1  # the highest of them
        for low, high, index in row:
            if low > reach:
                active = []  # the usual case: the row's runs follow one another
            else:
                active = [item for item in active if item[0] >= low]
                if len(active) >= MAX_STACKED:
                    return False
                chars = set(runs[index].text)
                chars.discard(" ")
                if any(chars.intersection(runs[other].text) for _, other in active):
                    return False
            active.append((high, index))
            reach = max(reach, high) if active[:-1] else high
    return True
