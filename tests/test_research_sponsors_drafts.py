"""Sponsors of the 62 session-80 First Committee drafts, and ``normtrace sponsors compare``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import settings
from pipeline.cli import cli
from pipeline.ingest import load_document
from pipeline.research.sponsors import compare_drafts, default_lookup, map_sponsors

VOTES = settings.votes_dir()
pytestmark = pytest.mark.skipif(VOTES is None, reason="../shared/votes not available")

BATCH = "batch/mandate_pipeline_first_committee_78-80"
# Sponsor lines as printed, ISO3 written by hand from the ISO 3166 list:
# A/C.1/80/L.32 (Treaty of Pelindaba): "Australia, Austria, Ireland, Kazakhstan, Kyrgyzstan,
# Mexico, Mongolia, Netherlands (Kingdom of the), Nigeria,* and Thailand: draft resolution"
L32 = set("AUS AUT IRL KAZ KGZ MEX MNG NLD NGA THA".split())
# A/C.1/80/L.40 (Treaty of Tlatelolco), 17 states (see test_research_sponsors.py)
L40 = set("AUT BLZ BRA CHL CUB SLV GTM IRL JAM KAZ KGZ MLT MEX PER THA URY VEN".split())


def _drafts(corpus: Path) -> list[Path]:
    return sorted((corpus / BATCH).glob("A_C.1_80_L.*.pdf"))


def test_every_session_80_draft_has_sponsors_that_resolve(corpus: Path) -> None:
    drafts = _drafts(corpus)
    assert len(drafts) == 62
    lookup = default_lookup()
    without, unknown, codes = [], [], 0
    for path in drafts:
        doc = load_document(path)
        result = map_sponsors(doc.sponsors, lookup=lookup)
        if not result.codes:
            without.append(path.name)
        unknown += [(path.name, name) for name in result.unknown]
        codes += len(result.codes)
        # Every printed name is one state: nothing resolved twice, nothing merged away.
        printed = [n for n in doc.sponsors if n.strip("*: ")]
        assert len(result.codes) == len(printed), (path.name, doc.sponsors)
    assert without == []
    assert unknown == []
    # 945 sponsorships, counted on this batch; a change means names were lost or gained.
    assert codes == 945


@pytest.mark.parametrize(
    ("name", "single"),
    [
        ("A_C.1_80_L.13.pdf", "IDN"),  # "Indonesia:*" (on behalf of the Non-Aligned Movement)
        ("A_C.1_80_L.42.pdf", "PER"),  # "Peru:**"
        ("A_C.1_80_L.45.pdf", "IRN"),  # "Islamic Republic of Iran", word order of the line
    ],
)
def test_single_sponsor_with_marker(corpus: Path, name: str, single: str) -> None:
    doc = load_document(corpus / BATCH / name)
    assert map_sponsors(doc.sponsors).codes == (single,)


def test_compare_drafts_pelindaba_tlatelolco(corpus: Path) -> None:
    old = load_document(corpus / BATCH / "A_C.1_80_L.32.pdf")
    new = load_document(corpus / BATCH / "A_C.1_80_L.40.pdf")
    result = compare_drafts(old, new)
    assert (result.old_symbol, result.new_symbol) == ("A/C.1/80/L.32", "A/C.1/80/L.40")
    assert set(result.old.codes) == L32
    assert set(result.new.codes) == L40
    assert result.change.added == tuple(sorted(L40 - L32))
    assert result.change.withdrew == tuple(sorted(L32 - L40))
    assert result.change.kept == tuple(sorted(L32 & L40))
    assert result.names["VEN"].startswith("Venezuela")


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("json", "json"),  # lists of {iso3, name} and counts
        ("csv", "csv"),  # one row per state: change, iso3, name
    ],
)
def test_cli_sponsors_compare(corpus: Path, fmt: str, check: str) -> None:
    a, b = corpus / BATCH / "A_C.1_80_L.32.pdf", corpus / BATCH / "A_C.1_80_L.40.pdf"
    result = CliRunner().invoke(cli, ["sponsors", "compare", str(a), str(b), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    if check == "json":
        data = json.loads(result.stdout)
        assert data["counts"] == {"added": 11, "withdrew": 4, "kept": 6}
        assert {"iso3": "MNG", "name": "Mongolia"} in data["withdrew"]
        assert [d["iso3"] for d in data["kept"]] == sorted(L32 & L40)
    else:
        lines = result.stdout.splitlines()
        assert lines[0] == "change,iso3,name"
        assert len(lines) == 1 + 11 + 4 + 6
        assert "withdrew,AUS,Australia" in lines
        assert all(re.match(r"^(added|withdrew|kept),[A-Z]{3},", line) for line in lines[1:])


@pytest.mark.parametrize(
    "command",
    [
        ["sponsors"],
        ["sponsors", "compare"],
        ["votes", "record"],
    ],
)
def test_new_commands_have_help(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout


def test_cli_sponsors_compare_missing_file(corpus: Path, tmp_path: Path) -> None:
    a = corpus / BATCH / "A_C.1_80_L.32.pdf"
    result = CliRunner().invoke(cli, ["sponsors", "compare", str(a), str(tmp_path / "no.pdf")])
    assert result.exit_code == 1  # a missing input is a failed input, as in every command
    assert result.stderr.strip() == f"error: {tmp_path / 'no.pdf'}: no such file"
    assert "Traceback" not in result.stderr
