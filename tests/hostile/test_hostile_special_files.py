"""Issue 13, items 5 and 6: special files under a corpus ROOT, and an empty or wrong ROOT.

A dangling symbolic link, a link loop or a FIFO named like a document used to stop the
build (or block it for ever, for the FIFO); each is now a failure row and the build
goes on. A build that would empty most of the store needs --prune.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from hostile_cases import GOOD_RESOLUTION, assert_one_error, documents, run_cli

from pipeline.corpus.batch import PRUNE_FLOOR, PruneRefusedError, build
from pipeline.corpus.files import special_file
from pipeline.corpus.store import Store

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX special files")

# A build of two small texts and the special files: well under this on a loaded machine;
# a FIFO opened for hashing would block until the test kills the build.
SECONDS = 90.0


def _good(root: Path, name: str, number: int) -> None:
    text = GOOD_RESOLUTION.replace("80/99", f"80/{number}")
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    _good(root, "good.txt", 1)
    _good(root, "deep/good2.txt", 2)
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    (root / "loop_a.txt").symlink_to(root / "loop_b.txt")
    (root / "loop_b.txt").symlink_to(root / "loop_a.txt")
    (root / "deep" / "self.pdf").symlink_to(root / "deep" / "self.pdf")
    (root / "deep" / "up").symlink_to(root)  # a folder loop: never followed
    os.mkfifo(root / "pipe.txt")
    return root


EXPECTED = {
    "dangling.txt": "a dangling symbolic link",
    "loop_a.txt": "a symbolic link loop",
    "loop_b.txt": "a symbolic link loop",
    "deep/self.pdf": "a symbolic link loop",
    "pipe.txt": "not a regular file: a FIFO (named pipe)",
}


def test_special_file_reasons(root: Path) -> None:
    for rel, reason in EXPECTED.items():
        assert (special_file(root / rel) or "").startswith(reason), rel
    assert special_file(root / "good.txt") is None
    assert special_file(root / "deep") == "not a regular file: a folder"


def test_build_records_each_special_file_and_goes_on(root: Path, tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    args = ["corpus", "build", str(root), "--db", str(db), "--jobs", "1", "--quiet"]
    run = run_cli(args, tmp_path, timeout=SECONDS * 2)
    assert run.code == 1, run.stderr
    assert run.seconds < SECONDS
    for rel in EXPECTED:
        assert_one_error(run, f"{rel}:")
    assert len(run.errors()) == len(EXPECTED)
    with sqlite3.connect(db) as conn:
        docs = sorted(conn.execute("SELECT path, symbol FROM documents").fetchall())
        reasons = dict(conn.execute("SELECT path, reason FROM failures").fetchall())
    assert docs == [("deep/good2.txt", "A/RES/80/2"), ("good.txt", "A/RES/80/1")]
    assert set(reasons) == set(EXPECTED)
    for rel, reason in EXPECTED.items():
        assert reasons[rel].startswith(reason)
    assert "5 failed" in run.stdout

    # A second build still names every failure; a link repaired since is read. (What
    # else it reads again depends on whether the reader changed in between.)
    (root / "dangling.txt").unlink()
    (root / "dangling.txt").symlink_to(root / "good.txt")
    again = run_cli(args, tmp_path, timeout=SECONDS * 2)
    assert again.code == 1
    assert again.stdout.startswith("7 files:") or "\n7 files:" in again.stdout, again.stdout
    assert len(again.errors()) == len(EXPECTED) - 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (3,)


def _store_of(tmp_path: Path, count: int) -> tuple[Path, Path]:
    root = tmp_path / "root"
    for i in range(count):
        _good(root, f"res_{i}.txt", i + 1)
    db = tmp_path / "corpus.db"
    assert build(root, db, jobs=1, reuse=False).parsed == count
    return root, db


def _stored(db: Path) -> int:
    with Store(db, readonly=True) as store:
        return len(store.documents())


def test_an_empty_root_does_not_empty_the_store(tmp_path: Path) -> None:
    _, db = _store_of(tmp_path, 10)
    empty = tmp_path / "empty"
    empty.mkdir()
    run = run_cli(["corpus", "build", str(empty), "--db", str(db), "--quiet"], tmp_path)
    assert run.code == 1
    assert_one_error(run, str(empty))
    assert "would remove 10 of the 10 stored files" in run.errors()[0]
    assert "--prune" in run.errors()[0]
    assert _stored(db) == 10
    pruned = run_cli(
        ["corpus", "build", str(empty), "--db", str(db), "--quiet", "--prune"], tmp_path
    )
    assert pruned.code == 0, pruned.stderr
    assert "10 removed" in pruned.stdout
    assert _stored(db) == 0


@pytest.mark.parametrize(
    ("removed", "refused"),
    [
        (1, False),  # 10% of the store: an ordinary deletion
        (PRUNE_FLOOR, False),  # 50% but only 5 files
        (PRUNE_FLOOR + 1, True),  # 6 of 10: the wrong folder, most likely
    ],
)
def test_prune_threshold(tmp_path: Path, removed: int, refused: bool) -> None:
    root, db = _store_of(tmp_path, 10)
    for i in range(removed):
        (root / f"res_{i}.txt").unlink()
    if refused:
        with pytest.raises(PruneRefusedError, match=f"remove {removed} of the 10"):
            build(root, db, jobs=1, reuse=False)
        assert _stored(db) == 10
        assert build(root, db, jobs=1, reuse=False, prune=True).removed == removed
    else:
        assert build(root, db, jobs=1, reuse=False).removed == removed
    assert _stored(db) == 10 - removed


def test_ingest_names_special_files(root: Path) -> None:
    run = run_cli(["ingest", "pipe.txt", "dangling.txt", "deep", "good.txt"], root, timeout=60)
    assert run.code == 1 and run.seconds < 30
    assert run.errors() == [
        "error: pipe.txt: not a regular file",
        "error: dangling.txt: no such file",
        "error: deep: is a folder, not a file",  # the CLI says so before ingest
    ]
    assert [doc["symbol"] for doc in documents(run.stdout)] == ["A/RES/80/1"]
