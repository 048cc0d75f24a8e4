"""The Python verbs of the votes and sponsors commands: compare_votes, check_record,
compare_sponsors, vote_map and sponsors_map (``pipeline.api`` has ``tally``). Each
returns what the command prints, with ``to_dict()`` and ``to_frame()``; loaded on
first use.

A resolution is "A/RES/73/27" or "73/27"; the votes come from the votes CSV of the
votes folder (../shared/votes) unless ``votes`` names another.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.api.results import Result, plain
from pipeline.document import Document

if TYPE_CHECKING:
    import pandas as pd

PathLike = str | os.PathLike[str]


def _votes(votes: PathLike | None) -> pd.DataFrame:
    from pipeline.research.votes import load_default_votes

    frame = load_default_votes(votes)
    frame.attrs["source"] = Path(str(frame.attrs.get("source", ""))).name
    return frame


def _document(source: PathLike | Document) -> Document:
    from pipeline.ingest import load_document

    return source if isinstance(source, Document) else load_document(Path(source))


def compare_votes(res_a: str, res_b: str, *, votes: PathLike | None = None) -> Result:
    """Two votes compared state by state (``normtrace votes compare``).

    Returns:
        The Comparison (``result.value``: crosstab, switches, absences, groups):
        ``to_dict()`` as ``--format json``, ``to_frame()`` the states table
        (``--table states``).
    """
    from pipeline.research import tables
    from pipeline.research.votes import compare_votes as compare
    from pipeline.research.votes import normalise_resolution

    frame = _votes(votes)
    result = compare(frame, normalise_resolution(res_a), normalise_resolution(res_b))
    states = tables.comparison_table(result, "states").reset_index()
    source = str(frame.attrs.get("source", ""))
    return Result(result, states.to_dict("records"), lambda: {**result.to_dict(), "source": source})


def check_record(record: PathLike | Document, *, votes: PathLike | None = None) -> Result:
    """The votes a verbatim record announces, checked against per-state votes
    (``normtrace votes record``).

    Returns:
        One ``VoteCheck`` per vote (``result.value``); ``to_frame()`` as ``--format csv``.
    """
    from pipeline.research.crosscheck import check_recorded_votes, checks_table

    checks = check_recorded_votes(_document(record).recorded_votes, _votes(votes))
    rows = checks_table(checks).to_dict("records")
    return Result(checks, rows, lambda: [c.to_dict() for c in checks])


def compare_sponsors(draft_a: PathLike | Document, draft_b: PathLike | Document) -> Result:
    """Who was added to, withdrew from or stayed on a draft's sponsors
    (``normtrace sponsors compare``).

    Returns:
        The comparison (``result.value``); ``to_frame()`` one row per state (change,
        iso3, name) as ``--format csv``.
    """
    from pipeline.research.sponsors import compare_drafts

    result = compare_drafts(_document(draft_a), _document(draft_b))
    rows = [dict(zip(("change", "iso3", "name"), row, strict=True)) for row in result.rows()]
    return Result(result, rows, result.to_dict, ["change", "iso3", "name"])


def vote_map(
    *resolutions: str, output: PathLike, fmt: str | None = None, votes: PathLike | None = None
) -> Result:
    """Draw a world map of one vote, or of the change between two (``normtrace votes map``).

    Args:
        *resolutions: One resolution, or two for the change.
        output: The .png, .svg or .html file to write.
        fmt: png, svg or html (default: the file's extension).
        votes: A votes CSV (default: the one in the votes folder).

    Returns:
        The map's data (``result.value``, a MapSpec): ``to_frame()`` one row per state
        (iso3, category, name); ``to_dict()`` the title, legend counts and categories.
    """
    from pipeline.commands.maps import vote_map_spec
    from pipeline.report.maps import write_map
    from pipeline.research.votes import normalise_resolution

    if not 1 <= len(resolutions) <= 2:
        raise ValueError("vote_map takes one resolution, or two for the change")
    chosen = tuple(normalise_resolution(r) for r in resolutions)
    spec = vote_map_spec(_votes(votes), chosen)
    write_map(spec, output, fmt)
    return _map_result(spec, output)


def sponsors_map(
    draft: PathLike, *, output: PathLike, fmt: str | None = None, main: tuple[str, ...] = ()
) -> Result:
    """Draw a world map of a draft's sponsors (``normtrace sponsors map``).

    Args:
        draft: The draft (PDF or text), or a resolution's AKN4UN XML.
        output: The .png, .svg or .html file to write.
        fmt: png, svg or html (default: the file's extension).
        main: Main sponsors (names or ISO3), as ``--main``.

    Returns:
        The map's data (``result.value``, a MapSpec): ``to_frame()`` one row per state
        (iso3, category, name).
    """
    from pipeline.commands.maps import sponsor_map_spec
    from pipeline.report.maps import write_map

    spec = sponsor_map_spec(_document(draft), Path(draft), tuple(main))
    write_map(spec, output, fmt)
    return _map_result(spec, output)


def _map_result(spec: Any, output: PathLike) -> Result:
    rows = [
        {"iso3": iso3, "category": category, "name": spec.names.get(iso3, "")}
        for iso3, category in sorted(spec.categories.items())
    ]
    payload = {
        "path": str(output),
        "title": spec.title,
        "source": spec.source,
        "labels": plain(dict(spec.labels)),
        "counts": plain(dict(spec.counts)),
        "categories": plain(dict(spec.categories)),
    }
    return Result(spec, rows, lambda: payload, ["iso3", "category", "name"])
