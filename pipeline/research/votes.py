"""Plenary votes per state: load UN Digital Library records, tally them, compare two votes.

A votes file is the long form of UNDL voting records: one row per state and
resolution with at least the columns ``resolution``, ``state`` and ``vote`` (``Y``
yes, ``N`` no, ``A`` abstain, ``X`` non-voting), and usually ``date`` and ``iso3``.
States are resolved to ISO3 through the member-state crosswalk (``states.py``); when
the file has its own ``iso3`` column, the two must agree.

DataFrames are this module's output form: the research tables are the edge of the
pipeline (DESIGN.md).
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import settings
from pipeline.research.states import (
    GROUPS,
    NO_GROUP,
    ResearchDataError,
    StateIndex,
    load_regional_groups,
    load_state_index,
)

VOTE_CODES = ("Y", "N", "A", "X")
VOTE_LABELS = {"Y": "Yes", "N": "No", "A": "Abstain", "X": "Non-voting"}
# The vote palette of every figure and map (Okabe-Ito, readable by colour-blind readers).
VOTE_COLOURS = {"Y": "#009E73", "N": "#D55E00", "A": "#F0E442", "X": "#BBBBBB"}
REQUIRED_COLUMNS = ("resolution", "state", "vote")
MAX_COLUMNS = 100
CHANGES = ("stayed", "switched", "became_absent", "returned", "absent_both")

_RESOLUTION = re.compile(r"^(?:A\s*/\s*RES\s*/\s*)?(\d{1,3})\s*/\s*(\d{1,4})$", re.IGNORECASE)


class VotesError(ResearchDataError):
    """A votes file cannot be used, or it holds no vote for the resolution asked for."""


def load_default_votes(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """``load_votes(path)``, or of the default votes file in the votes folder.

    Raises:
        VotesError: No path, and no votes folder; or as ``load_votes``.
    """
    if path is None:
        folder = settings.votes_dir()
        if folder is None:
            raise VotesError(
                "../shared/votes",
                f"votes folder not found; pass --votes or set ${settings.ENV_VOTES_DIR}",
            )
        path = folder / settings.DEFAULT_VOTES_FILE
    return load_votes(path)


def normalise_resolution(text: str) -> str:
    """Return the full General Assembly resolution symbol.

    Args:
        text: "A/RES/73/27", "a/res/73/27" or the short form "73/27".

    Returns:
        The symbol as "A/RES/73/27".

    Raises:
        ValueError: the text is not a GA resolution symbol.
    """
    match = _RESOLUTION.match(text.strip())
    if not match:
        raise ValueError(f"{_shown(text)} is not a resolution symbol like A/RES/73/27 or 73/27")
    session, number = (int(g) for g in match.groups())
    return f"A/RES/{session}/{number}"


def load_votes(
    path: str | os.PathLike[str],
    *,
    index: StateIndex | None = None,
    groups: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Read a votes CSV and resolve every state to ISO3 and regional group.

    Args:
        path: A votes file such as ``votes_cyber_2018_2020.csv``.
        index: State-name lookup; default ``load_state_index()`` (the votes folder).
        groups: ISO3 to regional group; default ``load_regional_groups()``.

    Returns:
        One row per state and resolution with ``resolution`` (normalised symbol),
        ``date``, ``state`` (as printed), ``iso3``, ``group``, ``vote``, ``name`` (the
        crosswalk's short name) and any other columns of the file.

    Raises:
        VotesError: the file is missing or unreadable, has more than ``MAX_COLUMNS``
            columns, lacks a required column, holds a vote code other than Y/N/A/X, a
            state name the crosswalk does not know, an ``iso3`` that disagrees with the
            crosswalk, or a state twice for one resolution.
    """
    csv_path = Path(path)
    if csv_path.exists() and not csv_path.is_file() and not csv_path.is_dir():
        # A FIFO blocked the open for ever and /dev/zero never ended (issue 27).
        raise VotesError(csv_path, "not a regular file")
    try:
        # The header first: pandas spends per column (60,000 columns in 470 KB took 20 s
        # and 470 MB; the votes files have 8).
        columns = _columns(csv_path)
        if columns > MAX_COLUMNS:
            raise VotesError(
                csv_path, f"{columns:,} columns; a votes CSV has at most {MAX_COLUMNS}"
            )
        frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise VotesError(csv_path, "no such file") from None
    except (UnicodeDecodeError, csv.Error, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise VotesError(csv_path, f"not a readable CSV ({type(err).__name__})") from None
    except IsADirectoryError:
        raise VotesError(csv_path, "is a folder, not a CSV file") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise VotesError(csv_path, f"missing column(s) {', '.join(missing)}")
    index = index if index is not None else load_state_index()
    groups = groups if groups is not None else load_regional_groups()

    frame = frame.copy()
    frame["vote"] = frame["vote"].str.strip().str.upper()
    bad = frame.loc[~frame["vote"].isin(VOTE_CODES)]
    if not bad.empty:
        line = int(bad.index[0]) + 2  # header is line 1
        raise VotesError(
            csv_path, f"line {line}: vote {_shown(bad['vote'].iloc[0])} is not Y/N/A/X"
        )
    frame["resolution"] = [_symbol_or_error(s, csv_path, i) for i, s in enumerate(frame.resolution)]
    resolved = frame["state"].map(index.resolve)
    if resolved.isna().any():
        first = int(resolved[resolved.isna()].index[0])
        raise VotesError(
            csv_path, f"line {first + 2}: state {_shown(frame.state[first])} not in the crosswalk"
        )
    if "iso3" in frame.columns:
        given = frame["iso3"].str.strip()
        clash = (given != "") & (given != resolved)
        if clash.any():
            i = int(clash[clash].index[0])
            raise VotesError(
                csv_path,
                f"line {i + 2}: {_shown(frame.state[i])} is {resolved[i]} in the crosswalk "
                f"but {given[i]} in the file",
            )
    frame["iso3"] = resolved
    dup = frame.duplicated(["resolution", "iso3"])
    if dup.any():
        i = int(dup[dup].index[0])
        raise VotesError(
            csv_path, f"line {i + 2}: second vote of {resolved[i]} on {frame.resolution[i]}"
        )
    frame["group"] = frame["iso3"].map(groups).fillna(NO_GROUP)
    # The name a table shows ("United States"); ``state`` keeps the name as printed.
    frame["name"] = frame["iso3"].map(index.name)
    if "date" not in frame.columns:
        frame["date"] = ""
    leading = ["resolution", "date", "state", "iso3", "group", "vote"]
    frame = frame[leading + [c for c in frame.columns if c not in leading]]
    frame.attrs["source"] = str(csv_path)
    return frame


def _columns(path: Path) -> int:
    """The number of columns the header row names (read with the csv module: pandas
    spends per column even on the header alone, 12 s for 60,000)."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fp:
        return len(next(csv.reader(fp), []))


def _shown(value: object, longest: int = 60) -> str:
    """A value from the file as an error message quotes it: its start, never the whole
    900 KB of a hostile cell."""
    text = str(value)
    return repr(text if len(text) <= longest else text[:longest] + "...")


def _symbol_or_error(text: str, path: Path, row: int) -> str:
    try:
        return normalise_resolution(text)
    except ValueError as err:
        raise VotesError(path, f"line {row + 2}: {err}") from None


def resolutions(votes: pd.DataFrame) -> list[str]:
    """Return the resolutions in a votes table, in order of date and then symbol."""
    firsts = votes.drop_duplicates("resolution")
    return list(firsts.sort_values(["date", "resolution"], kind="stable")["resolution"])


def _select(votes: pd.DataFrame, resolution: str) -> pd.DataFrame:
    symbol = normalise_resolution(resolution)
    rows = votes.loc[votes["resolution"] == symbol]
    if rows.empty:
        known = ", ".join(resolutions(votes)) or "none"
        raise VotesError(
            str(votes.attrs.get("source", "votes")), f"no votes for {symbol} (has: {known})"
        )
    return rows


@dataclass(frozen=True, slots=True)
class Tally:
    """The counts of one recorded vote."""

    resolution: str
    date: str
    yes: int
    no: int
    abstain: int
    non_voting: int

    @property
    def total(self) -> int:
        """Every state on the record: yes + no + abstain + non-voting."""
        return self.yes + self.no + self.abstain + self.non_voting

    def counts(self) -> dict[str, int]:
        """Return the counts keyed by vote code (Y, N, A, X)."""
        return {"Y": self.yes, "N": self.no, "A": self.abstain, "X": self.non_voting}

    def to_frame(self) -> pd.DataFrame:
        """The counts as a one-row table (the columns of ``votes tally --format csv``)."""
        return pd.DataFrame([self.to_dict()])

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict, the total included."""
        return {
            "resolution": self.resolution,
            "date": self.date,
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "non_voting": self.non_voting,
            "total": self.total,
        }


def _count(rows: pd.DataFrame) -> dict[str, int]:
    counts = rows["vote"].value_counts()
    return {code: int(counts.get(code, 0)) for code in VOTE_CODES}


def tally(votes: pd.DataFrame, resolution: str) -> Tally:
    """Count the yes, no, abstain and non-voting states of one resolution.

    Args:
        votes: A table from ``load_votes``.
        resolution: "A/RES/73/27" or "73/27".

    Returns:
        The Tally.

    Raises:
        VotesError: the table holds no vote on that resolution.
        ValueError: ``resolution`` is not a resolution symbol.
    """
    rows = _select(votes, resolution)
    c = _count(rows)
    date = str(rows["date"].iloc[0])
    return Tally(rows["resolution"].iloc[0], date, c["Y"], c["N"], c["A"], c["X"])


def tally_by_group(votes: pd.DataFrame, resolution: str) -> pd.DataFrame:
    """Count the votes of one resolution per regional group.

    Returns:
        One row per group (the five UN groups in fixed order, then any state without a
        group as "(none)") and the columns Y, N, A, X and total.
    """
    rows = _select(votes, resolution)
    table = pd.crosstab(rows["group"], rows["vote"]).reindex(columns=list(VOTE_CODES), fill_value=0)
    order = [g for g in (*GROUPS, NO_GROUP) if g in table.index]
    table = table.reindex(order).astype(int)
    table["total"] = table.sum(axis=1)
    table.index.name = "group"
    table.columns.name = None
    return table


@dataclass(frozen=True, slots=True)
class Comparison:
    """How the states voted on two resolutions, state by state.

    ``states`` has one row per state on both records: ``iso3``, ``state`` (name as
    printed for the second vote), ``group``, ``vote_a``, ``vote_b``, ``change`` (one of
    CHANGES) and ``pattern`` (the two codes, e.g. "YA": yes on A, abstain on B).
    ``crosstab`` counts vote_a (rows) against vote_b (columns), Y/N/A/X each.
    """

    a: Tally
    b: Tally
    states: pd.DataFrame
    crosstab: pd.DataFrame
    only_in_a: tuple[str, ...] = ()
    only_in_b: tuple[str, ...] = ()

    def having(self, *, change: str | None = None, patterns: tuple[str, ...] = ()) -> list[str]:
        """Return the ISO3 codes whose change is ``change`` or whose pattern is in ``patterns``."""
        rows = self.states
        mask = pd.Series(False, index=rows.index)
        if change is not None:
            mask |= rows["change"] == change
        if patterns:
            mask |= rows["pattern"].isin(patterns)
        return sorted(rows.loc[mask, "iso3"])

    def change_counts(self) -> dict[str, int]:
        """Return how many states fall under each change (stayed, switched ...)."""
        counts = self.states["change"].value_counts()
        return {name: int(counts.get(name, 0)) for name in CHANGES}

    def by_group(self) -> pd.DataFrame:
        """Per regional group: each vote's Y/N/A/X counts and the change counts.

        Returns:
            One row per group; columns ``a_Y`` ... ``a_X``, ``b_Y`` ... ``b_X``, then one
            column per change (``stayed``, ``switched`` ...).
        """
        rows = self.states
        parts = [
            pd.crosstab(rows["group"], rows["vote_a"])
            .reindex(columns=list(VOTE_CODES), fill_value=0)
            .add_prefix("a_"),
            pd.crosstab(rows["group"], rows["vote_b"])
            .reindex(columns=list(VOTE_CODES), fill_value=0)
            .add_prefix("b_"),
            pd.crosstab(rows["group"], rows["change"]).reindex(columns=list(CHANGES), fill_value=0),
        ]
        table = pd.concat(parts, axis=1).fillna(0).astype(int)
        table = table.reindex([g for g in (*GROUPS, NO_GROUP) if g in table.index])
        table.index.name = "group"
        table.columns.name = None
        return table

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready summary: tallies, cross-table, state lists, group breakdown."""
        switched = self.states.loc[self.states["change"] == "switched"]
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "crosstab": {
                a: {b: int(self.crosstab.loc[a, b]) for b in VOTE_CODES} for a in VOTE_CODES
            },
            "changes": self.change_counts(),
            "switched": [
                {"iso3": r.iso3, "state": r.state, "group": r.group, "a": r.vote_a, "b": r.vote_b}
                for r in switched.sort_values("iso3").itertuples()
            ],
            "stayed": self.having(change="stayed"),
            "became_absent": self.having(change="became_absent"),
            "returned": self.having(change="returned"),
            "yes_both": self.having(patterns=("YY",)),
            "yes_one_abstain_other": self.having(patterns=("YA", "AY")),
            "by_group": [
                {"group": group, **{k: int(v) for k, v in row.items()}}
                for group, row in self.by_group().iterrows()
            ],
            "only_in_a": list(self.only_in_a),
            "only_in_b": list(self.only_in_b),
        }


def _change(vote_a: str, vote_b: str) -> str:
    # CASE 1: absent from both votes.
    if vote_a == "X" and vote_b == "X":
        return "absent_both"
    # CASE 2: voted the first time, not the second.
    if vote_b == "X":
        return "became_absent"
    # CASE 3: absent the first time, voted the second.
    if vote_a == "X":
        return "returned"
    # CASE 4: voted both times, the same way or not.
    return "stayed" if vote_a == vote_b else "switched"


def compare_votes(votes: pd.DataFrame, res_a: str, res_b: str) -> Comparison:
    """Compare two recorded votes state by state.

    States on only one record (not yet, or no longer, members) are left out of the
    cross-table and listed in ``only_in_a`` / ``only_in_b``.

    Args:
        votes: A table from ``load_votes`` holding both resolutions.
        res_a: The first (usually earlier) resolution, "A/RES/73/27" or "73/27".
        res_b: The second resolution.

    Returns:
        The Comparison.

    Raises:
        VotesError: the table holds no vote on one of the resolutions.
        ValueError: a resolution is not a resolution symbol.
    """
    rows_a, rows_b = _select(votes, res_a), _select(votes, res_b)
    if "name" in rows_b.columns:  # the crosswalk's name, not the record's capitals
        rows_b = rows_b.assign(state=rows_b["name"])
    merged = rows_a[["iso3", "vote"]].merge(
        rows_b[["iso3", "state", "group", "vote"]],
        on="iso3",
        how="inner",
        suffixes=("_a", "_b"),
    )
    merged["change"] = [_change(a, b) for a, b in zip(merged.vote_a, merged.vote_b, strict=True)]
    merged["pattern"] = merged["vote_a"] + merged["vote_b"]
    merged = merged[["iso3", "state", "group", "vote_a", "vote_b", "change", "pattern"]]
    merged = merged.sort_values("iso3", ignore_index=True)
    crosstab = (
        pd.crosstab(merged["vote_a"], merged["vote_b"])
        .reindex(index=list(VOTE_CODES), columns=list(VOTE_CODES), fill_value=0)
        .astype(int)
    )
    crosstab.index.name, crosstab.columns.name = "vote_a", "vote_b"
    only_a = sorted(set(rows_a.iso3) - set(rows_b.iso3))
    only_b = sorted(set(rows_b.iso3) - set(rows_a.iso3))
    return Comparison(
        a=tally(votes, res_a),
        b=tally(votes, res_b),
        states=merged,
        crosstab=crosstab,
        only_in_a=tuple(only_a),
        only_in_b=tuple(only_b),
    )
