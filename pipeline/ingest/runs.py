"""pdfium text read one run at a time: the fast path of the "pdfium" engine.

A run is the characters pdfium took from one PDF text object: one font, one size,
one baseline, the pen moving right. The line rules of ``chars.py`` (line breaks,
dominant size and baseline, weight, footnote markers, missing spaces) then need only
a run's first and last characters, so a page costs a few pdfium calls per run
(about a hundred runs a page) instead of five per character (about 2,500). Inside a
run, pdfium's text is taken as it is; the word-gap rule is applied between runs.

Where that could differ from the character rules, single characters decide:
- a gap between two runs close to the word-gap threshold, which depends on the
  line's usual gap between letters: the line's boxes are read one by one
  (``runlines._LineGaps``), one call a character;
- a line with a run whose first two letters stand apart (letter-spacing, dot
  leaders), or whose letters inside a run would take a space: the line is read by
  the character rules (``runreader.RunReader.exact_line``);
- a page with characters pdfium leaves out of its text, right-to-left script, a run
  not laid out left to right on one baseline, or two runs that could hold the same
  glyph drawn twice: ``page_lines`` returns None and the page is read by the
  character rules.
On the 293 PDFs of the corpus (1,181 pages, 50,864 lines) this path gives the very
lines of the character rules (tests/test_ingest_pdf.py checks a sample).

When the optional C helper was built (``pdfruns_native.py``), a page's runs are read
and its usual lines made in one call (``_pdfruns.c``, ``_pdflines.c``): the runs stay C
structs, footnote markers and the line's usual gap are read there too, and only the
lines it leaves to the character rules (letter-spacing, dot leaders: 56 of the
corpus's 50,858 lines) come back to ``finish_runs`` as Run objects. The Python path
(``page_lines`` below, the runs read through ctypes by ``runreader.py``) is its
reference and the fallback; both give the same runs and lines
(tests/test_ingest_pdf_runs_native.py, every page of the corpus).
"""

from __future__ import annotations

import ctypes
import functools
from typing import Any

from pipeline.ingest.chars import (
    GAP_LEADING,
    PUNCT_GAP,
    SUPERSCRIPT_RISE,
    SUPERSCRIPT_SIZE,
    TIGHT_AFTER,
    TIGHT_BEFORE,
    WORD_GAP,
    mark_gaps,
)
from pipeline.ingest.lines import Line
from pipeline.ingest.pdf_limits import MAX_PAGE_CHARS
from pipeline.ingest.pdfruns_native import NativeHelper, helper_for
from pipeline.ingest.runlines import SPREAD, USUAL_HIGH, USUAL_LOW, Run, finish_runs
from pipeline.ingest.runreader import (
    MAX_STACKED,
    ODD_SPACES,
    SOFT_HYPHEN_CHARS,
    UNSAFE_RANGES,
    RunReader,
    distinct_runs,
    open_reader,
    pdfium_api,
    python_runs,
)


def page_lines(
    textpage: Any, text: str, height: float, page: int, *, native: bool | None = None
) -> list[Line] | None:
    """The lines of one pdfium text page, read run by run.

    Args:
        textpage: The raw ``FPDF_TEXTPAGE`` handle.
        text: The page's text from ``FPDFText_GetText``.
        height: Page height in points.
        page: 1-based page number.
        native: False takes the Python path, True the C helper (an error when it was
            not built), None the C helper when it is there (``pdfruns_native``).

    Returns:
        The lines ``chars.build_lines`` would give, or None when the page needs the
        character rules.
    """
    helper = helper_for(native)
    if helper is not None:
        return _native_lines(helper, textpage, text, height, page)
    reader = open_reader(textpage, text, height)
    if reader is None:
        return None
    runs = python_runs(reader)
    if runs is None or not distinct_runs(runs):
        return None
    lines: list[Line] = []
    current: list[Run] = []
    last: Run | None = None
    for run in runs:
        if last is not None:
            # chars.starts_new_line, written out: it runs for every run of the page.
            rise = run.baseline - last.baseline
            rise = -rise if rise < 0 else rise
            size = run.size  # max(run.size, last.size, 1.0), without the call
            if last.size > size:
                size = last.size
            if 1.0 > size:
                size = 1.0
            if rise > 0.6 * size or (rise > 0.5 and run.x0 < last.last_x0 - 3 * size):
                lines.append(finish_runs(current, page, reader) or reader.exact_line(current, page))
                current = []
        current.append(run)
        last = run
    if current:
        lines.append(finish_runs(current, page, reader) or reader.exact_line(current, page))
    return mark_gaps(lines)


def _native_lines(
    helper: NativeHelper, textpage: Any, text: str, height: float, page: int
) -> list[Line] | None:
    """``page_lines`` by the C helper: the checks of ``_reader``, the runs, their check,
    the lines and their gaps in one call; a line it leaves to the character rules comes
    back to ``finish_runs`` as its runs."""
    api = pdfium_api()
    handle = ctypes.cast(textpage, ctypes.c_void_p)
    in_python: list[Line] = []

    @functools.cache
    def reader() -> RunReader:
        # Made for the first line Python finishes: most pages have none.
        return RunReader(api, handle, textpage, text, height)

    def finish(runs: list[Run]) -> Line:
        line = finish_runs(runs, page, reader()) or reader().exact_line(runs, page)
        in_python.append(line)
        return line

    made = helper.page_lines(
        handle.value, api.addresses, text, height, MAX_PAGE_CHARS, _rules(), page, Line, Run, finish
    )
    # The C marks the gaps between the lines it made; one made here leaves that to Python.
    return None if made is None else mark_gaps(made) if in_python else made


@functools.cache
def _rules() -> tuple[Any, ...]:
    """The rules of the run path and of the line, in the order _pdfruns.c takes them."""
    return (
        SPREAD,
        PUNCT_GAP,
        WORD_GAP,
        USUAL_HIGH + WORD_GAP,
        USUAL_LOW + WORD_GAP,
        SUPERSCRIPT_SIZE,
        SUPERSCRIPT_RISE,
        GAP_LEADING,
        "".join(sorted(TIGHT_BEFORE)),
        "".join(sorted(TIGHT_AFTER)),
        MAX_STACKED,
        "".join(UNSAFE_RANGES),
        ODD_SPACES,
        SOFT_HYPHEN_CHARS,
    )


def page_runs(
    textpage: Any, text: str, height: float, *, native: bool | None = None
) -> list[Run] | None:
    """The runs of one pdfium text page, which ``page_lines`` makes lines of.

    Every pdfium call of the run path is made here (bench/ingest_bench.py times this
    apart from the Python that makes lines); None when the page needs the character
    rules. ``native`` as in ``page_lines``.
    """
    helper = helper_for(native)
    if helper is not None:
        # The checks of open_reader and the calls of python_runs, in one call to _pdfruns.c.
        address = ctypes.cast(textpage, ctypes.c_void_p).value
        runs = helper.read_runs(
            address, pdfium_api().addresses, text, height, MAX_PAGE_CHARS, _rules(), Run
        )
    else:
        reader = open_reader(textpage, text, height)
        runs = None if reader is None else python_runs(reader)
    if runs is None or not distinct_runs(runs):
        return None
    return runs


def native_page_text(textpage: Any, *, native: bool | None = None) -> str | None:
    """``pdf.page_text`` by the C helper; None when it was not built or not asked for,
    or when pdfium's text indices are past what it reads (the Python then decides)."""
    helper = helper_for(native)
    if helper is None:
        return None
    address = ctypes.cast(textpage, ctypes.c_void_p).value
    return helper.page_text(address, pdfium_api().addresses, MAX_PAGE_CHARS)
