"""Read a PDF into pages of ``Line`` objects.

Two engines feed the same line builder: pypdfium2 (fast; the default) and
pdfplumber (pdfminer.six; the reference). Both hand over characters with their
baseline, size and weight; ``_build_lines`` groups them into lines, drops glyphs
drawn twice (old layouts print headers twice for a bold effect) and turns raised
small digits into footnote markers instead of text, so "2013" followed by a
superscript "2" reads as the year 2013 with footnote 2.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.ingest.lines import Line, Page

ENGINES = ("pdfium", "pdfplumber")

# A superscript is at most this share of its line's font size...
_SUPERSCRIPT_SIZE = 0.82
# ...and its baseline sits at least this share of the line's size above the line's.
_SUPERSCRIPT_RISE = 0.18
# UN PDFs carry most spaces as characters; a missing one shows as a gap this share
# of the font size wider than the line's usual gap between letters (justified and
# kerned lines spread letters by up to about 0.1 of the size, so this is tight).
_WORD_GAP = 0.11
# Next to dashes, slashes and brackets, whose boxes are narrow, only a wide gap counts.
_PUNCT_GAP = 0.2
_TIGHT_AFTER = set("-\u2013\u2014/([\u201c\u2018")
_TIGHT_BEFORE = set("-\u2013\u2014/)].,;:\u2019\u201d")
# A vertical gap of more than this many times the font size opens a new block.
_GAP_LEADING = 1.45


_SKIP = frozenset("\r\n\x00\uffff")
# pdfium's text gives a line-end hyphen as U+FFFE (its code point is 0x02).
_SOFT_HYPHENS = frozenset("\x02\xad\ufffe")


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    baseline: float  # distance from the top of the page
    size: float
    bold: bool


def read_pdf(path: str | Path, engine: str = "pdfium") -> list[Page]:
    """Read every page of a PDF into lines.

    Args:
        path: The PDF file.
        engine: "pdfium" (pypdfium2) or "pdfplumber".

    Returns:
        One ``Page`` per page, in order.

    Raises:
        IngestError: The file is not a readable PDF (truncated, encrypted,
            corrupt) or has no text layer.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; choose one of {ENGINES}")
    reader = _pdfium_pages if engine == "pdfium" else _pdfplumber_pages
    pages = [
        Page(number=i + 1, lines=_build_lines(chars, i + 1), width=w, height=h)
        for i, (chars, w, h) in enumerate(reader(Path(path)))
    ]
    if not pages:
        raise IngestError(path, "the PDF has no pages")
    if not any(page.lines for page in pages):
        raise IngestError(path, "the PDF has no text layer (a scan without OCR?)")
    return pages


def _pdfium_pages(path: Path) -> Iterator[tuple[list[_Char], float, float]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        raise IngestError(path, _pdfium_reason(str(err))) from None
    try:
        for page in pdf:
            width, height = page.get_size()
            textpage = page.get_textpage()
            handle = textpage.raw
            chars: list[_Char] = []
            matrix = raw.FS_MATRIX()
            box = raw.FS_RECTF()
            x = ctypes.c_double()
            y = ctypes.c_double()
            box_ref, matrix_ref = ctypes.byref(box), ctypes.byref(matrix)
            x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
            # One call for the text of the page; its index i is character i.
            text = textpage.get_text_range()
            for i, char in enumerate(text):
                if char in _SKIP or (char == " " and raw.FPDFText_IsGenerated(handle, i)):
                    continue  # pdfium's own spaces and line breaks; we place our own
                if char in _SOFT_HYPHENS:
                    char = "-"  # pdfium reports a line-end hyphen as a soft hyphen
                raw.FPDFText_GetLooseCharBox(handle, i, box_ref)
                raw.FPDFText_GetCharOrigin(handle, i, x_ref, y_ref)
                size = raw.FPDFText_GetFontSize(handle, i)
                if size < 4:
                    # Some producers set text at size 1 and scale it with the text matrix.
                    raw.FPDFText_GetMatrix(handle, i, matrix_ref)
                    size *= abs(matrix.d) or abs(matrix.b) or 1.0
                chars.append(
                    _Char(
                        text=char,
                        x0=box.left,
                        x1=box.right,
                        baseline=height - y.value,
                        size=round(size, 1),
                        bold=raw.FPDFText_GetFontWeight(handle, i) >= 600,
                    )
                )
            textpage.close()
            page.close()
            yield chars, width, height
    except pdfium.PdfiumError as err:
        raise IngestError(path, _pdfium_reason(str(err))) from None
    finally:
        pdf.close()


def _pdfium_reason(message: str) -> str:
    lowered = message.lower()
    if "password" in lowered:
        return "the PDF is encrypted and needs a password"
    if "format" in lowered or "data" in lowered:
        return "not a readable PDF (truncated or corrupt)"
    return f"not a readable PDF ({message})"


def _pdfplumber_pages(path: Path) -> Iterator[tuple[list[_Char], float, float]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(path)
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect) as err:
        reason = (
            "the PDF is encrypted and needs a password"
            if "Password" in repr(err)
            else "not a readable PDF (truncated or corrupt)"
        )
        raise IngestError(path, reason) from None
    with pdf:
        try:
            for page in pdf.pages:
                chars = [
                    _Char(
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


def _build_lines(chars: Iterable[_Char], page: int) -> list[Line]:
    """Group characters in stream order into lines, keeping footnote markers apart."""
    lines: list[Line] = []
    current: list[_Char] = []
    seen: set[tuple[str, int, int]] = set()
    for ch in chars:
        # Glyphs drawn twice at (nearly) the same place are one glyph.
        key = (ch.text, int(ch.x0 * 2 + 0.5), int(ch.baseline * 2 + 0.5))
        if key in seen and not ch.text.isspace():
            continue
        seen.add(key)
        if current and _starts_new_line(current, ch):
            lines.append(_finish_line(current, page))
            current = []
        current.append(ch)
    if current:
        lines.append(_finish_line(current, page))
    lines = [line for line in lines if line.text]
    for prev, line in zip(lines, lines[1:], strict=False):
        if line.top is not None and prev.top is not None and prev.size:
            line.gap_before = line.top - prev.top > _GAP_LEADING * max(prev.size, line.size or 0)
    return lines


def _starts_new_line(current: list[_Char], ch: _Char) -> bool:
    last = current[-1]
    size = max(ch.size, last.size, 1.0)
    if abs(ch.baseline - last.baseline) > 0.6 * size:
        return True
    # Same baseline but the pen jumped far back left: a new line or column.
    return ch.x0 < last.x0 - 3 * size and abs(ch.baseline - last.baseline) > 0.5


def _keep_symbols(chars: list[_Char], raised: list[bool]) -> None:
    """Raised digits joined to a slash belong to a symbol set in a smaller size (A/RES/78/323)."""
    i = 0
    while i < len(chars):
        if not raised[i]:
            i += 1
            continue
        j = i
        while j < len(chars) and raised[j]:
            j += 1
        before = chars[i - 1].text if i else ""
        after = chars[j].text if j < len(chars) else ""
        if before == "/" or after == "/":
            raised[i:j] = [False] * (j - i)
        i = j


def _finish_line(chars: list[_Char], page: int) -> Line:
    sizes = Counter(c.size for c in chars if c.text != " ")
    size = sizes.most_common(1)[0][0] if sizes else chars[0].size
    main = [c.baseline for c in chars if c.size == size] or [chars[0].baseline]
    baseline = sorted(main)[len(main) // 2]
    text: list[str] = []
    markers: list[tuple[int, str]] = []
    prev: _Char | None = None
    gaps = sorted(
        b.x0 - a.x1
        for a, b in zip(chars, chars[1:], strict=False)
        if not (a.text.isspace() or b.text.isspace())
    )
    usual = gaps[len(gaps) // 2] if gaps else 0.0
    raised = [
        c.text.isdigit()
        and c.size < _SUPERSCRIPT_SIZE * size
        and baseline - c.baseline > _SUPERSCRIPT_RISE * size
        for c in chars
    ]
    _keep_symbols(chars, raised)
    for ch, is_marker in zip(chars, raised, strict=True):
        if is_marker:
            offset = len("".join(text).rstrip())
            if markers and markers[-1][0] == offset and prev is not None and prev.text.isdigit():
                markers[-1] = (offset, markers[-1][1] + ch.text)
            else:
                markers.append((offset, ch.text))
            prev = ch
            continue
        if prev is not None and not ch.text.isspace() and not (text and text[-1] == " "):
            gap = ch.x0 - prev.x1
            tight = ch.text in _TIGHT_BEFORE or prev.text in _TIGHT_AFTER
            if gap > _PUNCT_GAP * size or (not tight and gap > usual + _WORD_GAP * size):
                text.append(" ")
        text.append(" " if ch.text.isspace() else ch.text)
        prev = ch
    joined = "".join(text)
    stripped = joined.lstrip()
    shift = len(joined) - len(stripped)
    markers = [(max(0, off - shift), m) for off, m in markers]
    visible = [c for c in chars if not c.text.isspace()]
    return Line(
        text=stripped.rstrip(),
        page=page,
        x0=min((c.x0 for c in visible), default=chars[0].x0),
        top=baseline,
        size=size,
        bold=sum(c.bold for c in visible) > len(visible) / 2,
        markers=markers,
    )
