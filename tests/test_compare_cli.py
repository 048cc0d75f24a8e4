"""``normtrace diff``: formats, chains, output files, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import settings
from pipeline.cli import cli

ROOT = settings.corpus_root()
needs_corpus = pytest.mark.skipif(ROOT is None, reason="no corpus root")


def _paths(*relative: str) -> list[str]:
    assert ROOT is not None
    return [str(ROOT / r) for r in relative]


def test_diff_has_help() -> None:
    result = CliRunner().invoke(cli, ["diff", "--help"])
    assert result.exit_code == 0
    assert "Example: normtrace diff" in result.output


def test_one_file_is_a_usage_error(tmp_path: Path) -> None:
    one = tmp_path / "a.txt"
    one.write_text("The General Assembly,\n\n1. Decides;\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(one)])
    assert result.exit_code == 2
    assert "two documents" in result.output


@needs_corpus
def test_missing_file_fails_with_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = CliRunner().invoke(cli, ["diff", *_paths("resolutions/A_RES_80_16.txt"), str(missing)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {missing}: no such file"
    assert "Traceback" not in result.output


@needs_corpus
def test_json_to_stdout_follows_the_contract() -> None:
    args = ["diff", *_paths("drafts/A_C.1_80_L.20.txt", "resolutions/A_RES_80_16.pdf")]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["old"]["symbol"] == "A/C.1/80/L.20"
    assert data["new"]["symbol"] == "A/RES/80/16"
    assert data["summary"]["unchanged"] == 7 and data["summary"]["similarity"] == 1.0


@needs_corpus
@pytest.mark.parametrize(("fmt", "marker"), [("md", "# normtrace diff"), ("html", "<!DOCTYPE")])
def test_formats_write_to_a_file(tmp_path: Path, fmt: str, marker: str) -> None:
    out = tmp_path / f"diff.{fmt}"
    args = _paths("resolutions/A_RES_73_27.txt", "resolutions/A_RES_75_240.txt")
    result = CliRunner().invoke(cli, ["diff", *args, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith(marker)


@needs_corpus
def test_a_chain_reports_each_step() -> None:
    args = _paths(
        "drafts/A_C.1_80_L.20.pdf", "drafts/A_C.1_80_L.20.txt", "resolutions/A_RES_80_16.txt"
    )
    result = CliRunner().invoke(cli, ["diff", *args])
    assert result.exit_code == 0, result.output
    steps = json.loads(result.stdout)
    assert [(s["old"]["symbol"], s["new"]["symbol"]) for s in steps] == [
        ("A/C.1/80/L.20", "A/C.1/80/L.20"),
        ("A/C.1/80/L.20", "A/RES/80/16"),
    ]


@needs_corpus
def test_unwritable_output_fails_with_one_line(tmp_path: Path) -> None:
    out = tmp_path / "no-such-dir" / "x.json"
    args = _paths("resolutions/A_RES_80_16.txt", "resolutions/A_RES_80_16.pdf")
    result = CliRunner().invoke(cli, ["diff", *args, "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {out}:")
    assert len(result.stderr.strip().splitlines()) == 1
