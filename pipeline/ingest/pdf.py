"""Read a PDF into pages of ``Line`` objects.

Three engines feed the same line rules (``chars.py``): "pdfium" (pypdfium2, the
default) reads one text run at a time (``runs.py``) and falls back to single
characters where a run's rules cannot be applied whole; "pdfium-chars" reads every
character through pdfium (the slow check of the fast path); "pdfplumber"
(pdfminer.six) is the reference. Before either reads a byte of text, the file is
checked against the limits of ``pdf_bounds.py``; pages, characters per page and
characters in all are counted as pdfium opens them.
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import IngestError
from pipeline.ingest.chars import Char, build_lines, pdfium_chars
from pipeline.ingest.lines import Line, Page
from pipeline.ingest.pdf_bounds import check_pdf
from pipeline.ingest.pdf_limits import (
    MAX_DOCUMENT_CHARS,
    MAX_PAGE_CHARS,
    MAX_PAGES,
    PdfLimitError,
)
from pipeline.ingest.pdfruns_native import native_helper
from pipeline.ingest.runs import native_page_text, page_lines

ENGINES = ("pdfium", "pdfium-chars", "pdfplumber")


def read_pdf(path: str | Path, engine: str = "pdfium", *, data: bytes | None = None) -> list[Page]:
    """Read every page of a PDF into lines.

    Args:
        path: The PDF file.
        engine: "pdfium" (pypdfium2, a text run at a time), "pdfium-chars"
            (pypdfium2, a character at a time) or "pdfplumber".
        data: The file's bytes when the caller has read them (``load_document`` hashes
            them): what is checked and read is then what was hashed, read once.

    Returns:
        One ``Page`` per page, in order.

    Raises:
        PdfLimitError: The file goes past a reading limit (``pdf_bounds.py``).
        IngestError: The file is not a readable PDF (truncated, encrypted,
            corrupt) or has no text layer.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; choose one of {ENGINES}")
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as err:
            raise IngestError(path, f"cannot be read ({err.strerror or err})") from None
    check_pdf(path, data, deep=engine == "pdfplumber")
    read: Iterator[tuple[list[Line], float, float]]
    if engine == "pdfplumber":
        read = (
            (build_lines(chars, i + 1), w, h)
            for i, (chars, w, h) in enumerate(_pdfplumber_pages(Path(path), data))
        )
    else:
        read = _pdfium_pages(Path(path), data, runs=engine == "pdfium")
    pages = [
        Page(number=i + 1, lines=lines, width=w, height=h) for i, (lines, w, h) in enumerate(read)
    ]
    if not pages:
        raise IngestError(path, "the PDF has no pages")
    if not any(page.lines for page in pages):
        raise IngestError(path, "the PDF has no text layer (a scan without OCR?)")
    return pages


def _pdfium_pages(path: Path, data: bytes, runs: bool) -> Iterator[tuple[list[Line], float, float]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from pypdfium2.internal import ErrorToStr

    # From the bytes already read (and checked): pdfium reads no file itself. The
    # document, its pages and text pages through pdfium's C functions: pypdfium2's
    # objects (finalizers, parent links) cost a tenth of what reading a page costs, and
    # its document object a quarter of what opening a short file costs.
    pdf = raw.FPDF_LoadMemDocument64(data, len(data), None)
    try:
        count = raw.FPDF_GetPageCount(pdf)  # 0 for a document pdfium could not open
        if count < 1:
            # pypdfium2's words for it, as ``pdfium.PdfDocument`` raises them.
            error = ErrorToStr.get(raw.FPDF_GetLastError())
            raise IngestError(path, _pdfium_reason(f"Failed to load document (PDFium: {error})."))
        if count > MAX_PAGES:
            raise PdfLimitError(path, f"{count:,} pages, more than {MAX_PAGES:,} (the limit)")
        total = 0
        # Whether the C helper reads the pages, settled once a document: asked of the
        # environment by page_text and page_lines, it was read twice a page.
        native = native_helper() is not None
        for index in range(count):
            page = raw.FPDF_LoadPage(pdf, index)
            if not page:
                raise pdfium.PdfiumError("Failed to load page.")
            textpage = None
            try:
                width, height = raw.FPDF_GetPageWidthF(page), raw.FPDF_GetPageHeightF(page)
                textpage = raw.FPDFText_LoadPage(page)
                if not textpage:
                    raise pdfium.PdfiumError("Failed to load text page.")
                total += _count_chars(path, textpage, index + 1, total)
                text = page_text(textpage, native=native)
                lines = (
                    page_lines(textpage, text, height, index + 1, native=native) if runs else None
                )
                if lines is None:
                    chars = pdfium_chars(textpage, text, height, 0, len(text))
                    lines = build_lines(chars, index + 1)
            finally:
                if textpage:
                    raw.FPDFText_ClosePage(textpage)
                raw.FPDF_ClosePage(page)
            yield lines, width, height
    except pdfium.PdfiumError as err:
        raise IngestError(path, _pdfium_reason(str(err))) from None
    finally:
        if pdf:
            raw.FPDF_CloseDocument(pdf)


def _count_chars(path: Path, textpage: Any, page: int, before: int) -> int:
    """A page's characters, checked against the page's and the document's limits."""
    import pypdfium2.raw as raw

    count = int(raw.FPDFText_CountChars(textpage))
    if count > MAX_PAGE_CHARS:
        raise PdfLimitError(
            path,
            f"page {page} holds {count:,} characters, more than {MAX_PAGE_CHARS:,} (the limit)",
        )
    if before + count > MAX_DOCUMENT_CHARS:
        raise PdfLimitError(
            path, f"more than {MAX_DOCUMENT_CHARS:,} characters in all pages (the limit)"
        )
    return count


def page_text(textpage: Any, *, native: bool | None = None) -> str:
    """A text page's text, index i being character i, as pypdfium2's ``get_text_range()``.

    pdfium leaves some characters out of its text; those at either end are skipped
    before the call (pdfium would read past the range otherwise). The C helper reads it
    in one call when it was built (``native`` as in ``runs.page_lines``); the Python
    below is its reference and the fallback.
    """
    import pypdfium2.raw as raw

    text = native_page_text(textpage, native=native)
    if text is not None:
        return text
    count = raw.FPDFText_CountChars(textpage)
    first, last = 0, count - 1
    while first <= last and raw.FPDFText_GetTextIndexFromCharIndex(textpage, first) == -1:
        first += 1
    if first > last:
        return ""
    while raw.FPDFText_GetTextIndexFromCharIndex(textpage, last) == -1:
        last -= 1
    text_first = raw.FPDFText_GetTextIndexFromCharIndex(textpage, first)
    text_last = raw.FPDFText_GetTextIndexFromCharIndex(textpage, last)
    size = max(text_last + 2 - text_first, 0)
    # pdfium writes the characters asked for and a NUL, whatever the text indices say.
    buffer = (ctypes.c_ushort * max(size, last + 2 - first))()
    written = raw.FPDFText_GetText(textpage, first, last + 1 - first, buffer)
    units = min(max(written - 1, 0), size)
    return bytes(memoryview(buffer)[:units]).decode("utf-16-le", errors="ignore")


def _pdfium_reason(message: str) -> str:
    lowered = message.lower()
    if "password" in lowered:
        return "the PDF is encrypted and needs a password"
    if "format" in lowered or "data" in lowered:
        return "not a readable PDF (truncated or corrupt)"
    return f"not a readable PDF ({message})"


def _pdfplumber_pages(path: Path, data: bytes) -> Iterator[tuple[list[Char], float, float]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        # The bytes checked (and hashed), not the file read again.
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect) as err:
        reason = (
            "the PDF is encrypted and needs a password"
            if "Password" in repr(err)
            else "not a readable PDF (truncated or corrupt)"
        )
        raise IngestError(path, reason) from None
    with pdf:
        try:
            if len(pdf.pages) > MAX_PAGES:
                raise PdfLimitError(
                    path, f"{len(pdf.pages):,} pages, more than {MAX_PAGES:,} (the limit)"
                )
            total = 0
            for number, page in enumerate(pdf.pages, 1):
                if len(page.chars) > MAX_PAGE_CHARS:
                    raise PdfLimitError(
                        path,
                        f"page {number} holds {len(page.chars):,} characters, "
                        f"more than {MAX_PAGE_CHARS:,} (the limit)",
                    )
                total += len(page.chars)
                if total > MAX_DOCUMENT_CHARS:
                    raise PdfLimitError(
                        path,
                        f"more than {MAX_DOCUMENT_CHARS:,} characters in all pages (the limit)",
                    )
                chars = [
                    Char(
                        text=c["text"],
                        x0=c["x0"],
                        x1=c["x1"],
                        baseline=page.height - c["matrix"][5],
                        size=round(c["size"], 1),
                        bold="Bold" in c["fontname"] or "Black" in c["fontname"],
                    )
                    for c in page.chars
                    if c["text"] not in ("\n", "\r")
                ]
                yield chars, float(page.width), float(page.height)
                page.close()
        except (PdfminerException, PDFSyntaxError) as err:
            raise IngestError(path, f"not a readable PDF ({err})") from None
