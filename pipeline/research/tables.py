"""Research tables ready to write: tallies of several votes, the tables of a comparison."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from pipeline.research.votes import (
    VOTE_CODES,
    Comparison,
    Tally,
    tally,
    tally_by_group,
)

ALL_STATES = "(all)"


def tallies(votes: pd.DataFrame, resolutions: Sequence[str]) -> list[Tally]:
    """Return the Tally of each resolution, in the order given."""
    return [tally(votes, res) for res in resolutions]


def tally_table(votes: pd.DataFrame, resolutions: Sequence[str]) -> pd.DataFrame:
    """One row per resolution and group: the whole Assembly first, then each regional group.

    Returns:
        Columns ``resolution``, ``date``, ``group`` ("(all)" for the whole vote), ``yes``,
        ``no``, ``abstain``, ``non_voting``, ``total``.
    """
    rows: list[dict[str, Any]] = []
    for res in resolutions:
        whole = tally(votes, res)
        rows.append({**whole.to_dict(), "group": ALL_STATES})
        for group, counts in tally_by_group(votes, res).iterrows():
            rows.append(
                {
                    "resolution": whole.resolution,
                    "date": whole.date,
                    "group": group,
                    "yes": int(counts["Y"]),
                    "no": int(counts["N"]),
                    "abstain": int(counts["A"]),
                    "non_voting": int(counts["X"]),
                    "total": int(counts["total"]),
                }
            )
    columns = ["resolution", "date", "group", "yes", "no", "abstain", "non_voting", "total"]
    return pd.DataFrame(rows, columns=columns)


def tally_json(votes: pd.DataFrame, resolutions: Sequence[str]) -> list[dict[str, Any]]:
    """Each resolution's tally with its per-group counts under ``by_group``."""
    out = []
    for res in resolutions:
        groups = tally_by_group(votes, res)
        entry = tally(votes, res).to_dict()
        entry["by_group"] = {
            str(group): {code: int(row[code]) for code in VOTE_CODES}
            for group, row in groups.iterrows()
        }
        entry["states"] = state_votes(votes, res)
        out.append(entry)
    return out


# The vote codes of the long table, as ``tally --format json`` spells them (issue 23).
VOTE_WORDS = {"Y": "yes", "N": "no", "A": "abstain", "X": "non_voting"}


def state_votes(votes: pd.DataFrame, resolution: str) -> list[dict[str, str]]:
    """Each Member State's vote on one resolution: {iso3, name, vote} in ISO3 order.

    ``vote`` is yes, no, abstain or non_voting whatever the source (votes CSV, verbatim
    record, the UN's markup); ``name`` is the crosswalk's name where the table has it.
    """
    rows = votes[votes["resolution"] == resolution].sort_values("iso3")
    names = (rows["name"] if "name" in rows.columns else rows["state"]).fillna(rows["state"])
    return [
        {"iso3": str(iso3), "name": str(name), "vote": VOTE_WORDS.get(str(code), str(code))}
        for iso3, name, code in zip(rows["iso3"], names, rows["vote"], strict=True)
    ]


def comparison_table(result: Comparison, which: str = "states") -> pd.DataFrame:
    """One table of a comparison, indexed for writing with ``to_csv()``.

    Args:
        result: From ``votes.compare``.
        which: "states" (one row per state: votes, change, pattern), "crosstab" (vote A
            rows against vote B columns) or "groups" (per regional group).

    Returns:
        The table.

    Raises:
        ValueError: ``which`` is none of those.
    """
    if which == "states":
        table = result.states.set_index("iso3")
        return table.rename(columns={"vote_a": result.a.resolution, "vote_b": result.b.resolution})
    if which == "crosstab":
        table = result.crosstab.copy()
        table.index.name = f"{result.a.resolution} \\ {result.b.resolution}"
        table.columns.name = None
        return table
    if which == "groups":
        return result.by_group()
    raise ValueError(f"unknown table {which!r}: states, crosstab or groups")
