"""The C helper of the run path (pipeline/ingest/_pdfruns.c) against its Python reference.

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

from pipeline.ingest.pdf import page_text
from pipeline.ingest.pdf_limits import MAX_PAGE_CHARS
from pipeline.ingest.pdfruns_native import ENV_PDF_RUNS, built_reader, native_reader
from pipeline.ingest.runlines import SPREAD, Run
from pipeline.ingest.runs import _api, page_runs

needs_helper = pytest.mark.skipif(built_reader() is None, reason="_pdfruns was not built")


def _pages(path: Path) -> Iterator[tuple[Any, str, float]]:
    """Each page's raw text page handle, text and height, as ingest reads them."""
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        for index in range(len(pdf)):
            page = raw.FPDF_LoadPage(pdf.raw, index)
            textpage = raw.FPDFText_LoadPage(page)
            try:
                yield textpage, page_text(textpage), raw.FPDF_GetPageHeightF(page)
            finally:
                raw.FPDFText_ClosePage(textpage)
                raw.FPDF_ClosePage(page)
    finally:
        pdf.close()


@needs_helper
@pytest.mark.parametrize(
    "name",
    [
        "drafts/A_C.1_80_L.20.pdf",  # a plain draft: one run a line, the usual page
        "batch/ai_un_report_2025/A_52_826.pdf",  # runs that open with spaces; odd whitespace
        "batch/ai_un_report_2025/A_79_PV.64.pdf",  # size 1 scaled by the text matrix
        "batch/ai_un_report_2025/A_RES_78_323.pdf",  # a page the run path gives up (None)
        "statements/A_AC.292_2025_INF_5.pdf",  # letter-spaced runs and dot leaders (spread)
        # all of these at once, and soft hyphens
        "other/Paris_Call_WG3_2021_Multistakeholder_participation_at_the_UN.pdf",
    ],
)
def test_c_helper_gives_the_runs_of_the_python_path(corpus: Path, name: str) -> None:
    # Every field of every run compared (Run is a dataclass: == compares them all).
    read = 0
    for textpage, text, height in _pages(corpus / name):
        python = page_runs(textpage, text, height, native=False)
        native = page_runs(textpage, text, height, native=True)
        assert native == python
        read += python is not None
    assert read  # the file's pages are not all given up, or the test compares nothing


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
    raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


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
            read += python is not None
    assert 30 < read < 150  # both outcomes are compared: pages read and pages given up


@needs_helper
def test_c_helper_refuses_a_text_that_is_not_the_page(corpus: Path) -> None:
    # The C helper checks the lengths itself before it indexes anything: a text that
    # is not the page's, a shown text of another length or a page past the limit
    # gives None, never a read out of bounds.
    read_runs = built_reader()
    assert read_runs is not None
    addresses = _api().addresses
    pages = _pages(corpus / "drafts/A_C.1_80_L.20.pdf")  # kept: closing it closes the page
    textpage, text, height = next(pages)
    address = ctypes.cast(textpage, ctypes.c_void_p).value or 0

    def call(text: str, shown: str, limit: int = MAX_PAGE_CHARS) -> list[Run] | None:
        return read_runs(address, addresses, text, shown, height, SPREAD, Run, limit)

    assert call(text, text)  # the page itself reads
    assert call(text[:-1], text[:-1]) is None  # shorter than pdfium's count
    assert call(text + "x" * 1000, text + "x" * 1000) is None  # longer
    assert call(text, text[:-1]) is None  # shown and text part ways
    assert call(text, text, limit=len(text) - 1) is None  # past the page limit
    with pytest.raises(ValueError):
        read_runs(address, addresses[:-1], text, text, height, SPREAD, Run, MAX_PAGE_CHARS)
    with pytest.raises(ValueError):
        read_runs(0, addresses, text, text, height, SPREAD, Run, MAX_PAGE_CHARS)
    pages.close()


def test_the_environment_selects_the_python_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_PDF_RUNS, "python")
    assert native_reader() is None
    monkeypatch.delenv(ENV_PDF_RUNS)
    assert native_reader() is built_reader()
