"""Sponsors: printed names to ISO3, and added / withdrew / kept between two drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import settings
from pipeline.report.plots import plot_sponsors, save_figure
from pipeline.research.sponsors import Lookup, compare_sponsors, default_lookup, map_sponsors
from pipeline.research.states import load_regional_groups, load_state_index

VOTES = settings.votes_dir()
pytestmark = pytest.mark.skipif(VOTES is None, reason="../shared/votes not available")

# The sponsor line of A/C.1/80/L.40 (Treaty of Tlatelolco), as printed in the PDF
# (../shared/corpus/batch/mandate_pipeline_first_committee_78-80/A_C.1_80_L.40.pdf).
L40_PRINTED = [
    "Austria", "Belize", "Brazil", "Chile", "Cuba", "El Salvador", "Guatemala", "Ireland",
    "Jamaica", "Kazakhstan", "Kyrgyzstan", "Malta", "Mexico", "Peru", "Thailand", "Uruguay",
    "Venezuela (Bolivarian Republic of)",
]  # fmt: skip
# ISO3 of those 17 states, written by hand from the ISO 3166 list.
L40_ISO3 = ("AUT BLZ BRA CHL CUB SLV GTM IRL JAM KAZ KGZ MLT MEX PER THA URY VEN").split()


@pytest.fixture(scope="module", params=["gazetteer_then_crosswalk", "crosswalk_only"])
def lookup(request: pytest.FixtureRequest) -> Lookup:
    # Run every table against both name sources.
    if request.param == "crosswalk_only":
        return load_state_index().resolve
    return default_lookup()


def test_real_sponsor_line(lookup: Lookup) -> None:
    result = map_sponsors(L40_PRINTED, lookup=lookup)
    assert result.codes == tuple(sorted(L40_ISO3))
    assert result.unknown == ()


@pytest.mark.parametrize(
    ("printed", "codes", "unknown"),
    [
        # footnote marker after a single sponsor (A/C.1/80/L.13 prints "Indonesia:*")
        (["Indonesia:*"], ("IDN",), ()),
        # a split at "and" rejoined into one state
        (["Bosnia", "Herzegovina", "Chile"], ("BIH", "CHL"), ()),
        # the long UK name split at its "and"
        (["United Kingdom of Great Britain", "Northern Ireland"], ("GBR",), ()),
        # "and" left in front of the last name
        (["France", "and Germany"], ("DEU", "FRA"), ()),
        # the UN name of the Netherlands since 2023
        (["Netherlands (Kingdom of the)"], ("NLD",), ()),
        # typographic apostrophe
        (["Côte d’Ivoire", "Lao People’s Democratic Republic"], ("CIV", "LAO"), ()),
        # a name printed twice counts once
        (["Japan", "Japan"], ("JPN",), ()),
        # junk is kept as unknown, empty pieces are dropped
        (["Narnia", "", "*"], (), ("Narnia",)),
    ],
)
def test_map_sponsors_cases(
    lookup: Lookup,
    printed: list[str],
    codes: tuple[str, ...],
    unknown: tuple[str, ...],
) -> None:
    result = map_sponsors(printed, lookup=lookup)
    assert (result.codes, result.unknown) == (codes, unknown)


@pytest.mark.parametrize(
    ("old", "new", "added", "withdrew", "kept"),
    [
        # one joins, one leaves, one stays
        (["RUS", "CHN"], ["RUS", "IRN"], ("IRN",), ("CHN",), ("RUS",)),
        # identical sets: nothing added or withdrawn
        (["USA", "GBR"], ["GBR", "USA"], (), (), ("GBR", "USA")),
        # a first draft with no sponsors known
        ([], ["SGP"], ("SGP",), (), ()),
    ],
)
def test_compare_sponsors(
    old: list[str],
    new: list[str],
    added: tuple[str, ...],
    withdrew: tuple[str, ...],
    kept: tuple[str, ...],
) -> None:
    change = compare_sponsors(old, new)
    assert (change.added, change.withdrew, change.kept) == (added, withdrew, kept)
    # swapping the drafts swaps added and withdrew
    mirror = compare_sponsors(new, old)
    assert (mirror.added, mirror.withdrew, mirror.kept) == (withdrew, added, kept)


def test_sponsor_groups_and_plot(tmp_path: Path) -> None:
    # A synthetic pair of sponsor sets (not real drafts), one state per case:
    # FRA kept (WEOG), KEN added (African), BRA withdrew (GRULAC), SCG added (no group).
    change = compare_sponsors(["FRA", "BRA"], ["FRA", "KEN", "SCG"])
    table = change.by_group(load_regional_groups())
    assert table == {
        "African": {"added": 1, "withdrew": 0, "kept": 0},
        "Latin American and Caribbean": {"added": 0, "withdrew": 1, "kept": 0},
        "Western European and Others": {"added": 0, "withdrew": 0, "kept": 1},
        "(none)": {"added": 1, "withdrew": 0, "kept": 0},
    }
    fig = plot_sponsors(change, load_regional_groups(), old_label="draft 1", new_label="draft 2")
    out = save_figure(fig, tmp_path / "sponsors.png")
    assert out.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
def test_batch_drafts_sponsors_all_resolve() -> None:
    """Every sponsor name ingestion finds in the session-80 drafts maps to a state."""
    from pipeline.ingest import load_document

    root = settings.corpus_root()
    if root is None:
        pytest.skip("corpus root not available")
    drafts = sorted((root / "batch" / "mandate_pipeline_first_committee_78-80").glob("A_C.1_*.pdf"))
    assert len(drafts) == 62
    lookup = default_lookup()
    unknown = {}
    for path in drafts:
        result = map_sponsors(load_document(path).sponsors, lookup=lookup)
        if result.unknown:
            unknown[path.name] = result.unknown
    assert unknown == {}
