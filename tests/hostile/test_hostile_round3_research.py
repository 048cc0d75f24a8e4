"""Issue 27, third hostile round: votes read from a long record, and positions on many turns.

- A verbatim record announcing 3,000 recorded votes (740 KB): ``votes tally 79/1
  --record`` built 193 rows of dicts a vote (579,000 rows) for a tally of one
  resolution, 10 s and 470 MB; ``votes record`` selected each vote's rows from the whole
  votes table (1.2 ms a vote). Now the table keeps the resolutions asked for (every vote
  is still checked against its counts), is built column by column, and the votes table
  is split by resolution once.
- ``positions`` on 5,000 statements or 15,000 speaker turns (see the positions tests
  below).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_cases import run_cli

from pipeline.document import Document, RecordedVote
from pipeline.research.crosscheck import check_recorded_vote, check_recorded_votes
from pipeline.research.record_votes import RecordVotesError, record_votes
from pipeline.research.states import load_state_index
from pipeline.settings import votes_dir

SECONDS = 5.0  # beyond a good file's run: the bound
MEGABYTES = 500.0
needs_votes = pytest.mark.skipif(votes_dir() is None, reason="votes folder missing")

_HEAD = (
    "United Nations A/79/PV.99\n\nGeneral Assembly Seventy-ninth session 99th plenary meeting"
    "\n\nThe meeting was called to order at 10 a.m.\n\n"
)


def _vote_text(n: int) -> str:
    return (
        "The President: A recorded vote has been requested.\n\nA recorded vote was taken.\n\n"
        "In favour:\n\nFrance, Chile\n\nAgainst:\n\nPeru\n\nAbstaining:\n\nNone\n\n"
        f"Draft resolution {n} was adopted by 2 votes to 1 (resolution 79/{n}).\n\n"
    )


def record_text(votes: int) -> str:
    """A record announcing ``votes`` recorded votes, on resolutions 79/1, 79/2, ..."""
    return _HEAD + "".join(_vote_text(n) for n in range(1, votes + 1))


def _vote(
    n: int, yes: tuple[str, ...] = ("France", "Chile"), no: tuple[str, ...] = ("Peru",)
) -> RecordedVote:
    return RecordedVote(
        f"speech_{n}", len(yes), len(no), 0, "adopted", outcome=f"resolution 79/{n}",
        in_favour=yes, against=no,
    )  # fmt: skip


def _record(*votes: RecordedVote) -> Document:
    return Document(
        symbol="A/79/PV.99", title=None, doc_type="record", paragraphs=(),
        date="2025-04-16", source="pv.txt", recorded_votes=votes,
    )  # fmt: skip


# ------------------------------------------------------------------ votes from a record
@needs_votes
def test_record_votes_lists_every_member_once_a_vote() -> None:
    index = load_state_index()
    frame = record_votes([_record(_vote(1), _vote(2, yes=("Chile",), no=()))])
    assert len(frame) == 2 * len(index.members)
    first = frame[frame["resolution"] == "A/RES/79/1"].set_index("iso3")
    assert first.loc[["FRA", "CHL", "PER"], "vote"].tolist() == ["Y", "Y", "N"]
    assert first.loc["FRA", "state"] == "France"  # as printed
    # CASE: a member in no list did not vote, named as the crosswalk names it
    assert (first.loc["USA", "vote"], first.loc["USA", "state"]) == ("X", index.name("USA"))
    assert set(first["source"]) == {"A/79/PV.99 (pv.txt)"} and set(first["date"]) == {"2025-04-16"}
    second = frame[frame["resolution"] == "A/RES/79/2"].set_index("iso3")
    assert second.loc[["CHL", "PER"], "vote"].tolist() == ["Y", "X"]
    assert list(frame.columns) == [
        "resolution", "date", "state", "iso3", "group", "vote", "source", "name"
    ]  # fmt: skip


@needs_votes
def test_record_votes_keeps_the_resolutions_asked_for_and_checks_every_vote() -> None:
    doc = _record(_vote(1), _vote(2), _vote(3))
    kept = record_votes([doc], keep={"A/RES/79/2"})
    assert set(kept["resolution"]) == {"A/RES/79/2"} and len(kept) == len(
        load_state_index().members
    )
    everything = record_votes([doc])
    expected = everything[everything["resolution"] == "A/RES/79/2"].reset_index(drop=True)
    assert kept.reset_index(drop=True).equals(expected)
    # A vote outside ``keep`` whose list disagrees with its count is still an error.
    bad = RecordedVote("speech_9", 5, 1, 0, "adopted", outcome="resolution 79/9",
                       in_favour=("France",), against=("Peru",))  # fmt: skip
    with pytest.raises(RecordVotesError, match="announces 5-1-0"):
        record_votes([_record(_vote(1), bad)], keep={"A/RES/79/1"})


@needs_votes
def test_checking_every_vote_at_once_equals_checking_each_alone() -> None:
    votes = record_votes([_record(_vote(1), _vote(2, yes=("Chile", "France"), no=()))])
    votes.loc[(votes["resolution"] == "A/RES/79/1") & (votes["iso3"] == "FRA"), "vote"] = "A"
    recorded = [_vote(1), _vote(2), _vote(3), _vote(1)]  # 79/3 is not in the table
    together = check_recorded_votes(recorded, votes)
    assert together == [check_recorded_vote(v, votes) for v in recorded]
    assert [c.status for c in together] == ["checked", "checked", "not_in_votes", "checked"]
    assert [(d.iso3, d.record, d.votes) for d in together[0].differences] == [("FRA", "Y", "A")]
    assert [(d.iso3, d.record, d.votes) for d in together[1].differences] == [("PER", "N", "X")]


@needs_votes
def test_a_record_of_3000_votes_is_read_within_the_bound(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(record_text(1), encoding="utf-8")
    (tmp_path / "many.txt").write_text(record_text(3_000), encoding="utf-8")
    for args in (["votes", "tally", "79/1", "--format", "json", "--record"], ["votes", "record"]):
        baseline = run_cli([*args, "one.txt"], tmp_path, timeout=60)
        run = run_cli([*args, "many.txt"], tmp_path, timeout=60)
        assert baseline.code == run.code == 0, run.stderr
        assert "Traceback" not in run.stderr
        assert run.seconds < baseline.seconds + SECONDS, (args, run.seconds, baseline.seconds)
        assert run.max_rss_mb < MEGABYTES, (args, run.max_rss_mb)
        # 579,000 rows of dicts took 316 MB beyond the one-vote run; now about 15 MB.
        assert run.max_rss_mb < baseline.max_rss_mb + 100, (args, run.max_rss_mb)
