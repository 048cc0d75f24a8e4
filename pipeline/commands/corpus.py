"""``normtrace corpus ...`` and ``normtrace serve``: thin commands over the corpus store."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline.commands.options import (
    SECONDS,
    bom_option,
    fail,
    format_option,
    output_option,
    pick_format,
    write_output,
)
from pipeline.errors import NormtraceError
from pipeline.limits import DEFAULT_MEMORY_MB

if TYPE_CHECKING:
    from pipeline.corpus.store import Store

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]
# A file's budget in a build (issue 27): reading includes the NLP pipeline, so twice the
# single-file default; memory as for every command (limits.DEFAULT_MEMORY_MB).
BUILD_SECONDS = 120.0
# The largest integer SQLite stores: a --session or --limit past it was an OverflowError
# traceback when bound to the query.
SQLITE_INT_MAX = 2**63 - 1


def _db_option(exists: bool) -> Decorator:
    # No click existence check: a missing store or a folder is a failed input (exit 1,
    # "error: DB: reason" from Store), not a usage error.
    return click.option(
        "--db",
        required=True,
        type=click.Path(path_type=Path),
        help="The corpus database (SQLite)." + ("" if exists else " Created if missing."),
    )


def _write(text: str, output: Path | None, fmt: str, bom: bool = False) -> None:
    """Write the result through the output layer (one line and exit 1 on failure)."""
    write_output(output, fmt, lambda fp: fp.write(text), bom=bom and fmt == "csv")


@contextmanager
def _reading(db: Path) -> Iterator[Store]:
    """The store opened read-only; any fault of it, then or while reading, is one line."""
    from pipeline.corpus.faults import store_errors
    from pipeline.corpus.store import Store

    try:
        with store_errors(db), Store(db, readonly=True) as store:
            yield store
    except NormtraceError as err:
        raise click.ClickException(str(err)) from err


class _TooLong(click.ClickException):
    """A query over the limits: a usage error (exit 2) in one line, without the usage."""

    exit_code = 2


@click.group()
def corpus() -> None:
    """Build, search and trace a corpus of documents in one SQLite store."""


@corpus.command()
@click.argument("root", type=click.Path(path_type=Path))
@_db_option(exists=False)
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: all cores).")
@click.option("--scheduler", help="Dask scheduler address, e.g. tcp://127.0.0.1:8786.")
@click.option("--force", is_flag=True, help="Read every file again, even unchanged ones.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--prune",
    is_flag=True,
    help="Remove stored files gone from ROOT even when they are more than 10% of the store.",
)
@click.option(
    "--timeout",
    "budget",
    type=SECONDS,
    default=BUILD_SECONDS,
    show_default=True,
    help="Seconds one file may take; a file over it fails and its worker is stopped.",
)
@click.option(
    "--memory",
    type=click.IntRange(min=256),
    default=DEFAULT_MEMORY_MB,
    show_default=True,
    help="MiB a worker may map beyond what it holds once spaCy is loaded; a file that "
    "needs more fails.",
)
@click.option("--no-budget", is_flag=True, help="No time or memory limit on a file.")
@click.option(
    "--follow-links",
    is_flag=True,
    help="Read files behind symbolic links that leave ROOT (by default each is a failure).",
)
def build(
    root: Path,
    db: Path,
    jobs: int | None,
    scheduler: str | None,
    force: bool,
    quiet: bool,
    prune: bool,
    budget: float,
    memory: int | None,
    follow_links: bool,
    no_budget: bool,
) -> None:
    """Ingest and extract every document under ROOT into the store (incremental).

    Files gone from ROOT are removed from the store; when that is more than 10% of it
    (and more than 5 files), as with an empty or wrong ROOT, nothing is changed unless
    --prune is given. A symbolic link whose target is outside ROOT is not followed
    unless --follow-links (then only to files); a name that is not UTF-8 is a failure
    named with its bytes escaped, and the build goes on.

    \b
    Example: normtrace corpus build ../shared/corpus --db corpus.db --jobs 2
    Example: normtrace corpus build ../shared/corpus/resolutions --db corpus.db --timeout 60
    """
    # A missing ROOT is a failed input (exit 1), as a missing file is elsewhere.
    if not root.exists():
        raise click.ClickException(f"{root}: no such folder")
    if not root.is_dir():
        raise click.ClickException(f"{root}: not a folder")
    from pipeline.corpus.batch import PruneRefusedError
    from pipeline.corpus.batch import build as build_store
    from pipeline.corpus.faults import store_errors

    try:
        with store_errors(db):
            stats = build_store(root, db, jobs=jobs, scheduler=scheduler, force=force,
                                progress=not quiet, prune=prune,
                                budget=None if no_budget else budget,
                                memory=None if no_budget else memory,
                                follow_links=follow_links)  # fmt: skip
    except PruneRefusedError as err:
        fail(str(err))
        sys.exit(1)
    except (NormtraceError, OSError) as err:
        raise click.ClickException(str(err)) from err
    if stats.reread:
        click.echo(f"{stats.reread} unchanged files read again: normtrace's reader has changed")
    click.echo(
        f"{stats.files} files: {stats.parsed} read, {stats.skipped} unchanged, "
        f"{stats.failed} failed, {stats.removed} removed; {stats.pages} pages in "
        f"{stats.seconds:.1f}s"
        + (
            ""
            if stats.reuse_pairs is None
            else f"; {stats.reuse_pairs} reuse pairs{stats.reuse_note}"
        )  # fmt: skip
    )
    with _reading(db) as store:
        failures = store.failures()
    for path, reason in zip(failures["path"], failures["reason"], strict=True):
        fail(f"{root / path}: {reason}")
    if len(failures):
        sys.exit(1)


@corpus.command()
@click.argument("query")
@_db_option(exists=True)
@click.option("--fts", is_flag=True, help="QUERY is FTS5 syntax (phrases, NEAR, AND/OR/NOT, x*).")
@click.option("--symbol-prefix", help='Only documents whose symbol starts so ("A/RES/7").')
@click.option(
    "--session",
    type=click.IntRange(min=1, max=SQLITE_INT_MAX),
    help="Only this General Assembly session.",
)
@click.option("--kind", help="Only this paragraph kind (preamble, operative, ...).")
@click.option("--entity", help='Only paragraphs naming this entity ("USA", "A/RES/73/27").')
@click.option("--lang", "language", help="Only documents in this language (en, fr, es, ...).")
@click.option(
    "--limit", default=20, show_default=True, type=click.IntRange(min=1, max=SQLITE_INT_MAX)
)
@format_option(["text", "json", "csv"], help="json: one array of hits; csv: one row per hit.")
@output_option
@bom_option
def search(
    query: str,
    db: Path,
    fts: bool,
    symbol_prefix: str | None,
    session: int | None,
    kind: str | None,
    entity: str | None,
    language: str | None,
    limit: int,
    fmt: str | None,
    output: Path | None,
    bom: bool,
) -> None:
    """Search the paragraphs for plain words (every one must occur), best matches first.

    Hyphens, slashes and quotes are part of the words; FTS5 query syntax only with
    --fts. A resolution's symbol (A/RES/73/27) also finds its short form (73/27).
    Dates are the adoption date where known, else the distribution date; paragraphs
    are cited as OP3 and PP11 (JSON and CSV also give the paragraph_id). No hit
    prints "no matches" on standard error and exits 0.

    \b
    Example: normtrace corpus search 'confidence-building measures' --db corpus.db
    Example: normtrace corpus search 75/240 --db corpus.db --format json -o hits.json
    Example: normtrace corpus search '"responsible state behaviour"' --fts --db corpus.db
    Example: normtrace corpus search 'comportement responsable' --lang fr --db corpus.db
    """
    from pipeline.corpus.search import QueryTooLongError, SearchError, format_hits, search_hits

    fmt = pick_format(fmt, output, ["text", "json", "csv"])
    with _reading(db) as store:
        try:
            hits = search_hits(store, query, fts=fts, symbol_prefix=symbol_prefix,
                               session=session, kind=kind, entity=entity,
                               limit=limit, language=language)  # fmt: skip
        except QueryTooLongError as err:
            raise _TooLong(str(err)) from err
        except SearchError as err:
            raise click.UsageError(str(err)) from err
    _write(format_hits(hits, fmt), output, fmt, bom)
    if not hits:
        click.echo("no matches", err=True)


@corpus.command()
@click.argument("symbol")
@_db_option(exists=True)
@format_option(
    ["text", "json", "csv"],
    help="json: one array, a row per paragraph; csv: the first source flattened.",
)
@output_option
@bom_option
def lineage(symbol: str, db: Path, fmt: str | None, output: Path | None, bom: bool) -> None:
    """Where each paragraph of SYMBOL first appeared in the corpus, and how it drifted.

    SYMBOL may be A/RES/80/16, 80/16, a/res/80/16 or a stored file name; an unknown
    one lists the nearest symbols held. A source's date is its adoption date where
    known, else its distribution date; both are shown where both are known.

    \b
    Example: normtrace corpus lineage A/RES/80/16 --db corpus.db
    Example: normtrace corpus lineage A/RES/79/237 --db corpus.db --format json -o lineage.json
    """
    from pipeline.corpus.lineage import format_lineage, trace_lineage
    from pipeline.corpus.resolve import resolve_symbol

    fmt = pick_format(fmt, output, ["text", "json", "csv"])
    with _reading(db) as store:
        try:
            symbol = resolve_symbol(store, symbol)
            rows = trace_lineage(store, symbol)
        except NormtraceError as err:
            raise click.ClickException(str(err)) from err
    _write(format_lineage(rows, symbol, fmt), output, fmt, bom)


@corpus.command()
@_db_option(exists=True)
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), required=True)
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write one file per table into (created if missing).",
)
@bom_option
def export(db: Path, fmt: str, out: Path, bom: bool) -> None:
    """Write every table of the store as Parquet or CSV files into OUT.

    documents has both dates: adoption_date (when the General Assembly adopted it)
    and distribution_date (the "Distr." date); sort_date is the first known of them,
    as in search hits and lineage. CSV: RFC 4180, integers kept integer; --bom for Excel.

    \b
    Example: normtrace corpus export --db corpus.db --format parquet --out tables/
    Example: normtrace corpus export --db corpus.db --format csv -o tables/
    """
    from pipeline.corpus.export import export_tables

    with _reading(db) as store:
        try:
            written = export_tables(store, fmt, out, bom=bom)
        except OSError as err:
            raise click.ClickException(f"{out}: {err.strerror or err}") from err
    for path in written:
        click.echo(path)


@corpus.command()
@_db_option(exists=True)
@format_option(["text", "json"], help="json: one object (store, ok, problems).")
@output_option
def check(db: Path, fmt: str | None, output: Path | None) -> None:
    """Read every page and index of the store (SQLite's integrity check), read-only.

    A sound store prints "ok"; a damaged one lists what is wrong, says to rebuild it
    and exits 1. Opening a store for any other command runs the quicker check only.

    \b
    Example: normtrace corpus check --db corpus.db
    Example: normtrace corpus check --db corpus.db --format json -o check.json
    """
    import json

    from pipeline.corpus.faults import check_store, damaged

    fmt = pick_format(fmt, output, ["text", "json"])
    try:
        problems = check_store(db)
    except NormtraceError as err:
        raise click.ClickException(str(err)) from err
    if fmt == "json":
        text = json.dumps({"store": str(db), "ok": not problems, "problems": problems}) + "\n"
    else:
        text = "".join(f"{problem}\n" for problem in problems) or "ok\n"
    _write(text, output, fmt)
    if problems:
        raise click.ClickException(str(damaged(db, problems[0])))


@click.command()
@_db_option(exists=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests for this Host name (repeatable); others get 400.",
)
def serve(db: Path, host: str, port: int, allow_hosts: tuple[str, ...]) -> None:
    """Browse the store in Datasette (read-only): search, canned queries, lineage links.

    Ranked search is at /corpus/search?q=WORDS (plain words, as corpus search takes
    them), whatever the database file is called. Only requests for localhost,
    127.0.0.1, [::1], --host and each --allow-host are answered (DNS rebinding).

    \b
    Example: normtrace serve --db corpus.db --port 8001
    Example: normtrace serve --db out/corpus.db
    Example: normtrace serve --db corpus.db --host 0.0.0.0 --allow-host mybox.lan
    """
    from pipeline.corpus.serve import serve_store

    try:
        serve_store(db, host=host, port=port, allow_hosts=allow_hosts)
    except NormtraceError as err:
        raise click.ClickException(str(err)) from err
