"""Issue 13, item 7: kill -9 in the middle of a write, then read-only users open the store.

A child process holds a write transaction (many paragraph rows, spilled past a tiny page
cache) and is killed with SIGKILL. Search, lineage, export and serve must then read the
last committed state at once: no "attempt to write a readonly database", no rebuild.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from factories import make_doc
from hostile_cases import run_cli

from pipeline.corpus.store import Store

PARAGRAPH = "Calls upon Member States to promote responsible State behaviour in cyberspace"

# Writes 20,000 paragraphs of a new document in one transaction, says so, then waits
# to be killed. argv: database, and "store" (the journal mode the store sets) or
# "delete" (the mode a store made before WAL had).
_WRITER = """
import sys, time
from pipeline.corpus.store import Store
store = Store(sys.argv[1])
if sys.argv[2] != "store":
    store.conn.execute(f"PRAGMA journal_mode={sys.argv[2]}")
store.conn.execute("PRAGMA cache_size=8")  # spill pages to the file before commit
store.conn.execute("BEGIN IMMEDIATE")
store.conn.execute(
    "INSERT INTO documents (doc_id, path, sha256, symbol, doc_type, pages, n_paragraphs)"
    " VALUES (99, 'half.txt', 'x', 'A/RES/99/1', 'resolution', 1, 20000)"
)
store.conn.executemany(
    "INSERT INTO paragraphs (doc_id, paragraph_id, idx, kind, text)"
    " VALUES (99, ?, ?, 'operative', ?)",
    [(f"para_{i}", i, f"half written paragraph {i} cyberspace") for i in range(20000)],
)
print("writing", flush=True)
time.sleep(300)
"""


def _store(path: Path) -> None:
    doc = make_doc(
        [PARAGRAPH + ","], ["Decides to remain seized of the matter."], symbol="A/RES/73/27"
    )
    with Store(path) as store:
        store.write_document("a.txt", dataclasses.replace(doc, date="2018-12-05", sha256="1"))
        assert store.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def _kill_mid_write(db: Path, mode: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db), mode], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)


@pytest.mark.parametrize(
    ("mode", "left_behind"),
    [
        ("store", "corpus.db-wal"),  # the store as it is now
        ("delete", "corpus.db-journal"),  # a store from before WAL: a hot journal
    ],
)
def test_read_only_users_after_kill_9(tmp_path: Path, mode: str, left_behind: str) -> None:
    db = tmp_path / "corpus.db"
    _store(db)
    _kill_mid_write(db, mode)
    assert (tmp_path / left_behind).stat().st_size > 0  # the killed write is on disk

    search = run_cli(
        ["corpus", "search", "cyberspace", "--db", str(db), "--format", "json"], tmp_path
    )
    assert search.code == 0, search.stderr
    assert [hit["symbol"] for hit in json.loads(search.stdout)] == ["A/RES/73/27"]
    lineage = run_cli(["corpus", "lineage", "A/RES/73/27", "--db", str(db)], tmp_path)
    assert lineage.code == 0, lineage.stderr
    assert lineage.stdout.startswith("PP1: new in A/RES/73/27")  # cited (issue 25)
    out = tmp_path / "tables"
    export = run_cli(
        ["corpus", "export", "--db", str(db), "--format", "csv", "--out", str(out)], tmp_path
    )
    assert export.code == 0, export.stderr
    assert (out / "paragraphs.csv").read_text("utf-8").count("\n") == 3  # header + 2 rows
    with Store(db, readonly=True) as store:
        assert store.counts()["paragraphs"] == 2  # nothing of the half-written document


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_after_kill_9(tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    _store(db)
    _kill_mid_write(db, "store")
    port = _free_port()
    args = [sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(args, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/corpus/documents.json?_shape=array"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    rows = json.loads(response.read())
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.2)
        else:
            pytest.fail("serve did not answer")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert [row["symbol"] for row in rows] == ["A/RES/73/27"]
