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
    steps = [json.loads(line) for line in result.stdout.splitlines()]  # JSON Lines: a step a line
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


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


OLD_TEXT = "The General Assembly,\n\n1. Decides to act;\n\n2. Welcomes the report;\n"
NEW_TEXT = (
    "The General Assembly,\n\n=SUM(A1) Recalling its resolution,\n\n"
    "1. Decides to act;\n\n2. Takes note of the report;\n"
)


def test_change_table_as_csv_one_row_per_change(tmp_path: Path) -> None:
    import csv
    import io

    from pipeline.report.tables import COLUMNS

    old, new = _write(tmp_path, "old.txt", OLD_TEXT), _write(tmp_path, "new.txt", NEW_TEXT)
    result = CliRunner().invoke(cli, ["diff", old, new, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0].keys()) == COLUMNS
    by_kind = {(r["kind"], r["new_cite"]): r for r in rows}
    # The added preamble: a formula-like cell is written as text.
    added = by_kind[("added", "PP1")]
    assert added["new_text"] == "'=SUM(A1) Recalling its resolution,"
    assert added["significance"] == "substantive"
    # Welcomes -> Takes note of: substantive, weakened, with its citation.
    verb = by_kind[("modified", "OP2")]
    assert (verb["old_cite"], verb["significance"]) == ("OP2", "substantive")
    assert "weakened" in verb["reason"] and "operative_verb" in verb["flags"]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--only", "substantive"], {("added", "substantive"), ("modified", "substantive")}),
        (["--kind", "added"], {("added", "substantive")}),
        (["--kind", "unchanged"], {("unchanged", "")}),
    ],
)
def test_filters_keep_the_asked_changes(
    tmp_path: Path, options: list[str], expected: set[tuple[str, str]]
) -> None:
    old, new = _write(tmp_path, "old.txt", OLD_TEXT), _write(tmp_path, "new.txt", NEW_TEXT)
    result = CliRunner().invoke(cli, ["diff", old, new, *options])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert {(c["kind"], c["significance"]) for c in payload["changes"]} == expected
    assert payload["summary"]["selected"]["changes"] == len(payload["changes"])


def test_change_table_as_xlsx(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    old, new = _write(tmp_path, "old.txt", OLD_TEXT), _write(tmp_path, "new.txt", NEW_TEXT)
    target = tmp_path / "changes.xlsx"
    result = CliRunner().invoke(cli, ["diff", old, new, "-o", str(target)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    # issue 25: the old and new symbols are columns of their own
    assert rows[0][:4] == ("old_symbol", "new_symbol", "old_id", "new_id")
    new_texts = [row[rows[0].index("new_text")] for row in rows[1:]]
    assert "'=SUM(A1) Recalling its resolution," in new_texts  # text, never a formula
    # A workbook cannot go to the terminal.
    refused = CliRunner().invoke(cli, ["diff", old, new, "--format", "xlsx"])
    assert refused.exit_code == 2
    assert "needs -o/--output FILE.xlsx" in refused.output


@needs_corpus
def test_overlap_command_formats(tmp_path: Path) -> None:
    args = ["overlap", *_paths("resolutions/A_RES_73_27.txt", "resolutions/A_RES_73_266.txt")]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    # OP6 sets the OEWG's organizational session: a mandate too (issue 24).
    assert payload["old_mandates"] == ["para_5", "para_6"]
    statuses = {e["status"] for e in payload["elements"]}
    assert statuses <= {"verbatim", "reworded", "partly", "absent"} and "verbatim" in statuses
    assert any(o["old_id"] == "para_5" and o["new_id"] == "para_3" for o in payload["overlaps"])
    # CSV: one row per element; HTML: a page that fetches nothing.
    csv_result = CliRunner().invoke(cli, [*args, "--format", "csv"])
    assert csv_result.stdout.splitlines()[0].startswith("side,paragraph_id,cite,text,status")
    assert len(csv_result.stdout.splitlines()) == len(payload["elements"]) + 1
    page = tmp_path / "m.html"
    html_result = CliRunner().invoke(cli, [*args, "--format", "html", "-o", str(page)])
    assert html_result.exit_code == 0
    assert "default-src 'none'" in page.read_text(encoding="utf-8")


@needs_corpus
def test_diff_folder_reports_each_pair_and_goes_on_after_a_bad_file(tmp_path: Path) -> None:
    import shutil

    assert ROOT is not None
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROOT / "drafts" / "A_C.1_80_L.20.txt", folder)
    shutil.copy(ROOT / "resolutions" / "A_RES_80_16.txt", folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["diff-folder", str(folder), "-o", str(out), "--format", "md"])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {folder / 'broken.pdf'}")
    assert (out / "A_C.1_80_L.20__A_RES_80_16.md").is_file()
    summary = (out / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert summary[0].startswith("old,new,similarity")
    assert summary[1].startswith("A/C.1/80/L.20,A/RES/80/16,")
    # Run again: the report is kept unless --force.
    again = CliRunner().invoke(cli, ["diff-folder", str(folder), "-o", str(out), "--format", "md"])
    assert "exists (use --force to overwrite)" in again.stderr
    forced = CliRunner().invoke(
        cli, ["diff-folder", str(folder), "-o", str(out), "--format", "md", "--force"]
    )
    assert "exists" not in forced.stderr
