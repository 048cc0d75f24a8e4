"""Issue 13, item 3: a per-file time budget in `corpus build`.

A file that stalls its worker (a glyph-heavy PDF page took 185 s in pdfium; here a
reader stalls on purpose, in Python and inside C code holding the GIL) fails with the
budget as reason once the budget is spent; its worker is killed, the pool rebuilt, and
the other files of the batch are stored.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from hostile_cases import GOOD_RESOLUTION, hogging_reader, run_cli, stalling_reader

from pipeline.corpus.batch import build

BUDGET = 5.0
STALLS = ("stall_sleep.txt", "stall_regex.txt")


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    root.mkdir()
    for i in range(3):
        (root / f"good_{i}.txt").write_text(GOOD_RESOLUTION.replace("80/99", f"80/{i + 1}"))
    for name in STALLS:
        (root / name).write_text(GOOD_RESOLUTION)
    return root


def _check(db: Path, seconds: float) -> None:
    with sqlite3.connect(db) as conn:
        docs = sorted(path for (path,) in conn.execute("SELECT path FROM documents"))
        reasons = dict(conn.execute("SELECT path, reason FROM failures").fetchall())
    assert docs == ["good_0.txt", "good_1.txt", "good_2.txt"]
    assert set(reasons) == set(STALLS)
    for reason in reasons.values():
        assert reason.startswith(f"over the time budget of {BUDGET:g} s per file")
    # Each stall costs the budget plus a fresh worker (spaCy loaded again); never an hour.
    assert seconds < 180


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=pytest.mark.slow)])  # 18 s, 24 s
def test_files_over_the_budget_fail_and_the_rest_is_stored(
    root: Path, tmp_path: Path, jobs: int
) -> None:
    db = tmp_path / "corpus.db"
    start = time.monotonic()
    stats = build(root, db, jobs=jobs, reader=stalling_reader, budget=BUDGET, reuse=False)  # type: ignore[arg-type]
    _check(db, time.monotonic() - start)
    assert (stats.parsed, stats.failed) == (5, 2)


def test_cli_timeout_option(tmp_path: Path) -> None:
    run = run_cli(["corpus", "build", "--help"], tmp_path)
    assert "--timeout" in run.stdout and "120" in run.stdout and "--memory" in run.stdout
    assert "--no-budget" in run.stdout  # issue 27: on by default (120 s, 1 GiB), liftable
    bad = run_cli(["corpus", "build", str(tmp_path), "--db", "x.db", "--timeout", "0"], tmp_path)
    assert bad.code == 2 and "Traceback" not in bad.stderr


def test_a_file_over_the_memory_budget_fails_alone(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_RESOLUTION)
    (root / "hog.txt").write_text(GOOD_RESOLUTION)
    db = tmp_path / "corpus.db"
    # 2 GiB: a worker with spaCy loaded maps about 0.7 GiB; the hog asks for 3 GiB more.
    stats = build(root, db, jobs=1, reader=hogging_reader, memory=2048, reuse=False)  # type: ignore[arg-type]
    assert (stats.parsed, stats.failed) == (2, 1)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT path FROM documents").fetchall() == [("good.txt",)]
        (reason,) = conn.execute("SELECT reason FROM failures").fetchone()
    assert reason.startswith("out of memory")
