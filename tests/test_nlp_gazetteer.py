"""The gazetteer data files: all 193 Member States, the observers, groups and UN bodies."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline import settings
from pipeline.nlp.gazetteer import load_gazetteer, lookup_state, state_names, un_names


def _member_rows() -> list[dict[str, str]]:
    votes = settings.votes_dir()
    if votes is None or not (votes / "un_member_states.csv").is_file():
        pytest.skip("no votes folder with un_member_states.csv")
    with Path(votes, "un_member_states.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_all_193_member_states_against_the_crosswalk() -> None:
    rows = _member_rows()
    members = {e.norm_id for e in load_gazetteer() if e.label == "MEMBER_STATE"}
    assert len(rows) == 193
    assert members == {row["iso3"] for row in rows}


def test_every_undl_name_resolves_to_its_iso3() -> None:
    # The UN Digital Library names are the UN's own spellings (upper case), current and
    # former ("THE FORMER YUGOSLAV REPUBLIC OF MACEDONIA", "TURKEY", "COTE D'IVOIRE").
    wrong = {
        name: (row["iso3"], lookup_state(name))
        for row in _member_rows()
        for name in row["undl_name"].split("|")
        if lookup_state(name) != row["iso3"]
    }
    assert wrong == {}


def test_every_state_has_one_un_name() -> None:
    assert len(un_names()) == 195  # 193 members and 2 observers
    assert set(un_names()) == set(state_names())


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Bolivia (Plurinational State of)", "BOL"),  # official UN name with brackets
        ("Iran (Islamic Republic of)", "IRN"),  # idem
        ("Venezuela (Bolivarian Republic of)", "VEN"),  # idem
        ("Micronesia (Federated States of)", "FSM"),  # idem
        ("Democratic People's Republic of Korea", "PRK"),  # straight apostrophe
        ("Democratic People\u2019s Republic of Korea", "PRK"),  # typographic apostrophe
        ("Republic of Korea", "KOR"),  # not PRK
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),  # full UN name
        ("United Kingdom", "GBR"),  # short name
        ("The former Yugoslav Republic of Macedonia", "MKD"),  # former name (to 2019)
        ("North Macedonia", "MKD"),  # current name
        ("Swaziland", "SWZ"),  # former name (to 2018)
        ("Turkey", "TUR"),  # former name (to 2022)
        ("Türkiye", "TUR"),  # current name
        ("Czech Republic", "CZE"),  # former short name
        ("Czechia", "CZE"),  # current short name
        ("Cabo Verde", "CPV"),  # UN name
        ("Cape Verde", "CPV"),  # former English name
        ("Côte d'Ivoire", "CIV"),  # straight apostrophe
        ("Côte d\u2019Ivoire", "CIV"),  # typographic apostrophe
        ("Viet Nam", "VNM"),  # UN spelling
        ("Timor Leste", "TLS"),  # without the hyphen (A/79/PV.64)
        ("Russian Federation", "RUS"),  # UN name
        ("Holy See", "VAT"),  # observer State
        ("State of Palestine", "PSE"),  # observer State
        ("Atlantis", None),  # not a State
    ],
)
def test_lookup_state(name: str, iso3: str | None) -> None:
    assert lookup_state(name) == iso3


@pytest.mark.parametrize(
    ("name", "label", "norm_id"),
    [
        ("European Union", "GROUP", "eu"),  # regional organization
        ("Shanghai Cooperation Organization", "GROUP", "sco"),  # idem
        ("ASEAN Regional Forum", "GROUP", "arf"),  # its own id, not ASEAN's
        ("Group of 77 and China", "GROUP", "g77"),  # negotiating group
        ("Non-Aligned Movement", "GROUP", "nam"),  # slug, not Namibia's NAM
        ("Open-ended Working Group", "UN_BODY", "oewg"),  # capitalised form
        ("Office for Disarmament Affairs", "UN_BODY", "unoda"),  # Secretariat office
        ("Secretary-General", "UN_BODY", "secretary_general"),  # hyphenated
    ],
)
def test_organisations(name: str, label: str, norm_id: str) -> None:
    entries = [e for e in load_gazetteer() if e.name == name]
    assert [(e.label, e.norm_id) for e in entries] == [(label, norm_id)]


def test_acronyms_are_case_sensitive_and_names_are_not() -> None:
    by_name = {e.name: e for e in load_gazetteer()}
    assert by_name["AU"].case_sensitive  # must not match French "au"
    assert not by_name["General Assembly"].case_sensitive
    assert by_name["Chad"].case_sensitive  # states keep their capital
