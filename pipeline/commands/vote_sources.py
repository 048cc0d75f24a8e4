"""What the ``votes``, ``sponsors`` and map commands share: where the votes come from,
the resolution argument, ``--format``/``-o`` and the one error line.

pandas is imported inside the functions so ``normtrace --help`` stays fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline import settings
from pipeline.commands.options import (
    budget_options,
    fail,
    load_within,
    pick_format,
    write_output,
    write_path,
)
from pipeline.errors import NormtraceError
from pipeline.limits import NO_BUDGET, FileBudget

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_VOTES_FILE = settings.DEFAULT_VOTES_FILE


def resolution_argument(ctx: click.Context, param: click.Parameter, values: Any) -> Any:
    from pipeline.lexicon import symbol_from_text
    from pipeline.research.votes import normalise_resolution

    def resolve(value: str) -> str:  # 73/27, a/res/73/27 or A_RES_73_27.pdf alike
        return normalise_resolution(symbol_from_text(value) or value)

    try:
        if isinstance(values, tuple):
            return tuple(resolve(v) for v in values)
        return resolve(values)
    except ValueError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from None


def votes_option(func: Any) -> Any:
    return click.option(
        "--votes",
        "votes_csv",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Votes CSV (UNDL form; default: {DEFAULT_VOTES_FILE} in the votes folder).",
    )(func)


def vote_sources(func: Any) -> Any:
    """``--votes CSV``, or the votes printed in verbatim records or in a resolution's markup.

    ``--record FILE`` (a record, or AKN4UN XML) or ``--db`` (the records in a store).
    Record files are read within a budget (``budget_options``), which the command
    receives as ``budget`` (a ``FileBudget``) for ``load_votes``.
    """
    func = _as_budget(func)
    func = click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Take the votes from the verbatim records in this corpus store.",
    )(func)
    func = click.option(
        "--record",
        "records",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="Take the votes from this verbatim record (PDF or text) or from a resolution's "
        "AKN4UN XML, its lists checked against its counts (repeatable).",
    )(func)
    return votes_option(func)


def _as_budget(func: Any) -> Any:
    """``budget_options`` passed on as one ``budget`` argument."""

    @functools.wraps(func)
    def command(*args: Any, seconds: float | None, memory_mb: int | None, **kwargs: Any) -> Any:
        return func(*args, budget=FileBudget(seconds, memory_mb), **kwargs)

    return budget_options(command)


def format_and_output(
    formats: tuple[str, ...], output_help: str, *, implied: bool = False
) -> Callable[[Any], Any]:
    """Return a decorator adding ``--format`` and ``-o``.

    ``--format`` has no default: the command picks it (``pick_format``) from the ``-o``
    extension, or with ``implied`` from its other options (``--plot`` means png), else
    the first format.
    """
    del implied  # every format is picked by the command now

    def decorate(func: Any) -> Any:
        if "csv" in formats:  # read by emit_frame from the context, not passed to the command
            func = click.option(
                "--bom",
                "--excel",
                is_flag=True,
                expose_value=False,
                callback=_remember_bom,
                help="CSV: start with a UTF-8 byte order mark, so Excel shows accents.",
            )(func)
        func = click.option(
            "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=output_help
        )(func)
        choice = click.Choice(list(formats))
        text = f"Default: the -o file's extension, else {formats[0]}."
        return click.option("--format", "fmt", type=choice, default=None, help=text)(func)

    return decorate


output_options = format_and_output(
    ("json", "csv", "png"), "Write here instead of stdout (required for png)."
)
json_csv = format_and_output(("json", "csv"), "Write here instead of stdout.")
implied_output_options = format_and_output(
    ("json", "csv", "png"), "Write here instead of stdout (required for png).", implied=True
)


def load_votes(
    votes_csv: Path | None,
    records: tuple[Path, ...] = (),
    db: Path | None = None,
    resolutions: tuple[str, ...] = (),
    budget: FileBudget = NO_BUDGET,
) -> pd.DataFrame:
    """The per-state votes from one source: a votes CSV, record files, or a store's records.

    The table's ``attrs["source"]`` names the source for every output; record files
    are read within ``budget``.
    """
    given = sum((votes_csv is not None, bool(records), db is not None))
    if given > 1:
        raise click.UsageError("give one source of votes: --votes, --record or --db")
    if records:
        from functools import partial

        from pipeline.research.record_votes import load_record_votes

        return load_record_votes(records, load=partial(load_within, budget), keep=resolutions)
    if db is not None:
        from pipeline.corpus.record_votes import store_record_votes

        return store_record_votes(db, resolutions)
    frame = load_votes_csv(votes_csv)
    frame.attrs["source"] = Path(str(frame.attrs["source"])).name
    return frame


def source_of(frame: pd.DataFrame) -> str:
    return str(frame.attrs.get("source", ""))


def load_votes_csv(votes_csv: Path | None) -> pd.DataFrame:
    from pipeline.research.votes import load_default_votes

    return load_default_votes(votes_csv)


def emit(text: str, output: Path | None, fmt: str = "text") -> None:
    """Write finished text through the output layer (replaced only on success)."""
    write_output(output, fmt, lambda fp: fp.write(text if text.endswith("\n") else text + "\n"))


def emit_json(payload: object, output: Path | None) -> None:
    """Write JSON data through the one JSON writer."""
    from pipeline.report.records import dumps_json

    emit(dumps_json(payload), output, "json")


def emit_frame(frame: pd.DataFrame, output: Path | None, *, index: bool = False) -> None:
    """Write a table through the one CSV writer (RFC 4180, integers kept integer; a byte
    order mark first when the command was given --bom)."""
    from pipeline.report.records import write_frame_csv

    context = click.get_current_context(silent=True)
    bom = bool(context is not None and context.meta.get(_BOM_KEY))
    write_output(output, "csv", lambda fp: write_frame_csv(frame, fp, index=index), bom=bom)


_BOM_KEY = "normtrace.bom"


def _remember_bom(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    ctx.meta[_BOM_KEY] = value
    return value


def save_figure(figure: Any, output: Path) -> None:
    """Save a matplotlib figure to ``output``, replaced only when it was drawn."""
    from pipeline.report import plots

    write_path(output, lambda target: plots.save_figure(figure, target))


def check_png(
    fmt: str | None,
    output: Path | None,
    formats: tuple[str, ...] = ("json", "csv", "png"),
    default: str | None = None,
) -> str:
    """The format to write (``pick_format``: --format, else -o's extension, else default).

    Raises:
        click.UsageError: They disagree, or png without -o.
    """
    return pick_format(fmt, output, formats, default)


def run(action: Any) -> None:
    """Run a command body; input errors become one line on stderr and exit 1."""
    try:
        action()
    except NormtraceError as err:
        fail(str(err))
        sys.exit(1)
    except OSError as err:
        fail(f"{err.filename}: {err.strerror}")
        sys.exit(1)
