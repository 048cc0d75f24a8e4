"""The regional-group data file and the state-name crosswalk, checked against the votes folder."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from pipeline import settings
from pipeline.research.states import (
    GROUPS,
    REGIONAL_GROUPS_CSV,
    ResearchDataError,
    load_regional_groups,
    load_state_index,
    normalise_name,
    resolve_names,
)

VOTES = settings.votes_dir()
pytestmark = pytest.mark.skipif(VOTES is None, reason="../shared/votes not available")


def _members() -> set[str]:
    assert VOTES is not None
    with (VOTES / "un_member_states.csv").open(newline="", encoding="utf-8") as fh:
        return {row["iso3"] for row in csv.DictReader(fh)}


def test_groups_cover_every_member_exactly_once() -> None:
    with REGIONAL_GROUPS_CSV.open(newline="", encoding="utf-8") as fh:
        codes = [row["iso3"] for row in csv.DictReader(fh)]
    assert len(codes) == len(set(codes)) == 193
    assert set(codes) == _members()


@pytest.mark.parametrize(
    ("group", "size"),
    [
        ("African", 54),  # the largest group
        ("Asia-Pacific", 54),  # 53 plus Kiribati (joined 2010)
        ("Eastern European", 23),
        ("Latin American and Caribbean", 33),
        ("Western European and Others", 29),  # 28 members plus the United States
    ],
)
def test_group_sizes(group: str, size: int) -> None:
    assert Counter(load_regional_groups().values())[group] == size


@pytest.mark.parametrize(
    ("iso3", "group"),
    [
        ("ISR", "Western European and Others"),  # WEOG in New York since 2000/2004
        ("TUR", "Western European and Others"),  # WEOG for elections, also sits in APG
        ("KIR", "Asia-Pacific"),  # no group until 2010
        ("USA", "Western European and Others"),  # observer, counted with WEOG
        ("CYP", "Asia-Pacific"),  # geographically Europe, politically APG
        ("EST", "Eastern European"),  # EU member, still EEG
        ("CUB", "Latin American and Caribbean"),
        ("ZAF", "African"),
    ],
)
def test_group_choices(iso3: str, group: str) -> None:
    assert load_regional_groups()[iso3] == group


def test_groups_file_rejects_unknown_group(tmp_path: Path) -> None:
    bad = tmp_path / "groups.csv"
    bad.write_text("iso3,group\nFRA,Europe\n", encoding="utf-8")
    with pytest.raises(ResearchDataError, match="unknown group 'Europe'"):
        load_regional_groups(bad)


def test_groups_constant_matches_file() -> None:
    assert set(load_regional_groups().values()) == set(GROUPS)


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("RUSSIAN FEDERATION", "RUS"),  # UNDL upper case
        ("Russia", "RUS"),  # unvotes / short name
        ("Côte d’Ivoire", "CIV"),  # curly apostrophe and accent
        ("COTE D'IVOIRE", "CIV"),  # UNDL without accent
        ("TURKEY", "TUR"),  # name at the time of the 2018 vote
        ("Türkiye", "TUR"),  # current short name
        ("THE FORMER YUGOSLAV REPUBLIC OF MACEDONIA", "MKD"),  # 2018 UNDL name
        ("North Macedonia", "MKD"),
        ("SWAZILAND", "SWZ"),  # former name, data/extra_names.csv
        ("LIBYAN ARAB JAMAHIRIYA", "LBY"),  # former name
        ("Iran (Islamic Republic of)", "IRN"),  # official UN short form
        ("  united   states of america ", "USA"),  # spacing and case
        ("Atlantis", None),  # not a state
    ],
)
def test_resolve_state_names(name: str, iso3: str | None) -> None:
    assert load_state_index().resolve(name) == iso3


def test_resolve_names_splits_known_and_unknown() -> None:
    resolved, unknown = resolve_names(["France", "Narnia", "Japan"], load_state_index())
    assert resolved == {"France": "FRA", "Japan": "JPN"}
    assert unknown == ["Narnia"]


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Côte d’Ivoire", "cote d'ivoire"),  # accent and curly apostrophe folded
        ("Guinea-Bissau", "guinea bissau"),  # hyphen becomes a space
        ("Iran (Islamic Republic of)", "iran (islamic republic of)"),  # brackets kept
    ],
)
def test_normalise_name(raw: str, key: str) -> None:
    assert normalise_name(raw) == key


def test_crosswalk_missing_file_names_path(tmp_path: Path) -> None:
    with pytest.raises(ResearchDataError, match=r"nope\.csv: no such file"):
        load_state_index(tmp_path / "nope.csv")
