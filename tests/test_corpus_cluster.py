"""A build on a real Dask cluster: a scheduler and two workers, each its own process.

The processes are started as the README says a user would (``dask scheduler``, ``dask
worker``) on 127.0.0.1, in a folder without the corpus: the client sends the bytes. The
store they build must equal a local build of the same files. Everything started here is
killed at the end, even when the test fails; every wait is bounded.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from pipeline.corpus import workers
from pipeline.corpus.batch import build
from pipeline.corpus.cluster_read import checked_outcome
from pipeline.corpus.export import snapshot
from pipeline.corpus.store import Store
from pipeline.document import Document

FILES = (
    "resolutions/A_RES_73_27.txt",
    "resolutions/A_RES_75_240.txt",
    "resolutions/A_RES_80_16.pdf",
    "drafts/A_C.1_80_L.20.pdf",
    "batch/ungdc_general_debate/Session_75_2020/EST_75_2020.txt",
)
BROKEN = {"broken/fake.pdf": b"<html>not a pdf</html>"}
DASK = Path(sys.executable).with_name("dask")
START_TIMEOUT = 90  # seconds for the scheduler and both workers (a loaded 2-core machine)


def _start(args: list[str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    # A session of its own: the worker's nanny and its child end with one killpg.
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(DASK), *args], cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):  # workers first, then the scheduler
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
    for process in processes:  # what a process left behind in its session
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _logs(folder: Path) -> str:
    return "\n".join(
        f"--- {p.name}\n{p.read_text(errors='replace')[-2000:]}"
        for p in sorted(folder.glob("*.log"))
    )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a scheduler with two single-thread workers, all subprocesses."""
    pytest.importorskip("distributed")
    if not DASK.is_file():
        pytest.skip(f"no dask command beside {sys.executable}")
    home = tmp_path_factory.mktemp("cluster")  # no corpus in here
    info = home / "scheduler.json"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes.append(_start(
            ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(info)], home, home / "scheduler.log",
        ))  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while not info.is_file() and time.monotonic() < deadline:
            assert processes[0].poll() is None, _logs(home)
            time.sleep(0.2)
        assert info.is_file(), f"no scheduler after {START_TIMEOUT} s\n{_logs(home)}"
        for n in (1, 2):
            processes.append(_start(
                ["worker", "--scheduler-file", str(info), "--host", "127.0.0.1",
                 "--nthreads", "1", "--no-dashboard", "--death-timeout", "60",
                 "--name", f"worker-{n}"], home, home / f"worker-{n}.log",
            ))  # fmt: skip
        from distributed import Client

        address = json.loads(info.read_text())["address"]
        with Client(address, timeout=START_TIMEOUT, set_as_default=False) as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(2, timeout=START_TIMEOUT)
            pids = client.run(os.getpid)  # type: ignore[no-untyped-call]
        assert len(pids) == 2 and os.getpid() not in pids.values()
        yield address
    finally:
        _stop(processes)


@pytest.fixture(scope="module")
def root(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for rel in FILES:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / rel, folder / rel)
    for rel, data in BROKEN.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


def _never_here(path: Path, rel: str) -> object:
    raise AssertionError(f"{rel} was read by the client, not by a worker")


def test_cluster_build_equals_local_build(
    cluster: str, root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "local.db"
    build(root, local, jobs=1)
    # From here on, a file read in this process fails the test: the workers read.
    monkeypatch.setattr(workers, "read_file", _never_here)
    from distributed import Client

    sent: list[str] = []
    in_flight: list[int] = []
    written: list[str] = []
    real_submit = Client.submit

    def submit(self: Client, func: object, *args: object, **kwargs: object) -> object:
        sent.append(str(args[0]))
        in_flight.append(len(sent) - len(written))
        return real_submit(self, func, *args, **kwargs)

    monkeypatch.setattr(Client, "submit", submit)
    remote = tmp_path / "remote.db"
    stats = build(root, remote, scheduler=cluster, window=2, on_written=written.append)
    assert sorted(sent) == sorted([*FILES, *BROKEN])
    assert max(in_flight) <= 2  # the window: never the whole list at once
    assert (stats.parsed, stats.failed) == (len(FILES) + len(BROKEN), len(BROKEN))
    with Store(local) as store:
        expected = snapshot(store)
    with Store(remote) as store:
        got = snapshot(store)
    assert len(got["documents"]) == len(FILES)
    assert len(got["paragraphs"]) > 100
    for name, frame in expected.items():
        pd.testing.assert_frame_equal(got[name], frame, obj=name)


def test_checked_outcome_keeps_read_results_and_refuses_other_shapes() -> None:
    doc = Document(symbol="A/RES/1", title=None, doc_type="resolution", source="x.txt")
    assert checked_outcome("x.txt", ("x.txt", doc, None)) == ("x.txt", doc, None)
    assert checked_outcome("x.txt", ("x.txt", None, "not a PDF")) == ("x.txt", None, "not a PDF")
    for bad in (
        None,
        "x.txt",
        ("x.txt", doc),
        ("y.txt", doc, None),  # another file's result
        ("x.txt", {"symbol": "A/RES/1"}, None),  # not a Document
        ("x.txt", doc, "a reason as well"),
        ("x.txt", None, None),
    ):
        rel, got, reason = checked_outcome("x.txt", bad)
        assert (rel, got) == ("x.txt", None)
        assert reason is not None and "not a read result" in reason
