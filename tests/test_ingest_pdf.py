"""PDF input that is not a document: encrypted, blank, not a PDF at all."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.errors import IngestError
from pipeline.ingest import load_document
from pipeline.ingest.lines import Page
from pipeline.ingest.pdf import read_pdf
from pipeline.ingest.runs import page_lines


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


# The run-at-a-time path must give the lines the per-character path gives. Each
# file is here for a layout: First Committee drafts and a resolution with footnote
# markers (raised digits, symbols set small), a 1997 layout that draws its header
# twice, a two-column report with dot leaders, a statement compendium with Arabic
# pages and letter-spaced leaders, slightly tilted text, and a page with ligatures.
RUN_PATH_SAMPLE = [
    "drafts/A_C.1_80_L.20.pdf",
    "batch/mandate_pipeline_first_committee_78-80/A_C.1_80_L.13.pdf",
    "batch/mandate_pipeline_first_committee_78-80/A_C.1_80_L.35.pdf",
    "resolutions/A_RES_78_16.pdf",
    "resolutions/A_RES_79_243.pdf",
    "batch/mandate_pipeline_first_committee_78-80/A_RES_78_59.pdf",
    "batch/ai_un_report_2025/A_RES_78_323.pdf",
    "batch/ai_un_report_2025/A_52_622.pdf",
    "batch/ai_un_report_2025/A_79_PV.64.pdf",
    "batch/ai_un_report_2025/PLACEHOLDER_A_78_1_not_in_ODS.pdf",
    "batch/ai_un_report_2025/A_HRC_RES_59_25.pdf",
    "batch/gatenlp_unga_samples/A_RES_73_7-EN.pdf",
    "other/Paris_Call_WG3_2021_Multistakeholder_participation_at_the_UN.pdf",
    "other/Paris_Call_2018_FR.pdf",
    "statements/A_AC.292_2025_INF_5.pdf",
]


def _line_rows(pages: list[Page]) -> list[tuple[object, ...]]:
    return [
        (
            line.page,
            line.text,
            line.x0,
            line.top,
            line.size,
            line.bold,
            line.markers,
            line.gap_before,
        )
        for page in pages
        for line in page.lines
    ]


@pytest.mark.parametrize("name", RUN_PATH_SAMPLE)
def test_run_path_gives_the_lines_of_the_character_path(corpus: Path, name: str) -> None:
    runs = read_pdf(corpus / name, engine="pdfium")
    chars = read_pdf(corpus / name, engine="pdfium-chars")
    assert _line_rows(runs) == _line_rows(chars)


def test_run_path_reads_most_pages_without_falling_back(corpus: Path) -> None:
    # A fallback on every page would pass the test above and lose the speed.
    path = corpus / "drafts/A_C.1_80_L.20.pdf"
    pdf = pdfium.PdfDocument(str(path))
    try:
        read = []
        for number, page in enumerate(pdf, start=1):
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            read.append(page_lines(textpage.raw, text, page.get_size()[1], number) is not None)
    finally:
        pdf.close()
    assert all(read)


@pytest.mark.parametrize("engine", ["pdfium", "pdfium-chars"])
def test_ligature_letters_are_kept(corpus: Path, engine: str) -> None:
    # pdfium gives "ffi" and "tt" ligatures as letters sharing one box; they once
    # read as duplicates of each other ("Oficial", "htps"). The page says
    # "the Official Document System" and "https://documents.un.org/contact-us".
    pages = read_pdf(corpus / "batch/ai_un_report_2025/PLACEHOLDER_A_78_1_not_in_ODS.pdf", engine)
    text = " ".join(line.text for page in pages for line in page.lines)
    assert "does not exist in the Official Document System" in text
    assert "https://documents.un.org/contact-us" in text


def test_doubled_header_glyphs_are_read_once(corpus: Path) -> None:
    # A/52/622 (1997) prints its masthead twice for a bold effect.
    for engine in ("pdfium", "pdfium-chars"):
        pages = read_pdf(corpus / "batch/ai_un_report_2025/A_52_622.pdf", engine)
        first = [line.text for line in pages[0].lines]
        assert not any("UNITEDUNITED" in text.replace(" ", "") for text in first)


def test_page_runs_hold_every_character_of_a_text_object_once(corpus: Path) -> None:
    # runs.page_runs makes every pdfium call of the run path (the bench times it
    # alone); its runs must partition the page's text: in order, without overlap, and
    # leaving out only pdfium's line breaks and the characters of no text object.
    import pypdfium2.raw as raw

    from pipeline.ingest.runs import page_runs

    pdf = pdfium.PdfDocument(str(corpus / "drafts/A_C.1_80_L.20.pdf"))
    try:
        for page in pdf:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            runs = page_runs(textpage.raw, text, page.get_size()[1])
            assert runs
            covered = [False] * len(text)
            end = 0
            for run in runs:
                assert end <= run.start < run.end <= len(text)
                end = run.end
                covered[run.start : run.end] = [True] * (run.end - run.start)
            for index, inside in enumerate(covered):
                in_object = bool(raw.FPDFText_GetTextObject(textpage.raw, index))
                assert inside == in_object, (index, text[index])
    finally:
        pdf.close()


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_the_bytes_given_are_what_is_read(corpus: Path, tmp_path: Path, engine: str) -> None:
    # load_document hashes the file's bytes and hands them on: the lines must come from
    # those bytes, not from the file read a second time (which may have changed since).
    given = corpus / "drafts/A_C.1_80_L.20.pdf"
    other = tmp_path / "other.pdf"
    other.write_bytes((corpus / "batch/ai_un_report_2025/A_52_622.pdf").read_bytes())
    from_bytes = read_pdf(other, engine, data=given.read_bytes())
    assert _line_rows(from_bytes) == _line_rows(read_pdf(given, engine))
    assert _line_rows(from_bytes) != _line_rows(read_pdf(other, engine))


def test_a_document_is_hashed_from_the_bytes_it_was_read_from(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is replaced after load_document read it: Document and hash still agree.
    path = tmp_path / "A_C.1_80_L.20.pdf"
    first = (corpus / "drafts/A_C.1_80_L.20.pdf").read_bytes()
    path.write_bytes(first)
    real_read = Path.read_bytes

    def read_then_replace(self: Path) -> bytes:
        data = real_read(self)
        if self == path:
            self.write_bytes(b"%PDF-1.4\n% replaced\n")
        return data

    monkeypatch.setattr(Path, "read_bytes", read_then_replace)
    doc = load_document(path)
    assert doc.sha256 == hashlib.sha256(first).hexdigest()
    assert doc.paragraphs
