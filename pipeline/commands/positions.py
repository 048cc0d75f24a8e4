"""``normtrace positions``: load, extract, write."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from pipeline.commands.options import (
    StdinDocument,
    bom_option,
    budget_options,
    fail,
    format_option,
    load_input,
    output_option,
    pick_format,
    read_source,
)
from pipeline.errors import NormtraceError
from pipeline.limits import NO_BUDGET, FileBudget, within
from pipeline.report.positions import (
    write_codebook_csv,
    write_positions_csv,
    write_positions_json,
)
from pipeline.research.positions import Assessed, assess_document, combine_positions


def _assess(source: Path | StdinDocument, name: str) -> tuple[str, Assessed]:
    """Read one file and its positions (in the reading child: both within the budget).

    Returns:
        The document's type and its statements and positions.

    Raises:
        NormtraceError: The file is not a document, or no one speaks in it.
    """
    doc = load_input(source)
    found = assess_document(doc)
    if not found[0]:  # no statement: a resolution, say, where no one speaks
        raise NormtraceError(
            f"{name}: no statement found (a {doc.doc_type}); positions reads "
            "statements, compendia of statements, verbatim records and speeches"
        )
    return doc.doc_type, found


def run_positions(
    files: Sequence[Path],
    fmt: str,
    output: Path | None,
    fail: Callable[[str], None],
    bom: bool = False,
    budget: FileBudget = NO_BUDGET,
) -> int:
    """Load the files, extract positions and write them in ``fmt`` (csv, json, html).

    A CSV written to a file gets its codebook beside it (``<name>.codebook.csv``: each
    question's definition and what its labels mean); JSON and HTML carry it inside.

    Args:
        files: Compendia, verbatim records, General Debate speeches.
        fmt: csv, json or html.
        output: The file to write, or None for standard output.
        fail: Prints one error line (file and reason) for an input that failed.
        bom: CSV: start with a UTF-8 byte order mark (Excel).
        budget: Time and memory each file may take to read and analyse
            (``limits.within``; 5,000 statements took 12.8 s beyond the reading).

    Returns:
        The number of inputs that failed (their statements are left out).
    """
    from pipeline.report.output import open_output
    from pipeline.report.positions import write_positions_html

    failed, assessed, speeches = 0, [], False
    for path in files:
        try:
            doc_type, found = within(budget, str(path), _assess, read_source(path), str(path))
        except NormtraceError as err:
            fail(str(err))
            failed += 1
            continue
        assessed.append(found)
        speeches = speeches or doc_type != "statement"
    if not assessed:
        return failed
    table = combine_positions(assessed)
    try:
        with open_output(output, fmt, bom=bom) as fp:
            if fmt == "csv":
                write_positions_csv(table, fp)
                if output is not None and str(output) != "-":
                    companion = output.with_name(output.stem + ".codebook.csv")
                    with open_output(companion, "csv", bom=bom) as book:
                        write_codebook_csv(book, ict=speeches)
            elif fmt == "json":
                write_positions_json(table, fp)
            else:
                write_positions_html(table, fp, ict_column=speeches)
    except OSError as err:
        fail(f"{output or '-'}: {err.strerror or err}")
        failed += 1
    return failed


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(["csv", "json", "html"])
@output_option
@bom_option
@budget_options
def positions(
    files: tuple[Path, ...],
    fmt: str | None,
    output: Path | None,
    bom: bool,
    seconds: float | None,
    memory_mb: int | None,
) -> None:
    """State-by-question positions (supports|opposes|mentions|unclear) with evidence.

    Example: normtrace positions A_AC.292_2025_INF_5_Rev.1.pdf --format html -o pos.html
    """
    chosen = pick_format(fmt, output, ["csv", "json", "html"])
    failed = run_positions(files, chosen, output, fail, bom, FileBudget(seconds, memory_mb))
    if failed:
        sys.exit(1)
