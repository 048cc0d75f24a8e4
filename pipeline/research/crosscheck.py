"""Cross-check the votes announced in a verbatim record against per-state vote records.

A verbatim record (A/79/PV.64) announces each recorded vote twice: as counts ("was
adopted by 155 votes to 1 (resolution 79/283)") and as the lists of names printed under
"In favour:", "Against:" and "Abstaining:" (``Document.recorded_votes``). A per-state
votes table (the UN Digital Library form read by ``votes.load_votes``) may hold the same
vote. ``check_recorded_votes`` reports, per announced vote: the resolution it became,
the announced counts, the lengths of the printed lists, the counts in the table, the
printed names that do not resolve to ISO3, and the states whose vote differs.

A member not printed in any list did not vote ("X"), as in the UNDL records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.document import RecordedVote
from pipeline.research.sponsors import Lookup, default_lookup
from pipeline.research.votes import VOTE_CODES, normalise_resolution

# Why a vote could not be compared state by state.
STATUS_CHECKED = "checked"  # the table holds the resolution; states compared
STATUS_NO_RESOLUTION = "no_resolution"  # the record names no resolution (an amendment, a paragraph)
STATUS_NOT_IN_VOTES = "not_in_votes"  # the table has no vote on that resolution

MISSING = "-"  # a state absent from one side altogether
CSV_COLUMNS = (
    ["paragraph_id", "subject", "outcome", "resolution", "status"]
    + [f"announced_{v}" for v in ("yes", "no", "abstain")]
    + [f"listed_{v}" for v in ("yes", "no", "abstain")]
    + [f"votes_{v}" for v in ("yes", "no", "abstain", "non_voting")]
    + ["counts_match", "differences", "unresolved"]
)


@dataclass(frozen=True, slots=True)
class StateDifference:
    """One state whose vote in the record differs from the per-state table.

    ``record`` and ``votes`` are Y, N, A, X (not listed / non-voting) or "-" (the state is
    not in that source at all); ``name`` is the name as printed in the record, else as in
    the table.
    """

    iso3: str
    name: str
    record: str
    votes: str

    def to_dict(self) -> dict[str, str]:
        """Return a JSON-ready dict."""
        return {"iso3": self.iso3, "name": self.name, "record": self.record, "votes": self.votes}


@dataclass(frozen=True, slots=True)
class VoteCheck:
    """What one vote announced in a verbatim record looks like against the per-state table.

    ``announced`` holds the counts read out (Y, N, A); ``listed`` the lengths of the three
    printed name lists; ``votes`` the counts of the per-state table (Y, N, A, X), empty
    unless ``status`` is "checked". ``unresolved`` are printed names without an ISO3 code,
    ``listed_twice`` the ISO3 codes printed more than once (in one list or two).
    """

    paragraph_id: str
    subject: str | None
    outcome: str | None
    resolution: str | None
    status: str
    announced: dict[str, int]
    listed: dict[str, int]
    votes: dict[str, int]
    differences: tuple[StateDifference, ...] = ()
    unresolved: tuple[str, ...] = ()
    listed_twice: tuple[str, ...] = ()

    @property
    def lists_match_counts(self) -> bool:
        """Whether each printed list is as long as its announced count."""
        return self.listed == self.announced

    @property
    def counts_match(self) -> bool | None:
        """Whether the announced Y/N/A equal the table's; None when nothing was compared."""
        if self.status != STATUS_CHECKED:
            return None
        return all(self.announced[c] == self.votes.get(c, 0) for c in ("Y", "N", "A"))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "paragraph_id": self.paragraph_id,
            "subject": self.subject,
            "outcome": self.outcome,
            "resolution": self.resolution,
            "status": self.status,
            "announced": dict(self.announced),
            "listed": dict(self.listed),
            "votes": dict(self.votes),
            "lists_match_counts": self.lists_match_counts,
            "counts_match": self.counts_match,
            "differences": [d.to_dict() for d in self.differences],
            "unresolved": list(self.unresolved),
            "listed_twice": list(self.listed_twice),
        }


def outcome_resolution(outcome: str | None) -> str | None:
    """Return the resolution symbol of a record's outcome, or None.

    Args:
        outcome: As ingest reads it: "resolution 79/283", "A/RES/79/283", or None.

    Returns:
        "A/RES/79/283", or None when there is no outcome or it names no GA resolution
        (a decision, an amendment).
    """
    if not outcome:
        return None
    text = outcome.strip()
    if text.casefold().startswith("resolution"):
        text = text[len("resolution") :]
    try:
        return normalise_resolution(text)
    except ValueError:
        return None


def _record_codes(
    vote: RecordedVote, resolve: Lookup
) -> tuple[dict[str, tuple[str, str]], list[str], list[str]]:
    """ISO3 to (vote code, printed name) for the listed names; unresolved; listed twice."""
    codes: dict[str, tuple[str, str]] = {}
    unresolved: list[str] = []
    twice: list[str] = []
    for code, names in (("Y", vote.in_favour), ("N", vote.against), ("A", vote.abstaining)):
        for name in names:
            iso3 = resolve(name)
            if iso3 is None:
                unresolved.append(name)
            elif iso3 in codes:
                twice.append(iso3)
            else:
                codes[iso3] = (code, name)
    return codes, unresolved, sorted(set(twice))


# The table's side of one resolution: its counts (Y, N, A, X) and ISO3 to (vote, state).
_Side = tuple[dict[str, int], dict[str, tuple[str, str]]]


def _side(rows: pd.DataFrame | None) -> _Side | None:
    """The table's side of a resolution from its rows; None when it holds none."""
    if rows is None or rows.empty:
        return None
    tally = rows["vote"].value_counts()
    counts = {code: int(tally.get(code, 0)) for code in VOTE_CODES}
    table = {
        str(r.iso3): (str(r.vote), str(r.state))
        for r in rows[["iso3", "vote", "state"]].itertuples(index=False)
    }
    return counts, table


def _differences(
    record: dict[str, tuple[str, str]], table: dict[str, tuple[str, str]]
) -> tuple[StateDifference, ...]:
    found = []
    for iso3 in sorted(set(record) | set(table)):
        printed = record.get(iso3)
        listed = table.get(iso3)
        # CASE 1: the table has no row for the state (not a member then, or a gap).
        if listed is None:
            assert printed is not None
            found.append(StateDifference(iso3, printed[1], printed[0], MISSING))
            continue
        # CASE 2: not printed in any list: the record says it did not vote.
        code_record, name = printed if printed is not None else ("X", listed[1])
        # CASE 3: both sources have a vote; report it when they disagree.
        if code_record != listed[0]:
            found.append(StateDifference(iso3, name, code_record, listed[0]))
    return tuple(found)


def check_recorded_vote(
    vote: RecordedVote, votes: pd.DataFrame | None = None, *, lookup: Lookup | None = None
) -> VoteCheck:
    """Cross-check one vote announced in a verbatim record.

    Args:
        vote: From ``Document.recorded_votes``.
        votes: A per-state table with the columns ``resolution`` (as "A/RES/79/283"),
            ``iso3``, ``vote`` (Y/N/A/X) and ``state``, as ``votes.load_votes`` returns;
            None to check the record against itself only.
        lookup: Printed name to ISO3; default ``sponsors.default_lookup()`` (the NLP
            gazetteer, then the member-state crosswalk).

    Returns:
        The VoteCheck.
    """
    return check_recorded_votes([vote], votes, lookup=lookup)[0]


def _check_vote(
    vote: RecordedVote, resolution: str | None, side: _Side | None, resolve: Lookup
) -> VoteCheck:
    """``check_recorded_vote`` given the table's side of the vote's resolution (or None)."""
    record, unresolved, twice = _record_codes(vote, resolve)
    announced = {"Y": vote.yes, "N": vote.no, "A": vote.abstain}
    listed = {"Y": len(vote.in_favour), "N": len(vote.against), "A": len(vote.abstaining)}
    counts: dict[str, int] = {}
    differences: tuple[StateDifference, ...] = ()
    # CASE 1: nothing to compare with: no resolution named, or no per-state record of it.
    if resolution is None:
        status = STATUS_NO_RESOLUTION
    elif side is None:
        status = STATUS_NOT_IN_VOTES
    else:
        # CASE 2: the table holds the vote: its counts, and the states compared one by one.
        status = STATUS_CHECKED
        counts, table = side
        differences = _differences(record, table)
    return VoteCheck(
        vote.paragraph_id,
        vote.subject,
        vote.outcome,
        resolution,
        status,
        announced,
        listed,
        dict(counts),
        differences=differences,
        unresolved=tuple(unresolved),
        listed_twice=tuple(twice),
    )


def check_recorded_votes(
    recorded: Iterable[RecordedVote],
    votes: pd.DataFrame | None = None,
    *,
    lookup: Lookup | None = None,
) -> list[VoteCheck]:
    """Cross-check every vote announced in a verbatim record.

    Args:
        recorded: ``Document.recorded_votes``.
        votes: A per-state table from ``votes.load_votes`` (or None: the record alone).
        lookup: Printed name to ISO3; default ``sponsors.default_lookup()``.

    Returns:
        One VoteCheck per vote, in the order of the record.
    """
    resolve = lookup if lookup is not None else default_lookup()
    # The table is split by resolution once and each resolution's side read once:
    # selecting a vote's rows from the whole table cost 1.2 ms a vote (3,000 votes in
    # a record: 3.8 s), counting and listing them 2 ms more a checked vote.
    groups: dict[str, pd.DataFrame] = {}
    if votes is not None:
        groups = {str(r): rows for r, rows in votes.groupby("resolution", sort=False)}
    sides: dict[str, _Side | None] = {}
    checks = []
    for vote in recorded:
        resolution = outcome_resolution(vote.outcome)
        side = None
        if resolution is not None:
            if resolution not in sides:
                sides[resolution] = _side(groups.get(resolution))
            side = sides[resolution]
        checks.append(_check_vote(vote, resolution, side, resolve))
    return checks


def checks_table(checks: Sequence[VoteCheck]) -> pd.DataFrame:
    """One row per vote, ready for ``to_csv(index=False)``.

    Returns:
        Columns ``paragraph_id``, ``subject``, ``outcome``, ``resolution``, ``status``,
        ``announced_yes/no/abstain``, ``listed_yes/no/abstain``,
        ``votes_yes/no/abstain/non_voting`` (empty unless checked), ``counts_match``,
        ``differences`` ("USA N>Y" for record N, table Y; ``;``-joined), ``unresolved``.
    """
    labels = {"Y": "yes", "N": "no", "A": "abstain", "X": "non_voting"}
    rows: list[dict[str, Any]] = []
    for check in checks:
        row: dict[str, Any] = {
            "paragraph_id": check.paragraph_id,
            "subject": check.subject or "",
            "outcome": check.outcome or "",
            "resolution": check.resolution or "",
            "status": check.status,
        }
        row.update({f"announced_{labels[c]}": n for c, n in check.announced.items()})
        row.update({f"listed_{labels[c]}": n for c, n in check.listed.items()})
        row.update({f"votes_{labels[c]}": check.votes.get(c, "") for c in VOTE_CODES})
        row["counts_match"] = "" if check.counts_match is None else check.counts_match
        row["differences"] = ";".join(f"{d.iso3} {d.record}>{d.votes}" for d in check.differences)
        row["unresolved"] = ";".join(check.unresolved)
        rows.append(row)
    return pd.DataFrame(rows, columns=CSV_COLUMNS)
