"""Votes: loading, tallies against published figures, and comparisons of two votes.

Expected numbers come from the source files by another route than the code under
test: published_tallies.csv, the second source votes_cyber_2018_unvotes.csv, the
plain ``csv`` module, or counts made with awk on the raw file (noted per case).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from pipeline import settings
from pipeline.research.states import REGIONAL_GROUPS_CSV
from pipeline.research.votes import (
    VOTE_CODES,
    VotesError,
    compare_votes,
    load_votes,
    normalise_resolution,
    resolutions,
    tally,
    tally_by_group,
)

VOTES = settings.votes_dir()
pytestmark = pytest.mark.skipif(VOTES is None, reason="../shared/votes not available")
RECORDS = "votes_cyber_2018_2020.csv"
RELATED = "votes_cyber_related_2005_2020.csv"
UNVOTES = "votes_cyber_2018_unvotes.csv"


def _path(name: str) -> Path:
    assert VOTES is not None
    return VOTES / name


@pytest.fixture(scope="module")
def votes() -> pd.DataFrame:
    return load_votes(_path(RECORDS))


def _published() -> list[dict[str, str]]:
    with _path("published_tallies.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _raw_votes(name: str, resolution: str) -> dict[str, str]:
    """ISO3 -> vote straight from the CSV, without pandas or the crosswalk."""
    with _path(name).open(newline="", encoding="utf-8") as fh:
        return {r["iso3"]: r["vote"] for r in csv.DictReader(fh) if r["resolution"] == resolution}


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("A/RES/73/27", "A/RES/73/27"),  # full symbol
        ("73/27", "A/RES/73/27"),  # short form
        ("a/res/75/240", "A/RES/75/240"),  # lower case
        (" A / RES / 73 / 266 ", "A/RES/73/266"),  # stray spaces
    ],
)
def test_normalise_resolution(text: str, symbol: str) -> None:
    assert normalise_resolution(text) == symbol


@pytest.mark.parametrize(
    "text",
    [
        "A/C.1/73/L.27",  # a draft, not a resolution
        "S/RES/2341",  # Security Council
        "73-27",  # wrong separator
        "",  # empty
    ],
)
def test_normalise_resolution_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a resolution symbol"):
        normalise_resolution(text)


def test_plenary_tallies_match_published(votes: pd.DataFrame) -> None:
    """Every plenary row of published_tallies.csv is reproduced from the per-state record."""
    rows = [r for r in _published() if r["body"] == "plenary"]
    assert len(rows) == 4  # the four 2018/2020 resolutions; guards against a vacuous pass
    for row in rows:
        got = tally(votes, row["symbol"])
        want = tuple(int(row[k]) for k in ("yes", "no", "abstain", "non_voting"))
        assert (got.yes, got.no, got.abstain, got.non_voting) == want, row["symbol"]
        assert got.date == row["date"]
        assert got.total == 193


def test_first_committee_tallies_are_a_different_vote(votes: pd.DataFrame) -> None:
    """The First Committee rows of published_tallies.csv do not match the record, by design.

    They count the committee's vote on the draft (e.g. A/C.1/73/L.27/Rev.1: 109-45-16),
    weeks before the plenary vote on the resolution (A/RES/73/27: 119-46-14). The
    per-state record holds plenary votes only (SOURCES.md, Gaps), so these tallies cannot
    be checked here; this test pins that they differ, so nobody "fixes" one into the other.
    """
    plenary = {r["draft_symbol"]: r["symbol"] for r in _published() if r["body"] == "plenary"}
    committee = [r for r in _published() if r["body"] == "first_committee" and r["yes"]]
    assert len(committee) == 5  # L.37's committee tally was not retrieved (empty row)
    assert set(load_votes(_path(RECORDS))["body"]) == {"plenary"}
    for row in committee:
        got = tally(votes, plenary[row["draft_symbol"]])
        want = (int(row["yes"]), int(row["no"]), int(row["abstain"]))
        assert (got.yes, got.no, got.abstain) != want, row["draft_symbol"]


@pytest.mark.parametrize(
    ("resolution", "iso3", "vote"),
    [
        ("73/27", "RUS", "Y"),  # Russia's own draft
        ("73/266", "RUS", "N"),  # against the US draft
        ("73/27", "USA", "N"),
        ("73/266", "USA", "Y"),
        ("73/27", "CHE", "A"),  # Switzerland abstained on the Russian draft
        ("73/27", "KIR", "X"),  # Kiribati did not vote in 2018
        ("75/240", "TUR", "N"),  # recorded as TURKEY
        ("75/240", "IND", "A"),
    ],
)
def test_state_votes(votes: pd.DataFrame, resolution: str, iso3: str, vote: str) -> None:
    # Expected values read from the raw CSV with grep.
    rows = votes[(votes.resolution == normalise_resolution(resolution)) & (votes.iso3 == iso3)]
    assert list(rows.vote) == [vote]


def test_tally_by_group_adds_up(votes: pd.DataFrame) -> None:
    for symbol in resolutions(votes):
        table = tally_by_group(votes, symbol)
        assert table[list(VOTE_CODES)].sum().to_dict() == tally(votes, symbol).counts()
        assert list(table.index) == [
            "African",
            "Asia-Pacific",
            "Eastern European",
            "Latin American and Caribbean",
            "Western European and Others",
        ]


@pytest.mark.parametrize(
    ("res_a", "res_b"),
    [
        ("A/RES/73/27", "A/RES/73/266"),  # the two competing 2018 resolutions
        ("A/RES/75/240", "A/RES/75/32"),  # the two competing 2020 resolutions
        ("A/RES/73/27", "A/RES/75/240"),  # the Russian line, 2018 to 2020
    ],
)
def test_crosstab_matches_plain_count(votes: pd.DataFrame, res_a: str, res_b: str) -> None:
    a, b = _raw_votes(RECORDS, res_a), _raw_votes(RECORDS, res_b)
    want = Counter(a[k] + b[k] for k in a)
    result = compare_votes(votes, res_a, res_b)
    got = {x + y: int(result.crosstab.loc[x, y]) for x in VOTE_CODES for y in VOTE_CODES}
    assert {k: v for k, v in got.items() if v} == dict(want)


def test_crosstab_2018_agrees_with_second_source(votes: pd.DataFrame) -> None:
    """unvotes (Voeten) is independent of UNDL; its state names resolve via the crosswalk."""
    other = load_votes(_path(UNVOTES))
    ours = compare_votes(votes, "73/27", "73/266").crosstab
    theirs = compare_votes(other, "73/27", "73/266").crosstab
    pd.testing.assert_frame_equal(ours, theirs)


def test_compare_2018_pair(votes: pd.DataFrame) -> None:
    # Cell counts checked with awk on the raw CSV: YY 77, YN 12, YA 12, YX 18, NY 46,
    # AY 9, AA 2, AX 3, XY 6, XA 2, XX 6.
    result = compare_votes(votes, "73/27", "73/266")
    assert result.change_counts() == {
        "stayed": 77 + 2,  # YY + AA
        "switched": 12 + 12 + 46 + 9,  # YN + YA + NY + AY
        "became_absent": 18 + 3,  # YX + AX
        "returned": 6 + 2,  # XY + XA
        "absent_both": 6,
    }
    summary = result.to_dict()
    assert len(summary["yes_both"]) == 77
    assert len(summary["yes_one_abstain_other"]) == 12 + 9
    assert "USA" in {s["iso3"] for s in summary["switched"]}  # N then Y
    assert "SGP" in summary["yes_both"]  # Singapore voted for both drafts
    assert "CHE" in summary["yes_one_abstain_other"]  # A on 73/27, Y on 73/266
    assert summary["only_in_a"] == summary["only_in_b"] == []


def test_compare_group_breakdown_adds_up(votes: pd.DataFrame) -> None:
    result = compare_votes(votes, "75/240", "75/32")
    table = result.by_group()
    assert {c: int(table[f"a_{c}"].sum()) for c in VOTE_CODES} == result.a.counts()
    assert {c: int(table[f"b_{c}"].sum()) for c in VOTE_CODES} == result.b.counts()
    # WEOG "no" votes on 75/240, counted from the raw CSV and the groups file directly.
    raw = _raw_votes(RECORDS, "A/RES/75/240")
    with REGIONAL_GROUPS_CSV.open(newline="", encoding="utf-8") as fh:
        weog = {
            r["iso3"] for r in csv.DictReader(fh) if r["group"] == "Western European and Others"
        }
    want = sum(1 for iso3, vote in raw.items() if vote == "N" and iso3 in weog)
    assert int(table.loc["Western European and Others", "a_N"]) == want


def test_related_file_resolves_former_names() -> None:
    related = load_votes(_path(RELATED))
    # 13 resolutions (SOURCES.md); 2005 has 191 states, 2006-2008 192, later 193.
    assert len(resolutions(related)) == 13
    result = compare_votes(related, "60/45", "75/240")
    assert result.only_in_a == ("SCG",)  # Serbia and Montenegro, 2005
    assert result.only_in_b == ("MNE", "SRB", "SSD")
    assert related.loc[related.state == "SWAZILAND", "iso3"].unique().tolist() == ["SWZ"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # a vote code outside Y/N/A/X, reported with its line
        ("resolution,state,vote\nA/RES/73/27,FRANCE,Q\n", r"line 2: vote 'Q' is not Y/N/A/X"),
        # the vote column is missing
        ("resolution,state\nA/RES/73/27,FRANCE\n", r"missing column\(s\) vote"),
        # a state the crosswalk does not know
        ("resolution,state,vote\nA/RES/73/27,NARNIA,Y\n", r"state 'NARNIA' not in the crosswalk"),
        # the file's own iso3 disagrees with the crosswalk
        ("resolution,state,iso3,vote\n73/27,FRANCE,DEU,Y\n", r"FRA in the crosswalk but DEU"),
        # one state twice on one resolution
        (
            "resolution,state,vote\n73/27,FRANCE,Y\nA/RES/73/27,France,N\n",
            r"line 3: second vote of FRA on A/RES/73/27",
        ),
        # a resolution symbol that is not one
        ("resolution,state,vote\nL.27,FRANCE,Y\n", r"line 2: 'L.27' is not a resolution"),
        # an empty file
        ("", r"not a readable CSV"),
    ],
)
def test_load_votes_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "votes.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(VotesError, match=message) as info:
        load_votes(path)
    assert str(info.value).startswith(str(path))


def test_load_votes_missing_file(tmp_path: Path) -> None:
    with pytest.raises(VotesError, match=r"absent\.csv: no such file"):
        load_votes(tmp_path / "absent.csv")


def test_tally_unknown_resolution_lists_known(votes: pd.DataFrame) -> None:
    with pytest.raises(VotesError, match=r"no votes for A/RES/99/1 \(has: A/RES/73/27, "):
        tally(votes, "99/1")
