"""Batch builds: incremental by hash, failures recorded, kill -9 safe, Dask equals local."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.corpus.batch import WORKER_DIED, build, find_files, read_file
from pipeline.corpus.export import snapshot
from pipeline.corpus.store import Store

# A handful of corpus files: texts and PDFs, a draft and its resolution, a speech, and
# the placeholder the UN document system serves for a symbol it does not hold.
SUBSET = (
    "resolutions/A_RES_73_27.txt",
    "resolutions/A_RES_75_240.txt",
    "resolutions/A_RES_80_16.pdf",
    "drafts/A_C.1_80_L.20.pdf",
    "batch/ungdc_general_debate/Session_75_2020/EST_75_2020.txt",
    "batch/ai_un_report_2025/PLACEHOLDER_A_78_1_not_in_ODS.pdf",
)
# Written by the tests: not documents, and a note that is no document either.
BAD = {"broken/empty.pdf": b"", "broken/fake.pdf": b"<html>not a pdf</html>"}
NOTE = "NOTES.md"
READABLE = 5  # SUBSET without the placeholder


def _copy_subset(corpus: Path, root: Path) -> Path:
    for rel in SUBSET:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / rel, root / rel)
    for rel, data in BAD.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (root / NOTE).write_text("# What is in this corpus\n")
    return root


@pytest.fixture(scope="module")
def root(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_subset(corpus, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def clean(root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    """A clean build of ``root`` in this process, as the reference snapshot."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    build(root, db, jobs=1)
    with Store(db) as store:
        return snapshot(store)


def _assert_same(db: Path, expected: dict[str, pd.DataFrame]) -> None:
    with Store(db) as store:
        got = snapshot(store)
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(got[name], frame, obj=name)


def test_find_files_skips_notes_and_other_types(root: Path) -> None:
    assert find_files(root) == sorted([*SUBSET, *BAD])
    assert NOTE not in find_files(root)


def test_build_records_documents_and_failures(root: Path, clean: dict[str, pd.DataFrame]) -> None:
    assert len(clean["documents"]) == READABLE
    reasons = dict(zip(clean["failures"]["path"], clean["failures"]["reason"], strict=True))
    assert reasons == {
        "batch/ai_un_report_2025/PLACEHOLDER_A_78_1_not_in_ODS.pdf": (
            "placeholder: the UN document system says this document does not exist"
        ),
        "broken/empty.pdf": "the file is empty",
        "broken/fake.pdf": "not a PDF (no %PDF header)",
    }
    # No duplicates: each (document, paragraph index) once.
    assert not clean["paragraphs"].duplicated(["doc_id", "idx"]).any()
    # The draft L.20 is earlier than 80/16 and is reused by it; 75/240 reuses 73/27.
    pairs = set(zip(clean["reuse"]["target_doc"], clean["reuse"]["source_doc"], strict=True))
    assert ("resolutions/A_RES_80_16.pdf", "drafts/A_C.1_80_L.20.pdf") in pairs
    assert ("resolutions/A_RES_75_240.txt", "resolutions/A_RES_73_27.txt") in pairs


def test_second_run_parses_nothing_and_changes_replace(root: Path, tmp_path: Path) -> None:
    work = shutil.copytree(root, tmp_path / "root")
    db = tmp_path / "c.db"
    first = build(work, db, jobs=2)  # worker processes
    assert (first.parsed, first.failed, first.pages > 0) == (len(SUBSET) + len(BAD), 3, True)
    again = build(work, db, jobs=2)
    assert (again.parsed, again.skipped, again.reuse_pairs) == (0, len(SUBSET) + len(BAD), None)
    # One file changed, one removed, one repaired: exactly those are read or dropped.
    speech = work / SUBSET[4]
    speech.write_text(speech.read_text() + "\nWe thank the President for this session.\n")
    (work / "resolutions/A_RES_73_27.txt").unlink()
    shutil.copyfile(work / "drafts/A_C.1_80_L.20.pdf", work / "broken/fake.pdf")
    changed = build(work, db, jobs=1)
    assert (changed.parsed, changed.removed, changed.failed) == (2, 1, 0)
    reference = tmp_path / "ref.db"
    build(work, reference, jobs=1)
    with Store(reference) as store:
        _assert_same(db, snapshot(store))


def _kill_after(root: Path, db: Path, files: int) -> int:
    """Run a build in a child that kills itself (SIGKILL) once ``files`` files are written."""
    code = (
        "import os, signal, sys\n"
        "from pipeline.corpus.batch import build\n"
        "done = []\n"
        "def written(rel):\n"
        "    done.append(rel)\n"
        f"    if len(done) == {files}:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "build(sys.argv[1], sys.argv[2], jobs=1, on_written=written)\n"
    )
    child = subprocess.run([sys.executable, "-c", code, str(root), str(db)], timeout=300)
    return child.returncode


@pytest.mark.parametrize(
    "files",
    [
        1,  # after the first file: most of the corpus is still to read
        len(SUBSET) + len(BAD),  # after the last file, before text reuse is computed
    ],
)
def test_kill_after_commit_then_rerun(
    root: Path, clean: dict[str, pd.DataFrame], tmp_path: Path, files: int
) -> None:
    db = tmp_path / "c.db"
    assert _kill_after(root, db, files) == -signal.SIGKILL
    with Store(db) as store:
        assert store.counts()["documents"] + store.counts()["failures"] == files
        assert store.counts()["reuse"] == 0
    stats = build(root, db, jobs=1)
    assert stats.parsed == len(SUBSET) + len(BAD) - files
    _assert_same(db, clean)


def _documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def _session_processes(session: int, wait: float) -> list[int]:
    """Processes still in the session ``session`` after up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while True:
        left = []
        for name in os.listdir("/proc"):
            try:
                if name.isdigit() and os.getsid(int(name)) == session:
                    left.append(int(name))
            except OSError:
                continue
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


@pytest.mark.parametrize(
    "wait_for",
    [
        0,  # as soon as the process starts: before or while the schema is created
        2,  # mid-way: two documents stored, the workers reading the rest
    ],
)
def test_kill_9_mid_build_then_rerun(
    root: Path, clean: dict[str, pd.DataFrame], tmp_path: Path, wait_for: int
) -> None:
    db = tmp_path / "c.db"
    args = [sys.executable, "-m", "pipeline", "corpus", "build", str(root), "--db", str(db)]
    child = subprocess.Popen([*args, "--jobs", "2", "--quiet"], start_new_session=True)
    deadline = time.monotonic() + 120
    while child.poll() is None and _documents(db) < wait_for and time.monotonic() < deadline:
        time.sleep(0.02)
    was_running = child.poll() is None
    child.kill()  # kill -9 of the build process alone, as a user would
    child.wait(timeout=30)
    # Its workers notice and end too; whatever is left is ended here, then reported.
    left = _session_processes(child.pid, wait=15)
    if left:
        os.killpg(child.pid, signal.SIGKILL)
    assert was_running, "the build ended before it could be killed"
    assert not left, f"worker processes outlived the build: {left}"
    assert _documents(db) < READABLE
    build(root, db, jobs=1)
    _assert_same(db, clean)


def test_dask_cluster_build_equals_local(root: Path, clean: dict[str, pd.DataFrame]) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        db = Path(str(root) + "-dask.db")
        stats = build(root, db, scheduler=cluster.scheduler_address)
    assert stats.parsed == len(SUBSET) + len(BAD)
    _assert_same(db, clean)
    db.unlink()


def crashing_reader(path: Path, rel: str) -> tuple[str, object, str | None]:
    """A reader whose worker process dies on one file, as a crash in a C library would."""
    if rel == "broken/empty.pdf":
        os._exit(3)
    return read_file(path, rel)


def test_a_file_that_kills_its_worker_is_a_failure(root: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    stats = build(root, db, jobs=2, reader=crashing_reader)  # type: ignore[arg-type]
    assert stats.parsed == len(SUBSET) + len(BAD)
    with Store(db) as store:
        reasons = dict(zip(*store.failures()[["path", "reason"]].T.values, strict=True))
        assert store.counts()["documents"] == READABLE
    assert reasons["broken/empty.pdf"] == WORKER_DIED
    assert len(reasons) == 3  # the placeholder and the fake PDF as before


def test_a_new_reader_reads_every_file_again(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "c.db"
    build(root, db, jobs=1, reuse=False)
    monkeypatch.setattr("pipeline.corpus.batch.reader_fingerprint", lambda: "a newer reader")
    upgraded = build(root, db, jobs=1, reuse=False)
    everything = len(SUBSET) + len(BAD)
    assert (upgraded.parsed, upgraded.reread, upgraded.skipped) == (everything, everything, 0)
    with Store(db) as store:
        assert {reader for _, reader in store.known_files().values()} == {"a newer reader"}
    again = build(root, db, jobs=1, reuse=False)
    assert (again.parsed, again.reread) == (0, 0)


def test_a_store_from_before_reader_columns_is_read_again(root: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    build(root, db, jobs=1, reuse=False)
    with sqlite3.connect(db) as conn:  # as a store written before the column existed
        for table in ("documents", "failures"):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN reader")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    stats = build(root, db, jobs=1, reuse=False)
    assert stats.reread == stats.parsed == len(SUBSET) + len(BAD)


def test_reader_fingerprint_follows_the_topic_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.corpus.fingerprint import reader_fingerprint

    default = reader_fingerprint()
    assert reader_fingerprint() == default
    monkeypatch.setenv("NORMTRACE_TOPIC_MODEL", "none")  # keyword topics instead
    assert reader_fingerprint() != default


def test_the_pool_keeps_a_window_of_files_in_flight(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.corpus import workers

    sent: list[str] = []
    written: list[str] = []
    in_flight: list[int] = []
    real_submit = workers._submit

    def submit(pool: object, reader: object, top: Path, rel: str, budget: object) -> object:
        sent.append(rel)
        in_flight.append(len(sent) - len(written))
        return real_submit(pool, reader, top, rel, budget)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "_submit", submit)
    stats = build(root, tmp_path / "c.db", jobs=2, window=3, on_written=written.append)
    assert sorted(sent) == sorted(written) == sorted([*SUBSET, *BAD])
    assert max(in_flight) == 3  # full, never more: sent but not yet written
    assert (stats.parsed, stats.failed) == (len(SUBSET) + len(BAD), 3)


def test_read_regular_reads_files_and_never_opens_a_fifo(tmp_path: Path) -> None:
    from pipeline.corpus.files import read_regular
    from pipeline.errors import IngestError

    (tmp_path / "a.txt").write_bytes(b"RESOLUTION 1")
    assert read_regular(tmp_path / "a.txt") == b"RESOLUTION 1"
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would wait for a writer
    with pytest.raises(IngestError, match="a FIFO"):
        read_regular(tmp_path / "pipe.txt")
    with pytest.raises(IngestError, match="cannot read the file"):
        read_regular(tmp_path / "gone.txt")


def test_the_reader_is_found_from_its_imports() -> None:
    from pipeline.corpus.fingerprint import reader_files

    package = Path(__file__).resolve().parent.parent / "pipeline"
    files = {path.relative_to(package).as_posix() for path in reader_files()}
    # Reached through imports, wherever they live: the lexicon and its verb table, the
    # model, the PDF engines, the NLP components and their gazetteers.
    for needed in ("lexicon.py", "data/verbs.csv", "document.py", "ingest/pdf.py",
                   "nlp/components.py", "nlp/data/states.csv"):  # fmt: skip
        assert needed in files, needed
    # What the reader never calls is not in it: commands, reports, the store.
    assert not any(f.startswith(("commands/", "report/", "corpus/")) for f in files)


def test_a_module_the_reader_imports_from_elsewhere_is_followed(tmp_path: Path) -> None:
    from pipeline.corpus.fingerprint import _imported

    source = tmp_path / "mod.py"
    source.write_text(
        "from . import sibling\nfrom ..lexicon import MONTHS\n"
        "def f():\n    from pipeline.moved.place import thing\n",
        encoding="utf-8",
    )
    found = _imported("pipeline.ingest.mod", source)
    assert {"pipeline.ingest.sibling", "pipeline.lexicon", "pipeline.moved.place"} <= found
