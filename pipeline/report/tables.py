"""Change tables for spreadsheets: one row per change, as CSV (XLSX: ``workbook``).

Columns: the pair (old → new symbol), old and new ids, human citations (PP3, OP5(a))
and pages, kind, flags, significance and its reason, similarity, old and new text.
Every text cell goes through ``records.csv_cell`` (control characters out, ``safe_cell``)
so that document text never runs as a spreadsheet formula nor breaks the workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from pipeline.document import CHANGE_COLUMNS, CHANGE_KINDS, DiffReport
from pipeline.report.records import write_csv

COLUMNS = CHANGE_COLUMNS
SUMMARY_COLUMNS = (
    "old",
    "new",
    "similarity",
    *CHANGE_KINDS,
    "substantive",
    "editorial",
    "overlaps",
    "report",
)


def change_rows(reports: DiffReport | Sequence[DiffReport]) -> list[dict[str, Any]]:
    """One row (a dict keyed by COLUMNS) per change of each report, in report order."""
    steps = [reports] if isinstance(reports, DiffReport) else list(reports)
    return [row for report in steps for row in report.change_rows()]


def summary_row(report: DiffReport, path: str = "") -> dict[str, Any]:
    """One row (keyed by SUMMARY_COLUMNS) that sums up a comparison."""
    s = report.summary
    significance = s.get("significance", {})
    return {
        "old": report.old.symbol or report.old.title or "",
        "new": report.new.symbol or report.new.title or "",
        "similarity": s["similarity"],
        **{kind: s[kind] for kind in CHANGE_KINDS},
        "substantive": significance.get("substantive", 0),
        "editorial": significance.get("editorial", 0),
        "overlaps": len(report.overlaps),
        "report": path,
    }


def write_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fp: TextIO) -> None:
    """Write rows as CSV with a header through the one CSV writer (``records.write_csv``)."""
    write_csv(rows, columns, fp)


def write_changes_csv(reports: DiffReport | Sequence[DiffReport], fp: TextIO) -> None:
    """Write the change table of one report (or a chain's steps) as CSV."""
    write_rows(change_rows(reports), COLUMNS, fp)
