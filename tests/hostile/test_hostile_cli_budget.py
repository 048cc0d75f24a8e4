"""A per-file budget on ingest, extract and diff (issue 13, item 3): a file over its time
or memory budget fails with one line, and the rest of the batch is still read."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
from budget_planted import planted_load_document
from click.testing import CliRunner

import pipeline.ingest
from pipeline.cli import cli

GOOD = Path(__file__).resolve().parent.parent / "data" / "excerpt_78_16.txt"


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Path]:
    # The forked child that reads a file inherits this patch.
    monkeypatch.setattr(pipeline.ingest, "load_document", planted_load_document)
    files = {}
    for name in ("slow.txt", "greedy.txt"):
        files[name] = tmp_path / name
        files[name].write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    return files


def _vm_mib() -> int:
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    match = re.search(r"VmSize:\s+(\d+) kB", status)
    assert match
    return int(match.group(1)) // 1024


@pytest.mark.parametrize("command", [["ingest"], ["diff"]])
def test_a_file_over_its_time_budget_fails_alone(
    command: list[str], patched: dict[str, Path]
) -> None:
    slow = patched["slow.txt"]
    started = time.monotonic()
    args = [*command, str(slow), str(GOOD), "--timeout", "1"]
    if command == ["diff"]:
        args = ["diff", str(GOOD), str(slow), str(GOOD), "--timeout", "1"]
    result = CliRunner().invoke(cli, args)
    assert time.monotonic() - started < 15  # the 60 s sleep was cut
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: {slow}: over the time budget of 1 s"]
    if command == ["ingest"]:  # the good file of the batch is still read
        assert [json.loads(x)["symbol"] for x in result.stdout.splitlines()] == ["A/RES/78/16"]


def test_a_file_over_its_memory_budget_fails_alone(patched: dict[str, Path]) -> None:
    greedy = patched["greedy.txt"]
    # The forked child starts with this process's address space; give it 1 GiB more.
    budget = str(_vm_mib() + 1024)
    result = CliRunner().invoke(cli, ["ingest", str(greedy), str(GOOD), "--memory", budget])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {greedy}: out of memory (over {budget} MiB)"
    ]
    assert [json.loads(x)["symbol"] for x in result.stdout.splitlines()] == ["A/RES/78/16"]


def test_without_a_budget_nothing_forks(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("no child process without a budget")

    monkeypatch.setattr(os, "fork", no_fork)  # how the reading child is forked
    # Issue 27: a budget is on by default; --no-budget lifts it.
    result = CliRunner().invoke(cli, ["ingest", str(GOOD), "--no-budget"])
    assert result.exit_code == 0, result.output
    by_default = CliRunner().invoke(cli, ["ingest", str(GOOD)])
    assert isinstance(by_default.exception, AssertionError)  # it tried to fork
