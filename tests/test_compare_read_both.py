"""``diff`` reads its two inputs at once, each in a reading child of its own (issue 27).

Two 2.4 MB texts of 50,000 paragraphs took 2.1 s to read one after the other in the
command's one reading child; with a child per thread they are read one a core. The
planted reader records which process read a file and when, so the test sees the two
reads overlap in two processes (no timing is asserted as a speed).
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import pipeline.ingest
from pipeline.cli import cli
from pipeline.limits import stop_reading

REAL = pipeline.ingest.load_document
TEXT = "The General Assembly,\n\nRecalling its resolution 73/27,\n\n1. Decides to act.\n"


def _recording(path: Any, **kwargs: Any) -> Any:
    """The real reader; the title says which process read the file, from when to when."""
    start = time.monotonic()
    time.sleep(0.5)  # long enough for the other thread's read to begin meanwhile
    doc = REAL(path, **kwargs)
    return dataclasses.replace(doc, title=f"{os.getpid()} {start} {time.monotonic()}")


@pytest.fixture()
def recorded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[Path]]:
    monkeypatch.setattr(pipeline.ingest, "load_document", _recording)
    stop_reading()  # a child forked before the patch would read with the real one
    paths = [tmp_path / "old.txt", tmp_path / "new.txt"]
    for path in paths:
        path.write_text(TEXT, encoding="utf-8")
    yield paths
    stop_reading()


def _reads(args: list[str]) -> list[tuple[int, float, float]]:
    result = CliRunner().invoke(cli, ["diff", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    titles = [report["old"]["title"], report["new"]["title"]]
    return [(int(p), float(a), float(b)) for p, a, b in (t.split() for t in titles)]


def test_two_inputs_are_read_at_once_in_two_children(recorded: list[Path]) -> None:
    (old_pid, old_start, old_end), (new_pid, new_start, new_end) = _reads(
        [str(p) for p in recorded]
    )
    assert os.getpid() not in (old_pid, new_pid)  # within the budget: in children
    assert old_pid != new_pid
    assert old_start < new_end and new_start < old_end  # the reads overlapped


def test_without_a_budget_they_are_read_here_one_after_the_other(
    recorded: list[Path],
) -> None:
    reads = _reads([*map(str, recorded), "--no-budget"])
    assert [pid for pid, _, _ in reads] == [os.getpid()] * 2
    assert reads[0][2] <= reads[1][1]  # the first ended before the second began


def test_a_bad_input_is_still_one_line_and_in_order(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(tmp_path / "missing.txt"), str(good)])
    assert result.exit_code != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "missing.txt" in lines[0], lines
