"""Votes and sponsors from the UN's markup, 2020-2025 (issue 23 part 3).

The recorded votes of A/RES/75/32 and 75/240 are checked against the two independent
sources in ../shared/votes (the published tallies and UNDL's per-State votes); those of
2022-2023 (77/37, 78/16, 78/237) against the markup's own counts, in all six languages.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import settings
from pipeline.cli import cli
from pipeline.ingest import load_document
from pipeline.research.akn_sponsors import markup_sponsor_map, markup_sponsors, state_name
from pipeline.research.record_votes import RecordVotesError, record_votes
from pipeline.research.states import load_state_index
from pipeline.research.votes import load_default_votes

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
RECORDED = ("75_32", "75_240", "77_37", "78_16", "78_237")


def _xml(corpus: Path, number: str, lang: str = "en") -> Path:
    return corpus / "akn" / "cyber" / f"A_RES_{number}.{lang}.xml"


def _published() -> dict[str, tuple[int, int, int]]:
    folder = settings.votes_dir()
    assert folder is not None
    with (folder / "published_tallies.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["symbol"]: (int(row["yes"]), int(row["no"]), int(row["abstain"]))
            for row in csv.DictReader(handle)
            if row["body"] == "plenary"
        }


@pytest.mark.parametrize("number", RECORDED)
def test_markup_votes_match_their_counts_in_every_language(corpus: Path, number: str) -> None:
    tables = {}
    for lang in LANGUAGES:
        doc = load_document(_xml(corpus, number, lang))
        (vote,) = doc.recorded_votes
        frame = record_votes([doc])  # raises when a list is not as long as its count
        counts = frame["vote"].value_counts()
        assert (counts.get("Y", 0), counts.get("N", 0), counts.get("A", 0)) == (
            vote.yes,
            vote.no,
            vote.abstain,
        )
        assert len(frame) == 193
        tables[lang] = dict(zip(frame["iso3"], frame["vote"], strict=True))
    assert all(tables[lang] == tables["en"] for lang in LANGUAGES)


@pytest.mark.parametrize("number", ("75_32", "75_240"))
def test_markup_agrees_with_published_tally_and_undl(corpus: Path, number: str) -> None:
    symbol = f"A/RES/{number.replace('_', '/')}"
    frame = record_votes([load_document(_xml(corpus, number))])
    counts = frame["vote"].value_counts()
    assert (counts["Y"], counts["N"], counts["A"]) == _published()[symbol]
    undl = load_default_votes(None)
    undl = undl[undl["resolution"] == symbol]
    assert dict(zip(frame["iso3"], frame["vote"], strict=True)) == dict(
        zip(undl["iso3"], undl["vote"], strict=True)
    )
    assert set(frame["date"]) == {undl["date"].iloc[0]}  # the adoption date, not the issue


def test_a_count_that_disagrees_with_its_list_is_an_error(corpus: Path, tmp_path: Path) -> None:
    text = _xml(corpus, "75_240").read_text(encoding="utf-8")
    tampered = tmp_path / "A_RES_75_240.en.xml"
    tampered.write_text(text.replace('value="92"', 'value="93"', 1), encoding="utf-8")
    with pytest.raises(RecordVotesError, match="announces 93-50-21"):
        record_votes([load_document(tampered)])


def test_tally_json_from_markup(corpus: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "votes",
            "tally",
            "75/240",
            "--record",
            str(_xml(corpus, "75_240", "zh")),
            "--format",
            "json",
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    assert (entry["yes"], entry["no"], entry["abstain"]) == (92, 50, 21)
    assert entry["source"] == "A/RES/75/240 (A_RES_75_240.zh.xml)"
    states = {s["iso3"]: s for s in entry["states"]}
    assert len(states) == 193
    # A/RES/75/240: China and the Russian Federation for, the United States against,
    # India abstaining (the markup's lists, as in the UNDL record).
    assert states["CHN"]["vote"] == states["RUS"]["vote"] == "yes"
    assert states["USA"] == {"iso3": "USA", "name": states["USA"]["name"], "vote": "no"}
    assert states["IND"]["vote"] == "abstain"
    assert {s["vote"] for s in entry["states"]} == {"yes", "no", "abstain", "non_voting"}


def test_tally_json_states_from_the_csv() -> None:
    result = CliRunner().invoke(cli, ["votes", "tally", "73/27", "--format", "json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    votes = [s["vote"] for s in entry["states"]]
    assert (votes.count("yes"), votes.count("no"), votes.count("abstain")) == (119, 46, 14)


def test_compare_past_2020(corpus: Path) -> None:
    # 75/240 -> 78/237 (the Russian-sponsored line), from two markups.
    args = ["votes", "compare", "75/240", "78/237", "--format", "json"]
    for number in ("75_240", "78_237"):
        args += ["--record", str(_xml(corpus, number))]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["b"]["yes"], data["b"]["no"], data["b"]["abstain"]) == (104, 53, 7)
    assert "A_RES_78_237.en.xml" in json.dumps(data)


def test_markup_sponsors(corpus: Path) -> None:
    # A/C.1/75/L.8/Rev.1: 18 States on the draft (Belarus ... Zimbabwe), 9 additional
    # ("Algeria, Azerbaijan, the Comoros, Iran (Islamic Republic of), Madagascar,
    # Myanmar, Pakistan, Suriname and Zambia").
    sponsors = markup_sponsors(load_document(_xml(corpus, "75_240")))
    assert len(sponsors.draft) == 18 and {"RUS", "CHN", "BLR", "ZWE"} <= set(sponsors.draft)
    assert sponsors.additional == (
        "AZE", "COM", "DZA", "IRN", "MDG", "MMR", "PAK", "SUR", "ZMB",
    )  # fmt: skip
    assert sponsors.unknown == ()
    assert sponsors.source == "the UN's markup of A/RES/75/240 (A_RES_75_240.en.xml)"
    spec = markup_sponsor_map(sponsors, sorted(load_state_index().members))
    assert spec.counts == {"main": 18, "co": 9, "none": 193 - 27}
    assert spec.labels["co"] == "Additional sponsor"


@pytest.mark.parametrize(
    ("listed", "state"),
    [
        (
            "Nigeria (on behalf of the States Members of the United Nations that are members of "
            "the Group of African States)",
            "Nigeria",
        ),  # fmt: skip
        ("the Comoros", "Comoros"),
        ("Bahamas (The)", "Bahamas"),
        ("Iran (Islamic Republic of)", "Iran (Islamic Republic of)"),
    ],
)
def test_state_name(listed: str, state: str) -> None:
    assert state_name(listed) == state


def test_sponsors_map_from_markup(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "sponsors.html"
    result = CliRunner().invoke(
        cli, ["sponsors", "map", str(_xml(corpus, "78_237", "fr")), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "Additional sponsor" in page and "Sponsor of the draft" in page
    assert "the UN&#39;s markup of A/RES/78/237 (A_RES_78_237.fr.xml)" in page or (
        "the UN's markup of A/RES/78/237 (A_RES_78_237.fr.xml)" in page
    )


def test_adopted_without_a_vote_says_so(corpus: Path) -> None:
    # A/RES/76/19: <voting outcome="adoptedWithoutVote"> and no count.
    result = CliRunner().invoke(
        cli, ["votes", "tally", "76/19", "--record", str(_xml(corpus, "76_19")), "--format", "json"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("adopted without a vote (no recorded vote to count)")
