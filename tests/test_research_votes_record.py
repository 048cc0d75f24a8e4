"""Votes read from verbatim records feed ``votes tally/compare/map`` like the votes CSV.

Expected values were read in A/79/PV.64 (batch/ai_un_report_2025), the General
Assembly's 64th plenary meeting of 16 April 2025: draft resolution A/79/L.64 "was
adopted by 155 votes to 1 (resolution 79/283)", the United States alone against, no
abstention; A/79/L.75 "was adopted by 105 votes to 9, with 33 abstentions (resolution
79/284)". Tajikistan, Tanzania and Zambia are in no list of 79/283 (the record adds
that they "had intended to vote in favour"), so they count as non-voting.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline import settings
from pipeline.cli import cli

CORPUS = settings.corpus_root()
VOTES = settings.votes_dir()
RECORD = CORPUS / "batch/ai_un_report_2025/A_79_PV.64.pdf" if CORPUS else None
SOURCE = "A/79/PV.64 (A_79_PV.64.pdf)"
pytestmark = pytest.mark.skipif(
    RECORD is None or VOTES is None or not RECORD.is_file(), reason="corpus or votes missing"
)

# A made-up record in the layout of A/79/PV.64, for the checks against announced counts.
_RECORD_TEXT = """United Nations A/99/PV.1
General Assembly
Ninety-ninth session

The meeting was called to order at 10 a.m.

The President: We shall now take a decision on draft resolution A/99/L.1.

In favour:

{favour}

Against:

Russian Federation

Abstaining:

None

Draft resolution A/99/L.1 was adopted by {yes} votes to 1 (resolution 99/1).

The meeting rose at 11 a.m.
"""


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def frame() -> Any:
    from pipeline.research.record_votes import load_record_votes

    assert RECORD is not None
    return load_record_votes([RECORD])


@pytest.mark.parametrize(
    ("resolution", "counts"),
    [
        # "adopted by 155 votes to 1 (resolution 79/283)": 193 - 156 = 37 non-voting
        ("79/283", (155, 1, 0, 37)),
        # "adopted by 105 votes to 9, with 33 abstentions (resolution 79/284)": 46 non-voting
        ("79/284", (105, 9, 33, 46)),
    ],
)
def test_tally_from_the_record_equals_the_printed_tally(
    frame: Any, resolution: str, counts: tuple[int, int, int, int]
) -> None:
    from pipeline.research.votes import tally

    t = tally(frame, resolution)
    assert (t.yes, t.no, t.abstain, t.non_voting) == counts
    assert t.date == "2025-04-16"


@pytest.mark.parametrize(
    ("resolution", "iso3", "vote"),
    [
        ("A/RES/79/283", "USA", "N"),  # "Against: United States of America"
        ("A/RES/79/283", "RUS", "Y"),  # in the "In favour" list
        ("A/RES/79/283", "TJK", "X"),  # not listed; "intended to vote in favour"
        ("A/RES/79/284", "CHN", "A"),  # in the "Abstaining" list
        ("A/RES/79/284", "RUS", "N"),  # in the "Against" list
        ("A/RES/79/284", "FRA", "Y"),  # in the "In favour" list
        ("A/RES/79/284", "PLW", "A"),  # Palau abstained
    ],
)
def test_state_votes_from_the_record(frame: Any, resolution: str, iso3: str, vote: str) -> None:
    rows = frame.loc[(frame.resolution == resolution) & (frame.iso3 == iso3)]
    assert list(rows["vote"]) == [vote]


def test_record_table_names_its_source(frame: Any) -> None:
    assert frame.attrs["source"] == SOURCE
    assert set(frame["source"]) == {SOURCE}
    # The amendment A/79/L.77 (72-13-49) became no resolution: left out.
    assert sorted(set(frame["resolution"])) == ["A/RES/79/283", "A/RES/79/284"]


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("json", lambda out: [(d["yes"], d["source"]) for d in json.loads(out)]
         == [(105, SOURCE)]),
        ("csv", lambda out: {r["source"] for r in csv.DictReader(io.StringIO(out))} == {SOURCE}),
    ],
)  # fmt: skip
def test_tally_cli_from_a_record(fmt: str, check: Any) -> None:
    code, out, err = _run("votes", "tally", "79/284", "--record", str(RECORD), "--format", fmt)
    assert code == 0, err
    assert check(out)


def test_tally_and_compare_from_a_corpus_store(tmp_path: Path) -> None:
    from pipeline.corpus.store import Store
    from pipeline.ingest import load_document

    assert RECORD is not None
    db = tmp_path / "store.db"
    with Store(db) as store:  # the store keeps paragraphs and speakers, not parsed votes
        store.write_document("batch/ai_un_report_2025/A_79_PV.64.pdf", load_document(RECORD))
    code, out, err = _run("votes", "tally", "79/283", "--db", str(db))
    assert code == 0, err
    [entry] = json.loads(out)
    assert (entry["yes"], entry["no"], entry["abstain"]) == (155, 1, 0)
    assert entry["source"] == SOURCE
    code, out, err = _run("votes", "compare", "79/283", "79/284", "--db", str(db))
    assert code == 0, err
    data = json.loads(out)
    assert data["source"] == SOURCE
    assert data["crosstab"]["N"]["N"] == 1  # the United States voted no both times
    code, _, err = _run("votes", "tally", "79/1", "--db", str(db))
    assert code == 1
    assert err.strip().endswith("no verbatim record in the store holds a vote on A/RES/79/1")


@pytest.mark.parametrize(
    ("favour", "yes", "message"),
    [
        # three names printed, four votes announced
        ("Austria, Brazil, Chile", 4, "announces 4-1-0 (yes-no-abstain) but its lists hold 3-1-0"),
        # a name that is no Member State
        ("Austria, Brazil, Atlantis", 3, "'Atlantis' is not a Member State"),
        # the same state printed twice
        ("Austria, Brazil, Austria", 3, "'Austria' is printed twice"),
    ],
)
def test_a_record_that_disagrees_with_itself_fails(
    tmp_path: Path, favour: str, yes: int, message: str
) -> None:
    record = tmp_path / "A_99_PV.1.txt"
    record.write_text(_RECORD_TEXT.format(favour=favour, yes=yes), encoding="utf-8")
    code, out, err = _run("votes", "tally", "99/1", "--record", str(record))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: A/99/PV.1 (A_99_PV.1.txt): A/RES/99/1")
    assert message in err
    assert "Traceback" not in err


def test_a_consistent_made_up_record_is_counted(tmp_path: Path) -> None:
    record = tmp_path / "A_99_PV.1.txt"
    record.write_text(_RECORD_TEXT.format(favour="Austria, Brazil, Chile", yes=3), "utf-8")
    code, out, err = _run("votes", "tally", "99/1", "--record", str(record))
    assert code == 0, err
    [entry] = json.loads(out)
    assert (entry["yes"], entry["no"], entry["abstain"], entry["non_voting"]) == (3, 1, 0, 189)


def test_one_source_of_votes_only() -> None:
    assert VOTES is not None
    csv_file = str(VOTES / "votes_cyber_2018_2020.csv")
    code, _, err = _run("votes", "tally", "79/284", "--record", str(RECORD), "--votes", csv_file)
    assert code == 2
    assert "give one source of votes" in err


def test_csv_outputs_name_their_source() -> None:
    code, out, _ = _run("votes", "compare", "73/27", "73/266", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["source"] for r in rows} == {"votes_cyber_related_2005_2020.csv"}
    code, out, _ = _run(
        "votes", "compare", "73/27", "73/266", "--format", "csv", "--table", "crosstab"
    )
    assert out.splitlines()[0].startswith(
        "A/RES/73/27 \\ A/RES/73/266 (source: votes_cyber_related_2005_2020.csv),"
    )
