"""``-o`` naming a pipe that no process reads (issue 27: outputs).

Opening a named pipe to write waits until a reader comes: ``ingest a.txt -o FIFO``
hung until it was killed (bench/hostile_round.py, "-o to a FIFO": killed at 60 s). Now
it is one line naming the pipe; a pipe with a reader is written as before.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from hostile_cases import GOOD_RESOLUTION, run_cli


def test_a_pipe_nobody_reads_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    os.mkfifo(tmp_path / "out.json")
    run = run_cli(["ingest", "a.txt", "-o", "out.json"], tmp_path, timeout=30)
    assert run.code == 1 and run.seconds < 30, run.stderr
    (line,) = run.errors()
    assert "out.json" in line and "a named pipe that no process reads" in line, line


def _read_all(fd: int, got: list[bytes]) -> None:
    """Read the pipe to its end; an end of file before any writer came is waited out."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        chunk = os.read(fd, 65536)
        if chunk:
            got.append(chunk)
        elif got:
            return
        else:
            time.sleep(0.02)


def test_a_pipe_with_a_reader_is_written(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the reader is there before the run
    os.set_blocking(fd, True)
    got: list[bytes] = []
    reader = threading.Thread(target=_read_all, args=(fd, got), daemon=True)
    reader.start()
    try:
        run = run_cli(["ingest", "a.txt", "-o", "out.json"], tmp_path)
        reader.join(30)
    finally:
        os.close(fd)
    assert run.code == 0, run.stderr
    assert b"A/RES/80/99" in b"".join(got), got
