"""One convention for every command (README "Conventions"), checked by walking them all.

- ``--help`` works and shows an example on its own line;
- a missing file or a folder given as a file: exit 1, one line ``error: FILE: reason``,
  no traceback;
- ``-o FILE`` writes the file; ``--version`` prints the version.
"""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import cli

DATA = Path(__file__).parent / "data"
GOOD = DATA / "excerpt_78_16.txt"
CATALOGUE = DATA / "norms_catalogue_small.csv"


def _leaves(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _leaves(command, (*path, name))
        else:
            found.append((*path, name))
    return found


COMMANDS = _leaves(cli)


def test_the_walk_finds_every_command() -> None:
    # A command added later is walked too; these must be among them.
    for name in [("ingest",), ("diff",), ("overlap",), ("votes", "map"), ("corpus", "build")]:
        assert name in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_with_an_example_on_its_own_line(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    examples = [line.strip() for line in result.output.splitlines() if "Example:" in line]
    assert examples, f"{' '.join(command)} --help shows no example"
    assert all(line.startswith("Example: normtrace ") for line in examples)
    assert all(line.count("Example:") == 1 for line in examples)  # not run together


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("normtrace ")


# Each command that reads files, with {bad} where a file goes; a good file fills the rest.
FILE_COMMANDS = [
    ["ingest", "{bad}"],
    ["extract", "{bad}"],
    ["diff", "{bad}", str(GOOD)],
    ["overlap", str(GOOD), "{bad}"],
    ["positions", "{bad}"],
    ["norms", "{bad}", "--catalogue", str(CATALOGUE)],
    ["norms", str(GOOD), "--catalogue", "{bad}"],
    ["languages", "{bad}", str(GOOD)],
    ["votes", "record", "{bad}"],
    ["sponsors", "compare", "{bad}", str(GOOD)],
    ["sponsors", "map", "{bad}", "-o", "{out}"],
    ["diff-folder", "{bad}", "-o", "{out_dir}"],
    ["corpus", "build", "{bad}", "--db", "{out}"],
    ["corpus", "search", "words", "--db", "{bad}"],
    ["corpus", "lineage", "A/RES/78/16", "--db", "{bad}"],
    ["corpus", "export", "--db", "{bad}", "--format", "csv", "-o", "{out_dir}"],
    ["corpus", "check", "--db", "{bad}"],
    ["serve", "--db", "{bad}"],
]


def _fill(args: list[str], bad: Path, tmp_path: Path) -> list[str]:
    values = {"{bad}": str(bad), "{out}": str(tmp_path / "x.png"), "{out_dir}": str(tmp_path / "o")}
    return [values.get(a, a) for a in args]


@pytest.mark.parametrize("args", FILE_COMMANDS, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("case", ["missing", "folder"])
def test_bad_input_is_one_line_and_exit_1(args: list[str], case: str, tmp_path: Path) -> None:
    bad = tmp_path / "nope.txt"
    if case == "folder":
        bad = tmp_path / "a_folder"
        bad.mkdir()
    if args[0] == "diff-folder" and case == "folder":
        pytest.skip("diff-folder takes a folder")
    if args[:2] == ["corpus", "build"] and case == "folder":
        pytest.skip("corpus build takes a folder")
    result = CliRunner().invoke(cli, _fill(args, bad, tmp_path))
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith(f"error: {bad}: "), lines
    assert "Traceback" not in result.output + result.stderr


def test_a_usage_error_exits_2_with_the_one_prefix() -> None:
    result = CliRunner().invoke(cli, ["diff", str(GOOD), "--format", "nonsense"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "Error:" not in result.stderr


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus store holding GOOD (ingested only: enough to search and trace)."""
    from pipeline.corpus.store import Store
    from pipeline.ingest import load_document

    db = tmp_path_factory.mktemp("store") / "c.db"
    with Store(db) as store:
        store.write_document(GOOD.name, load_document(GOOD))
    return db


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", str(GOOD)],
        ["ingest", str(GOOD), "--format", "text"],
        ["extract", str(GOOD)],
        ["diff", str(GOOD), str(GOOD)],
        ["diff", str(GOOD), str(GOOD), "--format", "md"],
        ["overlap", str(GOOD), str(GOOD), "--format", "json"],
        ["norms", str(GOOD), "--catalogue", str(CATALOGUE)],
        ["norms", str(GOOD), "--catalogue", str(CATALOGUE), "--format", "md"],
        ["corpus", "search", "inclusive", "--db", "{db}"],
        ["corpus", "search", "inclusive", "--db", "{db}", "--format", "json"],
        ["corpus", "search", "inclusive", "--db", "{db}", "--format", "csv"],
        ["corpus", "lineage", "A/RES/78/16", "--db", "{db}"],
        ["corpus", "lineage", "A/RES/78/16", "--db", "{db}", "--format", "json"],
        ["corpus", "check", "--db", "{db}"],
        ["corpus", "check", "--db", "{db}", "--format", "json"],
    ],
    ids=lambda a: " ".join(a[:1] + a[3:]),
)
def test_o_writes_the_file_and_nothing_to_stdout(
    args: list[str], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if "{db}" in args:  # a corpus store holding GOOD
        args = [str(request.getfixturevalue("store_db")) if a == "{db}" else a for a in args]
    target = tmp_path / "out.txt"
    result = CliRunner().invoke(cli, [*args, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8").strip()


def test_several_inputs_give_one_json_line_each() -> None:
    import json

    one = CliRunner().invoke(cli, ["ingest", str(GOOD)])
    two = CliRunner().invoke(cli, ["ingest", str(GOOD), str(GOOD)])
    assert len(one.stdout.splitlines()) == 1 and len(two.stdout.splitlines()) == 2
    assert [json.loads(line)["symbol"] for line in two.stdout.splitlines()] == ["A/RES/78/16"] * 2
    assert json.loads(one.stdout) == json.loads(two.stdout.splitlines()[0])


@pytest.mark.parametrize("args", [[], ["votes"], ["corpus"]], ids=["normtrace", "votes", "corpus"])
def test_issue_25_a_bare_group_prints_its_help_once(args: list[str]) -> None:
    # issue 25: bare `normtrace` printed the help twice, the second time as an error.
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert result.stdout.count("Usage: ") == 1
    assert result.stderr == ""
