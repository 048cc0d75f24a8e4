"""The run path's C helper (_pdfruns.c, _pdflines.c) against its Python reference.

Skipped when the helper was not built (no C compiler at install time): ingest then
takes the Python path, which these tests hold as the reference.
"""

from __future__ import annotations

import ctypes
import io
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from pipeline.ingest.lines import Line
from pipeline.ingest.pdf import page_text
from pipeline.ingest.pdf_limits import MAX_PAGE_CHARS
from pipeline.ingest.pdfruns_native import ENV_PDF_RUNS, built_helper, native_helper
from pipeline.ingest.runlines import Run, finish_runs
from pipeline.ingest.runreader import ODD_SPACES, SOFT_HYPHEN_CHARS, UNSAFE_RANGES, pdfium_api
from pipeline.ingest.runs import _rules, native_page_text, page_lines, page_runs

needs_helper = pytest.mark.skipif(built_helper() is None, reason="_pdfruns was not built")


def _pages(path: Path) -> Iterator[tuple[Any, str, float]]:
    """Each page's raw text page handle, text and height, as ingest reads them.

    The text by the Python reference, checked against the C helper's on the way (None,
    the C leaving the page to Python, is allowed here; the tests below count it).
    """
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        for index in range(len(pdf)):
            page = raw.FPDF_LoadPage(pdf.raw, index)
            textpage = raw.FPDFText_LoadPage(page)
            try:
                text = page_text(textpage, native=False)  # the reference
                assert native_page_text(textpage, native=True) in (text, None)
                yield textpage, text, raw.FPDF_GetPageHeightF(page)
            finally:
                raw.FPDFText_ClosePage(textpage)
                raw.FPDF_ClosePage(page)
    finally:
        pdf.close()


FIRST = "batch/mandate_pipeline_first_committee_78-80"
SAMPLE = [
    "drafts/A_C.1_80_L.20.pdf",  # a plain draft: one run a line, the usual page
    "batch/ai_un_report_2025/A_52_826.pdf",  # runs that open with spaces; odd whitespace
    "batch/ai_un_report_2025/A_79_PV.64.pdf",  # size 1 scaled by the text matrix
    "batch/ai_un_report_2025/A_RES_78_323.pdf",  # a page the run path gives up (None)
    "statements/A_AC.292_2025_INF_5.pdf",  # letter-spaced runs and dot leaders (spread)
    # all of these at once, and soft hyphens
    "other/Paris_Call_WG3_2021_Multistakeholder_participation_at_the_UN.pdf",
    "resolutions/A_RES_79_243.pdf",  # footnote markers: raised digits in smaller runs
]


@needs_helper
@pytest.mark.parametrize("name", SAMPLE)
def test_c_helper_gives_the_runs_and_lines_of_the_python_path(corpus: Path, name: str) -> None:
    # Every field of every run and every line compared (dataclasses: == compares all).
    read = 0
    for number, (textpage, text, height) in enumerate(_pages(corpus / name), 1):
        python = page_runs(textpage, text, height, native=False)
        native = page_runs(textpage, text, height, native=True)
        assert native == python
        lines = page_lines(textpage, text, height, number, native=False)
        assert page_lines(textpage, text, height, number, native=True) == lines
        read += lines is not None
    assert read  # the file's pages are not all given up, or the test compares nothing


@needs_helper
@pytest.mark.parametrize("name", SAMPLE)
def test_c_helper_reads_the_text_of_the_python_path(corpus: Path, name: str) -> None:
    pages = 0
    for textpage, text, _ in _pages(corpus / name):
        assert native_page_text(textpage, native=True) == text  # read, and the same
        assert native_page_text(textpage, native=False) is None
        pages += 1
    assert pages


@needs_helper
@pytest.mark.slow
def test_c_helper_gives_the_lines_of_the_python_path_on_every_corpus_page(corpus: Path) -> None:
    # Every page of every PDF of the corpus (1,181 pages, 19 of them given up), with
    # the gaps above lines the C marks (chars.mark_gaps) among the fields compared.
    pages = read = gaps = 0
    for path in sorted(corpus.rglob("*.pdf")):
        try:
            pdfium.PdfDocument(path.read_bytes()).close()
        except pdfium.PdfiumError:
            continue  # not a readable PDF: ingest says so before any run is read
        for number, (textpage, text, height) in enumerate(_pages(path), 1):
            lines = page_lines(textpage, text, height, number, native=False)
            assert page_lines(textpage, text, height, number, native=True) == lines, (path, number)
            pages += 1
            read += lines is not None
            gaps += sum(line.gap_before for line in lines or [])
    assert pages > 1000 and read > 0.9 * pages and gaps > 1000


def _saved(pdf: Any, page: Any) -> bytes:
    """The PDF's bytes once the page's new objects are written into its content."""
    raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return bytes(out.getvalue())


def _generated_page(rng: random.Random) -> bytes:
    """A page of a few text objects: sizes set small and scaled, rows shared, some tilted."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(612, 792)
    for _ in range(rng.randint(1, 8)):
        font = rng.choice([b"Helvetica", b"Helvetica-Bold", b"Times-Roman"])
        text_object = raw.FPDFPageObj_NewTextObj(pdf.raw, font, rng.choice([1.0, 3.0, 10.0, 12.0]))
        text = "".join(
            rng.choice("ab XY12.,;-\u00ad\u00a0\t\u2003()") for _ in range(rng.randint(1, 30))
        )
        units = (text + "\0").encode("utf-16-le")
        raw.FPDFText_SetText(
            text_object, (ctypes.c_ushort * (len(units) // 2)).from_buffer_copy(units)
        )
        scale, tilt = rng.choice([1.0, 1.0, 2.0, 12.0, 0.5]), rng.choice([0.0] * 20 + [0.3])
        x = rng.choice([50.0, 120.0, 300.0, rng.uniform(0, 500)])
        y = rng.choice([700.0, 680.0, 650.0, rng.uniform(0, 780)]) + rng.choice([0.0, 0.0, 3.0])
        raw.FPDFPageObj_Transform(text_object, scale, tilt, -tilt, scale, x, y)
        raw.FPDFPage_InsertObject(page.raw, text_object)
    return _saved(pdf, page)


@needs_helper
def test_c_helper_gives_the_runs_of_the_python_path_on_generated_pages(tmp_path: Path) -> None:
    # Layouts the corpus has few of: tilted runs (None), overprints, size 1 scaled up,
    # runs opening with spaces, odd whitespace and soft hyphens (a fixed seed).
    rng = random.Random(26)
    read = 0
    for number in range(150):
        path = tmp_path / f"{number}.pdf"
        path.write_bytes(_generated_page(rng))
        for textpage, text, height in _pages(path):
            python = page_runs(textpage, text, height, native=False)
            assert page_runs(textpage, text, height, native=True) == python
            lines = page_lines(textpage, text, height, 1, native=False)
            assert page_lines(textpage, text, height, 1, native=True) == lines
            read += python is not None
    assert 30 < read < 150  # both outcomes are compared: pages read and pages given up


def _hostile_page(rng: random.Random) -> bytes:
    """Text objects no real document has: sizes 0, negative or huge, coordinates past
    1e30, a page a thousandth of a point high, NUL, CR, LF and right-to-left letters."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(rng.choice([612, 1e-3, 1e6]), rng.choice([792, 1e-3, 1e7]))
    for _ in range(rng.randint(1, 15)):
        font = rng.choice([b"Helvetica", b"Times-Roman", b"Courier"])
        size = rng.choice([0.0, 1.0, 3.0, 10.0, 1e6, -5.0])
        text_object = raw.FPDFPageObj_NewTextObj(pdf.raw, font, size)
        letters = "ab XY12.,;-/()\u00ad\u00a0\t\u2003\u05d0\u0663\r\n\x00\ufffe12345"
        text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 40)))
        units = (text + "\0").encode("utf-16-le")
        raw.FPDFText_SetText(
            text_object, (ctypes.c_ushort * (len(units) // 2)).from_buffer_copy(units)
        )
        scale = [rng.choice([1.0, 0.0, -1.0, 1e20, 1e-20, 3.0]) for _ in range(2)]
        x = rng.choice([50.0, -1e30, 1e30, rng.uniform(0, 600)])
        y = rng.choice([700.0, 700.0, 701.0, -1e30, 1e30, rng.uniform(0, 800)])
        raw.FPDFPageObj_Transform(text_object, scale[0], rng.choice([0, 0, 0.5]), 0, scale[1], x, y)
        raw.FPDFPage_InsertObject(page.raw, text_object)
    return _saved(pdf, page)


@needs_helper
def test_c_helper_gives_the_python_path_on_hostile_layouts(tmp_path: Path) -> None:
    # What pdfium hands over is untrusted: the C gives what the Python gives (or the
    # page up, as it does) and reads nothing out of bounds (ASan-clean on 1,400 such
    # pages when the helper was built with -fsanitize=address,undefined).
    rng = random.Random(27)
    read = 0
    for number in range(80):
        path = tmp_path / f"{number}.pdf"
        path.write_bytes(_hostile_page(rng))
        for textpage, text, height in _pages(path):
            assert native_page_text(textpage, native=True) in (text, None)
            python = page_runs(textpage, text, height, native=False)
            assert page_runs(textpage, text, height, native=True) == python
            lines = page_lines(textpage, text, height, 1, native=False)
            assert page_lines(textpage, text, height, 1, native=True) == lines
            read += lines is not None
    assert 5 < read < 80  # pages read and pages given up


def _row_page(rng: random.Random) -> bytes:
    """Rows of runs side by side: gaps around the word-gap threshold, raised digits.

    Each run starts where the one before ends (pdfium's bounds of it) plus a gap of
    a share of the size, so the gap rule, the line's usual gap, footnote markers,
    sizes voted for and baselines off by a little all come up.
    """
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(612, 792)
    y = 760.0
    for _ in range(rng.randint(1, 12)):
        x, size = rng.uniform(20, 80), rng.choice([9.0, 10.0, 12.0])
        for _ in range(rng.randint(1, 6)):
            raised = rng.random() < 0.2
            run_size = size * 0.6 if raised else rng.choice([size, size, size * 0.9])
            font = rng.choice([b"Helvetica", b"Helvetica-Bold", b"Times-Roman"])
            text_object = raw.FPDFPageObj_NewTextObj(pdf.raw, font, run_size)
            letters = "12" if raised else "ab cd-/().,;:\u2019\u201c12 "
            text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
            units = (text + "\0").encode("utf-16-le")
            raw.FPDFText_SetText(
                text_object, (ctypes.c_ushort * (len(units) // 2)).from_buffer_copy(units)
            )
            rise = size * rng.choice([0.3, 0.4]) if raised else rng.choice([0.0] * 6 + [0.3])
            raw.FPDFPageObj_Transform(text_object, 1, 0, 0, 1, x, y + rise)
            raw.FPDFPage_InsertObject(page.raw, text_object)
            bounds = [ctypes.c_float() for _ in range(4)]  # left, bottom, right, top
            raw.FPDFPageObj_GetBounds(text_object, *map(ctypes.byref, bounds))
            x = bounds[2].value + size * rng.choice(
                [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, rng.uniform(-0.1, 0.4)]
            )
        y -= size * rng.choice([1.2, 1.5, 2.0])
    return _saved(pdf, page)


@needs_helper
def test_c_helper_gives_the_lines_of_the_python_path_on_generated_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Lines of several runs, which the C makes itself or hands to Python: both are
    # compared, and both must come up (a fixed seed).
    finished = _count_python_lines(monkeypatch)
    rng = random.Random(2026)
    lines_read = 0
    for number in range(120):
        path = tmp_path / f"{number}.pdf"
        path.write_bytes(_row_page(rng))
        for textpage, text, height in _pages(path):
            lines = page_lines(textpage, text, height, 1, native=False)
            before = finished[0]
            assert page_lines(textpage, text, height, 1, native=True) == lines
            lines_read += len(lines or [])
            finished[1] += finished[0] - before
    assert finished[1] > 20 and lines_read - finished[1] > 100  # both ways, often


def _count_python_lines(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count runlines.finish_runs calls: [all calls, those of the C path]."""
    from pipeline.ingest import runs

    count = [0, 0]

    def counted(*args: Any) -> Line | None:
        count[0] += 1
        return finish_runs(*args)

    monkeypatch.setattr(runs, "finish_runs", counted)
    return count


@needs_helper
@pytest.mark.parametrize(
    ("name", "python_lines", "markers"),
    [
        ("drafts/A_C.1_80_L.20.pdf", (0, 0), 0),  # plain lines: all made in C
        (f"{FIRST}/A_RES_79_53.pdf", (0, 0), 40),  # footnote markers: made in C too
        ("statements/A_AC.292_2025_INF_5.pdf", (10, 40), 0),  # letter-spacing: Python's
    ],
)
def test_c_helper_makes_the_usual_lines_itself(
    corpus: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    python_lines: tuple[int, int],
    markers: int,
) -> None:
    # The speed of the helper is in the lines it makes without Python: on the corpus,
    # 56 of 50,858 lines go to Python (letter-spaced runs and dot leaders).
    finished = _count_python_lines(monkeypatch)
    made = found = 0
    for number, (textpage, text, height) in enumerate(_pages(corpus / name), 1):
        lines = page_lines(textpage, text, height, number, native=True) or []
        made += len(lines)
        found += sum(len(line.markers) for line in lines)
    low, high = python_lines
    assert made > 40 and low <= finished[0] <= high and found >= markers


@needs_helper
def test_c_helper_refuses_a_text_that_is_not_the_page(corpus: Path) -> None:
    # The C helper checks the length itself before it indexes anything: a text that
    # is not the page's or a page past the limit gives None, never a read out of bounds.
    helper = built_helper()
    assert helper is not None
    addresses = pdfium_api().addresses
    pages = _pages(corpus / "drafts/A_C.1_80_L.20.pdf")  # kept: closing it closes the page
    textpage, text, height = next(pages)
    address = ctypes.cast(textpage, ctypes.c_void_p).value or 0
    rules = _rules()

    def runs(text: str, limit: int = MAX_PAGE_CHARS) -> list[Run] | None:
        return helper.read_runs(address, addresses, text, height, limit, rules, Run)

    def lines(text: str, limit: int = MAX_PAGE_CHARS) -> list[Line] | None:
        # ``len`` stands for the Python that finishes a line.
        return helper.page_lines(address, addresses, text, height, limit, rules, 1, Line, Run, len)

    for call in (runs, lines):
        assert call(text)  # the page itself reads
        assert call(text[:-1]) is None  # shorter than pdfium's count
        assert call(text + "x" * 1000) is None  # longer
        assert call(text, limit=len(text) - 1) is None  # past the page limit
    with pytest.raises(ValueError):
        helper.read_runs(address, addresses[:-1], text, height, MAX_PAGE_CHARS, rules, Run)
    with pytest.raises(ValueError):
        helper.read_runs(0, addresses, text, height, MAX_PAGE_CHARS, rules, Run)
    with pytest.raises(TypeError):
        helper.page_lines(address, addresses, text, height, MAX_PAGE_CHARS, (), 1, Line, Run, len)
    with pytest.raises(ValueError):  # unsafe ranges come in pairs
        helper.read_runs(
            address,
            addresses,
            text,
            height,
            MAX_PAGE_CHARS,
            (*rules[:-3], "\x00", *rules[-2:]),
            Run,
        )
    pages.close()


@needs_helper
def test_c_helper_shows_and_refuses_characters_as_the_python_path(corpus: Path) -> None:
    # The C helper makes its own shown text and unsafe check (runreader.open_reader
    # and RunReader.shown): every odd space and soft hyphen shown, every unsafe range's
    # ends and lone CR and LF refused, "\r\n" kept as a line break, put in place of
    # letters of a real page's text.
    pages = _pages(corpus / "drafts/A_C.1_80_L.20.pdf")
    textpage, text, height = next(pages)
    letters = [i for i, char in enumerate(text) if char.isalpha()]

    def put(chars: str, start: int) -> str:
        changed = list(text)
        for k, char in enumerate(chars):
            changed[letters[(start + 37 * k) % len(letters)]] = char
        return "".join(changed)

    shown = ODD_SPACES + SOFT_HYPHEN_CHARS + "\u00e9\u2019\u3001\U0001f600"
    texts = [put(char, k) for k, char in enumerate(shown)] + [put(shown, 0)]
    refused = [put(char, k) for k, char in enumerate("".join(UNSAFE_RANGES))]
    word = text.index("Assembly")  # letters in a row

    def put_together(chars: str) -> str:
        return text[:word] + chars + text[word + len(chars) :]

    refused += [put("\r", 5), put("\n", 9), put_together("\n\r"), put_together("\r\r\n")]
    broken = put_together("\r\n")  # two letters become a line break: runs part there
    for changed in [*texts, *refused, broken]:
        python = page_runs(textpage, changed, height, native=False)
        assert page_runs(textpage, changed, height, native=True) == python
        assert (python is None) == (changed in refused)
        lines = page_lines(textpage, changed, height, 1, native=False)
        assert page_lines(textpage, changed, height, 1, native=True) == lines
    assert any(" " in run.text for run in page_runs(textpage, texts[0], height) or [])
    pages.close()


@needs_helper
def test_an_error_in_a_python_line_goes_through(corpus: Path) -> None:
    # A line the C hands to Python raises: the error reaches the caller, the page's
    # runs and lines are let go (no crash, nothing half made is returned).
    helper = built_helper()
    assert helper is not None
    addresses = pdfium_api().addresses

    def fail(runs: list[Run]) -> Line:
        raise LookupError(len(runs))

    for textpage, text, height in _pages(corpus / "statements/A_AC.292_2025_INF_5.pdf"):
        address = ctypes.cast(textpage, ctypes.c_void_p).value or 0
        try:
            helper.page_lines(
                address, addresses, text, height, MAX_PAGE_CHARS, _rules(), 1, Line, Run, fail
            )
        except LookupError:
            return
    pytest.fail("no line of A/AC.292/2025/INF/5 went to Python")


def test_the_environment_selects_the_python_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_PDF_RUNS, "python")
    assert native_helper() is None
    monkeypatch.delenv(ENV_PDF_RUNS)
    assert native_helper() is built_helper()
