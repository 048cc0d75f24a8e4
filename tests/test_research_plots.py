"""Figures: they render, carry the counts a reader needs, and write real PNG files."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from pipeline import settings
from pipeline.report.plots import plot_groups, plot_tallies, plot_transition, save_figure
from pipeline.research.votes import compare_votes, load_votes, tally

VOTES = settings.votes_dir()
pytestmark = pytest.mark.skipif(VOTES is None, reason="../shared/votes not available")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def votes() -> pd.DataFrame:
    assert VOTES is not None
    return load_votes(VOTES / "votes_cyber_2018_2020.csv")


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text"))]


def _published_plenary() -> list[dict[str, str]]:
    assert VOTES is not None
    with (VOTES / "published_tallies.csv").open(newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["body"] == "plenary"]


def test_tallies_figure_shows_published_counts(votes: pd.DataFrame, tmp_path: Path) -> None:
    rows = _published_plenary()
    fig = plot_tallies([tally(votes, r["symbol"]) for r in rows])
    texts = _texts(fig)
    for row in rows:
        # Each bar is labelled with the symbol; each wide segment with its published count.
        assert any(t.startswith(row["symbol"] + "\n") for t in texts), row["symbol"]
        for key in ("yes", "no", "abstain", "non_voting"):
            assert row[key] in texts, (row["symbol"], key)
    out = save_figure(fig, tmp_path / "tallies.png")
    assert out.read_bytes()[:8] == PNG_MAGIC


@pytest.mark.parametrize(
    ("res_a", "res_b", "cells"),
    [
        # cells checked with awk on the raw CSV
        ("73/27", "73/266", {"77", "46", "12", "18"}),
        ("75/240", "75/32", {"73", "49", "21", "20"}),
    ],
)
def test_transition_figure_labels_cells(
    votes: pd.DataFrame, tmp_path: Path, res_a: str, res_b: str, cells: set[str]
) -> None:
    fig = plot_transition(compare_votes(votes, res_a, res_b))
    assert cells <= set(_texts(fig))
    out = save_figure(fig, tmp_path / "transition.png")
    assert out.read_bytes()[:8] == PNG_MAGIC
    assert out.stat().st_size > 20_000  # a drawn figure, not an empty canvas


def test_groups_figure(votes: pd.DataFrame, tmp_path: Path) -> None:
    fig = plot_groups(compare_votes(votes, "73/27", "73/266"))
    texts = set(_texts(fig))
    assert "27" in texts  # 27 WEOG states voted no on 73/27
    assert {"Western European and\nOthers", "African"} <= texts
    assert save_figure(fig, tmp_path / "groups.png").read_bytes()[:8] == PNG_MAGIC
