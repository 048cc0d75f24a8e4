"""``normtrace votes ...``: the click commands over ``votes.py`` and ``plots.py``.

Kept beside the library so the shared ``cli.py`` only registers the group. pandas and
matplotlib are imported inside the commands so ``normtrace --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.commands.options import budget_options, fail, load_within
from pipeline.commands.vote_sources import (
    check_png,
    emit,
    emit_frame,
    emit_json,
    format_and_output,
    implied_output_options,
    json_csv,
    load_votes,
    load_votes_csv,
    resolution_argument,
    run,
    save_figure,
    source_of,
    vote_sources,
    votes_option,
)
from pipeline.limits import FileBudget

_TALLY_FORMATS = ("json", "csv", "png", "text")
tally_output_options = format_and_output(
    _TALLY_FORMATS, "Write here instead of stdout (required for png)."
)


def tally_default_format(output: Path | None, terminal: bool) -> str:
    """text for a person at a terminal, else JSON (a pipe, a file without extension)."""
    return "text" if output is None and terminal else "json"


def format_tallies(entries: list[dict[str, object]], source: str) -> str:
    """The tallies as a person reads them: one line per resolution, then per group."""
    lines = []
    for entry in entries:
        lines.append(
            f"{entry['resolution']}  ({entry['date']})  yes {entry['yes']}  no {entry['no']}  "
            f"abstain {entry['abstain']}  non-voting {entry['non_voting']}"
        )
        groups = entry.get("by_group")
        if isinstance(groups, dict):
            for group, counts in groups.items():
                lines.append(
                    f"    {group:<28} yes {counts['Y']:>3}  no {counts['N']:>3}  "
                    f"abstain {counts['A']:>3}  non-voting {counts['X']:>3}"
                )
    lines.append(f"source: {source}")
    return "\n".join(lines) + "\n"


@click.group()
def votes() -> None:
    """Recorded plenary votes: tallies and comparisons of two votes."""


@votes.command("tally")
@click.argument("resolutions", nargs=-1, required=True, callback=resolution_argument)
@vote_sources
@tally_output_options
def tally_command(
    resolutions: tuple[str, ...],
    votes_csv: Path | None,
    records: tuple[Path, ...],
    db: Path | None,
    fmt: str | None,
    output: Path | None,
    budget: FileBudget,
) -> None:
    """Count yes, no, abstain and non-voting states, in all and per regional group.

    The votes come from a votes CSV, or from the lists printed in verbatim records
    (--record FILE, or --db STORE for the records in a corpus store), each list checked
    against the count the record announces. Every output names its source. On a
    terminal the tally is a readable table; piped, JSON (or --format, or -o's extension).

    Example: normtrace votes tally 73/27 A/RES/73/266 --format png -o tallies.png

    Example: normtrace votes tally 79/284 --record A_79_PV.64.pdf
    """
    from pipeline.report import plots
    from pipeline.research import tables
    from pipeline.research.votes import resolutions as held

    default = tally_default_format(output, sys.stdout.isatty())
    fmt = check_png(fmt, output, _TALLY_FORMATS, default)
    if fmt == "png" and len(resolutions) > plots.MAX_BARS:
        raise click.UsageError(
            f"a tally figure draws at most {plots.MAX_BARS} resolutions (here "
            f"{len(resolutions):,}); use --format csv or json"
        )

    def action() -> None:
        frame = load_votes(votes_csv, records, db, resolutions, budget)
        source = source_of(frame)
        # A resolution the source has no vote on is named, and the others still tallied.
        held_here = set(held(frame))
        known = [res for res in resolutions if res in held_here]
        for res in resolutions:
            if res not in known:
                fail(f"{source}: no votes for {res}")
        if fmt == "png" and known:
            assert output is not None
            title = f"Recorded votes in the General Assembly\nSource: {source}"
            figure = plots.plot_tallies(tables.tallies(frame, known), title=title)
            save_figure(figure, output)
        elif fmt == "csv":
            emit_frame(tables.tally_table(frame, known).assign(source=source), output)
        elif fmt == "json":
            payload = [{**t, "source": source} for t in tables.tally_json(frame, known)]
            emit_json(payload, output)
        elif fmt == "text" and known:
            emit(format_tallies(tables.tally_json(frame, known), source), output)
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
    budget: FileBudget,
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

    # --plot asks for a figure, --table for a table; else -o's extension, else JSON.
    fmt = check_png(fmt, output, default="png" if plot else "csv" if table else "json")
    if (fmt != "csv" and table) or (fmt != "png" and plot):
        option = f"--table {table}" if table and fmt != "csv" else f"--plot {plot}"
        raise click.UsageError(
            f"--format {fmt} does not go with {option} (a table is csv, a plot png)"
        )
    table, plot = table or "states", plot or "transition"

    def action() -> None:
        frame = load_votes(votes_csv, records, db, (res_a, res_b), budget)
        source = source_of(frame)
        result = compare_votes(frame, res_a, res_b)
        if fmt == "png":
            assert output is not None
            draw = plots.plot_transition if plot == "transition" else plots.plot_groups
            figure = draw(result)
            figure.text(0.01, 0.005, f"Source: {source}", fontsize=7, color="#555555")
            save_figure(figure, output)
        elif fmt == "csv":
            frame_out = tables.comparison_table(result, table)
            if table == "crosstab":  # a column would read as a fifth vote: name it in the corner
                frame_out.index.name = f"{frame_out.index.name} (source: {source})"
            else:
                frame_out = frame_out.assign(source=source)
            emit_frame(frame_out, output, index=True)
        else:
            emit_json({**result.to_dict(), "source": source}, output)

    run(action)


@votes.command("record")
@click.argument("file", type=click.Path(path_type=Path))
@votes_option
@json_csv
@budget_options
def record_command(
    file: Path,
    votes_csv: Path | None,
    fmt: str | None,
    output: Path | None,
    seconds: float | None,
    memory_mb: int | None,
) -> None:
    """Cross-check the votes announced in a verbatim record against per-state votes.

    Per vote: the resolution it became, the announced counts, the lengths of the printed
    lists, the counts in the votes file, the states whose vote differs, and the printed
    names that resolve to no ISO3 code.

    Example: normtrace votes record A_79_PV.64.pdf --votes my_votes.csv --format csv
    """
    from pipeline.research.crosscheck import check_recorded_votes, checks_table

    chosen = check_png(fmt, output, ("json", "csv"))

    def action() -> None:
        frame = load_votes_csv(votes_csv)
        record = load_within(FileBudget(seconds, memory_mb), file)
        checks = check_recorded_votes(record.recorded_votes, frame)
        if not checks:
            click.echo(f"note: {file}: no recorded vote found", err=True)
        if chosen == "csv":
            emit_frame(checks_table(checks), output)
        else:
            emit_json([c.to_dict() for c in checks], output)

    run(action)


@click.group()
def sponsors() -> None:
    """Sponsors of draft resolutions: who was added, who withdrew, who stayed."""


@sponsors.command("compare")
@click.argument("draft_a", type=click.Path(path_type=Path))
@click.argument("draft_b", type=click.Path(path_type=Path))
@json_csv
@budget_options
def sponsors_compare_command(
    draft_a: Path,
    draft_b: Path,
    fmt: str | None,
    output: Path | None,
    seconds: float | None,
    memory_mb: int | None,
) -> None:
    """Compare the sponsors of two drafts (PDF or text) as ISO3 codes with names.

    Example: normtrace sponsors compare A_C.1_80_L.32.pdf A_C.1_80_L.40.pdf --format csv
    """
    from pipeline.research.sponsors import compare_drafts

    chosen = check_png(fmt, output, ("json", "csv"))

    def action() -> None:
        budget = FileBudget(seconds, memory_mb)
        result = compare_drafts(load_within(budget, draft_a), load_within(budget, draft_b))
        if chosen == "csv":
            import pandas as pd

            emit_frame(pd.DataFrame(result.rows(), columns=["change", "iso3", "name"]), output)
        else:
            emit_json(result.to_dict(), output)

    run(action)
