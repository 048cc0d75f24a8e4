"""Issue 27: every command that reads document files does so within a budget by default.

``ingest``, ``extract`` and ``diff`` are tested in test_hostile_cli_budget.py; here
every other command that reads documents. A planted reader stalls on files named
``slow*`` and allocates 4 GiB on files named ``greedy*``; the command must end in one
line naming the file and the limit (the rest of its batch going on), with no option
for the memory case (the default budget), and must not fork with ``--no-budget``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from budget_planted import planted_load_document
from click.testing import CliRunner

import pipeline.ingest
from pipeline.cli import cli
from pipeline.limits import DEFAULT_MEMORY_MB

DATA = Path(__file__).resolve().parent.parent / "data"
GOOD = DATA / "excerpt_78_16.txt"
CATALOGUE = DATA / "norms_catalogue_small.csv"

# Each command that reads documents; {bad} is the planted file, {out} an output file.
# The second file, where there is one, shows that the batch goes on past {bad}.
COMMANDS = [
    ["overlap", "{bad}", str(GOOD)],
    ["positions", "{bad}", str(GOOD)],
    ["norms", "{bad}", str(GOOD), "--catalogue", str(CATALOGUE)],
    ["languages", "{bad}", str(GOOD)],
    ["votes", "record", "{bad}"],
    ["votes", "tally", "78/16", "--record", "{bad}"],
    ["votes", "compare", "73/27", "73/266", "--record", "{bad}"],
    ["votes", "map", "78/16", "--record", "{bad}", "-o", "{out}"],
    ["sponsors", "compare", "{bad}", str(GOOD)],
    ["sponsors", "map", "{bad}", "-o", "{out}"],
    ["diff-folder", "{folder}", "-o", "{out_dir}"],
]
# What shows that the good file after the planted one was still read.
WENT_ON = {
    "positions": f"error: {GOOD}: no statement found",  # a resolution: read, then refused
    "languages": f"error: {GOOD}: the only version",
}


@pytest.fixture
def planted(monkeypatch: pytest.MonkeyPatch) -> None:
    # The forked child that reads a file inherits this patch.
    monkeypatch.setattr(pipeline.ingest, "load_document", planted_load_document)


def _args(command: list[str], bad: str, tmp_path: Path) -> tuple[list[str], Path]:
    """The command line, and the path the planted file has in it."""
    folder = tmp_path / "folder"
    folder.mkdir()
    planted = folder / f"{bad}.txt"
    planted.write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    values = {
        "{bad}": str(planted),
        "{folder}": str(folder),
        "{out}": str(tmp_path / "out.png"),
        "{out_dir}": str(tmp_path / "out"),
    }
    return [values.get(a, a) for a in command], planted


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_stalled_file_is_cut_at_the_time_budget(
    command: list[str], planted: None, tmp_path: Path
) -> None:
    args, slow = _args(command, "slow", tmp_path)
    started = time.monotonic()
    result = CliRunner().invoke(cli, [*args, "--timeout", "1"])
    assert time.monotonic() - started < 20  # the 60 s stall was cut
    assert result.exit_code == 1, result.output
    errors = _errors(result.stderr)
    assert errors[0] == f"error: {slow}: over the time budget of 1 s", errors
    if command[0] in WENT_ON:
        assert any(line.startswith(WENT_ON[command[0]]) for line in errors[1:]), errors
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_greedy_file_fails_at_the_default_memory_budget(
    command: list[str], planted: None, tmp_path: Path
) -> None:
    args, greedy = _args(command, "greedy", tmp_path)
    result = CliRunner().invoke(cli, args)  # no option: the default budget
    assert result.exit_code == 1, result.output
    errors = _errors(result.stderr)
    assert errors[0] == f"error: {greedy}: out of memory (over {DEFAULT_MEMORY_MB} MiB)", errors
    if command[0] in WENT_ON:
        assert any(line.startswith(WENT_ON[command[0]]) for line in errors[1:]), errors


def test_norms_goes_on_past_a_file_over_budget(planted: None, tmp_path: Path) -> None:
    args, slow = _args(COMMANDS[2], "slow", tmp_path)
    result = CliRunner().invoke(cli, [*args, "--timeout", "1", "--format", "json"])
    assert result.exit_code == 1
    assert _errors(result.stderr) == [f"error: {slow}: over the time budget of 1 s"]
    assert len(result.stdout.splitlines()) == 1  # the good file's report


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_no_budget_reads_in_this_process(
    command: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def no_fork(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("no child process without a budget")

    args, _ = _args(command, "plain", tmp_path)
    monkeypatch.setattr(os, "fork", no_fork)  # how the reading child is forked
    lifted = CliRunner().invoke(cli, [*args, "--no-budget"])
    assert not isinstance(lifted.exception, AssertionError), lifted.exception
    by_default = CliRunner().invoke(cli, args)
    assert isinstance(by_default.exception, AssertionError)  # it tried to fork
