"""``normtrace votes ...``: the click commands over ``votes.py`` and ``plots.py``.

Kept beside the library so the shared ``cli.py`` only registers the group. pandas and
matplotlib are imported inside the commands so ``normtrace --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.commands.vote_sources import (
    check_png,
    emit,
    implied_output_options,
    json_csv,
    load_votes,
    load_votes_csv,
    output_options,
    resolution_argument,
    run,
    source_of,
    vote_sources,
    votes_option,
)


@click.group()
def votes() -> None:
    """Recorded plenary votes: tallies and comparisons of two votes."""


@votes.command("tally")
@click.argument("resolutions", nargs=-1, required=True, callback=resolution_argument)
@vote_sources
@output_options
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
    from pipeline.report import plots
    from pipeline.research import tables
    from pipeline.research.votes import resolutions as held

    check_png(fmt, output)

    def action() -> None:
        frame = load_votes(votes_csv, records, db, resolutions)
        source = source_of(frame)
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
            emit(table.to_csv(index=False), output)
        elif fmt == "json":
            payload = [{**t, "source": source} for t in tables.tally_json(frame, known)]
            emit(json.dumps(payload, indent=2, ensure_ascii=False), output)
        if len(known) < len(resolutions):
            sys.exit(1)

    run(action)


@votes.command("compare")
@click.argument("res_a", callback=resolution_argument)
@click.argument("res_b", callback=resolution_argument)
@vote_sources
@implied_output_options
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
    from pipeline.report import plots
    from pipeline.research import tables
    from pipeline.research.votes import compare_votes

    if fmt is None:  # --plot asks for a figure, --table for a table
        fmt = "png" if plot else "csv" if table else "json"
    if (fmt == "png" and table) or (fmt == "csv" and plot):
        raise click.UsageError(f"--format {fmt} does not go with --{'table' if table else 'plot'}")
    table, plot = table or "states", plot or "transition"
    check_png(fmt, output)

    def action() -> None:
        frame = load_votes(votes_csv, records, db, (res_a, res_b))
        source = source_of(frame)
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
            emit(frame_out.to_csv(), output)
        else:
            payload = {**result.to_dict(), "source": source}
            emit(json.dumps(payload, indent=2, ensure_ascii=False), output)

    run(action)


@votes.command("record")
@click.argument("file", type=click.Path(path_type=Path))
@votes_option
@json_csv
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
        frame = load_votes_csv(votes_csv)
        checks = check_recorded_votes(load_document(file).recorded_votes, frame)
        if not checks:
            click.echo(f"note: {file}: no recorded vote found", err=True)
        if fmt == "csv":
            emit(checks_table(checks).to_csv(index=False), output)
        else:
            payload = [c.to_dict() for c in checks]
            emit(json.dumps(payload, indent=2, ensure_ascii=False), output)

    run(action)


@click.group()
def sponsors() -> None:
    """Sponsors of draft resolutions: who was added, who withdrew, who stayed."""


@sponsors.command("compare")
@click.argument("draft_a", type=click.Path(path_type=Path))
@click.argument("draft_b", type=click.Path(path_type=Path))
@json_csv
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
            emit(table.to_csv(index=False), output)
        else:
            emit(json.dumps(result.to_dict(), indent=2, ensure_ascii=False), output)

    run(action)
