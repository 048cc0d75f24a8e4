"""Writers of the norm tracker (issue 22): JSON Lines, CSV, Markdown, HTML, XLSX, figure.

Writers format and compute nothing: the table (``compare.norms_track.NormsTable``) holds
the reports in date order and the (norm, document, paragraph) rows with their drift.
Document text is data: HTML autoescapes it, spreadsheet cells never start a formula and,
like the figure's labels, hold no control character (openpyxl refuses them).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from pipeline.compare.norms import NormsReport
from pipeline.compare.norms_track import COLUMNS, NormsTable
from pipeline.document import cite
from pipeline.report.output import clean_text
from pipeline.report.tables import write_rows
from pipeline.report.workbook import workbook_cell

# One colour per relation, shared by the HTML grid, the XLSX fill and the figure.
COLOURS = {
    "identical": "#1d6b1d",
    "reworded": "#6ab04c",
    "partial": "#f0c040",
    "new": "#5b7fbf",
    "": "#f2f2f2",
}
# The figure is a page's grid, not a table: 5,000 norms made a 262,000-pixel-high canvas
# that matplotlib laid out for minutes. At these limits it is 5,550 x 7,050 pixels.
MAX_FIGURE_ROWS = 100
MAX_FIGURE_DOCUMENTS = 40
_LABEL = 40  # characters of a row or column label in the figure


def figure_problem(norms: int, documents: int) -> str | None:
    """Why a grid of ``norms`` rows (and the new items' row) by ``documents`` columns
    is too large for the figure, or None."""
    if norms + 1 > MAX_FIGURE_ROWS or documents > MAX_FIGURE_DOCUMENTS:
        return (
            f"a figure shows at most {MAX_FIGURE_ROWS - 1} norms and {MAX_FIGURE_DOCUMENTS} "
            f"documents (here {norms:,} and {documents:,}); use --format html, xlsx or csv"
        )
    return None


def _label(text: str) -> str:
    text = clean_text(text)
    return text if len(text) <= _LABEL else text[: _LABEL - 1] + "…"


def write_norms_json(reports: NormsReport | Sequence[NormsReport], fp: TextIO) -> None:
    """JSON Lines: one object per input (the ``--format json`` contract)."""
    for report in [reports] if isinstance(reports, NormsReport) else reports:
        fp.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")


def write_norms_csv(table: NormsTable, fp: TextIO) -> None:
    """One row per (norm, document, paragraph), drift words joined by spaces."""
    write_rows([r.to_dict() for r in table.rows], COLUMNS, fp)


def _grid(table: NormsTable) -> list[dict[str, Any]]:
    """Per norm, one cell per document: strongest relation, citations, anchor."""
    grid = []
    for norm_id, short_name in table.norms:
        cells = []
        for number, name in enumerate(table.names):
            rows = table.cell(norm_id, name)
            relation = rows[0].relation if rows else ""
            cells.append(
                {
                    "relation": relation,
                    "cites": ", ".join(r.cite for r in rows),
                    "anchor": f"d{number}-{rows[0].paragraph_id}" if rows else "",
                    "score": rows[0].score if rows else 0.0,
                }
            )
        grid.append({"norm_id": norm_id, "short_name": short_name, "cells": cells})
    # The last row: each document's new items (list items restating no norm).
    new_cells = [
        {
            "relation": "new" if report.new else "",
            "cites": ", ".join(cite(p) for p in report.new),
            "anchor": f"d{number}-{report.new[0]}" if report.new else "",
            "score": 0.0,
        }
        for number, report in enumerate(table.reports)
    ]
    if any(c["relation"] for c in new_cells):
        grid.append({"norm_id": "new", "short_name": "items restating no norm", "cells": new_cells})
    return grid


def format_norms_markdown(table: NormsTable) -> str:
    """The grid as a Markdown table, then each document's matches and new items."""
    names = list(table.names)
    lines = ["# Norm tracker", "", "| norm | " + " | ".join(names) + " |"]
    lines.append("|---" * (len(names) + 1) + "|")
    for row in _grid(table):
        cells = [f"{c['relation']} {c['cites']}".strip() or "—" for c in row["cells"]]
        lines.append(f"| {row['norm_id']} {row['short_name']} | " + " | ".join(cells) + " |")
    for name, report in zip(table.names, table.reports, strict=True):
        lines += ["", f"## {name} ({report.dated})", ""]
        for m in report.matches:
            lines.append(
                f"- {m.cite} {m.norm_id}: {m.relation} ({m.score:.2f}); "
                f"{m.significance or ''} {m.reason}".rstrip()
            )
        if report.new:
            lines.append("- new: " + ", ".join(cite(pid) for pid in report.new))
        for norm_id, paragraphs in report.split:
            lines.append(f"- split: {norm_id} over {', '.join(map(cite, paragraphs))}")
        for paragraph, norms in report.merged:
            lines.append(f"- merged: {cite(paragraph)} restates {', '.join(norms)}")
        if not report.matches and not report.new:
            lines.append("- restates no norm of the catalogue")
    return "\n".join(lines) + "\n"


def write_norms_markdown(table: NormsTable, fp: TextIO) -> None:
    """Write ``format_norms_markdown``."""
    fp.write(format_norms_markdown(table))


def format_norms_html(table: NormsTable) -> str:
    """The grid (rows norms, columns documents, colour by relation, each cell linking to
    its redline) and, per document, the redline of every match."""
    from pipeline.report.html import template_environment

    template = template_environment().get_template("norms.html.j2")
    return template.render(table=table, grid=_grid(table), colours=COLOURS)


def write_norms_html(table: NormsTable, fp: TextIO) -> None:
    """Write ``format_norms_html``."""
    fp.write(format_norms_html(table))


def _cell(value: object) -> object:
    """A workbook cell: text as ``workbook_cell`` makes it (no control character, no
    formula, at most Excel's length); numbers and None as they are."""
    return workbook_cell(value) if isinstance(value, str) else value


def write_norms_xlsx(table: NormsTable, path: Path) -> None:
    """A workbook: the rows (one per norm, document, paragraph) and the coloured grid."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "rows"
    sheet.append(list(COLUMNS))
    for row in table.rows:
        sheet.append([_cell(v) for v in row.to_dict().values()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    grid = book.create_sheet("grid")
    grid.append(["norm", *[_cell(n) for n in table.names]])
    for number, line in enumerate(_grid(table), start=2):
        grid.append(
            [_cell(f"{line['norm_id']} {line['short_name']}")]
            + [_cell(f"{c['relation']} {c['cites']}".strip()) for c in line["cells"]]
        )
        for column, c in enumerate(line["cells"], start=2):
            colour = COLOURS[c["relation"]].lstrip("#")
            grid.cell(number, column).fill = PatternFill("solid", fgColor=colour)
    book.save(path)


def write_norms_figure(table: NormsTable, path: Path) -> None:
    """The grid as a figure for a paper (PNG or SVG by the file's extension)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Patch

    if problem := figure_problem(len(table.norms), len(table.names)):
        raise ValueError(problem)
    grid = _grid(table)
    names = [_label(name) for name in table.names]
    image = [[to_rgb(COLOURS[c["relation"]]) for c in row["cells"]] for row in grid]
    width = max(4.0, 1.1 * len(names) + 3.0)
    fig, ax = plt.subplots(figsize=(width, 0.35 * len(grid) + 2.0))
    # Cells as a mesh, not an image: imshow resamples the grid to every output pixel in
    # floats (about 60 bytes a pixel: a 60 x 30 grid took 1.5 GB, an empty canvas 150 MB).
    ax.pcolormesh(
        np.arange(len(names) + 1) - 0.5, np.arange(len(grid) + 1) - 0.5, np.asarray(image)
    )
    ax.invert_yaxis()  # the first norm on top, as in the table
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(grid)), [_label(r["norm_id"]) for r in grid], fontsize=8)
    for y, row in enumerate(grid):
        for x, c in enumerate(row["cells"]):
            cites = c["cites"].split(", ") if c["cites"] else []
            label = ", ".join(cites[:2]) + (f" +{len(cites) - 2}" if len(cites) > 2 else "")
            if label:
                ax.text(x, y, label, ha="center", va="center", fontsize=6)
    handles = [
        Patch(color=COLOURS[k], label=k) for k in ("identical", "reworded", "partial", "new")
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.set_title("Norms restated, by document (ordered by adoption date)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lstrip(".").lower() or "png", dpi=150)
    plt.close(fig)
