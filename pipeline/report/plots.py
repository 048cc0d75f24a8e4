"""Figures for papers: the balance of votes, the transition between two votes, by group.

Figures are built on ``matplotlib.figure.Figure`` with the Agg canvas, never through
pyplot, so nothing depends on a display or on global state. Colours are from the
Okabe-Ito palette, which stays distinct under the common colour-vision deficiencies,
and every segment that is wide enough carries its count, so the figures also read in
greyscale print.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from pipeline.research.sponsors import SponsorChange
from pipeline.research.states import GROUPS
from pipeline.research.votes import VOTE_CODES, VOTE_COLOURS, VOTE_LABELS, Comparison, Tally

COLOURS = VOTE_COLOURS
TEXT_ON = {"Y": "white", "N": "white", "A": "black", "X": "black"}
DPI = 200
LegendLoc = Literal["lower center", "upper center"]
_FONT = 9
# Bars one tally figure draws: 2,000 made a 220,000-pixel-high canvas that matplotlib
# laid out past 60 s; 100 are 11,200 pixels high. A longer list is a table (csv, json).
MAX_BARS = 100


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def save_figure(fig: Figure, path: str | os.PathLike[str]) -> Path:
    """Write a figure as PNG (or any format its suffix names) at print resolution.

    Args:
        fig: A figure from this module.
        path: The output file; its folder must exist.

    Returns:
        The path written.
    """
    out = Path(path)
    fig.savefig(out, dpi=DPI, facecolor="white")
    return out


def _legend(ax: Axes, anchor: tuple[float, float], loc: LegendLoc) -> None:
    """A one-row legend of the vote codes, placed outside the axes at ``anchor``."""
    handles = [
        Patch(facecolor=COLOURS[c], edgecolor="none", label=VOTE_LABELS[c]) for c in VOTE_CODES
    ]
    ax.legend(
        handles=handles,
        frameon=False,
        fontsize=_FONT,
        loc=loc,
        bbox_to_anchor=anchor,
        ncols=len(handles),
    )


def plot_tallies(
    tallies: Sequence[Tally],
    *,
    labels: Mapping[str, str] | None = None,
    title: str | None = "Recorded votes in the General Assembly",
) -> Figure:
    """Horizontal stacked bars: yes, no, abstain and non-voting for each resolution.

    Args:
        tallies: One Tally per bar, drawn top to bottom in the order given.
        labels: Optional bar labels by resolution symbol (default: symbol and date).
        title: Figure title, or None for none.

    Returns:
        The figure.
    """
    if len(tallies) > MAX_BARS:
        raise ValueError(f"a tally figure draws at most {MAX_BARS} resolutions")
    fig = _figure(7.0, 0.9 + 0.55 * max(len(tallies), 1))
    ax = fig.add_subplot()
    names = [(labels or {}).get(t.resolution, f"{t.resolution}\n{t.date}".strip()) for t in tallies]
    y = np.arange(len(tallies))[::-1]
    width = max((t.total for t in tallies), default=1)
    left = np.zeros(len(tallies))
    for code in VOTE_CODES:
        values = np.array([t.counts()[code] for t in tallies], dtype=float)
        ax.barh(y, values, left=left, color=COLOURS[code], edgecolor="white", linewidth=0.6)
        for yi, xi, value in zip(y, left, values, strict=True):
            if value >= width * 0.035:
                ax.text(
                    xi + value / 2,
                    yi,
                    f"{int(value)}",
                    ha="center",
                    va="center",
                    color=TEXT_ON[code],
                    fontsize=_FONT,
                )
        left += values
    ax.set_yticks(y, names, fontsize=_FONT)
    ax.set_xlim(0, width)
    ax.set_xlabel("Member States", fontsize=_FONT)
    ax.tick_params(axis="x", labelsize=_FONT)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    _legend(ax, (0.5, 1.0), "lower center")
    if title:
        fig.suptitle(title, fontsize=_FONT + 2)
    return fig


def _heatmap(ax: Axes, comparison: Comparison) -> None:
    table = comparison.crosstab.to_numpy()
    ax.imshow(table, cmap="Greys", vmin=0, vmax=max(int(table.max()), 1) * 1.6)
    ticks = [VOTE_LABELS[c] for c in VOTE_CODES]
    ax.set_xticks(range(4), ticks, fontsize=_FONT)
    ax.set_yticks(range(4), ticks, fontsize=_FONT)
    ax.set_xlabel(comparison.b.resolution, fontsize=_FONT)
    ax.set_ylabel(comparison.a.resolution, fontsize=_FONT)
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    for i in range(4):
        for j in range(4):
            value = int(table[i, j])
            ax.text(
                j,
                i,
                str(value),
                ha="center",
                va="center",
                fontsize=_FONT + 1,
                color="black" if value else "#999999",
                fontweight="bold" if i == j and value else "normal",
            )
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _stack(counts: Sequence[int], gap: float) -> list[tuple[float, float]]:
    """Top-down (top, bottom) spans of each category, with gaps between non-empty ones."""
    spans, top = [], 0.0
    for count in counts:
        spans.append((top, top + count))
        top += count + (gap if count else 0.0)
    return spans


def _alluvial(ax: Axes, comparison: Comparison) -> None:
    table = comparison.crosstab.to_numpy().astype(float)
    total = table.sum() or 1.0
    gap, bar = total * 0.03, 0.12
    left_spans = _stack([int(v) for v in table.sum(axis=1)], gap)
    right_spans = _stack([int(v) for v in table.sum(axis=0)], gap)
    left_fill = [s[0] for s in left_spans]
    right_fill = [s[0] for s in right_spans]
    xs = np.linspace(bar, 1 - bar, 50)
    ease = (1 - np.cos(np.pi * (xs - bar) / (1 - 2 * bar))) / 2
    for i, a in enumerate(VOTE_CODES):
        for j in range(4):
            n = table[i, j]
            if not n:
                continue
            top_l, top_r = left_fill[i], right_fill[j]
            edge = top_l + (top_r - top_l) * ease
            ax.fill_between(xs, edge, edge + n, color=COLOURS[a], alpha=0.45, linewidth=0)
            left_fill[i] += n
            right_fill[j] += n
    for x0, spans, tally in ((0.0, left_spans, comparison.a), (1 - bar, right_spans, comparison.b)):
        for code, (top, bottom) in zip(VOTE_CODES, spans, strict=True):
            if bottom <= top:
                continue
            ax.fill_between([x0, x0 + bar], top, bottom, color=COLOURS[code], linewidth=0)
            if bottom - top >= total * 0.03:
                ax.text(
                    x0 + bar / 2,
                    (top + bottom) / 2,
                    str(int(bottom - top)),
                    ha="center",
                    va="center",
                    fontsize=_FONT,
                    color=TEXT_ON[code],
                )
        ax.text(
            x0 + bar / 2,
            -gap,
            tally.resolution,
            ha="center",
            va="bottom",
            fontsize=_FONT,
            fontweight="bold",
        )
    ax.set_ylim(max(s[1] for s in left_spans + right_spans) + gap, -gap * 3)
    ax.set_xlim(-0.02, 1.02)
    ax.axis("off")


def plot_transition(comparison: Comparison, *, title: str | None = None) -> Figure:
    """Cross-table heatmap and alluvial bands: how each state moved from one vote to the other.

    Args:
        comparison: The result of ``votes.compare``.
        title: Figure title; default "A/RES/.. → A/RES/..".

    Returns:
        The figure (two panels side by side).
    """
    fig = _figure(10.0, 4.6)
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.35])
    _heatmap(left, comparison)
    _alluvial(right, comparison)
    _legend(right, (0.5, 0.0), "upper center")
    counts = comparison.change_counts()
    note = (
        f"stayed {counts['stayed']} · switched {counts['switched']} · "
        f"became absent {counts['became_absent']} · returned {counts['returned']} · "
        f"absent both {counts['absent_both']}"
    )
    fig.supxlabel(note, fontsize=_FONT, color="#444444")
    fig.suptitle(
        title or f"{comparison.a.resolution} → {comparison.b.resolution}", fontsize=_FONT + 2
    )
    return fig


def plot_groups(comparison: Comparison, *, title: str | None = None) -> Figure:
    """For each regional group, the two votes as stacked bars side by side.

    Args:
        comparison: The result of ``votes.compare``.
        title: Figure title; default "Votes by regional group".

    Returns:
        The figure.
    """
    table = comparison.by_group()
    groups = list(table.index)
    fig = _figure(9.0, 4.2)
    ax = fig.add_subplot()
    x = np.arange(len(groups), dtype=float)
    offset, width = 0.21, 0.38
    for shift, prefix, tally in ((-offset, "a_", comparison.a), (offset, "b_", comparison.b)):
        bottom = np.zeros(len(groups))
        for code in VOTE_CODES:
            values = table[f"{prefix}{code}"].to_numpy(dtype=float)
            ax.bar(
                x + shift,
                values,
                width,
                bottom=bottom,
                color=COLOURS[code],
                edgecolor="white",
                linewidth=0.5,
            )
            for xi, b, v in zip(x + shift, bottom, values, strict=True):
                if v >= 3:
                    ax.text(
                        xi,
                        b + v / 2,
                        str(int(v)),
                        ha="center",
                        va="center",
                        fontsize=_FONT - 1,
                        color=TEXT_ON[code],
                    )
            bottom += values
        for xi, b in zip(x + shift, bottom, strict=True):
            ax.text(
                xi,
                b + 0.6,
                tally.resolution.removeprefix("A/RES/"),
                ha="center",
                va="bottom",
                fontsize=_FONT - 1,
            )
    ax.set_xticks(x, [g.replace(" and ", " and\n", 1) for g in groups], fontsize=_FONT)
    ax.set_ylabel("Member States", fontsize=_FONT)
    ax.tick_params(axis="y", labelsize=_FONT)
    ax.set_ylim(0, float(table[[f"a_{c}" for c in VOTE_CODES]].sum(axis=1).max()) * 1.12)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    _legend(ax, (0.5, 1.0), "lower center")
    fig.suptitle(
        title
        or f"Votes by regional group: {comparison.a.resolution} and {comparison.b.resolution}",
        fontsize=_FONT + 2,
    )
    return fig


def plot_sponsors(
    change: SponsorChange,
    groups: Mapping[str, str],
    *,
    old_label: str = "earlier draft",
    new_label: str = "later draft",
    title: str | None = None,
) -> Figure:
    """Sponsors gained and lost per regional group, as diverging bars.

    States that withdrew extend left of zero; states kept and added extend right, kept
    first, so a bar's right end is the group's sponsor count on the later draft.

    Args:
        change: From ``sponsors.compare_sponsors``.
        groups: ISO3 to regional group.
        old_label: Name of the earlier draft (e.g. "A/C.1/75/L.8/Rev.1").
        new_label: Name of the later draft.
        title: Figure title; default "Sponsors: <old> → <new>".

    Returns:
        The figure.
    """
    table = change.by_group(groups)
    names = list(table) or list(GROUPS)
    y = np.arange(len(names))[::-1]
    fig = _figure(8.0, 1.2 + 0.5 * len(names))
    ax = fig.add_subplot()
    parts = (
        ("withdrew", "Withdrew", "#D55E00", -1),
        ("kept", "Kept", "#999999", 1),
        ("added", "Added", "#009E73", 1),
    )
    right = np.zeros(len(names))
    for key, label, colour, sign in parts:
        values = np.array([table.get(n, {}).get(key, 0) for n in names], dtype=float)
        left = np.zeros(len(names)) if sign < 0 else right.copy()
        ax.barh(y, sign * values, left=left, color=colour, label=label, edgecolor="white")
        for yi, x0, v in zip(y, left, values, strict=True):
            if v:
                ax.text(
                    x0 + sign * v / 2,
                    yi,
                    str(int(v)),
                    ha="center",
                    va="center",
                    fontsize=_FONT,
                    color="white",
                )
        if sign > 0:
            right += values
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, names, fontsize=_FONT)
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labelsize=_FONT)
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{abs(int(v))}")
    ax.set_xlabel("Sponsoring Member States", fontsize=_FONT)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.legend(frameon=False, fontsize=_FONT, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3)
    counts = change.to_dict()["counts"]
    fig.supxlabel(
        f"added {counts['added']} · withdrew {counts['withdrew']} · kept {counts['kept']}",
        fontsize=_FONT,
        color="#444444",
    )
    fig.suptitle(title or f"Sponsors: {old_label} → {new_label}", fontsize=_FONT + 2)
    return fig
