"""Lesson 04, the Kaesong Industrial Complex: a map of the peninsula and April 2013 day by day.

Everything here is a pure function of the tables, except :class:`AprilStepper`,
a thin widget that wires a day slider to :func:`kaesong_map` and
:func:`day_view`.

- :func:`status_on` works out the complex's status on a day from the events
  table: the latest Kaesong event on or before that day sets it.
- :func:`kaesong_map` draws the two Koreas from the Natural Earth outlines in
  ``shapes.csv`` (an equirectangular projection stretched by 1/cos of the mean
  latitude, so the shape is not squashed), with the places of ``places.csv``
  and the complex's distances, and marks Kaesong with the status of a day
  (the drawing, and :data:`STATUS_MARKS`, the colour and marker of each
  status, are :mod:`korea_kit.charts.peninsula_map`).
- :func:`day_view` and :func:`facts_view` show facts as tables with numbered
  source notes; :func:`lesson_sources` lists the sources the lesson uses.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> status_on(tables, "2013-04-10").label
'Workers stay away: in effect shut down'
>>> format_date(status_on(tables, "2013-04-10").since)
'9 April 2013'
>>> round(city_distance(tables, "kaesong", "seoul"))
58
"""

from __future__ import annotations

import dataclasses
import html
import re
import textwrap
import weakref

import ipywidgets as widgets
import pandas as pd

from korea_kit.charts import peninsula_map as drawing
from korea_kit.charts.peninsula_map import STATUS_MARKS
from korea_kit.charts.style import QuickRedraw
from korea_kit.data import selection
from korea_kit.dates import format_date
from korea_kit.data.sources import cite, marks_line, source_mark
from korea_kit.render.table import Cell, Row, Table, table_view
from korea_kit.render.views import HTMLView, SourceNotes, events_view, sources_used_view
from korea_kit.widgets.access import lead
from korea_kit.widgets.panels import KitWidget, side_by_side, static_hint
from korea_kit.text import cell_text, day_label, format_number

__all__ = [
    "LESSON",
    "SEQUENCE_START",
    "SEQUENCE_END",
    "sequence_extra",
    "statuses",
    "STATUS_MARKS",
    "Status",
    "status_on",
    "sequence_events",
    "city_distance",
    "compass",
    "map_figure",
    "describe_map",
    "map_caption",
    "kaesong_map",
    "day_view",
    "facts_view",
    "lesson_refs",
    "lesson_sources",
    "STATIC_HINT",
    "AprilStepper",
    "april_stepper",
]

#: The days the lesson steps through: from the start of April to the North's preconditions.
SEQUENCE_START, SEQUENCE_END = pd.Timestamp("2013-04-01"), pd.Timestamp("2013-04-18")

#: The lesson's name in ``selections.csv``.
LESSON = "04-kaesong"


def sequence_extra(tables) -> list[str]:
    """Events outside the ``kaesong`` topic that belong to the April sequence (``selections.csv``).
    Ban Ki-moon spoke of the South's "recent offer of dialogue"; that he meant the 11 April offer
    about Kaesong is graded likely (its citations say so).

    >>> from korea_kit import load_tables
    >>> sequence_extra(load_tables())
    ['ban-appeal-2013']
    """
    return list(selection(tables, LESSON, "sequence-extra")["record_id"])


def statuses(tables) -> dict[str, tuple[str, str]]:
    """Which status each Kaesong event starts (``kaesong_statuses.csv``): ``{event_id: (status_id, label)}``.
    The dates come from the events table; a Kaesong event missing here starts a status named by its own title.

    >>> from korea_kit import load_tables
    >>> statuses(load_tables())["kaesong-no-show-2013"]
    ('shut', 'Workers stay away: in effect shut down')
    """
    rows = tables.kaesong_statuses
    return {str(e): (str(k), str(label)) for k, e, label in zip(rows["status_id"], rows["event_id"], rows["label"])}

#: Shown under the widget's static rendering, where the slider cannot work.
STATIC_HINT = static_hint("step through the days of April 2013")


# --- memo ------------------------------------------------------------------------

_MEMO: dict = {}  # id(tables) -> (weak reference to them, {key: value})


def _memo(tables, key, make):
    """``make()``, worked out once per tables object and key (the widget redraws often).

    The tables are taken as they were first seen: a changed copy is another object.
    """
    hit = _MEMO.get(id(tables))
    if hit is None or hit[0]() is not tables:
        for stale in [k for k, (ref, _) in _MEMO.items() if ref() is None]:
            del _MEMO[stale]
        hit = _MEMO[id(tables)] = (weakref.ref(tables), {})
    if key not in hit[1]:
        hit[1][key] = make()
    return hit[1][key]


# --- status ------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Status:
    """The complex's status from one event on: its key, words, colour, marker and the event."""

    key: str
    label: str
    colour: str
    marker: str
    since: pd.Timestamp
    precision: str
    event_id: str

    @property
    def since_text(self) -> str:
        """When the status began, as precisely as the data says (``9 April 2013``, ``2004``)."""
        return format_date(self.since, self.precision)


def _day(value) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def _in_force(events):
    """The day from which each event counts: its date, or the day after its month or year ends."""
    ends = {"day": pd.offsets.Day(0), "month": pd.offsets.MonthBegin(1), "year": pd.offsets.YearBegin(1)}
    return pd.Series([d + ends[str(p)] for d, p in zip(events["date"], events["date_precision"])],
                     index=events.index, dtype="datetime64[ns]")


def _kaesong_events(tables):
    """The Kaesong events in the order they came into force, with that day as ``_from``."""
    events = tables.events[tables.events["topic"].astype(object) == "kaesong"]
    return events.assign(_from=_in_force(events)).sort_values(["_from", "event_id"])


def status_on(tables, day) -> Status:
    """The status of the Kaesong complex on ``day``: the latest Kaesong event before it sets it.

    An event dated only to the year (production began "late 2004") counts from
    the next year on. Before any Kaesong event, there is no status:

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> [status_on(tables, f"2013-04-{d:02d}").key for d in (2, 3, 8, 11, 14, 17)]
    ['open', 'barred', 'pullout', 'offered', 'rejected', 'rejected']
    >>> status_on(tables, "2003-06-01")
    Traceback (most recent call last):
    ...
    ValueError: no Kaesong status is known on 1 June 2003: the events table has no Kaesong event in force by then
    """
    day = _day(day)
    events = _memo(tables, "kaesong-events", lambda: _kaesong_events(tables))
    known = events[events["_from"] <= day]
    if known.empty:
        raise ValueError(f"no Kaesong status is known on {format_date(day)}: "
                         "the events table has no Kaesong event in force by then")
    event = known.iloc[-1]
    key, label = statuses(tables).get(str(event["event_id"]), (None, str(event["title"])))
    colour, marker = drawing.status_mark(key)
    return Status(key or "other", label, colour, marker, event["date"], str(event["date_precision"]),
                  str(event["event_id"]))


def sequence_events(tables, start=SEQUENCE_START, end=SEQUENCE_END):
    """The events of the April sequence between ``start`` and ``end``: the Kaesong events and
    :func:`sequence_extra`, in date order.

    >>> from korea_kit import load_tables
    >>> list(sequence_events(load_tables(), "2013-04-12", "2013-04-18").event_id)
    ['kaesong-offer-rejected-2013', 'ban-appeal-2013']
    """
    ev = tables.events
    mine = (ev["topic"].astype(object) == "kaesong") | ev["event_id"].isin(sequence_extra(tables))
    span = (ev["date"] >= _day(start)) & (ev["date"] <= _day(end))
    return ev[mine & span].sort_values(["date", "event_id"])


# --- geography -----------------------------------------------------------------

def _place(tables, place_id):
    """A row of ``places.csv`` as a dict."""
    places = _memo(tables, "places", lambda: tables.indexed("places").to_dict("index"))
    if place_id not in places:
        raise KeyError(f"no place {place_id!r} in places.csv")
    return places[place_id]


def city_distance(tables, a: str, b: str) -> float:
    """Great-circle distance in km between two places of ``places.csv`` (their city centres).

    >>> from korea_kit import load_tables
    >>> round(city_distance(load_tables(), "kaesong", "pyongyang"))
    137
    """
    return drawing.distance_km(_lonlat(tables, a), _lonlat(tables, b))


def compass(tables, a: str, b: str) -> str:
    """Which way ``b`` lies from ``a``, to the nearest of eight points (``southeast``…).

    >>> from korea_kit import load_tables
    >>> compass(load_tables(), "kaesong", "seoul"), compass(load_tables(), "kaesong", "pyongyang")
    ('southeast', 'northwest')
    """
    return drawing.compass_point(_lonlat(tables, a), _lonlat(tables, b))


def _lonlat(tables, place_id):
    place = _place(tables, place_id)
    return place["longitude"], place["latitude"]


def _geometry(tables):
    """The outlines as arrays (:func:`korea_kit.charts.peninsula_map.outlines`), once per tables (see :func:`_memo`)."""
    return _memo(tables, "geometry", lambda: drawing.outlines(tables.shapes))


def _figure(tables, figure_id):
    figures = tables.indexed("figures")
    if figure_id not in figures.index:
        raise KeyError(f"no figure {figure_id!r} in figures.csv")
    return figures.loc[figure_id]


def _amount(row) -> str:
    """``about 53,000 workers``: a figure's value and unit, with "about" when it is approximate."""
    value = row["value"]
    return f"{format_number(value, bool(row['approximate']))} {row['unit']}"


def _confidence(tables, table, record_id) -> str:
    """The confidences of a record's references (not its article words), e.g. ``verified``."""
    found = [item["confidence"] for item in cite(tables, table, record_id).items if not item["quote"]]
    return " and ".join(dict.fromkeys(found)) or "reported"


#: The places the map draws, by id (:data:`korea_kit.charts.peninsula_map.PLACES`).
#: ``selections.csv`` lists them for the lesson's sources.
_PLACES = drawing.PLACES


def _distances(tables) -> list[str]:
    """The complex's distances that the map and the facts show (``selections.csv``)."""
    return list(selection(tables, LESSON, "distances")["record_id"])


def _reports(tables, table, record_id, width=58):
    """Each reference's own words for a record whose reports disagree, one wrapped entry a report.

    The words are the first quotation in the citation's note and the name in brackets after
    it (``“just north of the demilitarized zone” (Yonhap)``); an article's words are shown with
    the record's other sources, not here.
    """
    entries = []
    for _, c in _citations(tables, table, record_id).iterrows():
        found = re.match(r'\s*"([^"]+)"[^(]*(\([^)]*\))', cell_text(c["note"]))
        if found and c["confidence"] == "conflicting":
            entries.append(textwrap.fill(f"“{found.group(1)}” {found.group(2)}", width, subsequent_indent="   "))
    return entries


def _citations(tables, table, record_id):
    cites = tables.citations
    return cites[(cites["table"] == table) & (cites["record_id"] == record_id)]


def _sourced_lines(tables):
    """The complex's sourced distances as short lines: ``about 54 km from Seoul (likely)``.

    Where the reports disagree (a citation graded ``conflicting``), the line says so and
    gives each report's own words on lines of their own, rather than one number.
    """
    chosen = selection(tables, LESSON, "distances")
    words = dict(zip(chosen["record_id"], chosen["label"]))

    def line(f):
        grade = _confidence(tables, "figures", f)
        if "conflicting" in grade.split(" and "):
            return f"{words[f][:1].upper()}{words[f][1:]}, reports disagree:\n" + "\n".join(
                f"- {entry}" for entry in _reports(tables, "figures", f))
        return f"{_amount(_figure(tables, f))} {words[f]} ({grade})"

    return _memo(tables, "sourced", lambda: [line(f) for f in _distances(tables)])


# --- the map (drawn by korea_kit.charts.peninsula_map) -------------------------------

def _map_data(tables) -> drawing.MapData:
    """What the map shows whatever the day, worked out once per tables (see :func:`_memo`)."""
    def make():
        countries = tables.indexed("actors")["name"]
        places = {p: _place(tables, p) for p in _PLACES}
        shown = [*_geometry(tables)["land"], *(str(place["country_id"]) for place in places.values())]
        return drawing.MapData(_geometry(tables), places,
                               {c: str(countries[c]) for c in dict.fromkeys(shown) if c in countries.index},
                               tuple(_sourced_lines(tables)))

    return _memo(tables, "map-data", make)


def _status(tables, day):
    return None if day is None else status_on(tables, day)


def map_figure(tables, day=None, *, width=9.4):
    """Draw the peninsula and a close-up of Kaesong and Seoul; with ``day``, Kaesong's status then
    (:func:`korea_kit.charts.peninsula_map.map_figure`).

    Left: the two Koreas, the land border as Natural Earth draws it, the two
    capitals and a box around the close-up. Right: the close-up, with Kaesong
    (marked in the style of its status on ``day``, or as a Kaesong event when
    ``day`` is None), Seoul, the straight line between the two city centres
    with its length computed from their coordinates, the sourced distances of
    the complex, and a 20 km scale bar. Artists carry ids (``land:dprk``,
    ``border``, ``place:seoul``, ``status``, ``distance``, ``label:…``).

    >>> from korea_kit import load_tables
    >>> fig = map_figure(load_tables(), "2013-04-09")
    >>> fig.get_suptitle()
    'Kaesong on 9 April 2013: Workers stay away: in effect shut down'
    >>> [ax.get_gid() for ax in fig.axes]
    ['overview', 'close-up']
    """
    return drawing.map_figure(_map_data(tables), day, _status(tables, day), width=width)


def describe_map(tables, day=None) -> str:
    """Alt text for :func:`map_figure`: one paragraph from the same data.

    >>> from korea_kit import load_tables
    >>> text = describe_map(load_tables(), "2013-04-14")
    >>> text.split(". ")[0]
    'Map of the Korean Peninsula in two panels'
    >>> "On 14 April 2013 Kaesong's marker shows its status: Shut down; the North rejects talks" in text
    True
    """
    return drawing.describe_map(_map_data(tables), day, _status(tables, day))


def map_caption(tables) -> str:
    """The map's sources: the outlines' and coordinates' references, then the figures' and places'.

    >>> from korea_kit import load_tables
    >>> map_caption(load_tables()).startswith("Map data: Natural Earth, Admin 0 country boundaries")
    False
    """
    return _memo(tables, "caption", lambda: _caption(tables))


def _caption(tables) -> str:
    used = list(_geometry(tables)["sources"])
    for p in _PLACES:
        sid = str(_place(tables, p)["coord_source_id"])
        if sid not in used:
            used.append(sid)
    data = "; ".join(source_mark(tables, s) for s in used)  # in full in the lesson's list of sources
    refs = [("figures", f) for f in _distances(tables)] + [("places", p) for p in _PLACES]
    return f"Map data: {data}. Distances and places: {marks_line(tables, refs).removeprefix('Sources: ')}"


def kaesong_map(tables, day=None, *, width=9.4) -> drawing.MapChart:
    """:func:`map_figure` with :func:`describe_map` and :func:`map_caption`, as a
    :class:`~korea_kit.charts.peninsula_map.MapChart` (a :class:`~korea_kit.charts.Chart`).

    >>> from korea_kit import load_tables
    >>> chart = kaesong_map(load_tables())
    >>> chart.png_bytes()[:4], bool(chart.figure.get_size_inches()[0] <= 10)
    (b'\\x89PNG', True)
    """
    return drawing.map_chart(_map_data(tables), day, _status(tables, day), map_caption(tables), width=width)


# --- views -----------------------------------------------------------------------

def day_view(tables, day) -> HTMLView:
    """One day of the April sequence: Kaesong's status, the day's events (or the event the status
    comes from), and what else happened that day, each table with numbered sources.

    >>> from korea_kit import load_tables
    >>> print(day_view(load_tables(), "2013-04-05").text.splitlines()[0])
    5 April 2013. Status of the Kaesong complex: South Koreans barred from entering (since 3 April 2013).
    """
    day = _day(day)
    when = format_date(day)
    status = status_on(tables, day)
    today = sequence_events(tables, day, day)
    line = f"{when}. Status of the Kaesong complex: {status.label} (since {status.since_text})."
    parts = [f'<p class="kk-status"><strong>{html.escape(when)}.</strong> Status of the Kaesong complex: '
             f"<strong>{html.escape(status.label)}</strong> (since {html.escape(status.since_text)}).</p>"]
    texts = [line]
    if len(today):
        views = [events_view(tables, list(today["event_id"]), caption=f"What happened on {when}")]
    else:
        views = [events_view(tables, [status.event_id],
                             caption=f"No new event at Kaesong on {when}. The status comes from")]
    ev = tables.events
    others = ev[(ev["date"] == day) & ~ev["event_id"].isin(set(today["event_id"]))]
    if len(others):
        views.append(events_view(tables, list(others["event_id"]), caption=f"Elsewhere on {when}"))
    parts += [v.html for v in views]
    texts += [v.text for v in views]
    return HTMLView(f'<div class="kk-kaesong-day">{"".join(parts)}</div>', "\n".join(texts))


def _fact_text(tables, table, record_id) -> str:
    if table == "figures":
        row = _figure(tables, record_id)
        when = "" if pd.isna(row["as_of"]) else f" (as of {format_date(row['as_of'])})"
        return f"{row['subject']}: {_amount(row)}{when}."
    if table == "glossary":
        row = tables.record("glossary", record_id)
        expansion = cell_text(row["expansion"])
        return f"{row['term']}{f' ({expansion})' if expansion else ''}: {row['definition']}"
    if table == "events":
        row = tables.record("events", record_id)
        return f"{format_date(row['date'], str(row['date_precision']))}: {row['summary']}"
    if table == "quotes":
        row = tables.record("quotes", record_id)
        who = tables.record("actors", row["speaker_id"])["name"]
        via = f" (via {row['via']})" if cell_text(row["via"]) else ""
        return f"{who}, {format_date(row['said_on'])}{via}: “{row['text']}”"
    if table == "places":
        row = _place(tables, record_id)
        return (f"{row['name']}: {row['latitude']:.4f}° N, {row['longitude']:.4f}° E. "
                + cell_text(row["note"]))
    raise ValueError(f"facts_view shows figures, glossary, events, quotes and places, not {table!r}")


def _items(tables, table, record_id):
    """A record's citation items; for a place, then the source of its coordinates."""
    items = list(cite(tables, table, record_id).items)
    if table == "places":
        source_id = str(_place(tables, record_id)["coord_source_id"])
        source = tables.record("sources", source_id)
        items.append({"label": str(source["reference"]), "source_id": source_id,
                      "mark": source_mark(tables, source_id), "quote": "", "confidence": "source of the coordinates",
                      "note": ""})
    return items


def facts_view(tables, refs, caption: str = "Facts") -> HTMLView:
    """Facts of several tables, given as ``(table, id)`` pairs, each with numbered sources.

    Figures, glossary terms, events, quotes and places can be shown; a place's
    sources end with the reference for its coordinates.

    >>> from korea_kit.data.demo import demo_troops
    >>> tables = demo_troops()
    >>> print(facts_view(tables, [("figures", "demo-troops")], caption="Troops").text)
    Troops
    - Troops at a demo base: about 1,200 troops (as of 1 April 2013). [Demo Paper; Demo News, 2 Apr]
    Evidence:
    Demo Paper: “about 1,200 troops” (reported)
    Demo News, 2 Apr (likely). Note: A count of March.
    >>> from korea_kit import load_tables
    >>> print(facts_view(load_tables(), [("places", "seoul")]).text.splitlines()[-1])
    GeoNames (source of the coordinates)
    """
    notes, rows = SourceNotes(tables, marks=True), []
    for table, record_id in refs:
        fact = _fact_text(tables, table, record_id)
        refs_text = notes.items(_items(tables, table, record_id))
        rows.append(Row([Cell(fact), Cell(refs_text)], f"- {fact} {refs_text}"))
    return table_view(Table(caption, ["Fact", "Sources"], rows, notes))


def lesson_refs(tables) -> list[tuple[str, str]]:
    """The records the lesson shows, for its list of sources: the Kaesong statuses, the sequence's
    other events, the distances, the places and the records of ``selections.csv``'s list ``sources``.

    >>> from korea_kit import load_tables
    >>> lesson_refs(load_tables())[0]
    ('events', 'kaesong-production-2004')
    """
    extra = selection(tables, LESSON, "sources")
    return ([("events", e) for e in statuses(tables)] + [("events", e) for e in sequence_extra(tables)]
            + [("figures", f) for f in _distances(tables)]
            + [("places", p) for p in selection(tables, LESSON, "places")["record_id"]]
            + list(zip(extra["record_table"], extra["record_id"])))


def lesson_sources(tables, caption: str = "Sources of this lesson") -> HTMLView:
    """The sources behind the lesson's records, the map's outlines and its coordinates, as a table.

    >>> from korea_kit import load_tables
    >>> view = lesson_sources(load_tables())
    >>> "Natural Earth" in view.text and "GeoNames" in view.text and "Wikipedia, \\"Kaesong" in view.text
    True
    """
    refs = lesson_refs(tables)
    coordinates = {str(_place(tables, r)["coord_source_id"]) for t, r in refs if t == "places"}
    maps = [("sources", source_id) for source_id in {*_geometry(tables)["sources"], *coordinates}]
    return sources_used_view(tables, [*refs, *maps], caption)


# --- the widget --------------------------------------------------------------------

class AprilStepper(KitWidget):
    """Step through the days of April 2013: the map marks Kaesong's status, a panel shows the day.

    Attributes
    ----------
    day : ipywidgets.SelectionSlider
        The day, one step per day from :data:`SEQUENCE_START` to :data:`SEQUENCE_END`.
    image : ipywidgets.Image
        The map (:func:`kaesong_map`) for that day, as PNG.
    panel : ipywidgets.HTML
        :func:`day_view` for that day, with the map's description and sources.
    """

    def __init__(self, tables, *, start=SEQUENCE_START, end=SEQUENCE_END, value=None, width=9.4, **kwargs):
        self._tables, self._width = tables, width
        days = pd.date_range(_day(start), _day(end))
        if len(days) == 0:
            raise ValueError(f"start ({start}) is after end ({end})")
        first = days[0] if value is None else _day(value)
        if first not in days:
            raise ValueError(f"{format_date(first)} is not between {format_date(days[0])} and {format_date(days[-1])}")
        self.day = widgets.SelectionSlider(
            options=[(day_label(d, False), d) for d in days], index=list(days).index(first),
            description="Day", continuous_update=False, layout=widgets.Layout(width="95%"))
        hint = widgets.HTML("<small>Drag the slider, or press the arrow keys on its handle (click it, or "
                            "reach it with Tab), to move one day at a time.</small>")
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.panel = widgets.HTML()
        row, self.texts = side_by_side(self.image, [self.panel])  # the day beside its map, on one screen
        super().__init__(children=[self.day, hint, row], **kwargs)
        self.access.region(self.texts, "The day beside the map")
        self._controls = [self.day]
        chart = kaesong_map(tables, first, width=width)
        self._quick = QuickRedraw(chart.figure)  # drawn once: the static rendering, the first view, the next days
        png, view = self._quick.png_bytes(), day_view(tables, first)
        self._keep_views((png, view.html + _map_note(chart.description, chart.caption), chart.description,
                          lead(view.text)))
        self.set_static(f'<div class="korea-kit-kaesong">{chart.to_html(png)}{view.html}'
                        f"<p><em>{STATIC_HINT}</em></p></div>", f"{chart.to_text()}\n{view.text}")
        self._show(first)
        self.day.observe(lambda change: self._show(change["new"], announce=True), names="value")

    def _show(self, day, announce=False):
        """Show ``day``: each day is drawn once, only what changes from the day shown before
        (:func:`korea_kit.charts.peninsula_map.show_day`), then kept (:meth:`KitWidget._keep_views`)."""
        shown = self._kept_views()
        if shown is None:
            tables = self._tables
            note = _map_note(describe_map(tables, day), map_caption(tables))
            drawing.show_day(self._quick, day, status_on(tables, day))
            view = day_view(tables, day)
            shown = self._keep_views((self._quick.png_bytes(), view.html + note, describe_map(tables, day),
                                      lead(view.text)))
        self.image.value, self.panel.value, alt, news = shown
        self.access.alt(self.image, alt)
        if announce:  # the day's status
            self.access.say(news)


def _map_note(description, caption):
    """The map's description and sources, in small print under the day's view."""
    return f"<p><small>Map: {html.escape(description)}<br>{html.escape(caption)}</small></p>"


def april_stepper(tables, **kwargs) -> AprilStepper:
    """An :class:`AprilStepper` over 1 to 18 April 2013 (keyword arguments are passed on).

    >>> from korea_kit import load_tables
    >>> stepper = april_stepper(load_tables())
    >>> stepper.day.label
    '1 Apr'
    >>> stepper.day.value = stepper.day.options[8][1]  # 9 April
    >>> "Workers stay away" in stepper.panel.value
    True
    """
    return AprilStepper(tables, **kwargs)

