"""Lesson 01, before April 2013: the background the other lessons assume.

Everything here is a pure function of the tables, except :class:`TimelineStepper`,
a thin widget that wires a slider to :func:`background_timeline` and :func:`event_view`.
Which records each section shows, in which order, is data: the lists of
``selections.csv`` for the lesson ``01-background`` (:data:`SECTIONS`, and
``timeline`` for the chart).

- :func:`section_view` shows one section's records as a table, each with numbered
  source notes (the full references are under the table and in :func:`lesson_sources`);
- :func:`regional_map` draws the peninsula among China, Japan and Russia
  (:mod:`korea_kit.charts.regional_map`);
- :func:`background_timeline` draws the events from the armistice of 1953 to April 2013
  (:mod:`korea_kit.charts.background_timeline`), each row with a short source mark
  that its caption explains (:func:`source_marks`);
- :func:`event_view` shows one event of the timeline with the publishers of its sources.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> section_refs(tables, "leaders")[0]
('events', 'kim-jong-il-death-2011')
>>> print(section_view(tables, "leaders", "New leaders").text.splitlines()[1])
- 17 December 2011: North Korea's leader Kim Jong Il died, and Kim Jong Un succeeded him. | [AFP, 19 Dec 2011 and 26 Feb]
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from korea_kit.charts import background_timeline as timeline_drawing
from korea_kit.charts import regional_map as map_drawing
from korea_kit.charts.peninsula_map import outlines
from korea_kit.charts.style import Chart
from korea_kit.data import selection
from korea_kit.dates import format_date
from korea_kit.text import plural
from korea_kit.render.records import actor_names, capitalized, record_text
from korea_kit.render.table import Cell, Row, Table, table_view
from korea_kit.data.sources import source_anchor, source_ids
from korea_kit.data.sources import source_marks as data_source_marks
from korea_kit.render.views import HTMLView, cited_view, event_dates, sources_used_view
from korea_kit.widgets.panels import ChartPanel, static_hint

__all__ = [
    "LESSON", "SECTIONS", "section_refs", "section_view", "timeline_events", "source_marks", "marks_caption",
    "background_timeline", "event_view", "regional_data", "map_caption", "regional_map", "lesson_refs",
    "SECTION_HEADINGS", "timeline_sources", "lesson_sources", "STATIC_HINT", "TimelineStepper", "timeline_stepper",
]

#: The lesson's name in ``selections.csv`` and ``quiz.csv``.
LESSON = "01-background"

#: The lists of ``selections.csv`` the lesson's tables show, in the order of the lesson.
SECTIONS = ("division", "armistice", "council", "withdraw", "six-party", "leap-day", "launch-2012", "cheonan", "leaders",
            "march-2013")

#: Shown under the widget's static rendering, where the slider cannot work.
STATIC_HINT = static_hint("step through the events one by one")


def section_refs(tables, name: str) -> list[tuple[str, str]]:
    """The records of one list of the lesson (``selections.csv``), as ``(table, id)`` pairs, in order.

    >>> from korea_kit import load_tables
    >>> section_refs(load_tables(), "withdraw")[1]
    ('glossary', 'lifting-sanctions')
    """
    rows = selection(tables, LESSON, name)
    return list(zip(rows["record_table"], rows["record_id"]))


def section_view(tables, name: str, caption: str) -> HTMLView:
    """One list's records as a table, one row each in the kit's words (a quote in its speaker's), with the
    short marks of their sources (linked to the lesson's list of references); the folded evidence under it
    gives each source's words, its confidence and any note (``likely`` where a fact is an inference).

    >>> from korea_kit import load_tables
    >>> view = section_view(load_tables(), "withdraw", "Withdrawing the sanctions")
    >>> print([line for line in view.text.splitlines() if "lift the measures" in line][0])  # doctest: +ELLIPSIS
    - lifting sanctions: Withdrawing a Security Council sanctions resolution takes a new decision ...
    """
    rows = [([record_text(tables, table, record_id)], [(table, record_id)]) for table, record_id in section_refs(tables, name)]
    return cited_view(tables, ["Fact"], rows, caption)


def timeline_events(tables) -> pd.DataFrame:
    """The events of the timeline (the list ``timeline`` of ``selections.csv``), in date order.

    >>> from korea_kit import load_tables
    >>> events = timeline_events(load_tables())
    >>> events["event_id"].iloc[0], format_date(events["date"].iloc[-1])
    ('armistice-1953', '18 April 2013')
    """
    ids = [record_id for _, record_id in section_refs(tables, "timeline")]
    events = tables.events[tables.events["event_id"].isin(ids)]
    return events.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def _event_sources(tables, event_id) -> list[str]:
    """The ids of an event's sources, in the order of its citations."""
    cites = tables.citations
    mine = cites[(cites["table"] == "events") & (cites["record_id"] == event_id)]
    return list(dict.fromkeys(mine["source_id"]))


def source_marks(tables, event_ids) -> dict[str, str]:
    """Each source of the events with its number in the lesson's list of sources (:func:`lesson_sources`),
    in the order the events first cite it: ``{source_id: "[n]"}``.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> marks = source_marks(tables, ["armistice-1953", "six-party-quit-2009"])
    >>> list(marks)
    ['armistice-1953', 'six-party-talks']
    >>> all(f"{n[1:-1]}. " + str(tables.record("sources", s)["reference"]) in lesson_sources(tables).text
    ...     for s, n in marks.items())
    True
    """
    numbers = {source_id: n for n, source_id in enumerate(source_ids(tables, _all_refs(tables)), 1)}
    marks: dict[str, str] = {}
    for event_id in event_ids:
        for source_id in _event_sources(tables, event_id):
            marks.setdefault(source_id, f"[{numbers[source_id]}]")
    return marks


def _short_name(source) -> str:
    """A source in a few words: its publisher, and for an article its date too."""
    if source["kind"] == "article":
        return f"{source['publisher']}, {source['published']}"
    return str(source["publisher"])


def marks_caption(tables, event_ids) -> str:
    """What the timeline's numbers stand for: the sources of the events, numbered as in the lesson's list
    (:func:`timeline_sources` links each to its entry).

    >>> from korea_kit import load_tables
    >>> marks_caption(load_tables(), ["armistice-1953"])
    "Numbers in brackets: the events' sources, numbered as in the lesson's list under Sources (1 source)."
    """
    count = len(source_marks(tables, event_ids))
    return f"Numbers in brackets: the events' sources, numbered as in the lesson's list under Sources ({plural(count, 'source')})."


def timeline_sources(tables) -> HTMLView:
    """What the timeline's numbers stand for: each source's number in the lesson's list and its short mark,
    linked to its entry there.

    >>> from korea_kit import load_tables
    >>> view = timeline_sources(load_tables())
    >>> view.text.startswith("The timeline's sources: [")
    True
    >>> '<a href="#source-armistice-1953">' in view.html
    True
    """
    marks = source_marks(tables, timeline_events(tables)["event_id"])
    short = data_source_marks(tables)
    ordered = sorted(marks.items(), key=lambda item: int(item[1][1:-1]))
    links = [f'<a href="#{source_anchor(s)}">{html.escape(n)} {html.escape(short[s])}</a>' for s, n in ordered]
    return HTMLView(f'<p class="kk-caption">The timeline\'s sources: {"; ".join(links)}.</p>',
                    "The timeline's sources: " + "; ".join(f"{n} {short[s]}" for s, n in ordered) + ".")


def _rows(tables, events) -> list:
    marks = source_marks(tables, events["event_id"])
    return [timeline_drawing.TimelineRow(str(e.event_id), pd.Timestamp(e.date), str(e.date_precision), str(e.topic),
                                         str(e.title),
                                         "[" + ", ".join(sorted((marks[s][1:-1] for s in _event_sources(tables, e.event_id)), key=int)) + "]")
            for e in events.itertuples()]


def background_timeline(tables, highlight=None, *, width=7.8):
    """The timeline's events from 1953 to April 2013 as a :class:`~korea_kit.charts.Chart`, one row per event
    with its source marks, captioned with what the marks stand for; ``highlight`` is an event id.

    >>> from korea_kit import load_tables
    >>> chart = background_timeline(load_tables(), "leap-day-deal-2012")
    >>> chart.description.split("; ")[0]
    'Timeline of 22 events, one row each, from 27 July 1953 to 18 April 2013'
    >>> "Highlighted: “The 'Leap Day' deal”, 29 February 2012." in chart.description
    True
    """
    events = timeline_events(tables)
    if highlight is not None and highlight not in set(events["event_id"]):
        raise KeyError(f"no event {highlight!r} in the lesson's timeline (selections.csv, {LESSON}/timeline)")
    return timeline_drawing.background_chart(_rows(tables, events), highlight,
                                             marks_caption(tables, events["event_id"]), width=width)


def _short_sources(tables, table, record_id) -> str:
    """``Wikipedia; AP (verified)``: a record's sources by publisher, each with its confidence."""
    sources = tables.indexed("sources")
    cites = tables.citations
    mine = cites[(cites["table"] == table) & (cites["record_id"] == record_id)]
    return "; ".join(dict.fromkeys(f"{_short_name(sources.loc[s])} ({c})"
                                   for s, c in zip(mine["source_id"], mine["confidence"])))


def event_view(tables, event_id) -> HTMLView:
    """One event of the timeline: when, what happened, who acted, and its sources by publisher and confidence.

    >>> from korea_kit import load_tables
    >>> print(event_view(load_tables(), "armistice-1953").text)  # doctest: +ELLIPSIS
    27 July 1953: Korean War armistice signed
    - When: 27 July 1953
    - What happened: The UN Command, the Korean People's Army and the Chinese volunteers signed ...
    - Who: The UN Command, the Korean People's Army and the Chinese volunteers
    - Sources: Wikipedia; AP (verified)
    """
    event = tables.record("events", event_id)
    when = event_dates(event)
    rows = [("When", when), ("What happened", str(event["summary"])),
            ("Who", capitalized(actor_names(tables, event["actor_ids"]))),
            ("Sources", _short_sources(tables, "events", event_id))]
    body = [Row([Cell(k), Cell(v)], f"- {k}: {v}") for k, v in rows]
    return table_view(Table(f"{when}: {event['title']}", ["", "This event"], body))


# --- the map ---------------------------------------------------------------------------

def regional_data(tables) -> map_drawing.RegionData:
    """What the regional map shows: the outlines of ``shapes.csv``, the capitals and the countries' names.

    >>> from korea_kit import load_tables
    >>> sorted(regional_data(load_tables()).countries)
    ['china', 'dprk', 'japan', 'rok', 'russia']
    """
    geometry = outlines(tables.shapes)
    places = tables.indexed("places").to_dict("index")
    names = tables.indexed("actors")["name"]
    return map_drawing.RegionData(geometry, {p: places[p] for p in map_drawing.CAPITALS},
                                  {c: str(names[c]) for c in geometry["land"] if c in names.index})


def _map_sources(tables) -> list[str]:
    geometry = outlines(tables.shapes)
    coords = [str(tables.record("places", p)["coord_source_id"]) for p in map_drawing.CAPITALS]
    return list(dict.fromkeys([*geometry["sources"], *coords]))


def map_caption(tables) -> str:
    """The map's sources: the outlines' reference, then the coordinates'.

    >>> from korea_kit import load_tables
    >>> map_caption(load_tables()).startswith("Map data: Natural Earth, Admin 0 country boundaries")
    True
    """
    sources = tables.indexed("sources")
    return "Map data: " + "; ".join(str(sources.loc[s, "reference"]) for s in _map_sources(tables)) + "."


def regional_map(tables, *, width=7.8):
    """The peninsula among its neighbours (:func:`korea_kit.charts.regional_map.regional_chart`), captioned
    with its sources.

    >>> from korea_kit import load_tables
    >>> chart = regional_map(load_tables())
    >>> "China to the northwest" in chart.description and "Japan to the east" in chart.description
    True
    """
    return map_drawing.regional_chart(regional_data(tables), map_caption(tables), width=width)


# --- sources ---------------------------------------------------------------------------

def lesson_refs(tables) -> list[tuple[str, str]]:
    """Every record the lesson shows (its lists in ``selections.csv``), and the map's sources as ``("sources", id)``.

    >>> from korea_kit import load_tables
    >>> lesson_refs(load_tables())[0], lesson_refs(load_tables())[-1]
    (('events', 'division-1945'), ('sources', 'geonames'))
    """
    refs = [ref for name in (*SECTIONS, "timeline") for ref in section_refs(tables, name)]
    return [*dict.fromkeys(refs), *(("sources", s) for s in _map_sources(tables))]


#: The heading of the lesson under which each list of ``selections.csv`` (and the map) is shown.
SECTION_HEADINGS = {
    "division": "Division and war",
    "armistice": "The armistice and the DMZ",
    "council": "How the Security Council decides", "withdraw": "How the Security Council decides",
    "six-party": "The Six-Party Talks", "leap-day": "The Leap Day deal", "launch-2012": "The Leap Day deal",
    "cheonan": "The Cheonan and Yeonpyeong", "leaders": "New leaders", "march-2013": "The threats of March 2013",
    "timeline": "Sixty years at a glance",
}


def _sections(tables) -> dict[str, list]:
    """The records of the lesson by the heading they are shown under."""
    sections: dict[str, list] = {}
    for name in (*SECTIONS, "timeline"):
        sections.setdefault(SECTION_HEADINGS[name], []).extend(section_refs(tables, name))
    return sections  # the map's sources stand in full in its caption


def _all_refs(tables) -> list:
    return [ref for refs in _sections(tables).values() for ref in refs]


def lesson_sources(tables, caption: str = "Sources of this lesson") -> HTMLView:
    """The sources behind every record the lesson shows, each once, with the sections that use it (the
    map's sources stand in its caption, :func:`map_caption`).

    >>> from korea_kit import load_tables
    >>> view = lesson_sources(load_tables())
    >>> "Korean Armistice Agreement" in view.text and "Natural Earth" not in view.text
    True
    >>> "Used in: The armistice and the DMZ" in view.text
    True
    """
    sections = _sections(tables)
    return sources_used_view(tables, sections, caption)


# --- the widget ---------------------------------------------------------------------------

class TimelineStepper(ChartPanel):
    """Step through the timeline's events: the chart highlights the event, the panel shows it.

    Attributes
    ----------
    event : ipywidgets.SelectionSlider
        The event, one step per event of :func:`timeline_events`, labelled by its date.
    """

    static_class = "kk-background-timeline"

    def __init__(self, tables, *, value=None, width=7.8, **kwargs):
        self._tables, self._width = tables, width
        events = timeline_events(tables)
        options = [(timeline_drawing.date_label(e.date, str(e.date_precision)), str(e.event_id))
                   for e in events.itertuples()]
        ids = [i for _, i in options]
        first = ids[0] if value is None else value
        if first not in ids:
            raise KeyError(f"no event {first!r} in the lesson's timeline")
        self.event = widgets.SelectionSlider(options=options, index=ids.index(first), description="Event",
                                             continuous_update=False, layout=widgets.Layout(width="95%"))
        hint = widgets.HTML("<small>Drag the slider, or press the arrow keys on its handle (click it, or "
                            "reach it with Tab), to move one event at a time.</small>")
        super().__init__([self.event], STATIC_HINT, **kwargs)
        self.children = [self.event, hint, *self.children[1:]]

    def views(self):
        """The chart with the chosen event highlighted, and that event's panel."""
        return (background_timeline(self._tables, self.event.value, width=self._width),
                event_view(self._tables, self.event.value))

    def first_views(self):
        """The first event's views, its chart drawn once as a figure the widget keeps (see :meth:`quick_views`)."""
        events = timeline_events(self._tables)
        self._rows, self._caption = _rows(self._tables, events), marks_caption(self._tables, events["event_id"])
        self._quick = timeline_drawing.background_highlights(self._rows, self.event.value, width=self._width)
        return (*self._current(), self._quick.png_bytes())

    def quick_views(self):
        """The views of the chosen event, the chart redrawn only where the highlight moves."""
        self._quick.show(self.event.value)
        chart, panel = self._current()
        return self._quick.png_bytes(), chart, panel

    def _current(self):
        description = timeline_drawing.describe_background(self._rows, self.event.value)
        return (Chart(self._quick.figure, description, self._caption),
                event_view(self._tables, self.event.value))


def timeline_stepper(tables, **kwargs) -> TimelineStepper:
    """A :class:`TimelineStepper` over the lesson's timeline (keyword arguments are passed on).

    >>> from korea_kit import load_tables
    >>> stepper = timeline_stepper(load_tables())
    >>> stepper.event.label
    '27 Jul 1953'
    >>> stepper.event.value = "leap-day-deal-2012"
    >>> "Leap Day" in stepper.panel.value
    True
    """
    return TimelineStepper(tables, **kwargs)
