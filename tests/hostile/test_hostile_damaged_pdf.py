"""Issue 13, item 4: a damaged PDF that reads as pages with no (or garbled) text fails.

Bit-flipped copies of a corpus PDF are made in tmp_path (never committed); other PDFs
are written by hand (``hostile_cases.make_pdf``). A damaged file either fails with its
reason or reads as (nearly) the original, never as a silent good document of garbage.
"""

from __future__ import annotations

import collections
import dataclasses
import random
import sqlite3
from pathlib import Path

import pytest
from factories import make_doc
from hostile_cases import (
    GOOD_RESOLUTION,
    RESOLUTION_LINES,
    assert_one_error,
    documents,
    make_pdf,
    run_cli,
)

from pipeline.document import Document
from pipeline.ingest import damage, load_document

SOURCE = "resolutions/A_RES_80_16.pdf"
# Seeds whose 400 flipped bits gave (pypdfium2 5.15): 2 pages and no paragraph (1),
# Caesar-shifted letters with control characters (2), "Open" read as "伀灥渀" (9),
# 157 characters of a 1,877-character text (5).
SEEDS = (1, 2, 5, 9)


def _doc(*texts: str, pages: int = 1) -> Document:
    return dataclasses.replace(make_doc([], texts), pages=pages)


@pytest.mark.parametrize(
    ("doc", "pdf", "reason"),
    [
        (_doc(pages=2), False, "2 pages but no paragraph"),
        (_doc("\ufffd" * 50 + " some text " * 20), False, "garbled text: 50 of"),
        (_doc("(cid:3)(cid:4) " * 30 + "Decides " * 60), False, "garbled text: 420 of"),
        (_doc("UHVROXWLRQ \x1a \x12\x15\x16\x1a\x0f DQGWKH " * 10), False, "garbled text: 60 of"),
        (_doc("\u4f00\u7065\u6e00\u656e\u6400 " * 10), False, "garbled text: characters read"),
        (_doc("A/RES/80/16 Open ended working group", pages=2), True, "almost no text: 32"),
    ],
)
def test_damage_reasons(doc: Document, pdf: bool, reason: str) -> None:
    assert (damage(doc, pdf=pdf) or "").startswith(reason)


@pytest.mark.parametrize(
    "doc",
    [
        _doc("Decides to remain seized of the matter. " * 10),
        _doc("Дополнительные элементы, согласованные «в приложении» — 2025 г. " * 5),
        _doc("وإذ تشير إلى قراراتها " * 10 + "决定继续处理此案" * 10),
        _doc("Short text.", pages=3),  # not a PDF: no characters-per-page floor
    ],
)
def test_no_damage(doc: Document) -> None:
    assert damage(doc) is None


def _words(doc: Document) -> collections.Counter[str]:
    return collections.Counter(w for p in doc.paragraphs for w in p.text.split())


def _flip(data: bytes, seed: int, flips: int = 400) -> bytes:
    rnd = random.Random(seed)
    out = bytearray(data)
    for _ in range(flips):
        out[rnd.randrange(200, len(out))] ^= 1 << rnd.randrange(8)
    return bytes(out)


def test_bit_flipped_pdfs_fail_or_read_right(corpus: Path, tmp_path: Path) -> None:
    original = load_document(corpus / SOURCE)
    words = _words(original)
    data = (corpus / SOURCE).read_bytes()
    names = []
    for seed in SEEDS:
        names.append(f"flipped_{seed}.pdf")
        (tmp_path / names[-1]).write_bytes(_flip(data, seed))
    (tmp_path / "good.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    run = run_cli(["ingest", *names, "good.txt", "--format", "json"], tmp_path)
    assert run.code == 1 and "Traceback" not in run.stderr, run.stderr
    assert run.seconds < 120
    docs = documents(run.stdout)
    assert docs[-1]["symbol"] == "A/RES/80/99"  # the good file of the batch
    failed = {line.split(":")[1].strip() for line in run.errors()}
    assert failed | {Path(d["source"]).name for d in docs[:-1]} == set(names)
    for doc in docs[:-1]:  # a damaged file read anyway must read (nearly) right
        got = collections.Counter(w for p in doc["paragraphs"] for w in p["text"].split())
        assert sum((got & words).values()) >= 0.9 * sum(words.values()), doc["source"]
    assert len(failed) == len(SEEDS)  # as of pypdfium2 5.15 all four fail


def test_hand_made_pdfs(tmp_path: Path) -> None:
    (tmp_path / "made.pdf").write_bytes(make_pdf([RESOLUTION_LINES]))
    garbage = ["".join(chr(1 + (i * 7 + j) % 30) for j in range(60)) for i in range(12)]
    (tmp_path / "garbled.pdf").write_bytes(make_pdf([garbage, garbage]))
    (tmp_path / "blank.pdf").write_bytes(make_pdf([[" "], [" "]]))
    run = run_cli(["ingest", "garbled.pdf", "blank.pdf", "made.pdf"], tmp_path)
    assert run.code == 1
    assert_one_error(run, "garbled.pdf")
    assert_one_error(run, "blank.pdf")
    assert "garbled text" in run.errors()[0]
    (made,) = documents(run.stdout)
    assert made["symbol"] == "A/RES/80/97"
    assert made["paragraphs"][-1]["text"].startswith("Calls upon Member States")


def test_corpus_build_stores_no_damaged_document(corpus: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    data = (corpus / SOURCE).read_bytes()
    (root / "A_RES_80_16.pdf").write_bytes(data)
    for seed in SEEDS[:2]:
        (root / f"flipped_{seed}.pdf").write_bytes(_flip(data, seed))
    db = tmp_path / "corpus.db"
    run = run_cli(
        ["corpus", "build", str(root), "--db", str(db), "--jobs", "1", "--quiet"], tmp_path
    )
    assert run.code == 1 and "Traceback" not in run.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT path FROM documents").fetchall() == [("A_RES_80_16.pdf",)]
        reasons = dict(conn.execute("SELECT path, reason FROM failures").fetchall())
    # Its few short blocks were all taken as a header ("2 pages but no paragraph") until
    # a text of short blocks became body: they are then found garbled.
    assert reasons["flipped_1.pdf"].startswith("garbled text")
    assert reasons["flipped_2.pdf"].startswith("garbled text")
