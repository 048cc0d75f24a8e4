"""The `normtrace corpus` commands: output, exit codes and one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import cli

FILES = ("resolutions/A_RES_73_27.txt", "resolutions/A_RES_75_240.txt")


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A root with two resolutions and one bad file, and the store built from it."""
    root = tmp_path_factory.mktemp("root")
    for rel in FILES:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / rel, root / rel)
    (root / "bad.pdf").write_bytes(b"nothing")
    db = root.parent / "corpus.db"
    result = CliRunner().invoke(cli, ["corpus", "build", str(root), "--db", str(db), "--jobs", "1"])
    assert result.exit_code == 1, result.output  # one input failed
    return root, db


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_names_each_failure_on_stderr(built: tuple[Path, Path]) -> None:
    root, db = built
    code, out, err = _run("corpus", "build", str(root), "--db", str(db), "--quiet")
    assert code == 1
    assert "3 files: 0 read, 3 unchanged" in out
    assert err.strip() == f"error: {root / 'bad.pdf'}: not a PDF (no %PDF header)"
    # --force reads every file again, unchanged or not.
    _, out, _ = _run("corpus", "build", str(root), "--db", str(db), "--quiet", "--force")
    assert "3 files: 3 read, 0 unchanged, 1 failed" in out


@pytest.mark.parametrize(
    ("args", "code", "first_line"),
    [
        # ranked hits: symbol, paragraph id, snippet
        (["corpus", "search", "NEAR(capacity building, 3)"], 0, "A/RES/7"),
        # filtered to one symbol prefix and paragraph kind
        (["corpus", "search", "secur*", "--symbol-prefix", "A/RES/75", "--kind", "operative"], 0,
         "A/RES/75/240\tpara_"),
        # no hit: nothing printed, success
        (["corpus", "search", "zeppelin"], 0, ""),
        # FTS syntax error: a usage error in one line
        (["corpus", "search", "capacity AND ("], 2, ""),
        # lineage of a stored symbol
        (["corpus", "lineage", "A/RES/75/240"], 0, "preamble_1: first in A/RES/73/27 preamble_1"),
        # a symbol that is not in the store
        (["corpus", "lineage", "A/RES/1/1"], 1, ""),
    ],
)  # fmt: skip
def test_search_and_lineage(
    built: tuple[Path, Path], args: list[str], code: int, first_line: str
) -> None:
    got_code, out, err = _run(*args, "--db", str(built[1]))
    assert got_code == code, err
    assert (out.splitlines() or [""])[0].startswith(first_line)
    if code:
        assert err.strip().splitlines()[-1].startswith("error: ") and "Traceback" not in err


def test_search_json_and_lineage_json(built: tuple[Path, Path]) -> None:
    _, out, _ = _run("corpus", "search", "confidence", "--db", str(built[1]), "--format", "json")
    hits = json.loads(out)
    assert hits and {"symbol", "paragraph_id", "snippet", "score"} <= set(hits[0])
    _, out, _ = _run("corpus", "lineage", "A/RES/75/240", "--db", str(built[1]), "--format", "json")
    rows = json.loads(out)
    assert rows[0]["first"]["symbol"] == "A/RES/73/27"
    assert rows[0]["drift"] and all(
        op in ("equal", "insert", "delete") for op, _ in rows[0]["drift"]
    )


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export(built: tuple[Path, Path], tmp_path: Path, fmt: str) -> None:
    code, out, _ = _run("corpus", "export", "--db", str(built[1]), "--format", fmt, "--out",
                        str(tmp_path))  # fmt: skip
    assert code == 0 and len(out.splitlines()) == 7
    read = pd.read_parquet if fmt == "parquet" else pd.read_csv
    assert len(read(tmp_path / f"documents.{fmt}")) == 2


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["corpus", "search", "x", "--db", "/nonexistent/c.db"], 2),  # missing store: usage
        (["corpus", "export", "--db", "{db}", "--format", "xlsx", "--out", "o"], 2),  # format
        (["corpus", "build", "/nonexistent/root", "--db", "c.db"], 2),  # missing root
        (["corpus", "search", "x", "--db", "{junk}"], 1),  # not a store: one line, exit 1
    ],
)
def test_usage_errors(built: tuple[Path, Path], tmp_path: Path, args: list[str], code: int) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"junk" * 1000)
    args = [a.format(db=built[1], junk=junk) for a in args]
    got, _, err = _run(*args)
    assert got == code
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "command",
    [["corpus"], ["corpus", "build"], ["corpus", "search"], ["corpus", "lineage"],
     ["corpus", "export"], ["serve"]],
)  # fmt: skip
def test_every_command_has_help(command: list[str]) -> None:
    code, out, _ = _run(*command, "--help")
    assert code == 0 and "Usage:" in out
    assert "Example:" in out or command == ["corpus"]
