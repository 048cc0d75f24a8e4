"""The HTML form of a map: the SVG inline with a tooltip per state, the states listed.

Document text (titles, names, sources) is data: escaped by ``html.escape`` here and by
ElementTree in the SVG, never written raw.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from pipeline.research.world import GEOMETRY_CREDIT

if TYPE_CHECKING:
    from pipeline.research.maps import MapSpec

_SVG_NS = "http://www.w3.org/2000/svg"


def with_tooltips(svg: str, spec: MapSpec) -> str:
    """Give each state's group a <title> ("France: No") for the browser's tooltip.

    Args:
        svg: The map as matplotlib writes it (groups with ISO3 ids).
        spec: The map's MapSpec (categories, labels, names).

    Returns:
        The SVG element as text, scaled to the page's width.
    """
    ElementTree.register_namespace("", _SVG_NS)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ElementTree.fromstring(svg)
    for group in root.iter(f"{{{_SVG_NS}}}g"):
        gid = group.get("id", "")
        iso3 = gid.removesuffix("-marker")
        category = spec.categories.get(iso3)
        if category is None:
            continue
        title = ElementTree.Element(f"{{{_SVG_NS}}}title")
        title.text = f"{spec.names.get(iso3, iso3)}: {spec.labels[category]}"
        group.insert(0, title)
    root.set("width", "100%")
    root.attrib.pop("height", None)
    return ElementTree.tostring(root, encoding="unicode")


def html_page(spec: MapSpec, svg: str) -> str:
    """A self-contained page: the map, then the states of each category (text escaped).

    Args:
        spec: The map's MapSpec.
        svg: The inline SVG from ``with_tooltips``.

    Returns:
        The HTML page.
    """
    e = html.escape
    lists = []
    for key, label in spec.labels.items():
        states = sorted(
            (spec.names.get(iso3, iso3), iso3) for iso3, c in spec.categories.items() if c == key
        )
        items = ", ".join(f'<span title="{e(iso3)}">{e(name)}</span>' for name, iso3 in states)
        lists.append(
            f'<h2><span class="key" style="background:{e(spec.colours[key])}"></span>'
            f"{e(label)} ({len(states)})</h2><p>{items or '—'}</p>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(spec.title)}</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:1100px;margin:1em auto;color:#222}"
        "h1{font-size:1.3em}h2{font-size:1em;margin:.8em 0 .2em}"
        ".key{display:inline-block;width:.9em;height:.9em;margin-right:.4em;"
        "border:1px solid #999;vertical-align:-.1em}p{margin:.2em 0;line-height:1.5}"
        f"</style></head><body><h1>{e(spec.title)}</h1>"
        f"{f'<p>{e(spec.subtitle)}</p>' if spec.subtitle else ''}"
        f"<figure>{svg}</figure>{''.join(lists)}"
        f"<p><small>Source: {e(spec.source)}. {e(GEOMETRY_CREDIT)}.</small></p>"
        "</body></html>\n"
    )
