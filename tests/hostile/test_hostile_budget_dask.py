"""Issue 27: `corpus build` on a Dask cluster holds each file to the same budget as a
local build (``pipeline.corpus.cluster_budget``): a file that stalls its reader or asks
for gigabytes fails with the reason, its worker lives on, the other files are stored.

A planted reader stalls on ``slow*`` files and allocates 4 GiB on ``greedy*`` ones. In
a cluster of threads in this process (``processes=False``) the patch is seen by the
worker; in a cluster of worker processes under a nanny (daemonic processes, which
``multiprocessing`` forbids to have children) it is planted with ``client.run``.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from budget_planted import plant, planted_load_document
from hostile_cases import GOOD_RESOLUTION

import pipeline.ingest
from pipeline.corpus import cluster_budget
from pipeline.corpus.batch import build
from pipeline.corpus.budget import Outcome
from pipeline.limits import stop_reading

distributed = pytest.importorskip("distributed")

BUDGET = 2.0


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    root.mkdir()
    for i, name in enumerate(("good_1", "good_2", "slow", "greedy")):
        text = GOOD_RESOLUTION.replace("80/99", f"80/{i + 1}")
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


def _stored(db: Path) -> tuple[list[str], dict[str, str]]:
    with sqlite3.connect(db) as conn:
        docs = sorted(path for (path,) in conn.execute("SELECT path FROM documents"))
        reasons = dict(conn.execute("SELECT path, reason FROM failures").fetchall())
    return docs, reasons


def _check(root: Path, db: Path, address: str) -> None:
    started = time.monotonic()
    stats = build(root, db, scheduler=address, budget=BUDGET, memory=1024, reuse=False)
    assert time.monotonic() - started < 45  # the 60 s stall was cut at the budget
    docs, reasons = _stored(db)
    assert docs == ["good_1.txt", "good_2.txt"]
    assert reasons["slow.txt"].startswith(f"over the time budget of {BUDGET:g} s per file")
    assert reasons["greedy.txt"].startswith("out of memory")
    assert (stats.parsed, stats.failed) == (4, 2)


@pytest.fixture
def threads_cluster(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setattr(pipeline.ingest, "load_document", planted_load_document)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_a_thread_cluster_holds_each_file_to_the_budget(
    root: Path, tmp_path: Path, threads_cluster: str
) -> None:
    _check(root, tmp_path / "corpus.db", threads_cluster)


def test_without_a_budget_the_worker_reads_the_files_itself(
    root: Path, tmp_path: Path, threads_cluster: str
) -> None:
    (root / "slow.txt").unlink()
    (root / "greedy.txt").unlink()
    forked: list[int] = []
    real_fork = os.fork

    def counted() -> int:
        forked.append(1)
        return real_fork()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fork", counted)
        build(root, tmp_path / "a.db", scheduler=threads_cluster, reuse=False)
        assert not forked  # no budget: read in the worker's thread
        for i in range(3, 7):
            (root / f"good_{i}.txt").write_text(GOOD_RESOLUTION.replace("80/99", f"80/{i}"))
        build(root, tmp_path / "b.db", scheduler=threads_cluster, budget=BUDGET, reuse=False)
        assert 1 <= len(forked) <= 2  # a reading child per worker thread, for every file
    docs, reasons = _stored(tmp_path / "b.db")
    assert (len(docs), reasons) == (6, {})
    assert _stored(tmp_path / "a.db")[0] == ["good_1.txt", "good_2.txt"]


@pytest.mark.slow  # a worker process loads normtrace and spaCy: about 20 s on 2 cores
def test_a_process_cluster_holds_each_file_to_the_budget(root: Path, tmp_path: Path) -> None:
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.run(plant)
        _check(root, tmp_path / "corpus.db", cluster.scheduler_address)


def _fake_read_bytes(rel: str, data: bytes) -> Outcome:
    """``read_bytes`` as the reading child runs it, acting as the file's name says."""
    if rel.startswith("die"):
        os.kill(os.getpid(), signal.SIGKILL)
    if rel.startswith("slow"):
        time.sleep(60)
    if rel.startswith("greedy"):  # what ``read_file`` makes of a MemoryError
        return rel, None, "out of memory (over the memory budget of the build?)"
    if rel.startswith("bug"):
        raise OSError("No space left on device")
    return rel, None, f"read by {os.getpid()}"


@pytest.fixture
def fake_reader(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(cluster_budget, "read_bytes", _fake_read_bytes)
    monkeypatch.setattr(cluster_budget, "warm_reader", lambda: None)  # no spaCy here
    stop_reading()  # a child forked before the patch would read with the real one
    yield
    stop_reading()


def test_a_task_puts_the_readers_failures_in_the_builds_words(fake_reader: None) -> None:
    """The task's translation of ``within``'s failures, without a cluster: the reasons
    a build stores, and a fresh child after each failure but a file's own."""

    def read(rel: str) -> str | None:
        return cluster_budget.read_bytes_within(rel, b"", 1.0, 1024)[2]

    first = read("a.txt")
    assert first is not None and first.startswith("read by ")
    assert read("b.txt") == first  # a file's own failure: the same child reads on
    assert read("slow.txt") == (
        "over the time budget of 1 s per file (its reading process was stopped)"
    )
    second = read("c.txt")
    assert second != first
    assert read("die.txt") == "the worker process died while reading this file"
    third = read("d.txt")
    assert third not in (first, second)
    assert read("greedy.txt") == "out of memory (over 1024 MiB)"
    fourth = read("e.txt")
    assert fourth not in (first, second, third)  # its state was not to be trusted
    assert read("bug.txt") == "OSError: No space left on device"
    assert read("f.txt") not in (first, second, third, fourth)
