"""Each command's writers keyed by format, written through the one output layer.

A command picks the format (``output.choose_format``) and calls one function here; the
file named by ``-o`` is replaced only when the writer finished (``output.open_output``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pipeline.document import DiffReport, Overlap
from pipeline.report.output import open_output, output_path

if TYPE_CHECKING:
    from pipeline.compare.mandate import MandateTable

DIFF_FORMATS = ("json", "md", "html", "csv", "xlsx")
OVERLAP_FORMATS = ("md", "json", "html", "csv", "xlsx")


def _diff_writer(fmt: str) -> Callable[[Any, TextIO], None]:
    """The writer of one format, imported alone (the HTML one brings Jinja2: 20 ms
    of a JSON diff's start-up, issue 27)."""
    if fmt == "json":
        from pipeline.report.json import write_json_lines

        return write_json_lines
    if fmt == "md":
        from pipeline.report.markdown import write_markdown

        return write_markdown
    if fmt == "html":
        from pipeline.report.html import write_html

        return write_html
    if fmt == "csv":
        from pipeline.report.tables import write_changes_csv

        return write_changes_csv
    raise ValueError(f"no diff writer for {fmt!r}")


def write_diff_report(
    reports: DiffReport | Sequence[DiffReport], fmt: str, output: Path | None, *, bom: bool = False
) -> None:
    """Write a report (or a chain's) in one of ``DIFF_FORMATS``.

    Args:
        reports: A DiffReport, or the reports of a chain's steps.
        fmt: json (JSON Lines), md, html, csv or xlsx.
        output: The file, or None for standard output (not for xlsx).
        bom: CSV: start with a UTF-8 byte order mark.

    Raises:
        ValueError: xlsx without an output file.
        OSError: The output cannot be written (what was there is kept).
    """
    if fmt == "xlsx":
        from pipeline.report.workbook import write_diff_workbook

        if output is None:
            raise ValueError("xlsx needs an output file")
        with output_path(output) as target:
            write_diff_workbook(reports, target)
        return
    write = _diff_writer(fmt)
    with open_output(output, fmt, bom=bom) as fp:
        write(reports, fp)


def write_overlap(
    table: MandateTable,
    overlaps: Sequence[Overlap],
    fmt: str,
    output: Path | None,
    *,
    bom: bool = False,
    cap: Mapping[str, int] | None = None,
) -> None:
    """Write the mandate-element table and shared passages in one of ``OVERLAP_FORMATS``;
    ``cap`` is what bounded the passages' search (a diff's ``summary["overlap_cap"]``).

    Raises:
        ValueError: xlsx without an output file.
        OSError: The output cannot be written (what was there is kept).
    """
    from pipeline.report import mandate

    if fmt == "xlsx":
        from pipeline.report.workbook import write_mandate_workbook

        if output is None:
            raise ValueError("xlsx needs an output file")
        with output_path(output) as target:
            write_mandate_workbook(table, overlaps, target)
        return

    write = {
        "json": mandate.write_mandate_json,
        "md": mandate.write_mandate_markdown,
        "html": mandate.write_mandate_html,
        "csv": mandate.write_mandate_csv,
    }[fmt]
    with open_output(output, fmt, bom=bom) as fp:
        write(table, overlaps, fp, cap)
