"""``normtrace diff``, ``overlap`` and ``diff-folder``: the click commands over ``compare``.

Kept beside the library so the shared ``cli.py`` only registers them. Each command
reads its inputs (one line on stderr per bad file, and the rest goes on), calls the
library and hands the result to a writer of ``pipeline.report``.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterator, Sequence
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
    progress,
)
from pipeline.document import CHANGE_KINDS, DiffReport, Document
from pipeline.errors import NormtraceError
from pipeline.limits import NO_BUDGET, FileBudget


def _load(
    paths: Sequence[Path], db: Path | None, budget: FileBudget | None = None
) -> tuple[list[Document], int]:
    """Read each input (a file, ``-`` for standard input, or a symbol in the store)."""
    documents, failed = [], 0
    said: set[str] = set()
    for path, read in zip(paths, _read_all(paths, db, budget or NO_BUDGET), strict=True):
        if isinstance(read, Document):
            documents.append(read)
            continue
        message = str(read) + _store_hint(path, db)
        if message not in said:  # a damaged store behind two inputs is said once
            fail(message)
            said.add(message)
        failed += 1
    return documents, failed


def _read_all(
    paths: Sequence[Path], db: Path | None, budget: FileBudget
) -> list[Document | NormtraceError]:
    """Each input's Document, or the error that says why it has none, in order.

    Within a budget each thread reads in a child of its own (``limits.within``), so two
    inputs are read at once, one a core: the two 2.4 MB texts of 50,000 paragraphs
    each took 2.1 s one after the other (issue 27). Without a budget the files are
    read here, one at a time: pdfium must not run in two threads of one process.
    """

    def read(path: Path) -> Document | NormtraceError:
        try:
            if db is not None and str(path) != "-" and not path.exists():
                return _from_store(db, str(path))
            return load_within(budget, path)
        except NormtraceError as err:
            return err

    if not budget.limited or len(paths) < 2:
        return [read(path) for path in paths]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(read, paths))


@contextlib.contextmanager
def collecting_rarely() -> Iterator[Callable[[], None]]:
    """Run the cyclic garbage collector rarely while a command reads, compares, writes.

    The documents, their changes and tokens and the report's data are made in their
    hundreds of thousands, few in cycles, and live to the end of the command: at the
    default threshold (700 new objects) the collector ran 3,500 times over them on
    50,000 tiny paragraphs a side (issue 27). At 10,000, with what exists taken out of
    every collection (``gc.freeze``, and again by the function yielded, once the
    documents are read): 5.6 -> 4.3 s CPU from the comparison to the written JSON,
    reading 3.0 -> 2.9 s, peak memory the same. Afterwards the threshold is as it was
    and nothing is frozen (for a caller or a test in the same process; a command's
    process freezes nothing else).
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    try:
        yield gc.freeze
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _store_hint(path: Path, db: Path | None) -> str:
    """For a missing file that spells a symbol (73/27) without --db: how to look it up."""
    from pipeline.lexicon import symbol_from_text

    symbol = symbol_from_text(str(path)) if db is None and not path.exists() else None
    return f"; to look up {symbol} in a corpus store, give --db STORE" if symbol else ""


def _from_store(db: Path, symbol: str) -> Document:
    from pipeline.corpus.store import Store, StoreError

    if not db.is_file():
        raise StoreError(f"{db}: no such corpus store")
    from pipeline.corpus.faults import store_errors
    from pipeline.corpus.resolve import resolve_symbol

    with store_errors(db), Store(db, readonly=True) as store:
        return store.load_document(resolve_symbol(store, symbol))


def write_report(
    reports: DiffReport | Sequence[DiffReport], fmt: str, output: Path | None, bom: bool = False
) -> None:
    """Write a report (or a chain's) in one format to a file or standard output.

    Raises:
        click.UsageError: XLSX asked for without an output file.
        OSError: The output cannot be written (what was there is kept).
    """
    from pipeline.report.writers import write_diff_report

    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs -o FILE.xlsx")
    write_diff_report(reports, fmt, output, bom=bom)


_DIFF_FORMATS = ["json", "md", "html", "csv", "xlsx"]
_FORMAT = format_option(
    _DIFF_FORMATS,
    help="json: one report a line (JSON Lines; a chain gives a line per step); "
    "csv and xlsx: the change table, one row per change.",
)
_DB = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Corpus store where OLD/NEW that are not files are looked up by symbol.",
)
_ONLY = click.option(
    "--only",
    type=click.Choice(["substantive", "editorial"]),
    help="Keep only the changes of this significance.",
)
_KIND = click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(CHANGE_KINDS),
    help="Keep changes of this kind (repeatable).",
)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_FORMAT
@output_option
@bom_option
@_DB
@_ONLY
@_KIND
@budget_options
def diff(
    files: tuple[Path, ...],
    fmt: str | None,
    output: Path | None,
    bom: bool,
    db: Path | None,
    only: str | None,
    kinds: tuple[str, ...],
    seconds: float | None,
    memory_mb: int | None,
) -> None:
    """Compare OLD NEW paragraph by paragraph; a chain of 3+ files reports each step.

    OLD and NEW are files (one may be - for standard input), or symbols in a store
    given with --db (A/RES/73/27, 73/27 or a file name held in the store).

    \b
    Example: normtrace diff A_C.1_80_L.20.pdf A_RES_80_16.pdf --format html -o diff.html
    Example: normtrace diff A/RES/73/27 A/RES/75/240 --db corpus.db --format md
    Example: normtrace diff A_RES_77_37.txt A_RES_78_16.pdf --only substantive -o c.xlsx
    """
    from pipeline.compare import compare_chain
    from pipeline.compare.diff import select_changes

    if len(files) < 2:
        raise click.UsageError("diff needs two documents (OLD NEW) or a chain of more")
    fmt = pick_format(fmt, output, _DIFF_FORMATS)
    with collecting_rarely() as keep:
        documents, failed = _load(files, db, FileBudget(seconds, memory_mb))
        if failed:
            sys.exit(1)
        keep()  # the documents live to the end of the command
        reports = [
            select_changes(r, significance=only, kinds=kinds) for r in compare_chain(documents)
        ]
        try:
            write_report(reports[0] if len(reports) == 1 else reports, fmt, output, bom)
        except OSError as err:
            fail(f"{output}: {err.strerror or err}")
            sys.exit(1)


@click.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@format_option(["md", "json", "html", "csv", "xlsx"])
@output_option
@bom_option
@_DB
@budget_options
def overlap(
    old: Path,
    new: Path,
    fmt: str | None,
    output: Path | None,
    bom: bool,
    db: Path | None,
    seconds: float | None,
    memory_mb: int | None,
) -> None:
    """What two mandates share: each mandate element of one text, found in the other.

    Splits every paragraph that sets up or tasks a body into its elements and says,
    for each, whether the other text has it verbatim, reworded, partly or not at all
    (and where); lists the passages any two paragraphs share.

    \b
    Example: normtrace overlap A_RES_73_27.txt A_RES_73_266.txt --format html -o mandates.html
    Example: normtrace overlap A_RES_73_27.txt A_RES_73_266.txt -o mandates.xlsx
    """
    from pipeline.compare import compare
    from pipeline.compare.mandate import mandate_table
    from pipeline.report.writers import write_overlap

    fmt = pick_format(fmt, output, ["md", "json", "html", "csv", "xlsx"])
    with collecting_rarely() as keep:
        documents, failed = _load([old, new], db, FileBudget(seconds, memory_mb))
        if failed:
            sys.exit(1)
        keep()  # the documents live to the end of the command
        table = mandate_table(documents[0], documents[1])
        report = compare(documents[0], documents[1])
        try:
            cap = report.summary.get("overlap_cap")
            write_overlap(table, report.overlaps, fmt, output, bom=bom, cap=cap)
        except OSError as err:
            fail(f"{output}: {err.strerror or err}")
            sys.exit(1)


def _note(message: str) -> None:
    click.echo(f"note: {message}", err=True)


@click.command("diff-folder")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the reports and summary.csv.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md", "json", "csv", "xlsx"]),
    default="html",
    show_default=True,
)
@_ONLY
@click.option("--force", is_flag=True, help="Overwrite reports that exist.")
@bom_option
@budget_options
def diff_folder(
    folder: Path,
    out: Path,
    fmt: str,
    only: str | None,
    force: bool,
    bom: bool,
    seconds: float | None,
    memory_mb: int | None,
) -> None:
    """Match the drafts of a folder to the resolutions they became, and diff each pair.

    Writes one report per pair (OLD__NEW.html ...) and summary.csv (one row per pair:
    similarity, changes by kind and significance, overlaps) into the output folder;
    each draft and resolution left without a pair is named on standard error.

    \b
    Example: normtrace diff-folder batch/mandate_pipeline_first_committee_78-80 -o diffs
    """
    from functools import partial

    from pipeline.corpus.folder import diff_folder as run

    load = partial(load_within, FileBudget(seconds, memory_mb))
    try:
        failed = run(folder, out, fmt=fmt, only=only, force=force, fail=fail, note=_note,
                     progress=progress, load=load, bom=bom)  # fmt: skip
    except NormtraceError as err:
        fail(str(err))
        sys.exit(1)
    if failed:
        sys.exit(1)
