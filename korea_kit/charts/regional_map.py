"""The chart of lesson 01: the Korean Peninsula among its neighbours, China, Japan and Russia.

:func:`regional_figure` draws every land outline of ``shapes.csv`` that falls in
the frame (read with :func:`korea_kit.charts.peninsula_map.outlines`, in the same
equirectangular projection stretched by 1/cos of the peninsula's mean latitude),
the land border between the two Koreas (the DMZ runs along it), the two capitals
and a 200 km scale bar, with each country named on the map. The sea is a blue
that no country's fill comes near (:data:`SEA`, :data:`LAND`, :func:`colour_distance`);
the two Koreas have fills of their own, the neighbours one grey.
:func:`describe_regional` is its alt text and :func:`regional_chart` the two together.
What it shows (the outlines, the capitals' rows, the countries' names) is a
:class:`RegionData` the lesson gives (:mod:`korea_kit.lessons.background`).

>>> from korea_kit import load_tables
>>> data = _demo_data(load_tables())
>>> fig = regional_figure(data)
>>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_gid().startswith("country:"))
['CHINA', 'JAPAN', 'NORTH KOREA', 'RUSSIA', 'SOUTH KOREA']
>>> print(describe_regional(data).split(", ")[0])
Map of the Korean Peninsula and its neighbours
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgb

from korea_kit.charts.peninsula_map import compass_point, distance_km, outlines, place_lonlat
from korea_kit.charts.style import INK, Chart, new_figure, plain_text, set_title
from korea_kit.text import join_words

__all__ = ["BOUNDS", "SEA", "LAND", "OTHER_LAND", "LAND_NAMES", "NAME_PT", "SMALL_PT", "CAPITALS", "RegionData", "colour_distance",
           "land_colour", "regional_figure", "describe_regional", "regional_chart"]

#: The frame of the map: (west, east, south, north) in degrees.
BOUNDS = (114.0, 146.5, 30.5, 47.5)

#: The sea's colour: a mid blue, far from every land colour below.
SEA = "#a9cce8"
#: The two Koreas' fills (each its own), and the neighbours' (:data:`OTHER_LAND`).
LAND = {"dprk": "#f4d7a8", "rok": "#c9e6bd"}
OTHER_LAND = "#e6e6e6"
#: The two Koreas' fills in words, for the description.
LAND_NAMES = {"dprk": "pale orange", "rok": "pale green"}

#: Font sizes in points: names of countries, and of places and the small print. Both at least 11 pt
#: at the size the figure is shown (its width, 7.8 inches at 100 dpi, fits a lesson page at full size).
NAME_PT, SMALL_PT = 12.0, 11.0

#: The places the map marks (rows of ``places.csv``).
CAPITALS = ("pyongyang", "seoul")

_GREY = "#555555"
_WIDTH = 7.8

# Where each country's name goes (longitude, latitude): on land, clear of the others' names.
_NAME_AT = {"china": (119.0, 43.2), "russia": (136.2, 46.2), "japan": (139.4, 37.0),
            "dprk": (127.0, 40.55), "rok": (128.2, 36.2)}
# Where each capital's label goes, in points from its star, and how it is aligned.
_PLACE_LABEL = {"pyongyang": ((-9, 3), "right"), "seoul": ((-9, -3), "right")}


@dataclasses.dataclass(frozen=True, eq=False)
class RegionData:
    """What the map shows: ``geometry`` (:func:`~korea_kit.charts.peninsula_map.outlines` of the shapes),
    ``places`` (each id of :data:`CAPITALS` to its row of ``places.csv`` as a dict with ``name``,
    ``longitude`` and ``latitude``) and ``countries`` (each country id drawn to its name)."""

    geometry: dict
    places: dict
    countries: dict

    def lonlat(self, place_id) -> tuple[float, float]:
        """A place's ``(longitude, latitude)``."""
        return place_lonlat(self.places, place_id)


def colour_distance(a, b) -> float:
    """How far apart two colours are: the straight-line distance of their RGB values, 0 to 255 each.

    >>> round(colour_distance("#000000", "#ffffff"))
    442
    >>> colour_distance(SEA, SEA)
    0.0
    """
    return float(math.dist([255 * v for v in to_rgb(a)], [255 * v for v in to_rgb(b)]))


def land_colour(country) -> str:
    """The fill of a country's outline: its own for the two Koreas, one grey for the neighbours.

    >>> land_colour("rok"), land_colour("japan")
    ('#c9e6bd', '#e6e6e6')
    """
    return LAND.get(country, OTHER_LAND)


def _shown(data):
    """The countries with land in the frame, each with the points of its outlines that fall in it."""
    west, east, south, north = BOUNDS
    found = {}
    for country, parts in data.geometry["land"].items():
        xy = np.concatenate(parts)
        inside = xy[(xy[:, 0] >= west) & (xy[:, 0] <= east) & (xy[:, 1] >= south) & (xy[:, 1] <= north)]
        if len(inside):
            found[country] = inside
    return found


@plain_text
def regional_figure(data, *, width=_WIDTH):
    """Draw the peninsula and its neighbours: land, the inter-Korean border, the capitals, names and a scale bar.

    Artists carry ids: ``land:<country>`` (a country's outlines), ``border``, ``place:<id>``,
    ``label:<id>``, ``country:<id>`` (its name), ``label:border`` and ``scale-bar``; the map's
    Axes has the id ``map`` and the sea as its face colour.
    """
    west, east, south, north = BOUNDS
    aspect = data.geometry["aspect"]
    top, bottom, side = 0.55, 0.1, 0.1
    map_w = width - 2 * side
    map_h = map_w * (north - south) * aspect / (east - west)
    height = map_h + top + bottom
    fig = new_figure(width, height)
    ax = fig.add_axes((side / width, bottom / height, map_w / width, map_h / height), gid="map")
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(aspect)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(SEA)
    for spine in ax.spines.values():
        spine.set_color(_GREY)
    for country, parts in data.geometry["land"].items():
        ax.add_collection(PolyCollection(parts, facecolors=land_colour(country), edgecolors=_GREY, linewidths=0.6,
                                         zorder=1, gid=f"land:{country}"))
    halo = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}
    for xy in data.geometry["border"]:
        ax.plot(xy[:, 0], xy[:, 1], color=INK, linewidth=2.2, linestyle=(0, (3, 1.5)), zorder=3, gid="border")
    if data.geometry["border"]:
        end = data.geometry["border"][0][-1]  # the east end, on the coast
        ax.annotate("Land border (the DMZ runs along it)", tuple(end), xytext=(131.0, 40.0), textcoords="data",
                    fontsize=SMALL_PT, color=INK, ha="left", va="center", zorder=6, gid="label:border", bbox=halo,
                    arrowprops={"arrowstyle": "-", "color": INK, "linewidth": 1.0})
    for place_id in CAPITALS:
        xy = data.lonlat(place_id)
        ax.plot(*xy, marker="*", markersize=15, color=INK, markeredgecolor="white", markeredgewidth=0.8,
                linestyle="none", zorder=5, gid=f"place:{place_id}")
        offset, ha = _PLACE_LABEL[place_id]
        ax.annotate(str(data.places[place_id]["name"]), xy, xytext=offset, textcoords="offset points",
                    fontsize=SMALL_PT, color=INK, ha=ha, va="center", zorder=6, gid=f"label:{place_id}", bbox=halo)
    for country in _shown(data):
        if country in _NAME_AT and country in data.countries:
            ax.text(*_NAME_AT[country], str(data.countries[country]).upper(), ha="center", va="center",
                    fontsize=NAME_PT, fontweight="bold", color=INK, zorder=4, gid=f"country:{country}")
    # a 200 km scale bar in the open sea, its length in degrees of longitude at its latitude
    y0, x0 = south + 0.06 * (north - south), west + 0.76 * (east - west)
    bar = 200 / (math.pi / 180 * 6371.0088 * math.cos(math.radians(y0)))
    ax.plot([x0, x0 + bar], [y0, y0], color=INK, linewidth=3, solid_capstyle="butt", zorder=6, gid="scale-bar")
    ax.annotate("200 km", (x0 + bar / 2, y0), xytext=(0, 5), textcoords="offset points", fontsize=SMALL_PT,
                color=INK, ha="center", va="bottom", zorder=6, gid="label:scale")
    set_title(fig, "The Korean Peninsula and its neighbours", height)
    return fig


def _centre(xy):
    return float(xy[:, 0].mean()), float(xy[:, 1].mean())


def describe_regional(data) -> str:
    """Alt text for :func:`regional_figure`: one paragraph from the same data.

    Which way each neighbour lies is worked out from the outlines: from the middle of the two
    Koreas' points to the middle of the neighbour's points inside the frame.
    """
    shown = _shown(data)
    korea = np.concatenate([xy for c, xy in shown.items() if c in LAND]) if set(LAND) & set(shown) else None
    names = data.countries
    neighbours = [c for c in shown if c not in LAND and c in names]
    ways = []
    if korea is not None:
        middle = _centre(korea)
        ways = [f"{names[c]} to the {compass_point(middle, _centre(shown[c]))}" for c in neighbours]
    capitals = [str(data.places[p]["name"]) for p in CAPITALS]
    apart = distance_km(*(data.lonlat(p) for p in CAPITALS))
    text = [
        "Map of the Korean Peninsula and its neighbours, drawn from Natural Earth's outlines.",
        f"North Korea ({LAND_NAMES['dprk']}) and South Korea ({LAND_NAMES['rok']}) fill the peninsula; around "
        f"it, in grey, lie {join_words(ways) if ways else join_words(names[c] for c in neighbours)}, "
        "each named on the map; the sea is blue.",
        "A dashed line marks the land border between the two Koreas, along which the DMZ runs.",
        f"Stars mark the capitals, {join_words(capitals)}, {apart:.0f} km apart "
        "(computed from their coordinates).",
        "A scale bar shows 200 km.",
    ]
    return " ".join(text)


def regional_chart(data, caption=None, *, width=_WIDTH) -> Chart:
    """:func:`regional_figure` and :func:`describe_regional` together, as a :class:`~korea_kit.charts.style.Chart`.

    >>> from korea_kit import load_tables
    >>> chart = regional_chart(_demo_data(load_tables()), caption="Demo")
    >>> chart.png_bytes()[:4], bool(chart.figure.get_size_inches()[0] <= 8)
    (b'\\x89PNG', True)
    """
    return Chart(regional_figure(data, width=width), describe_regional(data), caption)


def _demo_data(tables):
    """The map's data, as the lesson gives it."""
    places = tables.indexed("places").to_dict("index")
    return RegionData(outlines(tables.shapes), {p: places[p] for p in CAPITALS},
                      dict(tables.indexed("actors")["name"]))
