"""A build's workers send rows, and hash each file as it is sent (issue 26, item 2).

The rows a worker sends (``read_rows``, pickled as the pool pickles them) must store
exactly what ``write_document`` stores from the Document; a build in workers must store
what a build in one process does; and when every file is read, each file is hashed just
before it is read, a file that cannot be hashed still failing unopened.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from pipeline.corpus.batch import build
from pipeline.corpus.document_rows import DocumentRows
from pipeline.corpus.export import snapshot
from pipeline.corpus.files import NO_HASH
from pipeline.corpus.store import Store
from pipeline.corpus.workers import read_file, read_rows
from pipeline.document import (
    Clause,
    Document,
    Entity,
    Footnote,
    Paragraph,
    RecordedVote,
    Topic,
)

# Real files of every kind a build stores: text, PDF, a speech, AKN4UN markup with its
# sponsors and votes, and the placeholder page (a failure).
REAL = (
    "resolutions/A_RES_73_27.txt",
    "resolutions/A_RES_80_16.pdf",
    "drafts/A_C.1_80_L.20.pdf",
    "batch/ungdc_general_debate/Session_75_2020/EST_75_2020.txt",
    "akn/cyber/A_RES_75_240.en.xml",
    "akn/cyber/A_RES_75_240.ar.xml",
    "batch/ai_un_report_2025/PLACEHOLDER_A_78_1_not_in_ODS.pdf",
)


def _every_column() -> Document:
    """A document with a value in every column the store has: each list and optional
    field filled, a topic score with many digits, text outside ASCII."""
    return Document(
        symbol="A/RES/99/1",
        title="Développements — a test",
        doc_type="resolution",
        paragraphs=(
            Paragraph("preamble_1", "preamble", None, "Recalling « x »,", 1, 0, 0, 16),
            Paragraph(
                "para_1",
                "operative",
                "1",
                "Decides¹;",
                2,
                1,
                17,
                26,
                None,
                ("1",),
                "Mr. X",
                "Estonia",
                "para_1",
            ),
            Paragraph("para_1__point_a", "subparagraph", "(a)", "on y;", 2, 2, 27, 32, "para_1"),
        ),
        footnotes=(Footnote("1", "See A/70/174.", 2, ("para_1",)),),
        date="2024-12-31",
        adoption_date="2024-12-24",
        session=79,
        agenda_items=("94", "94 (a)"),
        sponsors=("Estonia", "France"),
        additional_sponsors=("Chile",),
        committee_report="A/79/404",
        meeting="55th plenary meeting",
        language="fr",
        sha256="ab" * 32,
        pages=2,
        recorded_votes=(
            RecordedVote(
                "para_1",
                92,
                50,
                3,
                "adopted by 92 votes to 50",
                "draft",
                "79/1",
                ("Estonia",),
                ("X",),
                ("Y", "Z"),
            ),
        ),  # fmt: skip
        vote_outcome="adopted",
        entities=(
            Entity("Estonia", "MEMBER_STATE", 0, 7, "para_1", "EST"),
            Entity("24 December", "DATE", 3, 14, "preamble_1", None, "2024-12-24"),
        ),
        clauses=(
            Clause("para_1", "decides", 5, "binding", (Topic("norms", 0.123456789),)),
            Clause("preamble_1", None, None, None),
        ),
    )


def _store(db: Path, write: str, rel: str, doc: Document) -> dict[str, pd.DataFrame]:
    """Store ``doc`` as this process does (``document``) or as a worker sends it
    (``rows``: ``read_rows``, through pickle as the pool sends it); the snapshot."""
    with Store(db) as store:
        if write == "document":
            store.write_document(rel, doc, reader="r")
        else:
            sent = pickle.loads(pickle.dumps(read_rows(lambda _p, r: (r, doc, None), db, rel)))
            assert isinstance(sent[1], DocumentRows)  # not the Document
            store.write_rows(sent[1], reader="r")
        return snapshot(store)


def _assert_same(got: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame]) -> None:
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(got[name], frame, obj=name)


def test_rows_store_every_column_as_the_document_does(tmp_path: Path) -> None:
    doc = _every_column()
    by_rows = _store(tmp_path / "rows.db", "rows", "a/A_RES_99_1.xml", doc)
    _assert_same(by_rows, _store(tmp_path / "doc.db", "document", "a/A_RES_99_1.xml", doc))
    with Store(tmp_path / "rows.db") as store:
        back = store.load_document("A/RES/99/1")  # read back by rows.py, not by this code
        topics = store.query("SELECT topics FROM clauses WHERE verb = 'decides'")["topics"][0]
        (markup,) = store.conn.execute("SELECT additional_sponsors, vote_outcome FROM markup")
        sort_date = store.query("SELECT sort_date FROM documents")["sort_date"][0]
    assert back.paragraphs == doc.paragraphs
    assert back.footnotes == doc.footnotes
    assert back.recorded_votes == doc.recorded_votes
    assert (back.session, back.agenda_items, back.sponsors) == (79, ("94", "94 (a)"), doc.sponsors)
    assert (back.date, back.adoption_date, back.language, back.pages) == (
        "2024-12-31", "2024-12-24", "fr", 2,
    )  # fmt: skip
    assert topics == '[["norms", 0.123456789]]'
    assert markup == ('["Chile"]', "adopted")
    assert sort_date == "2024-12-24"  # adopted, not distributed
    assert len(by_rows["entities"]) == 2 and len(by_rows["clauses"]) == 2


def test_a_document_without_markup_writes_no_markup_row(tmp_path: Path) -> None:
    doc = Document(symbol=None, title=None, doc_type="other")
    by_rows = _store(tmp_path / "rows.db", "rows", "x.txt", doc)
    _assert_same(by_rows, _store(tmp_path / "doc.db", "document", "x.txt", doc))
    assert len(by_rows["markup"]) == 0 and len(by_rows["documents"]) == 1


@pytest.mark.parametrize("rel", REAL[:-1])
def test_rows_of_real_files_store_what_their_documents_do(
    corpus: Path, tmp_path: Path, rel: str
) -> None:
    _, doc, reason = read_file(corpus / rel, rel)
    assert isinstance(doc, Document), reason
    by_rows = _store(tmp_path / "rows.db", "rows", rel, doc)
    _assert_same(by_rows, _store(tmp_path / "doc.db", "document", rel, doc))
    assert len(by_rows["paragraphs"]) == len(doc.paragraphs) > 0


@pytest.fixture(scope="module")
def root(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    top = tmp_path_factory.mktemp("corpus")
    for rel in REAL:
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / rel, top / rel)
    return top


def test_a_build_in_workers_stores_what_one_in_this_process_does(
    root: Path, tmp_path: Path
) -> None:
    one = build(root, tmp_path / "one.db", jobs=1)
    two = build(root, tmp_path / "two.db", jobs=2)
    assert (one.parsed, one.failed, one.pages) == (two.parsed, two.failed, two.pages)
    assert (one.parsed, one.failed) == (len(REAL), 1)
    with Store(tmp_path / "one.db") as a, Store(tmp_path / "two.db") as b:
        _assert_same(snapshot(b), snapshot(a))


def test_every_file_is_hashed_just_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.corpus import batch

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / "root").mkdir(exist_ok=True)
        (tmp_path / "root" / name).write_text(f"RESOLUTION {name}\n")
    log: list[str] = []
    real_hash = batch.hash_files

    def hash_files(root: Path, files: list[str], problems: object = None) -> object:
        log.append("hash " + ",".join(files))
        return real_hash(root, files, problems)  # type: ignore[arg-type]

    def reader(path: Path, rel: str) -> tuple[str, None, str]:
        log.append("read " + rel)
        return rel, None, "not read in this test"

    monkeypatch.setattr(batch, "hash_files", hash_files)
    db = tmp_path / "c.db"
    stats = build(tmp_path / "root", db, jobs=1, reuse=False, reader=reader)
    assert log == [
        f"{step} {name}" for name in ("a.txt", "b.txt", "c.txt") for step in ("hash", "read")
    ]
    with Store(db) as store:
        hashes = dict(zip(*store.failures()[["path", "sha256"]].T.values, strict=True))
    assert len({*hashes.values()}) == 3 and NO_HASH not in hashes.values()
    assert stats.failed == 3
    log.clear()  # a store that holds the files: the hashes decide, all made first
    (tmp_path / "root" / "b.txt").write_text("RESOLUTION changed\n")
    build(tmp_path / "root", db, jobs=1, reuse=False, reader=reader)
    assert log == ["hash a.txt,b.txt,c.txt", "read b.txt"]


def test_a_fifo_fails_unopened_when_hashed_as_it_is_sent(tmp_path: Path) -> None:
    """The workers read while the FIFO is found: it is refused, never sent to one."""
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "a.txt").write_text("A/RES/1/1\n\n1. Decides;\n")
    (tmp_path / "root" / "b.txt").write_text("A/RES/1/2\n\n1. Requests;\n")
    os.mkfifo(tmp_path / "root" / "pipe.txt")  # a reader opening it would wait for ever
    stats = build(tmp_path / "root", tmp_path / "c.db", jobs=2, reuse=False)
    assert (stats.parsed, stats.failed) == (3, 1)
    with sqlite3.connect(tmp_path / "c.db") as conn:
        failures = conn.execute("SELECT path, sha256, reason FROM failures").fetchall()
    assert failures == [("pipe.txt", NO_HASH, "not a regular file: a FIFO (named pipe)")]


def test_a_forced_build_counts_the_files_read_again_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "root").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "root" / name).write_text(f"RESOLUTION {name}\n")
    db = tmp_path / "c.db"
    build(tmp_path / "root", db, jobs=1, reuse=False)
    (tmp_path / "root" / "b.txt").write_text("RESOLUTION changed\n")
    monkeypatch.setattr("pipeline.corpus.batch.reader_fingerprint", lambda: "a newer reader")
    forced = build(tmp_path / "root", db, jobs=1, reuse=False, force=True)
    assert (forced.parsed, forced.reread, forced.skipped) == (2, 1, 0)  # a.txt unchanged


def test_a_build_counts_the_same_with_and_without_its_progress_bar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a bar, rich is never imported before the first file goes out."""
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "a.txt").write_text("A/RES/1/1\n\n1. Decides;\n")
    (tmp_path / "root" / "b.pdf").write_bytes(b"<html>not a pdf</html>")
    quiet = build(tmp_path / "root", tmp_path / "q.db", jobs=1, reuse=False)
    shown = build(tmp_path / "root", tmp_path / "s.db", jobs=1, reuse=False, progress=True)
    counts = ("parsed", "failed", "pages", "paragraphs", "failures")
    assert [getattr(quiet, name) for name in counts] == [getattr(shown, name) for name in counts]
    assert (quiet.parsed, quiet.failed, len(quiet.failures)) == (2, 1, 1)
    assert quiet.paragraphs > 0
    assert "reading" in capsys.readouterr().err  # the bar was drawn once, for the second
