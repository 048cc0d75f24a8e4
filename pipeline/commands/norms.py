"""``normtrace norms``: read the catalogues and the files, match, write (issue 22)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.commands.options import (
    bom_option,
    budget_options,
    fail,
    format_option,
    load_input,
    output_option,
    pick_format,
    read_source,
    write_output,
    write_path,
)
from pipeline.errors import NormtraceError
from pipeline.limits import FileBudget, within

if TYPE_CHECKING:
    from pipeline.commands.options import StdinDocument
    from pipeline.compare.norms import NormsReport

FORMATS = ["json", "csv", "md", "html", "xlsx", "png", "svg"]


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--catalogue",
    "catalogues",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path),
    help="A catalogue of norms (CSV: norm_id, text, ...); repeat for several.",
)
@click.option(
    "--lexical",
    is_flag=True,
    help="Lexical rules only, without the TF-IDF paraphrase strategy.",
)
@format_option(FORMATS, help="JSON Lines (one object per input), the table, or the grid.")
@output_option
@bom_option
@budget_options
def norms(
    files: tuple[Path, ...],
    catalogues: tuple[Path, ...],
    lexical: bool,
    fmt: str | None,
    output: Path | None,
    bom: bool,
    seconds: float | None,
    memory_mb: int | None,
) -> None:
    """Which catalogue norms each paragraph restates: identical, reworded, partial, new.

    Several inputs also give the norm x document table by adoption date (csv, xlsx,
    md, html grid, png/svg figure) with the words that came and went.

    Example: normtrace norms A_RES_73_27.txt --catalogue ../shared/norms/gge_2015.csv

    Example: normtrace norms A_RES_*.txt --catalogue gge_2015.csv -o grid.html
    """
    from pipeline.report import norms as report
    from pipeline.research.norms import build_index, norm_report, read_catalogues, tracker

    chosen = pick_format(fmt, output, FORMATS)
    cats, problems = read_catalogues(catalogues)
    for problem in problems:
        fail(problem)
    if not cats:
        sys.exit(1)
    count = sum(len(c.norms) for c in cats)
    if chosen in ("png", "svg") and (too_large := report.figure_problem(count, len(files))):
        raise click.UsageError(too_large)
    index = build_index(cats)
    failed, reports = len(problems), []
    strategy: dict[str, None] = {"similarity": None} if lexical else {}
    budget = FileBudget(seconds, memory_mb)

    def read(source: Path | StdinDocument) -> NormsReport:
        # In the reading child: a file's matching is bounded with its reading.
        return norm_report(load_input(source), index, **strategy)

    for path in files:
        try:
            reports.append(within(budget, str(path), read, read_source(path)))
        except NormtraceError as err:
            fail(str(err))
            failed += 1
    table = tracker(reports, cats)
    if chosen in ("xlsx", "png", "svg"):
        if output is None or str(output) == "-":
            raise click.UsageError(f"--format {chosen} needs -o FILE.{chosen}")
        write = report.write_norms_xlsx if chosen == "xlsx" else report.write_norms_figure
        write_path(output, lambda target: write(table, target))
    else:
        writers = {
            "json": lambda fp: report.write_norms_json(reports, fp),  # input order
            "csv": lambda fp: report.write_norms_csv(table, fp),
            "md": lambda fp: report.write_norms_markdown(table, fp),
            "html": lambda fp: report.write_norms_html(table, fp),
        }
        write_output(output, chosen, writers[chosen], bom=bom)
    if failed:
        sys.exit(1)
