"""The reading limits a PDF's bytes are checked against (issue 27, PDFs).

The hostile files are written by hand (tests/hostile/hostile_pdfs.py); a corpus PDF
shows that real documents stand far below each limit.
"""

from __future__ import annotations

import binascii
import functools
import sys
import zlib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "hostile"))

from hostile_pdfs import (  # noqa: E402
    GOOD_TEXT,
    build,
    inflation_bomb,
    one_page,
    operators,
    reference_chain,
    reference_cycle,
    repeated_kids,
)

from pipeline.errors import IngestError  # noqa: E402
from pipeline.ingest import load_document  # noqa: E402
from pipeline.ingest.pdf import read_pdf  # noqa: E402
from pipeline.ingest.pdf_bounds import (  # noqa: E402
    MAX_PDFMINER_CONTENT,
    MAX_REF_DEPTH,
    MAX_STREAM_BYTES,
    PdfLimitError,
    check_pdf,
)

SEVENTY_MIB = b" " * (70 * 2**20)


@functools.cache
def squeezed() -> bytes:
    """70 MiB of spaces deflated (about 70 KB)."""
    return zlib.compress(SEVENTY_MIB, 1)


def test_a_plain_page_passes_and_reads() -> None:
    data = one_page(zlib.compress(GOOD_TEXT), b"/FlateDecode")
    scan = check_pdf("good.pdf", data, deep=True)
    assert scan.streams == 1 and scan.largest_content == len(GOOD_TEXT)
    assert scan.ref_depth >= 2  # page -> font at least


def test_a_corpus_pdf_stands_far_below_every_limit(corpus: Path) -> None:
    path = corpus / "resolutions/A_RES_80_16.pdf"
    scan = check_pdf(path, path.read_bytes(), deep=True)
    assert scan.ref_depth < MAX_REF_DEPTH // 4
    assert scan.largest_content < MAX_PDFMINER_CONTENT // 4
    assert load_document(path).paragraphs


def test_an_inflation_bomb_is_refused_before_pdfium_reads_it(tmp_path: Path) -> None:
    data = inflation_bomb()
    assert len(data) < 8_000
    path = tmp_path / "bomb.pdf"
    path.write_bytes(data)
    with pytest.raises(PdfLimitError, match="decodes to more than 64 MiB"):
        read_pdf(path)


@pytest.mark.parametrize(
    ("data", "filters"),
    [
        (b"hex", b"[/AHx /Fl]"),
        (b"flate", b"/FlateDecode"),
    ],
    ids=["hex-then-flate", "flate"],
)
def test_a_filter_chain_is_followed(data: bytes, filters: bytes) -> None:
    data = binascii.hexlify(squeezed()) + b">" if data == b"hex" else squeezed()
    with pytest.raises(PdfLimitError, match="decodes to more than"):
        check_pdf("chain.pdf", one_page(data, filters))


def test_a_length_that_lies_changes_nothing() -> None:
    data = build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
            b"<< /Length 10 /Filter /FlateDecode >>\nstream\n" + squeezed() + b"\nendstream",
        ]
    )
    with pytest.raises(PdfLimitError):
        check_pdf("length.pdf", data)


def test_an_image_is_not_decoded_unless_it_is_content() -> None:
    image = b"<< /Subtype /Image /Width 1 /Height 1 /Filter /FlateDecode >>\nstream\n"
    drawn = one_page(GOOD_TEXT).replace(b"/Contents 5 0 R", b"/Contents 5 0 R /X 6 0 R")
    as_image = drawn.replace(
        b"trailer", b"6 0 obj\n" + image + squeezed() + b"\nendstream\nendobj\ntrailer"
    )
    assert check_pdf("image.pdf", as_image).largest_stream < MAX_STREAM_BYTES
    as_content = as_image.replace(b"/Contents 5 0 R", b"/Contents [5 0 R 6 0 R]")
    with pytest.raises(PdfLimitError):
        check_pdf("image.pdf", as_content)


def test_repeated_kids_are_refused() -> None:
    with pytest.raises(PdfLimitError, match="lists object 4 twice"):
        check_pdf("kids.pdf", repeated_kids(3))


@pytest.mark.parametrize("builder", [reference_chain, reference_cycle])
def test_deep_references_are_refused_before_pdfminer(tmp_path: Path, builder: object) -> None:
    data = builder()  # type: ignore[operator]
    check_pdf("refs.pdf", data)  # pdfium resolves one level at a time: no walk
    with pytest.raises(PdfLimitError, match="deeper than 64|cycle"):
        check_pdf("refs.pdf", data, deep=True)
    path = tmp_path / "refs.pdf"
    path.write_bytes(data)
    with pytest.raises(PdfLimitError):
        read_pdf(path, engine="pdfplumber")


def test_a_short_chain_is_followed_to_its_end() -> None:
    assert check_pdf("short.pdf", reference_chain(10), deep=True).ref_depth >= 10


def test_branching_references_are_refused() -> None:
    # 40 levels, each naming the next twice: 2**40 paths, within the depth limit.
    with pytest.raises(PdfLimitError, match="paths"):
        check_pdf("dag.pdf", reference_chain(40), deep=True)


def test_pdfminer_takes_no_page_of_drawing_operators(tmp_path: Path) -> None:
    path = tmp_path / "ops.pdf"
    path.write_bytes(operators(b"q "))
    assert read_pdf(path)  # pdfium reads it at once
    with pytest.raises(PdfLimitError, match="pdfminer reader takes"):
        read_pdf(path, engine="pdfplumber")


def test_a_page_of_too_many_characters_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "glyphs.pdf"
    path.write_bytes(operators(b"(a) Tj "))
    with pytest.raises(IngestError, match="characters, more than 50,000"):
        read_pdf(path)


def test_endstream_inside_the_data_does_not_hide_a_bomb() -> None:
    # A stored deflate block holding "endstream", then 70 MiB of spaces deflated.
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
    rest = compressor.compress(SEVENTY_MIB) + compressor.flush()
    text = b"endstream"
    stored = b"\x00" + len(text).to_bytes(2, "little") + (~len(text) & 0xFFFF).to_bytes(2, "little")
    data = b"\x78\x01" + stored + text + rest
    assert zlib.decompressobj().decompress(data, 100) == text + b" " * 91
    with pytest.raises(PdfLimitError):
        check_pdf("hidden.pdf", one_page(data, b"/FlateDecode"))


def test_a_content_stream_over_its_limit_is_refused() -> None:
    content = GOOD_TEXT + b"q " * (9 * 2**20)  # 18 MiB of saves, deflated to 18 KB
    with pytest.raises(PdfLimitError, match="content stream decodes to more than 16 MiB"):
        check_pdf("saves.pdf", one_page(zlib.compress(content, 1), b"/FlateDecode"))


def test_a_page_tree_written_again_by_an_update_is_no_repeat(tmp_path: Path) -> None:
    data = one_page(GOOD_TEXT)
    update = b"2 0 obj\n<< /Type /Pages /Kids [4 0 R] /Count 1 >>\nendobj\n"
    start = len(data)
    data += update + (
        b"xref\n2 1\n%010d 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\n"
        b"startxref\n%d\n%%%%EOF\n" % (start, data.rindex(b"xref"), start + len(update))
    )
    check_pdf("updated.pdf", data)
    path = tmp_path / "updated.pdf"
    path.write_bytes(data)
    assert read_pdf(path)[0].lines


def test_repeated_kids_inside_an_object_stream_are_refused() -> None:
    objects = b"<< /Type /Pages /Kids [4 0 R 4 0 R] /Count 2 >>"
    packed = zlib.compress(b"2 0 " + objects)
    extra = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(
        packed
    )
    data = one_page(GOOD_TEXT).replace(
        b"trailer", b"9 0 obj\n" + extra + packed + b"\nendstream\nendobj\ntrailer"
    )
    with pytest.raises(PdfLimitError, match="lists object 4 twice"):
        check_pdf("packed.pdf", data)


def test_object_streams_that_inflate_are_refused() -> None:
    packed = zlib.compress(b" " * (20 * 2**20), 1)
    extra = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(
        packed
    )
    data = one_page(GOOD_TEXT).replace(
        b"trailer", b"9 0 obj\n" + extra + packed + b"\nendstream\nendobj\ntrailer"
    )
    with pytest.raises(PdfLimitError, match="object streams decode to more than 16 MiB"):
        check_pdf("packed.pdf", data)


def test_a_python_decoder_gets_a_bounded_input() -> None:
    # 10 MiB inflated, then handed to LZW (decoded here in Python): refused before.
    data = zlib.compress(b" " * (10 * 2**20), 1)
    with pytest.raises(PdfLimitError, match="LZW decoder more than 4 MiB"):
        check_pdf("lzw.pdf", one_page(data, b"[/FlateDecode /LZWDecode]"))


def test_lzw_is_decoded_as_pdf_writes_it() -> None:
    from pipeline.ingest.pdf_filters import lzw

    # The example of the PDF reference (7.4.4.2): 45 45 45 45 45 65 45 45 45 66.
    encoded = bytes.fromhex("800B6050220C0C8501")
    assert lzw(encoded) == bytes([45, 45, 45, 45, 45, 65, 45, 45, 45, 66])
