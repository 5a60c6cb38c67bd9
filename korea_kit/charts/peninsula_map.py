"""The chart of lesson 04: the Korean Peninsula, with a close-up of Kaesong and Seoul.

:func:`map_figure` draws the two Koreas from their outlines (:func:`outlines`
of ``shapes.csv``: an equirectangular projection stretched by 1/cos of the
mean latitude, so the shape is not squashed), the capitals, a close-up of
Kaesong and Seoul with the distance between them, a box of sourced figures
and a scale bar; with a day's status, Kaesong's marker and the title show it.
:func:`describe_map` is its alt text, :class:`MapChart` the two together, and
:func:`show_day` redraws only the day's parts of a kept map, fast, for a
widget. What the map shows (the places, the countries' names, the lines
of the box, the status of a day) is given as a :class:`MapData` and a status
by the lesson (:mod:`korea_kit.lessons.kaesong`); this module only draws it.

>>> from korea_kit import load_tables
>>> data = _demo_data(load_tables())
>>> print(describe_map(data).split(". ")[0])
Map of the Korean Peninsula in two panels
>>> [ax.get_gid() for ax in map_figure(data).axes]
['overview', 'close-up']
>>> kaesong, seoul = data.lonlat("kaesong"), data.lonlat("seoul")
>>> round(distance_km(kaesong, seoul)), compass_point(kaesong, seoul)
(58, 'southeast')
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation
from matplotlib.transforms import IdentityTransform
from PIL import Image

from korea_kit.charts.style import INK, LABEL_PT, LANE_PT, TOPIC_COLOURS, Chart, new_figure, palette_png, plain_text, set_title
from korea_kit.dates import format_date
from korea_kit.text import join_words

__all__ = [
    "PLACES", "PENINSULA", "STATUS_MARKS", "status_mark", "distance_km", "compass_point", "place_lonlat", "outlines", "MapData",
    "map_figure", "describe_map", "MapChart", "map_chart", "show_day",
]

#: The places the map draws, by id (rows of ``places.csv``): its layout (which place is the
#: close-up, where each label goes) is drawn for these three.
PLACES = ("pyongyang", "kaesong", "seoul")

# Okabe–Ito colours, named by hue (the palette is kept, by topic, in korea_kit.charts.style).
_HUE = {hue: TOPIC_COLOURS[topic] for hue, topic in (
    ("green", "drills"), ("orange", "kaesong"), ("yellow", "diplomacy"), ("vermilion", "threats"),
    ("sky", "cyber"), ("purple", "demands"), ("blue", "sanctions"), ("black", "weapons"))}

#: How the map shows each status of ``kaesong_statuses.csv``: an Okabe–Ito colour and a marker shape.
#: A status missing here is drawn in grey with a circle (see :func:`status_mark`).
STATUS_MARKS = {
    "open": (_HUE["green"], "o"),
    "barred": (_HUE["orange"], "s"),
    "pullout": (_HUE["yellow"], "^"),
    "shut": (_HUE["vermilion"], "X"),
    "offered": (_HUE["sky"], "D"),
    "rejected": (_HUE["purple"], "v"),
    "restarted": (_HUE["blue"], "P"),
    "closed": (_HUE["black"], "h"),
}
_OTHER_STYLE = ("#999999", "o")

_GREY = "#555555"
#: The countries whose outlines set the map's bounds; the others' outlines are drawn where they fall inside.
PENINSULA = ("dprk", "rok")

#: Land in warm, light colours, one per Korea; the sea in blue, unlike either; a neighbour in grey.
_LAND = {"dprk": "#efe0bf", "rok": "#dcebc8"}
_NEIGHBOUR = "#e2e2e2"
_SEA = "#c6dcef"
_EARTH_KM = 6371.0088  # mean radius of the Earth
_NAME_PT = LANE_PT     # names of places and countries, as large as the timeline's lanes; small print: LABEL_PT


def status_mark(key) -> tuple[str, str]:
    """The colour and marker of a status (a key of :data:`STATUS_MARKS`): grey and a circle for any other.

    >>> status_mark("shut"), status_mark("unheard-of")
    (('#D55E00', 'X'), ('#999999', 'o'))
    """
    return STATUS_MARKS.get(key, _OTHER_STYLE)


# --- geography -----------------------------------------------------------------

def distance_km(a, b) -> float:
    """Great-circle distance in km between two points given as ``(longitude, latitude)``."""
    (lon1, lat1), (lon2, lat2) = a, b
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * math.asin(math.sqrt(h))


def compass_point(a, b) -> str:
    """Which way ``b`` lies from ``a`` (both ``(longitude, latitude)``), to the nearest of eight points."""
    (lon1, lat1), (lon2, lat2) = a, b
    east = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    north = lat2 - lat1
    points = ["north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest"]
    return points[round(math.degrees(math.atan2(east, north)) / 45) % 8]


def place_lonlat(places: dict, place_id: str) -> tuple[float, float]:
    """A place's ``(longitude, latitude)``, from the rows of ``places.csv`` by id.

    >>> place_lonlat({"seoul": {"longitude": 126.978, "latitude": 37.566}}, "seoul")
    (126.978, 37.566)
    """
    place = places[place_id]
    return float(place["longitude"]), float(place["latitude"])


def outlines(shapes) -> dict:
    """The outlines of ``shapes.csv`` as arrays: ``land`` (country id: its polygons), ``border`` (lines),
    ``aspect`` (1/cos of the mean latitude) and ``sources`` (the source ids of the outlines)."""
    rows = shapes.sort_values(["shape_id", "point"])
    land: dict[str, list] = {}
    border = []
    for shape_id, part in rows.groupby("shape_id", sort=True):
        xy = part[["longitude", "latitude"]].to_numpy(dtype=float)
        if str(part["kind"].iloc[0]) == "border":
            border.append(xy)
        else:
            land.setdefault(str(part["country_id"].iloc[0]), []).append(xy)
    korea = rows[rows["country_id"].isin(PENINSULA)]  # the neighbours' outlines only frame the map
    lat = (korea if len(korea) else rows)["latitude"].to_numpy(dtype=float)
    geo = {"land": land, "border": border, "aspect": 1 / math.cos(math.radians((lat.min() + lat.max()) / 2)),
           "sources": sorted(set(rows["source_id"].astype(str)))}
    return geo


@dataclasses.dataclass(frozen=True, eq=False)
class MapData:
    """What the map shows, whatever the day.

    ``geometry`` is :func:`outlines` of the shapes; ``places`` maps each id of
    :data:`PLACES` to its row of ``places.csv`` (a dict with ``name``,
    ``longitude``, ``latitude`` and ``country_id``); ``countries`` maps the
    ids of the countries drawn and of the places' countries to their names;
    ``sourced`` are the lines of the box of sourced figures.
    """

    geometry: dict
    places: dict
    countries: dict
    sourced: tuple

    def lonlat(self, place_id) -> tuple[float, float]:
        """A place's ``(longitude, latitude)``."""
        return place_lonlat(self.places, place_id)


def _names(data):
    return {p: str(data.places[p]["name"]) for p in PLACES}


def _where(data):
    """Each place's (longitude, latitude)."""
    return {p: data.lonlat(p) for p in PLACES}


def _day(value) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


# --- the map -------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class _Layout:
    """Where the two panels go (inches) and what they show (lon/lat bounds)."""

    width: float
    height: float
    overview: tuple
    close: tuple
    whole: tuple
    zoom: tuple
    aspect: float


def _layout(data, width) -> _Layout:
    """Panels as tall as fits ``width``, each box wide enough for its bounds at the map's aspect."""
    geo = data.geometry
    parts = [xy for c, ps in geo["land"].items() if c in PENINSULA or not set(PENINSULA) & set(geo["land"]) for xy in ps]
    lon = np.concatenate([xy[:, 0] for xy in parts])
    lat = np.concatenate([xy[:, 1] for xy in parts])
    whole = (lon.min() - 0.3, lon.max() + 0.3, lat.min() - 0.3, lat.max() + 0.3)
    k, s = data.places["kaesong"], data.places["seoul"]  # the close-up: both, with room for labels
    lons, lats = sorted([k["longitude"], s["longitude"]]), sorted([k["latitude"], s["latitude"]])
    zoom = (lons[0] - 0.95, lons[1] + 0.95, lats[0] - 0.75, lats[1] + 0.4)  # room below Seoul for the box
    a = geo["aspect"]
    top, bottom, side, gap = 0.62, 0.15, 0.15, 0.3
    ratio = sum((b[1] - b[0]) / ((b[3] - b[2]) * a) for b in (whole, zoom))  # panel widths per inch of height
    panel_h = min(5.2, (width - 2 * side - gap) / ratio)
    w1 = panel_h * (whole[1] - whole[0]) / ((whole[3] - whole[2]) * a)
    w2 = panel_h * ratio - w1
    height = panel_h + top + bottom
    x0 = (width - w1 - gap - w2) / 2
    return _Layout(width, height, (x0 / width, bottom / height, w1 / width, panel_h / height),
                   ((x0 + w1 + gap) / width, bottom / height, w2 / width, panel_h / height), whole, zoom, a)


def _axes(fig, lay, blank=False):
    """The two panels, framed (or ``blank``: transparent, for drawing over a picture of the base)."""
    axes = []
    for gid, rect, box in (("overview", lay.overview, lay.whole), ("close-up", lay.close, lay.zoom)):
        ax = fig.add_axes(rect, gid=gid)
        ax.set_xlim(box[0], box[1])
        ax.set_ylim(box[2], box[3])
        ax.set_aspect(lay.aspect)
        ax.set_xticks([])
        ax.set_yticks([])
        if blank:
            ax.set_axis_off()
            ax.patch.set_visible(False)
        else:
            ax.set_facecolor(_SEA)
            for spine in ax.spines.values():
                spine.set_color(_GREY)
        axes.append(ax)
    return axes


def _annotate(ax, text, xy, offset, gid, size=_NAME_PT, ha="left", va="center", weight="normal", xycoords="data",
           **kw):
    """A label ``offset`` points from ``xy``; ``ax`` is an Axes or, for the quick overlay, the Figure."""
    label = Annotation(text, xy, xycoords=xycoords, xytext=offset, textcoords="offset points", ha=ha, va=va,
                       fontsize=size, fontweight=weight, color=INK, parse_math=False, gid=gid, zorder=6,
                       annotation_clip=False, **kw)
    label.set_transform(IdentityTransform())  # as Axes.annotate does: the coordinates say where it goes
    ax.add_artist(label)


_HALO = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def _star(ax, xy, size, gid):
    ax.plot(*xy, marker="*", markersize=size, color=INK, markeredgecolor="white", markeredgewidth=0.8,
            linestyle="none", zorder=5, gid=gid)


def _draw_base(data, lay, overview, close):
    """Everything that does not change with the day: land, border, capitals, distances, labels."""
    geo = data.geometry
    for ax, lw in ((overview, 0.5), (close, 0.8)):
        for country, parts in geo["land"].items():
            ax.add_collection(PolyCollection(parts, facecolors=_LAND.get(country, _NEIGHBOUR), edgecolors=_GREY,
                                             linewidths=lw, zorder=1, gid=f"land:{country}"))
        for xy in geo["border"]:
            ax.plot(xy[:, 0], xy[:, 1], color=INK, linewidth=2.2 * lw + 0.6, linestyle=(0, (4, 2)),
                    zorder=2, gid="border")
    names, where = _names(data), _where(data)
    countries = data.countries
    zoom = lay.zoom

    for p in ("pyongyang", "seoul"):
        _star(overview, where[p], 13, f"place:{p}")
    _annotate(overview, names["pyongyang"], where["pyongyang"], (7, 3), "label:pyongyang", bbox=_HALO)
    _annotate(overview, names["seoul"], where["seoul"], (8, -6), "label:seoul", bbox=_HALO)
    overview.add_patch(Rectangle((zoom[0], zoom[2]), zoom[1] - zoom[0], zoom[3] - zoom[2], fill=False,
                                 edgecolor=INK, linewidth=1.2, zorder=4, gid="close-up-box"))
    _annotate(overview, "close-up", (zoom[0], zoom[2]), (0, -4), "label:close-up", size=LABEL_PT, va="top",
           bbox=_HALO)
    for country, fy in (("dprk", 0.7), ("rok", 0.3)):  # at a set height, on the middle of its largest outline
        parts = geo["land"].get(country, [])
        if parts:
            main = max(parts, key=len)
            y = lay.whole[2] + fy * (lay.whole[3] - lay.whole[2])
            x = float(np.median(main[:, 0]))
            overview.text(x, y, str(countries[country]).upper(), ha="center", va="center", fontsize=LABEL_PT,
                          color=_GREY, fontweight="bold", zorder=3, parse_math=False, gid=f"country:{country}")

    _name_neighbours(overview, geo, countries, lay.whole)

    (kx, ky), (sx, sy) = where["kaesong"], where["seoul"]
    km = distance_km(where["kaesong"], where["seoul"])
    close.plot([kx, sx], [ky, sy], color=INK, linewidth=1.3, linestyle=(0, (1, 2)), zorder=3, gid="distance")
    _annotate(close, f"{km:.0f} km between the city centres\n(computed from their coordinates)",
           ((kx + sx) / 2, (ky + sy) / 2), (10, 0), "label:distance", size=LABEL_PT, bbox=_HALO)
    _star(close, (sx, sy), 18, "place:seoul")
    _annotate(close, f"{names['seoul']} (city centre)", (sx, sy), (10, -2), "label:seoul", bbox=_HALO)
    _annotate(close, f"{names['kaesong']} (city centre)", (kx, ky), (-13, 0), "label:kaesong", ha="right",
           weight="bold", bbox=_HALO)
    inside = [xy[(xy[:, 0] > zoom[0]) & (xy[:, 0] < zoom[1]) & (xy[:, 1] > zoom[2]) & (xy[:, 1] < zoom[3])]
              for xy in geo["border"]]
    inside = [xy for xy in inside if len(xy)]
    if inside:  # under the border's last point in the close-up, on the South's side
        _annotate(close, "Land border,\nas Natural Earth draws it", tuple(inside[0][-1]), (0, -8), "label:border",
               size=LABEL_PT, ha="right", va="top", bbox=_HALO)
    for country, (fx, fy, ha) in (("dprk", (0.03, 0.97, "left")), ("rok", (0.97, 0.42, "right"))):
        close.text(fx, fy, str(countries[country]).upper(), transform=close.transAxes, ha=ha, va="top",
                   fontsize=_NAME_PT, color=_GREY, fontweight="bold", zorder=3, parse_math=False,
                   gid=f"country:{country}")
    _mark_complex(close, geo, (kx, ky))
    sourced = "Sourced figures for the complex:\n" + "\n".join(data.sourced)
    # bottom left, below Seoul and above the scale bar
    close.text(0.025, 0.1, sourced, transform=close.transAxes, ha="left", va="bottom", multialignment="left",
               fontsize=LABEL_PT, color=INK, zorder=6, parse_math=False, gid="label:sourced",
               bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": _GREY})
    # a 20 km scale bar, its length in degrees of longitude at the close-up's mean latitude
    bar = 20 / (math.pi / 180 * _EARTH_KM * math.cos(math.radians((zoom[2] + zoom[3]) / 2)))
    x0, y0 = zoom[0] + 0.05 * (zoom[1] - zoom[0]), zoom[2] + 0.05 * (zoom[3] - zoom[2])
    close.plot([x0, x0 + bar], [y0, y0], color=INK, linewidth=3, solid_capstyle="butt", zorder=6,
               gid="scale-bar")
    _annotate(close, "20 km", (x0 + bar / 2, y0), (0, 4), "label:scale", size=LABEL_PT, ha="center", va="bottom")


def _name_neighbours(ax, geo, countries, bounds):
    """Each neighbour drawn in the overview (any country outside :data:`PENINSULA`) named, in grey,
    on the middle of its part inside the panel."""
    x0, x1, y0, y1 = bounds
    for country, parts in geo["land"].items():
        if country in PENINSULA or country not in countries:
            continue
        xy = np.concatenate(parts)
        inside = xy[(xy[:, 0] > x0) & (xy[:, 0] < x1) & (xy[:, 1] > y0) & (xy[:, 1] < y1)]
        if not len(inside):
            continue
        x = float(np.clip(np.median(inside[:, 0]), x0 + 0.14 * (x1 - x0), x1 - 0.14 * (x1 - x0)))
        y = float(np.clip(np.median(inside[:, 1]), y0 + 0.04 * (y1 - y0), y1 - 0.04 * (y1 - y0)))
        ax.text(x, y, str(countries[country]).upper(), ha="center", va="center", fontsize=LABEL_PT,
                color=_GREY, fontstyle="italic", zorder=3, parse_math=False, gid=f"country:{country}")


def _mark_complex(ax, geo, city):
    """The industrial complex, where the reports put it: no record gives its position, so a note points
    at the border nearest the city and says the complex lies north of the DMZ, how far being disputed."""
    points = [xy for xy in geo["border"] if len(xy)]
    if not points:
        return
    xy = np.concatenate(points)
    nearest = xy[np.argmin(np.hypot(xy[:, 0] - city[0], xy[:, 1] - city[1]))]
    _annotate(ax, "The industrial complex:\nnorth of the DMZ;\nhow far is disputed\n(see the box)", tuple(nearest),
              (-150, -48), "label:complex", size=LABEL_PT, ha="left", va="top", bbox=_HALO,
              arrowprops={"arrowstyle": "->", "color": INK, "linewidth": 1.0, "shrinkA": 2, "shrinkB": 3})


def _title(day, status):
    return ("Kaesong, Seoul and Pyongyang on the Korean Peninsula" if status is None
            else f"Kaesong on {format_date(_day(day))}: {status.label}")


def show_day(quick, day, status) -> None:
    """Show another ``day`` and its ``status`` in a map (of :func:`map_figure`, drawn with a status) kept by
    a :class:`~korea_kit.charts.style.QuickRedraw`: the title, Kaesong's markers and the status label change,
    and only they are drawn again. The picture is that of :func:`map_figure` for the day.
    """
    fig = quick.figure
    title = next(t for t in fig.texts if t.get_text() == fig.get_suptitle())
    markers = [line for ax in fig.axes for line in ax.lines if line.get_gid() in ("place:kaesong", "status")]
    label = next(t for ax in fig.axes for t in ax.texts if t.get_gid() == "label:status")
    colour, marker = status.colour, status.marker

    def change():
        title.set_text(_title(day, status))
        for line in markers:
            line.set_color(colour)
            line.set_marker(marker)
        label.set_text(status.label)
        label.get_bbox_patch().set_edgecolor(colour)

    quick.change([title, *markers, label], change)


def _draw_day(fig, data, lay, targets, day, status):
    """What changes with the day: the title, Kaesong's marker in both panels and the status label.

    ``targets`` are the two panels as ``(parent, transform)``: an Axes and its data transform, or,
    over a picture of the base, the Figure and the panel's data-to-pixel transform.
    """
    set_title(fig, _title(day, status), lay.height)
    colour, marker = (TOPIC_COLOURS["kaesong"], "D") if status is None else (status.colour, status.marker)
    x, y = _where(data)["kaesong"]
    for (parent, transform), size, edge, gid in zip(targets, (7, 16), (0.8, 1.2), ("place:kaesong", "status")):
        parent.add_artist(Line2D([x], [y], transform=transform, marker=marker, markersize=size, color=colour,
                                 markeredgecolor=INK, markeredgewidth=edge, linestyle="none", zorder=5, gid=gid))
    if status is not None:
        parent, transform = targets[1]
        _annotate(parent, status.label, (x, y), (0, 13), "label:status", size=LABEL_PT, ha="center", va="bottom",
               xycoords=transform, bbox={**_HALO, "alpha": 1.0, "edgecolor": colour, "linewidth": 1.5})


@plain_text
def map_figure(data, day=None, status=None, *, width=9.4):
    """Draw the peninsula and a close-up of Kaesong and Seoul; with a ``day`` and its ``status``, Kaesong's status then.

    Left: the two Koreas, the land border as Natural Earth draws it, the two
    capitals and a box around the close-up. Right: the close-up, with Kaesong
    (marked in the style of its status, or as a Kaesong event when ``status``
    is None), Seoul, the straight line between the two city centres with its
    length computed from their coordinates, the sourced figures of the
    complex (``data.sourced``), and a 20 km scale bar. ``status`` has a
    ``label``, a ``colour`` and a ``marker`` (as the lesson's
    :class:`~korea_kit.lessons.kaesong.Status`). Artists carry ids
    (``land:dprk``, ``border``, ``place:seoul``, ``status``, ``distance``,
    ``label:…``).
    """
    lay = _layout(data, width)
    fig = new_figure(lay.width, lay.height)
    overview, close = _axes(fig, lay)
    _draw_base(data, lay, overview, close)
    _draw_day(fig, data, lay, [(ax, ax.transData) for ax in (overview, close)], day, status)
    return fig


def _pixels(fig):
    fig.canvas.draw()
    return Image.fromarray(np.asarray(fig.canvas.buffer_rgba()))


class MapChart(Chart):
    """A :class:`~korea_kit.charts.style.Chart` of the map (:func:`map_figure`)."""

    def png_bytes(self):
        """The figure as an 8-bit palette PNG at :attr:`dpi`."""
        self.figure.set_dpi(self.dpi)
        return palette_png(_pixels(self.figure).convert("RGB"))


def _describe_base(data) -> str:
    """The part of :func:`describe_map` that does not depend on the day."""
    names, where = _names(data), _where(data)
    ks, kp = distance_km(where["kaesong"], where["seoul"]), distance_km(where["kaesong"], where["pyongyang"])
    k_in, s_in = (data.countries.get(data.places[p]["country_id"], "") for p in ("kaesong", "seoul"))
    return " ".join([
        "Map of the Korean Peninsula in two panels. The left panel shows North Korea and South Korea, the "
        "land border between them as Natural Earth draws it (a dashed line), the capitals "
        f"{names['pyongyang']} and {names['seoul']} (stars) and a box around the area of the close-up.",
        f"The close-up on the right shows {names['kaesong']}, in {k_in} near the border, and {names['seoul']}, "
        f"in {s_in}, to its {compass_point(where['kaesong'], where['seoul'])}.",
        f"A dotted line joins the two city centres: {ks:.0f} km apart, computed from their coordinates; "
        f"{names['pyongyang']}'s centre lies {kp:.0f} km to the {compass_point(where['kaesong'], where['pyongyang'])} "
        f"of {names['kaesong']}'s.",
        "A box gives the sourced figures for the complex: " + join_words([_flat(line) for line in data.sourced])
        + ".",
        "A note points at the border near the city: the industrial complex lies north of the DMZ, how far being "
        "disputed (no record gives its position).",
        "A scale bar shows 20 km.",
    ] + ([f"Neighbours drawn in grey and named: {join_words(others)}."] if (others := [
        str(data.countries[c]) for c in data.geometry["land"] if c not in PENINSULA and c in data.countries]) else []))


def describe_map(data, day=None, status=None) -> str:
    """Alt text for :func:`map_figure` with the same arguments: one paragraph from the same data.

    ``status`` has a ``label`` and a ``since_text`` (when it began).
    """
    names = _names(data)
    text = [_describe_base(data)]
    if status is None:
        text.append(f"{names['kaesong']} is marked with an orange diamond.")
    else:
        text.append(f"On {format_date(_day(day))} {names['kaesong']}'s marker shows its status: {status.label} "
                    f"(since {status.since_text}).")
    return " ".join(text)


def _flat(line):
    """A line of the map's box as running text: its entries joined with semicolons, its wrapping undone."""
    text = line.replace(":\n- ", ": ").replace("\n- ", "; ")
    return " ".join(text.split())[:1].lower() + " ".join(text.split())[1:]


def map_chart(data, day=None, status=None, caption=None, *, width=9.4) -> MapChart:
    """:func:`map_figure` and :func:`describe_map` together, as a :class:`MapChart`.

    >>> from korea_kit import load_tables
    >>> chart = map_chart(_demo_data(load_tables()), caption="Demo")
    >>> chart.png_bytes()[:4], bool(chart.figure.get_size_inches()[0] <= 10)
    (b'\\x89PNG', True)
    """
    return MapChart(map_figure(data, day, status, width=width), describe_map(data, day, status), caption)


def _demo_data(tables):
    """The map's data with one made-up line in its box (the lesson gives the sourced figures)."""
    places = tables.indexed("places").to_dict("index")
    return MapData(outlines(tables.shapes), {p: places[p] for p in PLACES},
                   dict(tables.indexed("actors")["name"]), ("A demo line (not a sourced figure)",))
