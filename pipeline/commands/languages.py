"""``normtrace languages``: the language versions of a document checked against each other."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from pipeline.commands.options import (
    budget_options,
    fail,
    format_option,
    load_within,
    output_option,
    pick_format,
    write_output,
)
from pipeline.errors import NormtraceError
from pipeline.limits import NO_BUDGET, FileBudget

FORMATS = ("json", "md", "html")


def run_languages(
    files: Sequence[Path],
    fmt: str,
    output: Path | None,
    fail: Callable[[str], None],
    budget: FileBudget = NO_BUDGET,
) -> int:
    """Read the files, compare each document's versions and write the reports.

    Args:
        files: Language versions (AKN4UN XML, PDF or text), of one or more documents.
        fmt: json (one object per document, one per line), md or html.
        output: The file to write, or None for standard output.
        fail: Prints one error line (file and reason) for an input that failed.
        budget: Time and memory each file may take to read (``limits.within``).

    Returns:
        The number of inputs that failed.
    """
    from pipeline.report.languages import WRITERS
    from pipeline.research.languages import language_reports

    documents, unread = [], 0
    for path in files:
        try:
            documents.append(load_within(budget, path))
        except NormtraceError as err:
            fail(str(err))
            unread += 1
    reports, problems = language_reports(documents)
    for message in problems:
        fail(message)
    if reports:
        write_output(output, fmt, lambda fp: WRITERS[fmt](reports, fp))
    return unread + len(problems)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(FORMATS, help="json: one object per document.")
@output_option
@budget_options
def languages(
    files: tuple[Path, ...],
    fmt: str | None,
    output: Path | None,
    seconds: float | None,
    memory_mb: int | None,
) -> None:
    """The language versions of a document aligned paragraph by paragraph, with the problems.

    For each paragraph, what a version says differently from the others: a paragraph
    missing or extra, its numbering, a number, a symbol, a date, the modality of its
    operative verb or of shall/should/may, its footnotes. Files of several documents
    give one report each.

    \b
    Example: normtrace languages A_RES_75_240.*.xml --format html -o 75_240.html
    """
    chosen = pick_format(fmt, output, FORMATS)
    if run_languages(files, chosen, output, fail, FileBudget(seconds, memory_mb)):
        sys.exit(1)
