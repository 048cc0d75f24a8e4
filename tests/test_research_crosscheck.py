"""Votes announced in a verbatim record against per-state records (A/79/PV.64)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline import settings
from pipeline.cli import cli
from pipeline.document import Document, RecordedVote
from pipeline.ingest import load_document
from pipeline.research.crosscheck import (
    MISSING,
    STATUS_CHECKED,
    STATUS_NO_RESOLUTION,
    STATUS_NOT_IN_VOTES,
    StateDifference,
    check_recorded_vote,
    check_recorded_votes,
    checks_table,
    outcome_resolution,
)
from pipeline.research.sponsors import Lookup, default_lookup
from pipeline.research.states import load_state_index

VOTES = settings.votes_dir()
pytestmark = pytest.mark.skipif(VOTES is None, reason="../shared/votes not available")

PV64 = "batch/ai_un_report_2025/A_79_PV.64.pdf"
# The three recorded votes of A/79/PV.64 as read out in the PDF (pages 4, 10 and 16):
# (subject, resolution it became, yes, no, abstain).
PV64_VOTES = [
    ("Draft resolution A/79/L.64", "A/RES/79/283", 155, 1, 0),
    ("Draft amendment A/79/L.77", None, 72, 13, 49),
    ("Draft resolution A/79/L.75", "A/RES/79/284", 105, 9, 33),
]


@pytest.fixture(scope="module")
def pv64(corpus: Path) -> Document:
    return load_document(corpus / PV64)


@pytest.fixture(scope="module", params=["gazetteer_then_crosswalk", "crosswalk_only"])
def lookup(request: pytest.FixtureRequest) -> Lookup:
    # Run every check against both name sources.
    if request.param == "crosswalk_only":
        return load_state_index().resolve
    return default_lookup()


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("resolution 79/283", "A/RES/79/283"),  # as ingest reads "(resolution 79/283)"
        ("Resolution 79/283", "A/RES/79/283"),  # capitalised
        ("A/RES/79/284", "A/RES/79/284"),  # already a symbol
        ("decision 79/555", None),  # a decision is no resolution
        (None, None),  # an amendment has no outcome
        ("", None),
    ],
)
def test_outcome_resolution(outcome: str | None, expected: str | None) -> None:
    assert outcome_resolution(outcome) == expected


def test_pv64_counts_equal_lists_and_names_resolve(pv64: Document, lookup: Lookup) -> None:
    checks = check_recorded_votes(pv64.recorded_votes, None, lookup=lookup)
    got = [(c.subject, c.resolution, *c.announced.values()) for c in checks]
    assert got == PV64_VOTES
    for check in checks:
        assert check.lists_match_counts, (check.subject, check.announced, check.listed)
        assert check.unresolved == (), check.unresolved
        assert check.listed_twice == ()
        assert check.counts_match is None
    assert [c.status for c in checks] == [
        STATUS_NOT_IN_VOTES,
        STATUS_NO_RESOLUTION,
        STATUS_NOT_IN_VOTES,
    ]


def test_pv64_lists_cover_every_member_once(pv64: Document, lookup: Lookup) -> None:
    # 155 + 1 printed names for 79/283 are 156 distinct members, none of them twice.
    vote = pv64.recorded_votes[0]
    codes = {lookup(n) for n in (*vote.in_favour, *vote.against, *vote.abstaining)}
    assert None not in codes
    assert len(codes) == 156
    assert codes <= load_state_index().members


def _per_state_283(vote: RecordedVote) -> pd.DataFrame:
    """A per-state table of 79/283 built from the record's own lists: all 193 members."""
    index = load_state_index()
    rows = []
    for code, names in (("Y", vote.in_favour), ("N", vote.against), ("A", vote.abstaining)):
        rows += [(index.resolve(n), n, code) for n in names]
    listed = {iso3 for iso3, _, _ in rows}
    rows += [(iso3, index.name(iso3), "X") for iso3 in sorted(index.members - listed)]
    frame = pd.DataFrame(rows, columns=["iso3", "state", "vote"])
    frame.insert(0, "resolution", "A/RES/79/283")
    return frame


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # the record's own lists: nothing differs
        (None, ()),
        # Japan printed under "In favour", abstaining in the table
        (("JPN", "A"), (StateDifference("JPN", "Japan", "Y", "A"),)),
        # the one vote against, yes in the table
        (("USA", "Y"), (StateDifference("USA", "United States of America", "N", "Y"),)),
        # Argentina printed nowhere (did not vote), yes in the table
        (("ARG", "Y"), (StateDifference("ARG", "Argentina", "X", "Y"),)),
        # Japan's row missing from the table
        (("JPN", None), (StateDifference("JPN", "Japan", "Y", MISSING),)),
    ],
)
def test_one_changed_state_is_found(
    pv64: Document,
    lookup: Lookup,
    change: tuple[str, str | None] | None,
    expected: tuple[StateDifference, ...],
) -> None:
    vote = pv64.recorded_votes[0]
    frame = _per_state_283(vote)
    assert len(frame) == 193
    if change is not None:
        iso3, code = change
        if code is None:
            frame = frame.loc[frame.iso3 != iso3]
        else:
            frame.loc[frame.iso3 == iso3, "vote"] = code
    check = check_recorded_vote(vote, frame, lookup=lookup)
    assert check.status == STATUS_CHECKED
    assert check.resolution == "A/RES/79/283"
    assert check.differences == expected
    assert check.counts_match is (change is None)
    if change is None:
        assert check.votes == {"Y": 155, "N": 1, "A": 0, "X": 37}


def test_other_resolutions_in_the_table_are_ignored(pv64: Document) -> None:
    # 79/284 is not in a table of 79/283 alone; the amendment names no resolution.
    frame = _per_state_283(pv64.recorded_votes[0])
    statuses = [c.status for c in check_recorded_votes(pv64.recorded_votes, frame)]
    assert statuses == [STATUS_CHECKED, STATUS_NO_RESOLUTION, STATUS_NOT_IN_VOTES]


@pytest.mark.parametrize(
    ("vote", "unresolved", "twice", "lists_match"),
    [
        # a name no source knows is reported, not dropped silently
        (RecordedVote("p", 2, 0, 0, "", in_favour=("Japan", "Narnia")), ("Narnia",), (), True),
        # one state printed in two lists
        (
            RecordedVote("p", 1, 1, 0, "", in_favour=("Japan",), against=("Japan",)),
            (),
            ("JPN",),
            True,
        ),
        # a count the lists do not add up to
        (RecordedVote("p", 3, 0, 0, "", in_favour=("Japan", "Chile")), (), (), False),
    ],
)
def test_record_self_checks(
    vote: RecordedVote, unresolved: tuple[str, ...], twice: tuple[str, ...], lists_match: bool
) -> None:
    check = check_recorded_vote(vote)
    assert check.unresolved == unresolved
    assert check.listed_twice == twice
    assert check.lists_match_counts is lists_match


def test_checks_table_one_row_per_vote(pv64: Document) -> None:
    vote = pv64.recorded_votes[0]
    frame = _per_state_283(vote)
    frame.loc[frame.iso3 == "JPN", "vote"] = "A"
    table = checks_table(check_recorded_votes(pv64.recorded_votes, frame))
    assert list(table.resolution) == ["A/RES/79/283", "", "A/RES/79/284"]
    assert table.differences[0] == "JPN Y>A"
    assert (table.votes_yes[0], table.votes_abstain[0]) == (154, 1)


def test_cli_votes_record(pv64: Document, corpus: Path, tmp_path: Path) -> None:
    votes_csv = tmp_path / "votes_79_283.csv"
    frame = _per_state_283(pv64.recorded_votes[0])
    frame.loc[frame.iso3 == "USA", "vote"] = "A"
    frame.to_csv(votes_csv, index=False)
    result = CliRunner().invoke(
        cli, ["votes", "record", str(corpus / PV64), "--votes", str(votes_csv)]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["status"] for d in data] == [
        STATUS_CHECKED,
        STATUS_NO_RESOLUTION,
        STATUS_NOT_IN_VOTES,
    ]
    assert data[0]["differences"] == [
        {"iso3": "USA", "name": "United States of America", "record": "N", "votes": "A"}
    ]
    assert data[0]["counts_match"] is False


def test_cli_votes_record_csv_default_votes(corpus: Path) -> None:
    # The default votes file ends in 2020: no 2025 vote is in it.
    result = CliRunner().invoke(cli, ["votes", "record", str(corpus / PV64), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[1].split(",")[3:5] == ["A/RES/79/283", STATUS_NOT_IN_VOTES]


def test_cli_votes_record_bad_votes_file(corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("resolution,state\n79/283,Japan\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["votes", "record", str(corpus / PV64), "--votes", str(bad)])
    assert result.exit_code == 1
    assert "missing column(s) vote" in result.stderr
    assert "Traceback" not in result.stderr
