"""``normtrace votes map`` and ``normtrace sponsors map``: world maps over ``maps.py``.

Joined to the ``votes`` and ``sponsors`` groups by ``cli.py``. The geometry and
matplotlib are imported inside the commands so ``normtrace --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pipeline import settings
from pipeline.commands.options import budget_options, load_within, write_path
from pipeline.commands.vote_sources import (
    check_png,
    load_votes,
    resolution_argument,
    run,
    source_of,
    vote_sources,
)
from pipeline.limits import FileBudget


def _check_map_format(fmt: str | None, output: Path) -> str:
    """The map's format: --format, else -o's extension (which must agree), else png."""
    return check_png(fmt, output, ("png", "svg", "html"))


def _write_map(spec: Any, output: Path, fmt: str) -> None:
    """Draw the map into a temporary file renamed to ``output`` only when it is drawn."""
    from pipeline.report.maps import write_map

    write_path(output, lambda target: write_map(spec, target, fmt))


def _map_options(func: Any) -> Any:
    """``-o FILE`` (required) and ``--format png|svg|html`` (default: the file's suffix)."""
    func = click.option(
        "-o",
        "--output",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="The map file to write.",
    )(func)
    choice = click.Choice(["png", "svg", "html"])
    return click.option("--format", "fmt", type=choice, help="Default: the file's suffix.")(func)


@click.command("map")
@click.argument("resolutions", nargs=-1, required=True, callback=resolution_argument)
@vote_sources
@_map_options
def votes_map_command(
    resolutions: tuple[str, ...],
    votes_csv: Path | None,
    records: tuple[Path, ...],
    db: Path | None,
    fmt: str | None,
    output: Path,
    budget: FileBudget,
) -> None:
    """Draw a world map of one vote, or of how the votes changed between two.

    One resolution: each Member State coloured by its vote (yes, no, abstain,
    non-voting), the tally in the legend. Two: each state coloured by the change
    (same vote, switched, became absent, returned). Votes come from --votes, --record
    or --db as for ``votes tally``; the map names its source.

    Example: normtrace votes map 73/27 --format svg -o 73_27.svg

    Example: normtrace votes map 73/27 75/240 --format html -o change.html
    """
    if len(resolutions) > 2:
        raise click.UsageError("votes map takes one resolution, or two to show the change")
    chosen = _check_map_format(fmt, output)

    def action() -> None:
        frame = load_votes(votes_csv, records, db, resolutions, budget)
        _write_map(vote_map_spec(frame, resolutions), output, chosen)

    run(action)


def vote_map_spec(frame: Any, resolutions: tuple[str, ...]) -> Any:
    """The MapSpec of one vote, or of the change between two (also ``pipeline.vote_map``)."""
    from pipeline.research.maps import change_map, vote_map
    from pipeline.research.states import load_state_index
    from pipeline.research.votes import compare_votes, tally

    if len(resolutions) == 2:
        comparison = compare_votes(frame, *resolutions)
        return change_map(comparison, source=source_of(frame), names=load_state_index().names)
    counts = tally(frame, resolutions[0])
    rows = frame.loc[frame["resolution"] == counts.resolution]
    title = str(rows["title"].iloc[0]) if "title" in rows.columns else ""
    return vote_map(
        dict(zip(rows["iso3"], rows["vote"], strict=True)),
        counts,
        source=source_of(frame),
        title=title,
        names=load_state_index().names,
    )


@click.command("map")
@click.argument("draft", type=click.Path(path_type=Path))
@click.option(
    "--main",
    "main_names",
    multiple=True,
    help="A main sponsor (name or ISO3; repeatable). Default: sponsors_partial.csv in the "
    "votes folder for the draft, else the sole sponsor of a one-state sponsor line.",
)
@_map_options
@budget_options
def sponsors_map_command(
    draft: Path,
    main_names: tuple[str, ...],
    fmt: str | None,
    output: Path,
    seconds: float | None,
    memory_mb: int | None,
) -> None:
    """Draw a world map of a draft's sponsors, read from its sponsor line.

    Main sponsors are set apart from co-sponsors; a draft does not print which of its
    sponsors tabled it, so they come from --main, from the press-release list in the
    votes folder, or, when the sponsor line names one state, are that state. A
    resolution's AKN4UN XML sets the sponsors of the draft apart from the additional
    sponsors (without --main).

    Example: normtrace sponsors map A_C.1_80_L.20.pdf -o L20_sponsors.png

    Example: normtrace sponsors map A_RES_75_240.en.xml -o 75_240_sponsors.html
    """
    chosen = _check_map_format(fmt, output)

    def action() -> None:
        doc = load_within(FileBudget(seconds, memory_mb), draft)
        spec = sponsor_map_spec(doc, draft, main_names, _note_for(draft))
        _write_map(spec, output, chosen)

    run(action)


def _note_for(draft: Path) -> Any:
    def note(name: str) -> None:
        click.echo(f"note: {draft}: sponsor {name!r} is not a Member State", err=True)

    return note


def sponsor_map_spec(
    doc: Any, draft: Path, main_names: tuple[str, ...] = (), note: Any = None
) -> Any:
    """The MapSpec of a draft's sponsors (also ``pipeline.sponsors_map``).

    Args:
        doc: The draft (or a resolution's AKN4UN markup).
        draft: The file (errors name it; the map's source line its name).
        main_names: Main sponsors given (names or ISO3).
        note: Called with each sponsor name that is not a Member State.

    Raises:
        ResearchDataError: The document has no sponsor line, or --main names no State.
    """
    from pipeline.research.akn_sponsors import is_markup, markup_sponsor_map, markup_sponsors
    from pipeline.research.maps import sponsor_map
    from pipeline.research.sponsors import default_lookup, map_sponsors
    from pipeline.research.states import ResearchDataError, load_state_index

    note = note or (lambda unknown: None)
    name = draft.name
    if not doc.sponsors:
        raise ResearchDataError(draft, "no sponsor line found (is it a draft resolution?)")
    index = load_state_index()
    lookup = default_lookup(index)
    if is_markup(doc) and not main_names:  # issue 23: the draft's and the additional
        sponsors = markup_sponsors(doc, lookup=lookup)
        for unknown in sponsors.unknown:
            note(unknown)
        members = sorted(index.members)
        return markup_sponsor_map(sponsors, members, title=doc.title or "", names=index.names)
    listed = map_sponsors(doc.sponsors, lookup=lookup)
    for unknown in listed.unknown:
        note(unknown)
    main = _main_sponsors(main_names, doc.symbol, listed.codes, lookup)
    return sponsor_map(
        main,
        [c for c in listed.codes if c not in main],
        sorted(index.members),
        symbol=doc.symbol or name,
        title=doc.title or "",
        source=f"the sponsor line of {doc.symbol or name} ({name})"
        + ("" if main else "; it does not say which sponsor tabled the draft (--main)"),
        names=index.names,
    )


def _main_sponsors(
    given: tuple[str, ...], symbol: str | None, listed: tuple[str, ...], lookup: Any
) -> list[str]:
    """The main sponsors: as given, else from sponsors_partial.csv, else a sole sponsor."""
    from pipeline.research.states import ResearchDataError

    if given:
        codes = [g if g in listed else lookup(g) for g in given]
        bad = [g for g, c in zip(given, codes, strict=True) if c is None]
        if bad:
            raise ResearchDataError(bad[0], "--main names no Member State")
        return [str(c) for c in codes]
    folder = settings.votes_dir()
    known = folder / "sponsors_partial.csv" if folder is not None else None
    if symbol and known is not None and known.is_file():
        import pandas as pd

        table = pd.read_csv(known, dtype=str, keep_default_na=False)
        rows = table.loc[table["draft_symbol"] == symbol, "iso3"]
        if not rows.empty:
            return sorted(set(rows))
    return list(listed) if len(listed) == 1 else []
