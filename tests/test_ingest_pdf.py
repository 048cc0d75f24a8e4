"""PDF input that is not a document: encrypted, blank, not a PDF at all."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.errors import IngestError
from pipeline.ingest import load_document


def _blank_pdf() -> bytes:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(612, 792)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    """A PDF whose standard security handler rejects the empty user password."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (
        b"trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R /ID [<"
        + b"ab" * 16
        + b"> <"
        + b"ab" * 16
        + b">] >>\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    return bytes(out)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_blank_pdf, "no text layer"),  # a scan without OCR looks like this
        (_encrypted_pdf, "encrypted"),
        (lambda: b"%PDF-1.7\n" + b"\x00" * 64, "not a readable PDF"),  # header, nothing else
        (lambda: b"<html>not a pdf</html>", "not a PDF"),  # an error page saved as .pdf
    ],
)
def test_unreadable_pdf_is_a_one_line_error(
    tmp_path: Path,
    engine: str,
    make,
    reason: str,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "input.pdf"
    path.write_bytes(make())
    with pytest.raises(IngestError) as err:
        load_document(path, engine=engine)
    assert str(err.value).startswith(f"{path}: ")
    assert reason in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        load_document(tmp_path / "nowhere.pdf")


def test_unknown_engine(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    path.write_bytes(_blank_pdf())
    with pytest.raises(ValueError, match="unknown PDF engine"):
        load_document(path, engine="ocr")
