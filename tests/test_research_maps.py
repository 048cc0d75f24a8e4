"""World maps: each Member State carries the colour of its vote, change or sponsorship.

Expected votes were read in ../shared/votes/votes_cyber_related_2005_2020.csv (the UN
Digital Library records): on A/RES/73/27 the United States, France and Liechtenstein
voted no, the Russian Federation, Angola, India, Singapore and Tuvalu yes, Brazil
abstained; on A/RES/75/240 Angola, Brazil and India abstained, Tuvalu did not vote.
A/C.1/80/L.20 prints "Singapore: draft resolution" and no other sponsor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from pipeline import settings
from pipeline.cli import cli

CORPUS = settings.corpus_root()
VOTES = settings.votes_dir()
pytestmark = pytest.mark.skipif(VOTES is None, reason="../shared/votes not available")
SVG = "{http://www.w3.org/2000/svg}"
# plots.COLOURS, the palette of the other vote figures
YES, NO, ABSTAIN, NON_VOTING = "#009e73", "#d55e00", "#f0e442", "#bbbbbb"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _fills(path: Path) -> dict[str, str]:
    """Group id (ISO3, or ISO3-marker) to the fill colour of its first shape."""
    root = ElementTree.parse(path).getroot()
    fills = {}
    for group in root.iter(f"{SVG}g"):
        gid = group.get("id", "")
        if not gid[:3].isupper():
            continue
        for shape in group.iter():
            style = shape.get("style", "")
            if "fill:" in style:
                fill = style.split("fill:")[1].split(";")[0].strip()
                fills[gid] = fill.lower()
                break
    return fills


@pytest.fixture(scope="module")
def vote_svg(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    target = tmp_path_factory.mktemp("maps") / "73_27.svg"
    code, _, err = _run("votes", "map", "73/27", "-o", str(target))
    assert code == 0, err
    return _fills(target)


@pytest.mark.parametrize(
    ("gid", "colour"),
    [
        ("USA", NO),  # United States: N
        ("FRA", NO),  # France: N (its ISO_A3 is -99 in Natural Earth; ISO_A3_EH is used)
        ("RUS", YES),  # Russian Federation: Y
        ("AGO", YES),  # Angola: Y
        ("BRA", ABSTAIN),  # Brazil: A
        ("SGP-marker", YES),  # Singapore: Y, too small to see, so it has a marker
        ("TUV-marker", YES),  # Tuvalu: Y
        ("LIE-marker", NO),  # Liechtenstein: N
    ],
)
def test_vote_map_colours_each_state_by_its_vote(
    vote_svg: dict[str, str], gid: str, colour: str
) -> None:
    assert vote_svg[gid] == colour


def test_vote_map_has_every_member_and_markers_only_for_small_states(
    vote_svg: dict[str, str],
) -> None:
    from pipeline.research.states import load_state_index

    members = load_state_index().members
    assert members <= set(vote_svg)  # every one of the 193 has an outline
    assert "USA-marker" not in vote_svg and "RUS-marker" not in vote_svg
    # 73/27 tally 119-46-14-14: the outlines carry exactly those counts
    colours = [vote_svg[m] for m in members]
    assert [colours.count(c) for c in (YES, NO, ABSTAIN, NON_VOTING)] == [119, 46, 14, 14]


@pytest.fixture(scope="module")
def change_svg(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    target = tmp_path_factory.mktemp("maps") / "change.svg"
    code, _, err = _run("votes", "map", "73/27", "75/240", "--format", "svg", "-o", str(target))
    assert code == 0, err
    return _fills(target)


@pytest.mark.parametrize(
    ("gid", "change"),
    [
        ("AGO", "switched"),  # Y on 73/27, A on 75/240
        ("IND", "switched"),  # Y, then A
        ("TUV-marker", "became_absent"),  # Y, then X
        ("USA", "stayed"),  # N both times
        ("BRA", "stayed"),  # A both times
    ],
)
def test_change_map_colours(change_svg: dict[str, str], gid: str, change: str) -> None:
    from pipeline.research.maps import CHANGE_COLOURS

    assert change_svg[gid] == CHANGE_COLOURS[change].lower()


@pytest.mark.parametrize(
    ("gid", "direction"),
    [
        ("BWA", "switched_to_yes"),  # A on 73/27, Y on 75/240
        ("COL", "switched_to_no"),  # Y, then N
        ("CHL", "switched_to_no"),  # A, then N
        ("AGO", "switched_to_abstain"),  # Y, then A
    ],
)
def test_issue_25_a_switch_is_coloured_by_its_direction(
    change_svg: dict[str, str], gid: str, direction: str
) -> None:
    # issue 25: Y->N and N->Y were one colour.
    from pipeline.research.maps import SWITCH_COLOURS

    assert change_svg[gid] == SWITCH_COLOURS[direction].lower()
    assert len({c.lower() for c in SWITCH_COLOURS.values()}) == 3


def test_html_map_has_tooltips_lists_and_source(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    code, _, err = _run("votes", "map", "A/RES/73/27", "-o", str(target))
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert "<title>United States: No</title>" in page
    assert "<title>Singapore: Yes</title>" in page  # on the outline and on the marker
    assert "No (46)</h2>" in page
    assert "Source: votes_cyber_related_2005_2020.csv" in page


def test_html_escapes_document_text(tmp_path: Path) -> None:
    from pipeline.report.maps import write_map
    from pipeline.research.maps import sponsor_map

    spec = sponsor_map(
        ["SGP"],
        [],
        ["SGP", "USA"],
        symbol="A/C.1/80/L.99",
        title="<script>alert(1)</script> costs US$ 5 million, $x^",  # "$" is text, not TeX
        source="a & b",
        names={"SGP": "<b>Singapore</b>"},
    )
    page = write_map(spec, tmp_path / "m.html").read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; costs US$ 5 million" in page
    assert "&lt;b&gt;Singapore&lt;/b&gt;" in page


@pytest.mark.skipif(CORPUS is None, reason="no corpus root")
def test_sponsor_map_of_l20(tmp_path: Path) -> None:
    from pipeline.research.maps import SPONSOR_COLOURS

    assert CORPUS is not None
    target = tmp_path / "l20.svg"
    draft = CORPUS / "drafts/A_C.1_80_L.20.pdf"
    code, _, err = _run("sponsors", "map", str(draft), "-o", str(target))
    assert code == 0, err
    fills = _fills(target)
    assert fills["SGP-marker"] == SPONSOR_COLOURS["main"].lower()  # the sole sponsor
    assert fills["USA"] == SPONSOR_COLOURS["none"].lower()
    assert "LIE-marker" not in fills  # small states that are no sponsor get no marker
    text = target.read_text(encoding="utf-8")
    assert "Main sponsor (1)" in text and "Not a sponsor (192)" in text


@pytest.mark.parametrize(
    ("main", "expected"),
    [
        (("Singapore",), "main"),  # named as main sponsor
        (("USA",), "main"),  # an ISO3 code works too, listed or not
    ],
)
@pytest.mark.skipif(CORPUS is None, reason="no corpus root")
def test_sponsor_map_main_option(tmp_path: Path, main: tuple[str, ...], expected: str) -> None:
    from pipeline.research.maps import SPONSOR_COLOURS

    assert CORPUS is not None
    target = tmp_path / "l20.svg"
    args = [a for name in main for a in ("--main", name)]
    draft = str(CORPUS / "drafts/A_C.1_80_L.20.pdf")
    code, _, err = _run("sponsors", "map", draft, *args, "-o", str(target))
    assert code == 0, err
    fills = _fills(target)
    code_of = {"Singapore": "SGP-marker", "USA": "USA"}[main[0]]
    assert fills[code_of] == SPONSOR_COLOURS[expected].lower()


def test_png_map_is_written(tmp_path: Path) -> None:
    target = tmp_path / "m.png"
    code, _, err = _run("votes", "map", "75/32", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["votes", "map", "73/27", "-o", "x.txt"], 2, "a .txt file cannot hold png"),
        (["votes", "map", "73/27", "73/266", "75/32", "-o", "x.png"], 2, "one resolution"),
        (["votes", "map", "73/27"], 2, "Missing option '-o'"),
        (["votes", "map", "99/1", "-o", "x.png"], 1, "no votes for A/RES/99/1"),
    ],
)
def test_map_usage_errors(
    tmp_path: Path, monkeypatch: Any, args: list[str], code: int, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    got, out, err = _run(*args)
    assert got == code
    assert message in err
    assert "Traceback" not in err


def test_geometry_is_read_from_the_installed_package() -> None:
    import site

    from pipeline.research.world import geometry_path, load_world

    path = geometry_path()
    assert path.name == "ne_10m_admin_0_countries_deu.zip"
    assert any(
        str(path).startswith(p) for p in (*site.getsitepackages(), site.getusersitepackages())
    )
    assert len(load_world()) == 249  # 250 features of the 1:10m layer less Antarctica


@pytest.mark.parametrize("command", [["votes", "map"], ["sponsors", "map"]])
def test_map_commands_have_help(command: list[str]) -> None:
    code, out, _ = _run(*command, "--help")
    assert code == 0
    assert "Example: normtrace" in out


@pytest.mark.parametrize(
    ("points", "moves"),
    [
        # two markers on one spot (Saint Kitts and Nevis next to Antigua): both move apart
        ([(0.0, 0.0), (0.0, 0.0)], True),
        # a tight chain of three, as in the Windward Islands
        ([(0.0, 0.0), (0.01, 0.0), (0.02, 0.0)], True),
        # already a marker's width apart: left where they are
        ([(0.0, 0.0), (0.05, 0.0)], False),
    ],
)
def test_spread_points_keeps_markers_a_width_apart(
    points: list[tuple[float, float]], moves: bool
) -> None:
    import numpy as np

    from pipeline.report.maps import MARKER_GAP, spread_points

    start = np.array(points)
    placed = spread_points(start, MARKER_GAP)
    gaps = [
        float(np.hypot(*(placed[i] - placed[j])))
        for i in range(len(points))
        for j in range(i + 1, len(points))
    ]
    assert min(gaps) >= MARKER_GAP * 0.99
    assert bool(np.abs(placed - start).max() > 0) is moves


@pytest.mark.skipif(CORPUS is None, reason="no corpus root")
@pytest.mark.parametrize(
    ("path", "args", "message"),
    [
        # a resolution has no sponsor line
        ("resolutions/A_RES_73_27.txt", [], "no sponsor line found"),
        # --main must name a Member State
        ("drafts/A_C.1_80_L.20.pdf", ["--main", "Atlantis"], "Atlantis: --main names no"),
    ],
)
def test_sponsor_map_errors(tmp_path: Path, path: str, args: list[str], message: str) -> None:
    assert CORPUS is not None
    target = tmp_path / "s.png"
    code, _, err = _run("sponsors", "map", str(CORPUS / path), *args, "-o", str(target))
    assert code == 1
    assert message in err and err.count("\n") == 1
    assert not target.exists()


def test_change_html_names_both_votes(tmp_path: Path) -> None:
    target = tmp_path / "change.html"
    code, _, err = _run("votes", "map", "73/27", "75/240", "-o", str(target))
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    # India: Y on 73/27, A on 75/240 (votes CSV)
    assert "<title>India (Yes → Abstain): Switched to abstain</title>" in page
    # the 22 switches by direction (votes CSV: 15 Y->A, 4 A->N, 1 Y->N, 2 A->Y)
    assert "Switched to abstain (15)</h2>" in page
    assert "Switched to no (5)</h2>" in page
    assert "Switched to yes (2)</h2>" in page
