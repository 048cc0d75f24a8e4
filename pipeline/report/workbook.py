"""Excel workbooks a reader navigates: one sheet per table, header frozen, filters on,
long text wrapped. Formats only.

``diff -o x.xlsx`` writes three sheets: ``changes`` (one row per change, with the old
and new symbols as columns of their own), ``summary`` (one row per comparison) and
``overlaps`` (the passages two paragraphs share). ``overlap -o x.xlsx`` writes
``elements`` (the mandate-element table) and ``overlaps``. Every cell goes through
``records.csv_cell``: control characters out (openpyxl refuses them), text that a
spreadsheet would run as a formula guarded; and text over Excel's 32,767 characters a
cell is cut, saying so (Excel calls a workbook with a longer cell damaged).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.document import DiffReport, Overlap
from pipeline.report.records import csv_cell

if TYPE_CHECKING:
    from openpyxl import Workbook

    from pipeline.compare.mandate import MandateTable

# Columns wider than the default, and those whose text wraps.
_WIDTHS = {"pair": 28, "reason": 40, "old_text": 70, "new_text": 70, "text": 70, "flags": 24}
_WRAPPED = {"old_text", "new_text", "text", "reason", "new_passage", "match"}
EXCEL_CELL = 32_767  # characters one cell holds in Excel
OVERLAP_COLUMNS = ("old", "new", "old_id", "new_id", "old_cite", "new_cite", "words",
                   "boilerplate", "text", "new_passage")  # fmt: skip


def workbook_cell(value: object) -> object:
    """One value as a workbook cell: ``csv_cell``, and text cut to ``EXCEL_CELL``."""
    cell = csv_cell(value)
    if isinstance(cell, str) and len(cell) > EXCEL_CELL:
        note = f" … [cut: {len(cell):,} characters]"
        cell = cell[: EXCEL_CELL - len(note)] + note
    return cell


def add_sheet(
    book: Workbook, title: str, columns: Sequence[str], rows: Sequence[dict[str, Any]]
) -> None:
    """Append a sheet: bold frozen header, filters, widths, wrapped long text."""
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(title)
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([workbook_cell(row.get(key)) for key in columns])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, key in enumerate(columns, 1):
        letter = sheet.cell(row=1, column=n).column_letter
        sheet.column_dimensions[letter].width = _WIDTHS.get(key, 12)
        if key in _WRAPPED:
            for cell in sheet[letter][1:]:
                cell.alignment = wrap


def _new_book() -> Workbook:
    from openpyxl import Workbook

    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    return book


def overlap_rows(overlaps: Sequence[Overlap], old: str, new: str) -> list[dict[str, Any]]:
    """One row per shared passage, cited, with both texts' wording."""
    return [
        {
            "old": old,
            "new": new,
            "old_id": o.old_id,
            "new_id": o.new_id,
            "old_cite": o.old_cite,
            "new_cite": o.new_cite,
            "words": o.words,
            "boilerplate": bool(getattr(o, "boilerplate", False)),
            "text": o.text,
            "new_passage": o.new_text if o.new_text != o.text else "",
        }
        for o in overlaps
    ]


def write_diff_workbook(reports: DiffReport | Sequence[DiffReport], path: Path) -> None:
    """Write the changes, the summary and the overlaps of a report (or a chain's).

    Args:
        reports: A DiffReport, or the reports of a chain's steps.
        path: The .xlsx file to write.
    """
    from pipeline.report.tables import COLUMNS, SUMMARY_COLUMNS, change_rows, summary_row

    steps = [reports] if isinstance(reports, DiffReport) else list(reports)
    book = _new_book()
    changes: list[dict[str, Any]] = []
    overlaps: list[dict[str, Any]] = []
    for report in steps:
        old, new = report.old.symbol or "", report.new.symbol or ""
        for row in change_rows(report):
            changes.append({"old_symbol": old, "new_symbol": new, **row})
        overlaps += overlap_rows(report.overlaps, old, new)
    add_sheet(book, "changes", ("old_symbol", "new_symbol", *COLUMNS[1:]), changes)
    add_sheet(book, "summary", SUMMARY_COLUMNS[:-1], [summary_row(r) for r in steps])
    add_sheet(book, "overlaps", OVERLAP_COLUMNS, overlaps)
    book.save(path)


def write_mandate_workbook(table: MandateTable, overlaps: Sequence[Overlap], path: Path) -> None:
    """Write the mandate-element table and the shared passages (``overlap -o x.xlsx``)."""
    from pipeline.report.mandate import CSV_COLUMNS

    book = _new_book()
    add_sheet(book, "elements", CSV_COLUMNS, [e.to_dict() for e in table.elements])
    old, new = table.old_symbol or "", table.new_symbol or ""
    add_sheet(book, "overlaps", OVERLAP_COLUMNS, overlap_rows(overlaps, old, new))
    book.save(path)
