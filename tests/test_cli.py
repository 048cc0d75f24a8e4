"""The command line: help for every command, ingest output, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import cli

DATA = Path(__file__).parent / "data"


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*prefix, name)))
    return found


@pytest.mark.parametrize("path", _commands(cli))
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help, f"{' '.join(path)} has no docstring"


def test_ingest_json_follows_the_contract() -> None:
    result = CliRunner().invoke(cli, ["ingest", str(DATA / "excerpt_78_16.txt")])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    for key in (
        "symbol",
        "title",
        "doc_type",
        "date",
        "session",
        "agenda_items",
        "sponsors",
        "paragraphs",
        "footnotes",
    ):
        assert key in doc
    assert doc["symbol"] == "A/RES/78/16"
    para = doc["paragraphs"][0]
    assert {"id", "kind", "number", "text", "page"} <= set(para)


def test_ingest_text_format() -> None:
    result = CliRunner().invoke(
        cli, ["ingest", str(DATA / "excerpt_78_16.txt"), "--format", "text"]
    )
    assert result.exit_code == 0
    assert "symbol:      A/RES/78/16" in result.output
    assert "[OP2(a) p3] Support States" in result.output  # issue 25: a citation, not an id


def test_batch_goes_on_past_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00" * 32)
    missing = tmp_path / "missing.txt"
    good = DATA / "excerpt_78_16.txt"
    result = CliRunner().invoke(cli, ["ingest", str(bad), str(good), str(missing)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line]
    assert errors == [
        f"error: {bad}: not a readable PDF (truncated or corrupt)",
        f"error: {missing}: no such file",
    ]
    docs = [json.loads(line) for line in result.stdout.splitlines()]  # JSON Lines
    assert [d["symbol"] for d in docs] == ["A/RES/78/16"]


def test_usage_error_exits_2() -> None:
    result = CliRunner().invoke(cli, ["ingest"])
    assert result.exit_code == 2
    result = CliRunner().invoke(cli, ["ingest", "x.txt", "--format", "xml"])
    assert result.exit_code == 2


def test_the_caller_says_the_kind(tmp_path: Path) -> None:
    # A speech whose file name does not follow the General Debate pattern: inferred as
    # "other" text, a speech when the caller says so.
    speech = tmp_path / "remarks.txt"
    speech.write_text("We call for restraint in cyberspace.\n\nWe thank you.\n", encoding="utf-8")
    inferred = json.loads(CliRunner().invoke(cli, ["ingest", str(speech)]).stdout)
    told = json.loads(CliRunner().invoke(cli, ["ingest", str(speech), "--kind", "speech"]).stdout)
    assert inferred["doc_type"] != "speech"
    assert told["doc_type"] == "speech"
    assert {p["kind"] for p in told["paragraphs"]} == {"speech"}
