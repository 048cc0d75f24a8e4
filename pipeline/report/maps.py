"""World maps drawn from a ``MapSpec`` (``pipeline.research.maps``): PNG, SVG or HTML.

``vote_map`` colours every state by its vote (the palette of the other vote figures,
``plots.COLOURS``), ``change_map`` by how its vote moved between two resolutions, and
``sponsor_map`` by its part in a draft (main sponsor, co-sponsor). All three build one
``MapSpec`` that ``draw_map`` turns into a matplotlib figure and ``write_map`` writes
as PNG, SVG or a self-contained HTML page (the SVG inline, with the state's name and
category as a tooltip, and the states listed by category under it).

States too small to see at the figure's size (the microstates, the small island states,
Lebanon, Luxembourg ...) also get a round marker in their colour, so none disappears. In
the SVG every state's outline is the group whose id is its ISO3 code, and its marker the
group ``ISO3-marker``.
"""

from __future__ import annotations

import io
import os
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import shapely
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from numpy.typing import NDArray

from pipeline.report.map_html import html_page, with_tooltips
from pipeline.report.plots import DPI
from pipeline.research.maps import MapSpec
from pipeline.research.world import (
    GEOMETRY_CREDIT,
    Country,
    load_world,
    marker_point,
    world_bounds,
)

# Territories and areas that are not Member States: pale and hatched, so that no one
# reads them as a category of the vote.
NOT_MEMBER_FACE, NOT_MEMBER_EDGE, NOT_MEMBER_HATCH = "#FAFAFA", "#C8C8C8", "//////"
NOT_MEMBER_LABEL = "Not a Member State"
EDGE = "#FFFFFF"
# A state whose area is below this square (in Equal Earth units, the map ~5.3 wide) is
# under about 3 pixels across on a 1,000-pixel map: about 120 km, or 14,000 km².
SMALL_SIDE = 0.016
# A marker's width in the same units at the figure's size (18 pt², about 4 pt across).
MARKER_GAP = 0.03
FORMATS = ("png", "svg", "html")
_FONT = 9
_MOVE, _LINE, _CLOSE = int(MplPath.MOVETO), int(MplPath.LINETO), int(MplPath.CLOSEPOLY)


def _mpl_path(shape: object) -> MplPath:
    """One compound matplotlib path for a (Multi)Polygon: every ring, holes included."""
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    for polygon in getattr(shape, "geoms", [shape]):
        for ring in (polygon.exterior, *polygon.interiors):
            coords = list(ring.coords)
            vertices.extend(coords)
            codes.extend([_MOVE] + [_LINE] * (len(coords) - 2) + [_CLOSE])
    return MplPath(vertices, codes)


def _group_by_state(countries: Sequence[Country]) -> dict[str, list[Country]]:
    grouped: dict[str, list[Country]] = {}
    for country in countries:
        grouped.setdefault(country.iso3, []).append(country)
    return grouped


def spread_points(points: NDArray[np.float64], gap: float, rounds: int = 60) -> NDArray[np.float64]:
    """Push apart points closer than ``gap`` (the Eastern Caribbean's markers overlap).

    Each round moves both points of every pair that is too close half the missing
    distance apart along the line between them; points already ``gap`` apart stay put.

    Args:
        points: Shape (N, 2).
        gap: The smallest distance wanted between two points.
        rounds: How many rounds at most.

    Returns:
        The moved points, same shape.
    """
    moved = np.array(points, dtype=float)
    order = np.arange(len(moved), dtype=float)
    for _ in range(rounds):
        delta = moved[:, None, :] - moved[None, :, :]
        # Two points on one spot have no direction between them: part them east-west,
        # the earlier one to the west, so the result does not depend on chance.
        same = (delta == 0).all(axis=2) & ~np.eye(len(moved), dtype=bool)
        delta[..., 0] = np.where(
            same, np.sign(order[:, None] - order[None, :]) * 1e-9, delta[..., 0]
        )
        dist = np.hypot(delta[..., 0], delta[..., 1])
        np.fill_diagonal(dist, 2 * gap)  # a point never pushes itself
        close = dist < gap
        if not close.any():
            break
        safe = np.where(dist == 0, 1.0, dist)
        push = np.where(close, (gap - dist) / 2 / safe, 0.0)
        moved += (delta * push[..., None]).sum(axis=1)
    return moved


def _draw_markers(ax: Axes, markers: list[tuple[str, str, tuple[float, float]]]) -> None:
    """One round marker per small state; one pushed off its place gets a leader line."""
    if not markers:
        return
    where = np.array([m[2] for m in markers])
    placed = spread_points(where, MARKER_GAP)
    for (iso3, colour, _), (x0, y0), (x, y) in zip(markers, where, placed, strict=True):
        if np.hypot(x - x0, y - y0) > MARKER_GAP / 4:
            ax.plot([x0, x], [y0, y], color="#555555", linewidth=0.3, zorder=2)
        marker = ax.scatter(
            [x], [y], s=18, color=colour, edgecolors="#333333", linewidths=0.4, zorder=3
        )
        marker.set_gid(f"{iso3}-marker")


LEGEND_COLUMNS = 5  # legend entries in one row; more go on two rows


def draw_map(spec: MapSpec) -> Figure:
    """Draw a MapSpec as a world map with a legend of the counts.

    Args:
        spec: From ``vote_map``, ``change_map`` or ``sponsor_map``.

    Returns:
        The figure (Agg canvas, never pyplot).
    """
    world = load_world()
    minx, miny, maxx, maxy = world_bounds(world)
    fig = Figure(figsize=(11.0, 6.2), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    grouped = _group_by_state(world)
    markers: list[tuple[str, str, tuple[float, float]]] = []
    for iso3, parts in grouped.items():
        category = spec.categories.get(iso3) if iso3 else None
        shape = shapely.union_all([p.shape for p in parts])
        if category is None:
            patch = PathPatch(
                _mpl_path(shape),
                facecolor=NOT_MEMBER_FACE,
                edgecolor=NOT_MEMBER_EDGE,
                hatch=NOT_MEMBER_HATCH,
                linewidth=0.2,
            )
        else:
            colour = spec.colours[category]
            patch = PathPatch(_mpl_path(shape), facecolor=colour, edgecolor=EDGE, linewidth=0.25)
        if iso3:
            patch.set_gid(iso3)
        ax.add_patch(patch)
        # CASE: a Member State too small to see gets a marker in its colour on top.
        if category is not None and category not in spec.unmarked and shape.area < SMALL_SIDE**2:
            markers.append((iso3, colour, marker_point(shape)))
    _draw_markers(ax, markers)
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect("equal")
    ax.axis("off")
    handles = [
        Patch(
            facecolor=spec.colours[key],
            edgecolor="#999999",
            linewidth=0.3,
            label=f"{label} ({spec.counts.get(key, 0)})",
        )
        for key, label in spec.labels.items()
    ]
    handles.append(
        Patch(
            facecolor=NOT_MEMBER_FACE,
            edgecolor=NOT_MEMBER_EDGE,
            hatch=NOT_MEMBER_HATCH,
            linewidth=0.3,
            label=NOT_MEMBER_LABEL,
        )
    )
    # Below the map, never over it: a legend in the South Pacific hid markers of states.
    # At most LEGEND_COLUMNS entries a row: the change map's eight in one row were wider
    # than the figure, and the constrained layout shrank the map to a third of its width.
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=len(handles) if len(handles) <= LEGEND_COLUMNS else -(-len(handles) // 2),
        frameon=False,
        fontsize=_FONT,
        title="Member States",
        title_fontsize=_FONT,
    )
    fig.suptitle(spec.title, fontsize=_FONT + 4, fontweight="bold", parse_math=False)
    if spec.subtitle:
        subtitle = textwrap.fill(spec.subtitle, 120)
        ax.set_title(subtitle, fontsize=_FONT + 1, color="#333333", parse_math=False)
    note = (
        f"Source: {spec.source}. {GEOMETRY_CREDIT}; circles mark states too small to see. "
        "Boundaries shown imply no view on the status of any territory."
    )
    fig.supxlabel(note, fontsize=_FONT - 2, color="#555555", parse_math=False)
    return fig


def _svg_text(fig: Figure) -> str:
    buffer = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "normtrace"}):
        fig.savefig(buffer, format="svg", facecolor="white", metadata={"Date": None})
    return buffer.getvalue()


def write_map(spec: MapSpec, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
    """Draw a map and write it as PNG, SVG or HTML.

    Args:
        spec: What to draw.
        path: The output file; its folder must exist.
        fmt: "png", "svg" or "html"; default from the file's suffix.

    Returns:
        The path written.

    Raises:
        ValueError: The format is none of those.
    """
    out = Path(path)
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown map format {fmt!r}: png, svg or html")
    fig = draw_map(spec)
    if fmt == "png":
        fig.savefig(out, dpi=DPI, facecolor="white")
    elif fmt == "svg":
        out.write_text(_svg_text(fig), encoding="utf-8")
    else:
        svg = with_tooltips(_svg_text(fig), spec)
        svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
        out.write_text(html_page(spec, svg), encoding="utf-8")
    return out
