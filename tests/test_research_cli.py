"""``normtrace votes``: output formats, exit codes and one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import settings
from pipeline.cli import cli

VOTES = settings.votes_dir()
pytestmark = pytest.mark.skipif(VOTES is None, reason="../shared/votes not available")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["votes"],
        ["votes", "tally"],
        ["votes", "compare"],
    ],
)
def test_every_votes_command_has_help(command: list[str]) -> None:
    code, out, _ = _run(*command, "--help")
    assert code == 0
    assert "Usage:" in out


def test_tally_json_full_and_short_symbols() -> None:
    code, out, _ = _run("votes", "tally", "A/RES/75/240", "75/32")
    assert code == 0
    data = json.loads(out)
    # published_tallies.csv: 92-50-21 (30 non-voting) and 163-10-7 (13)
    assert [(d["yes"], d["no"], d["abstain"], d["non_voting"]) for d in data] == [
        (92, 50, 21, 30),
        (163, 10, 7, 13),
    ]
    assert sum(g["N"] for g in data[0]["by_group"].values()) == 50


def test_tally_csv_with_explicit_votes_file() -> None:
    assert VOTES is not None
    code, out, _ = _run(
        "votes",
        "tally",
        "73/27",
        "--votes",
        str(VOTES / "votes_cyber_2018_2020.csv"),
        "--format",
        "csv",
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["group"] == "(all)"
    assert (rows[0]["yes"], rows[0]["no"]) == ("119", "46")
    assert len(rows) == 6  # the whole vote and five groups


def test_compare_json_and_csv(tmp_path: Path) -> None:
    code, out, _ = _run("votes", "compare", "73/27", "73/266")
    assert code == 0
    data = json.loads(out)
    assert data["crosstab"]["N"]["Y"] == 46  # every "no" on 73/27 voted yes on 73/266
    target = tmp_path / "crosstab.csv"
    code, _, _ = _run(
        "votes",
        "compare",
        "73/27",
        "73/266",
        "--format",
        "csv",
        "--table",
        "crosstab",
        "-o",
        str(target),
    )
    assert code == 0
    assert target.read_text(encoding="utf-8").splitlines()[1] == "Y,77,12,12,18"


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["votes", "tally", "73/27", "--format", "png"], "tally.png"),
        (["votes", "compare", "73/27", "75/240", "--format", "png"], "transition.png"),
        (["votes", "compare", "73/27", "75/240", "--format", "png", "--plot", "groups"], "g.png"),
    ],
)
def test_png_outputs(tmp_path: Path, args: list[str], name: str) -> None:
    target = tmp_path / name
    code, _, err = _run(*args, "-o", str(target))
    assert code == 0, err
    assert target.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        # a symbol that is not a resolution: usage error
        (["votes", "tally", "L.27"], 2, "is not a resolution symbol"),
        # png needs a file: usage error
        (["votes", "tally", "73/27", "--format", "png"], 2, "needs -o/--output"),
        # a resolution the file does not hold: bad input, names the file
        (
            ["votes", "tally", "99/1"],
            1,
            "votes_cyber_related_2005_2020.csv: no votes for A/RES/99/1",
        ),
        # a votes file that does not exist
        (
            ["votes", "compare", "73/27", "73/266", "--votes", "/nonexistent/v.csv"],
            1,
            "error: /nonexistent/v.csv: no such file",
        ),
    ],
)
def test_errors(args: list[str], code: int, message: str) -> None:
    got, _, err = _run(*args)
    assert got == code
    assert message in err
    assert "Traceback" not in err
    if code == 1:
        assert len(err.strip().splitlines()) == 1


def test_malformed_votes_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("resolution,state,vote\nA/RES/73/27,FRANCE,maybe\n", encoding="utf-8")
    code, _, err = _run("votes", "tally", "73/27", "--votes", str(bad))
    assert code == 1
    assert err.strip() == f"error: {bad}: line 2: vote 'MAYBE' is not Y/N/A/X"


def test_tally_goes_on_past_a_resolution_without_votes() -> None:
    # 78/16 is not in the votes file (it ends in 2020): named on stderr, 73/27 still tallied.
    code, out, err = _run("votes", "tally", "73/27", "78/16", "--format", "csv")
    assert code == 1
    assert err.strip() == "error: votes_cyber_related_2005_2020.csv: no votes for A/RES/78/16"
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["resolution"] for r in rows} == {"A/RES/73/27"}
    whole = [r for r in rows if r["group"] == "(all)"]
    assert [(r["yes"], r["no"], r["abstain"]) for r in whole] == [("119", "46", "14")]


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        # --table alone means the csv table it names.
        (["--table", "crosstab"], "A/RES/73/27 \\ A/RES/73/266"),
        (["--table", "groups"], "group,"),
        # No option: the JSON summary.
        ([], "{"),
    ],
)
def test_compare_table_and_plot_imply_the_format(args: list[str], first_line: str) -> None:
    code, out, err = _run("votes", "compare", "73/27", "73/266", *args)
    assert code == 0, err
    assert out.startswith(first_line)


def test_compare_plot_implies_png(tmp_path: Path) -> None:
    code, _, err = _run("votes", "compare", "73/27", "73/266", "--plot", "groups")
    assert code == 2 and "needs -o/--output" in err  # a figure needs a file
    target = tmp_path / "groups.png"
    code, _, err = _run(
        "votes", "compare", "73/27", "73/266", "--plot", "groups", "-o", str(target)
    )
    assert code == 0, err
    assert target.read_bytes()[:4] == b"\x89PNG"
    code, _, err = _run(
        "votes", "compare", "73/27", "73/266", "--plot", "groups", "--format", "csv"
    )
    assert code == 2 and "does not go with --plot" in err


def test_state_names_as_the_crosswalk_writes_them() -> None:
    code, out, _ = _run("votes", "compare", "73/27", "73/266", "--table", "states")
    assert code == 0
    rows = {r["iso3"]: r["state"] for r in csv.DictReader(io.StringIO(out))}
    assert rows["AFG"] == "Afghanistan"  # the votes file prints AFGHANISTAN
