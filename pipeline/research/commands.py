"""``normtrace votes ...``: the click commands over ``votes.py`` and ``plots.py``.

Kept beside the library so the shared ``cli.py`` only registers the group. pandas and
matplotlib are imported inside the commands so ``normtrace --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline import settings
from pipeline.errors import NormtraceError

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_VOTES_FILE = settings.DEFAULT_VOTES_FILE


def _resolution(ctx: click.Context, param: click.Parameter, values: Any) -> Any:
    from pipeline.research.votes import normalise_resolution

    try:
        if isinstance(values, tuple):
            return tuple(normalise_resolution(v) for v in values)
        return normalise_resolution(values)
    except ValueError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from None


def _votes_option(func: Any) -> Any:
    return click.option(
        "--votes",
        "votes_csv",
        type=click.Path(dir_okay=False, path_type=Path),
        help=f"Votes CSV (UNDL form; default: {DEFAULT_VOTES_FILE} in the votes folder).",
    )(func)


def _vote_sources(func: Any) -> Any:
    """``--votes CSV``, or the votes printed in verbatim records: ``--record FILE`` or ``--db``."""
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
        help="Take the votes from this verbatim record (PDF or text; repeatable).",
    )(func)
    return _votes_option(func)


def _format_and_output(
    formats: tuple[str, ...], output_help: str, *, implied: bool = False
) -> Callable[[Any], Any]:
    """Return a decorator adding ``--format`` (the first format is the default) and ``-o``.

    With ``implied`` the format has no default: the command infers it from its other
    options (``--plot`` means png) and falls back to the first format.
    """

    def decorate(func: Any) -> Any:
        func = click.option(
            "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=output_help
        )(func)
        choice = click.Choice(list(formats))
        default = None if implied else formats[0]
        return click.option("--format", "fmt", type=choice, default=default)(func)

    return decorate


_output_options = _format_and_output(
    ("json", "csv", "png"), "Write here instead of stdout (required for png)."
)
_json_csv = _format_and_output(("json", "csv"), "Write here instead of stdout.")
_implied_output_options = _format_and_output(
    ("json", "csv", "png"), "Write here instead of stdout (required for png).", implied=True
)


def _load_votes(
    votes_csv: Path | None,
    records: tuple[Path, ...] = (),
    db: Path | None = None,
    resolutions: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The per-state votes from one source: a votes CSV, record files, or a store's records.

    The table's ``attrs["source"]`` names the source for every output.
    """
    given = sum((votes_csv is not None, bool(records), db is not None))
    if given > 1:
        raise click.UsageError("give one source of votes: --votes, --record or --db")
    if records:
        from pipeline.research.record_votes import load_record_votes

        return load_record_votes(records)
    if db is not None:
        from pipeline.research.record_votes import store_record_votes

        return store_record_votes(db, resolutions)
    frame = _load(votes_csv)
    frame.attrs["source"] = Path(str(frame.attrs["source"])).name
    return frame


def _source(frame: pd.DataFrame) -> str:
    return str(frame.attrs.get("source", ""))


def _load(votes_csv: Path | None) -> pd.DataFrame:
    from pipeline.research.votes import load_default_votes

    return load_default_votes(votes_csv)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")


def _check_png(fmt: str, output: Path | None) -> None:
    if fmt == "png" and output is None:
        raise click.UsageError("--format png needs -o/--output FILE.png")


def _run(action: Any) -> None:
    """Run a command body; input errors become one line on stderr and exit 1."""
    try:
        action()
    except NormtraceError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(1)
    except OSError as err:
        click.echo(f"error: {err.filename}: {err.strerror}", err=True)
        sys.exit(1)


@click.group()
def votes() -> None:
    """Recorded plenary votes: tallies and comparisons of two votes."""


@votes.command("tally")
@click.argument("resolutions", nargs=-1, required=True, callback=_resolution)
@_vote_sources
@_output_options
def tally_command(
    resolutions: tuple[str, ...],
    votes_csv: Path | None,
    records: tuple[Path, ...],
    db: Path | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Count yes, no, abstain and non-voting states, in all and per regional group.

    The votes come from a votes CSV, or from the lists printed in verbatim records
    (--record FILE, or --db STORE for the records in a corpus store), each list checked
    against the count the record announces. Every output names its source.

    Example: normtrace votes tally 73/27 A/RES/73/266 --format png -o tallies.png

    Example: normtrace votes tally 79/284 --record A_79_PV.64.pdf
    """
    from pipeline.research import plots, tables
    from pipeline.research.votes import resolutions as held

    _check_png(fmt, output)

    def action() -> None:
        frame = _load_votes(votes_csv, records, db, resolutions)
        source = _source(frame)
        # A resolution the source has no vote on is named, and the others still tallied.
        known = [res for res in resolutions if res in set(held(frame))]
        for res in resolutions:
            if res not in known:
                click.echo(f"error: {source}: no votes for {res}", err=True)
        if fmt == "png" and known:
            assert output is not None
            title = f"Recorded votes in the General Assembly\nSource: {source}"
            figure = plots.plot_tallies(tables.tallies(frame, known), title=title)
            plots.save_figure(figure, output)
        elif fmt == "csv":
            table = tables.tally_table(frame, known).assign(source=source)
            _emit(table.to_csv(index=False), output)
        elif fmt == "json":
            payload = [{**t, "source": source} for t in tables.tally_json(frame, known)]
            _emit(json.dumps(payload, indent=2, ensure_ascii=False), output)
        if len(known) < len(resolutions):
            sys.exit(1)

    _run(action)


@votes.command("compare")
@click.argument("res_a", callback=_resolution)
@click.argument("res_b", callback=_resolution)
@_vote_sources
@_implied_output_options
@click.option(
    "--table",
    type=click.Choice(["states", "crosstab", "groups"]),
    default=None,
    help="Which table the csv format writes (default states; implies --format csv).",
)
@click.option(
    "--plot",
    type=click.Choice(["transition", "groups"]),
    default=None,
    help="Which figure the png format draws (default transition; implies --format png).",
)
def compare_command(
    res_a: str,
    res_b: str,
    votes_csv: Path | None,
    records: tuple[Path, ...],
    db: Path | None,
    fmt: str | None,
    output: Path | None,
    table: str | None,
    plot: str | None,
) -> None:
    """Compare two votes state by state: cross-table, switches, absences, groups.

    Votes come from --votes, --record or --db as for ``votes tally``.

    \b
    Example: normtrace votes compare 73/27 73/266 --table crosstab
    Example: normtrace votes compare 73/27 73/266 --plot groups -o groups.png
    """
    from pipeline.research import plots, tables
    from pipeline.research.votes import compare_votes

    if fmt is None:  # --plot asks for a figure, --table for a table
        fmt = "png" if plot else "csv" if table else "json"
    if (fmt == "png" and table) or (fmt == "csv" and plot):
        raise click.UsageError(f"--format {fmt} does not go with --{'table' if table else 'plot'}")
    table, plot = table or "states", plot or "transition"
    _check_png(fmt, output)

    def action() -> None:
        frame = _load_votes(votes_csv, records, db, (res_a, res_b))
        source = _source(frame)
        result = compare_votes(frame, res_a, res_b)
        if fmt == "png":
            assert output is not None
            draw = plots.plot_transition if plot == "transition" else plots.plot_groups
            figure = draw(result)
            figure.text(0.01, 0.005, f"Source: {source}", fontsize=7, color="#555555")
            plots.save_figure(figure, output)
        elif fmt == "csv":
            frame_out = tables.comparison_table(result, table)
            if table == "crosstab":  # a column would read as a fifth vote: name it in the corner
                frame_out.index.name = f"{frame_out.index.name} (source: {source})"
            else:
                frame_out = frame_out.assign(source=source)
            _emit(frame_out.to_csv(), output)
        else:
            payload = {**result.to_dict(), "source": source}
            _emit(json.dumps(payload, indent=2, ensure_ascii=False), output)

    _run(action)


@votes.command("record")
@click.argument("file", type=click.Path(path_type=Path))
@_votes_option
@_json_csv
def record_command(file: Path, votes_csv: Path | None, fmt: str, output: Path | None) -> None:
    """Cross-check the votes announced in a verbatim record against per-state votes.

    Per vote: the resolution it became, the announced counts, the lengths of the printed
    lists, the counts in the votes file, the states whose vote differs, and the printed
    names that resolve to no ISO3 code.

    Example: normtrace votes record A_79_PV.64.pdf --votes my_votes.csv --format csv
    """
    from pipeline.ingest import load_document
    from pipeline.research.crosscheck import check_recorded_votes, checks_table

    def action() -> None:
        frame = _load(votes_csv)
        checks = check_recorded_votes(load_document(file).recorded_votes, frame)
        if not checks:
            click.echo(f"note: {file}: no recorded vote found", err=True)
        if fmt == "csv":
            _emit(checks_table(checks).to_csv(index=False), output)
        else:
            payload = [c.to_dict() for c in checks]
            _emit(json.dumps(payload, indent=2, ensure_ascii=False), output)

    _run(action)


@click.group()
def sponsors() -> None:
    """Sponsors of draft resolutions: who was added, who withdrew, who stayed."""


@sponsors.command("compare")
@click.argument("draft_a", type=click.Path(path_type=Path))
@click.argument("draft_b", type=click.Path(path_type=Path))
@_json_csv
def sponsors_compare_command(draft_a: Path, draft_b: Path, fmt: str, output: Path | None) -> None:
    """Compare the sponsors of two drafts (PDF or text) as ISO3 codes with names.

    Example: normtrace sponsors compare A_C.1_80_L.32.pdf A_C.1_80_L.40.pdf --format csv
    """
    from pipeline.ingest import load_document
    from pipeline.research.sponsors import compare_drafts

    def action() -> None:
        result = compare_drafts(load_document(draft_a), load_document(draft_b))
        if fmt == "csv":
            import pandas as pd

            table = pd.DataFrame(result.rows(), columns=["change", "iso3", "name"])
            _emit(table.to_csv(index=False), output)
        else:
            _emit(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), output)

    _run(action)


# The map commands live in map_commands.py to keep this module small; they join the
# groups here, after every helper they import from this module is defined.
from pipeline.research.map_commands import sponsors_map_command, votes_map_command  # noqa: E402

votes.add_command(votes_map_command)
sponsors.add_command(sponsors_map_command)
