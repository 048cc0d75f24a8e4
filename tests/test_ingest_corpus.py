"""Ingestion on the real corpus: every file ingests or fails with a one-line reason,
and the PDF and the text of the same document give the same paragraphs."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from golden_docs import METADATA

from pipeline.errors import IngestError
from pipeline.ingest import load_document

# Documents the corpus holds both as PDF and as text extracted from that PDF.
PAIRS = [
    "resolutions/A_RES_78_16",
    "resolutions/A_RES_78_237",
    "resolutions/A_RES_79_237",
    "resolutions/A_RES_79_243",
    "resolutions/A_RES_80_16",
    "drafts/A_C.1_80_L.20",
]


@pytest.mark.parametrize("stem", PAIRS)
def test_pdf_and_text_give_the_same_document(corpus: Path, stem: str) -> None:
    pdf = load_document(corpus / f"{stem}.pdf")
    txt = load_document(corpus / f"{stem}.txt")
    assert [(p.id, p.kind, p.number, p.text) for p in pdf.paragraphs] == [
        (p.id, p.kind, p.number, p.text) for p in txt.paragraphs
    ]
    assert [(f.marker, f.text, f.paragraph_ids) for f in pdf.footnotes] == [
        (f.marker, f.text, f.paragraph_ids) for f in txt.footnotes
    ]
    for field in METADATA:
        assert getattr(pdf, field) == getattr(txt, field), field


def test_front_matter_text_with_a_running_title_matches_the_pdf(corpus: Path) -> None:
    # The railcar text of A/RES/80/16 keeps a running-title line inside operative 2.
    pdf = load_document(corpus / "resolutions/A_RES_80_16.pdf")
    txt = load_document(corpus / "batch/railcar_ga_res_80/A_RES_80_16.txt")
    assert [(p.id, p.text) for p in txt.paragraphs] == [(p.id, p.text) for p in pdf.paragraphs]


def test_every_corpus_file_ingests_or_fails_with_one_line(corpus: Path) -> None:
    rows = list(csv.DictReader((corpus / "MANIFEST.csv").open(encoding="utf-8")))
    assert len(rows) > 700
    failures = {}
    for row in rows:
        path = corpus / row["file"]
        try:
            doc = load_document(path)
        except IngestError as err:
            failures[row["file"]] = str(err)
            continue
        assert doc.paragraphs, row["file"]
    # Only the placeholder the UN system serves for a missing symbol fails.
    assert list(failures) == ["batch/ai_un_report_2025/PLACEHOLDER_A_78_1_not_in_ODS.pdf"]
    message = next(iter(failures.values()))
    assert "does not exist" in message and "\n" not in message


@pytest.mark.parametrize(
    "name",
    [
        "resolutions/A_RES_78_16.pdf",
        "drafts/A_C.1_80_L.20.pdf",
        "batch/gatenlp_unga_samples/A_RES_73_7-EN.pdf",
    ],
)
def test_pdfium_and_pdfplumber_engines_agree(corpus: Path, name: str) -> None:
    fast = load_document(corpus / name, engine="pdfium")
    reference = load_document(corpus / name, engine="pdfplumber")
    assert [(p.id, p.text) for p in fast.paragraphs] == [
        (p.id, p.text) for p in reference.paragraphs
    ]
    assert fast.footnotes == reference.footnotes
    assert (fast.symbol, fast.title, fast.adoption_date) == (
        reference.symbol,
        reference.title,
        reference.adoption_date,
    )


def _damaged_copies(data: bytes, rng: random.Random) -> list[bytes]:
    cuts = [len(data) // 10, len(data) // 3, len(data) // 2, len(data) - 200]
    copies = [data[:n] for n in cuts]
    for _ in range(6):
        buf = bytearray(data)
        for _ in range(40):
            pos = rng.randrange(len(buf))
            buf[pos] = rng.randrange(256)
        copies.append(bytes(buf))
    copies.append(b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(2000)))
    return copies


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_truncated_and_corrupted_pdfs_fail_cleanly(
    corpus: Path, tmp_path: Path, engine: str
) -> None:
    rng = random.Random(20261125)
    data = (corpus / "resolutions/A_RES_80_16.pdf").read_bytes()
    outcomes = []
    for i, damaged in enumerate(_damaged_copies(data, rng)):
        path = tmp_path / f"damaged_{i}.pdf"
        path.write_bytes(damaged)
        try:
            load_document(path, engine=engine)
            outcomes.append("ok")
        except IngestError as err:
            message = str(err)
            assert message.startswith(str(path)) and "\n" not in message
            outcomes.append("error")
    # Cutting a PDF to a tenth or a third of its length leaves nothing readable.
    assert outcomes[0] == "error" and outcomes[1] == "error"
    assert outcomes[-1] == "error"
