"""``normtrace positions``: load, extract, write."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from pipeline.commands.options import (
    bom_option,
    budget_options,
    fail,
    format_option,
    load_within,
    output_option,
    pick_format,
)
from pipeline.errors import NormtraceError
from pipeline.limits import NO_BUDGET, FileBudget
from pipeline.report.positions import (
    write_codebook_csv,
    write_positions_csv,
    write_positions_json,
)
from pipeline.research.positions import extract_positions


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
        budget: Time and memory each file may take to read (``limits.within``).

    Returns:
        The number of inputs that failed (their statements are left out).
    """
    from pipeline.report.output import open_output
    from pipeline.report.positions import write_positions_html
    from pipeline.research.statements import split_statements

    failed, documents = 0, []
    for path in files:
        try:
            doc = load_within(budget, path)
        except NormtraceError as err:
            fail(str(err))
            failed += 1
            continue
        if not split_statements(doc):  # a resolution, say: no one speaks in it
            fail(
                f"{path}: no statement found (a {doc.doc_type}); positions reads "
                "statements, compendia of statements, verbatim records and speeches"
            )
            failed += 1
            continue
        documents.append(doc)
    if not documents:
        return failed
    table = extract_positions(documents)
    speeches = any(d.doc_type != "statement" for d in documents)
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
