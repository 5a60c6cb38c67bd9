"""The US–South Korean drills of March–April 2013 and the escalation around them.

For the lesson ``03-drills``. Every function here is pure (tables in, a
:class:`~korea_kit.charts.Chart` or :class:`~korea_kit.render.views.HTMLView` out),
except :class:`DrillsCalendar`, a thin widget that wires two controls to
:func:`calendar_chart` and :func:`day_view`.

- :func:`calendar_chart`: Foal Eagle and Key Resolve as bars on a calendar of
  March and April 2013, with the escalation around them as marks (drawn by
  :mod:`korea_kit.charts.drills_calendar`, on the kit's timeline), optionally
  for one state only and with one day shaded;
- :func:`day_view`: what was under way on one day, with numbered sources;
- :func:`exercises_view`, :func:`figures_view`, :func:`framings_view`,
  :func:`rt_errors_view`: tables with numbered source notes;
- :func:`lesson_sources`: the sources the lesson uses.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> list(under_way(tables, "2013-03-15")["event_id"])
['foal-eagle-2013', 'key-resolve-2013']
>>> print(calendar_chart(tables, "dprk").description)  # doctest: +ELLIPSIS
Calendar of the drills and the escalation around them, March–April 2013. It shows only the
events involving North Korea. Timeline of events on the Korean Peninsula, March–April 2013, ...
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from korea_kit.charts import drills_calendar as drawing
from korea_kit.charts.style import Chart, QuickRedraw
from korea_kit.charts.timeline import filter_events
from korea_kit.data import parse_ref, selection
from korea_kit.dates import format_date, format_range
from korea_kit.data.sources import cite, marks_line
from korea_kit.render.views import HTMLView, event_dates, cited_view, events_view, sources_used_view
from korea_kit.widgets.panels import ChartPanel, static_hint
from korea_kit.text import cell_text, day_label, format_number, plural

__all__ = [
    "LESSON",
    "START",
    "END",
    "DEFAULT_DAY",
    "calendar_ids",
    "states",
    "framings",
    "STATIC_HINT",
    "calendar_events",
    "under_way",
    "calendar_figure",
    "describe_calendar",
    "calendar_chart",
    "day_view",
    "exercises_view",
    "figures_view",
    "framings_view",
    "rt_errors_view",
    "lesson_sources",
    "DrillsCalendar",
    "calendar_explorer",
]

#: The calendar's window: the two months of Foal Eagle.
START, END = pd.Timestamp("2013-03-01"), pd.Timestamp("2013-04-30")

#: The day the calendar explorer opens on: the day of North Korea's preconditions.
DEFAULT_DAY = pd.Timestamp("2013-04-18")

#: The lesson's name in ``selections.csv``.
LESSON = "03-drills"


def calendar_ids(tables) -> list[str]:
    """The events on the calendar (``selections.csv``): the two exercises, the escalation around
    them on both sides (the US flights and ships, the North's dated threats), the sanctions that RT
    puts before them, and the demand to end them with its answer.

    >>> from korea_kit import load_tables
    >>> calendar_ids(load_tables())[:2]
    ['foal-eagle-2013', 'armistice-invalid-2013']
    """
    return list(selection(tables, LESSON, "calendar")["record_id"])


def states(tables) -> list[str]:
    """The states the calendar can be narrowed to (actor ids), in the order of the buttons.

    >>> from korea_kit import load_tables
    >>> states(load_tables())
    ['usa', 'rok', 'dprk']
    """
    return list(selection(tables, LESSON, "states")["record_id"])


def framings(tables) -> list[tuple[str, list[tuple[str, str, str | None]]]]:
    """The two framings of the drills (``framings.csv``): a title and the records whose words show it,
    as ``(table, record_id, source_id)`` (for a quote, the source is its own: None).

    >>> from korea_kit import load_tables
    >>> [title for title, _ in framings(load_tables())]
    ['Rehearsal for a nuclear war (North Korea)', 'Deterrence (as far as the sources go)']
    """
    found: dict[str, list] = {}
    for _, row in tables.framings.iterrows():
        table, record_id = parse_ref(row["record_ref"])
        found.setdefault(str(row["framing"]), []).append((table, record_id, cell_text(row["source_id"]) or None))
    return list(found.items())


#: Shown under the explorer's static rendering, where the controls cannot work.
STATIC_HINT = static_hint("pick a state and step through the days")


# --- which events ---------------------------------------------------------------

def _states_of(tables, actor_ids):
    """The top-level actors (states, bodies) behind ``a;b;c``, following ``part_of``."""
    part_of = dict(zip(tables.actors["actor_id"], tables.actors["part_of"]))
    found = set()
    for actor in str(actor_ids).split(";"):
        while cell_text(part_of.get(actor)):
            actor = part_of[actor]
        found.add(actor)
    return found


def _state_name(tables, actor):
    names = dict(zip(tables.actors["actor_id"], tables.actors["name"]))
    if actor not in states(tables):
        raise ValueError(f"unknown state {actor!r}; choose from: {', '.join(states(tables))}")
    return names[actor]


def _state_phrase(tables, actor):
    """The state's name as it reads inside a sentence: ``the United States``, ``North Korea``."""
    name = _state_name(tables, actor)
    return f"the {name}" if name.startswith("United ") else name


def calendar_events(tables, actor=None):
    """The calendar's events (:func:`calendar_ids`), only those involving ``actor`` if given.

    An event involves a state when one of its actors is that state or part of
    it (Kerry is part of the United States).

    >>> from korea_kit import load_tables
    >>> list(calendar_events(load_tables(), "rok")["event_id"])
    ['foal-eagle-2013', 'key-resolve-2013', 'b2-flight-2013', 'state-of-war-2013']
    >>> calendar_events(load_tables(), "china")
    Traceback (most recent call last):
    ...
    ValueError: unknown state 'china'; choose from: usa, rok, dprk
    """
    events = tables.events[tables.events["event_id"].isin(calendar_ids(tables))]
    if actor is not None:
        _state_name(tables, actor)
        events = events[[actor in _states_of(tables, ids) for ids in events["actor_ids"]]]
    return events.sort_values(["date", "event_id"], kind="stable").copy()


def under_way(tables, day, actor=None):
    """The calendar's events under way or happening on ``day``."""
    day = pd.Timestamp(day).normalize()
    return filter_events(calendar_events(tables, actor), start=day, end=day)


# --- the chart (drawn by korea_kit.charts.drills_calendar) --------------------------

def _state(tables, actor):
    """What the chart says of the state the events are narrowed to: ``(name, name in a sentence)``, or None."""
    return None if actor is None else (_state_name(tables, actor), _state_phrase(tables, actor))


def calendar_figure(tables, actor=None, day=None, *, width=10.0):
    """The calendar as a figure: :func:`~korea_kit.charts.drills_calendar.calendar_figure` of
    :func:`calendar_events` over March–April 2013.

    The exercises are bars, the other events marks, one lane per topic. A
    ``day`` is shaded as a column with dashed edges (gid ``today``) and named
    above the chart (gid ``today-label``).

    >>> from korea_kit import load_tables
    >>> fig = calendar_figure(load_tables(), day="2013-03-28")
    >>> fig.get_suptitle()
    'Drills and escalation, March–April 2013'
    >>> [a.get_gid() for a in fig.axes[0].patches if a.get_gid() == "today"]
    ['today']
    """
    return drawing.calendar_figure(calendar_events(tables, actor), START, END, day, state=_state(tables, actor),
                                   width=width)


def _likely(tables, ids):
    """The events among ``ids`` that rest in part on a reference graded ``likely``."""
    cites = tables.citations
    graded = cites[(cites["table"] == "events") & (cites["confidence"] == "likely")]
    return [i for i in ids if i in set(graded["record_id"])]


def describe_calendar(tables, actor=None, day=None):
    """Alt text for :func:`calendar_figure` with the same arguments: one paragraph.

    >>> from korea_kit import load_tables
    >>> text = describe_calendar(load_tables(), "usa", "2013-03-15")
    >>> text[text.index("A shaded"):]
    'A shaded column marks 15 March 2013; under way that day: “Foal Eagle field exercise” and
    “Key Resolve command-post exercise”.'
    """
    events = calendar_events(tables, actor)
    return drawing.describe_calendar(events, START, END, day, state=_state(tables, actor),
                                     likely=_likely(tables, list(events["event_id"])))


def calendar_chart(tables, actor=None, day=None, *, width=10.0):
    """:func:`calendar_figure` and :func:`describe_calendar` as a :class:`~korea_kit.charts.Chart`,
    captioned with the sources of the events shown.

    >>> from korea_kit import load_tables
    >>> chart = calendar_chart(load_tables(), "usa")
    >>> chart.caption  # doctest: +ELLIPSIS
    'Sources: IBTimes; RT; Air & Space Forces Magazine; Air & Space Forces Magazine, 1 Apr; AFP, 31 Mar to 3 Apr; GlobalSecurity.org; AFP, 18 Apr; US Forces Korea, 29 Apr; Wikipedia, “Osan Air…”.'
    >>> chart.figure.get_suptitle()
    'Drills and escalation, March–April 2013: events involving the United States'
    """
    events = calendar_events(tables, actor)
    return drawing.calendar_chart(events, START, END, day, marks_line(tables, [("events", e) for e in events["event_id"]]),
                                  state=_state(tables, actor), likely=_likely(tables, list(events["event_id"])),
                                  width=width)


def day_view(tables, day, actor=None):
    """What was under way on ``day`` (among the events involving ``actor``), with numbered sources.

    >>> from korea_kit import load_tables
    >>> print(day_view(load_tables(), "2013-03-11").text.splitlines()[0])
    11 March 2013: under way or happening that day
    >>> print(day_view(load_tables(), "2013-03-15", "dprk").text)
    15 March 2013: nothing involving North Korea on the calendar.
    """
    day = pd.Timestamp(day).normalize()
    caption = f"{format_date(day)}: under way or happening that day"
    ids = list(under_way(tables, day, actor)["event_id"])
    if not ids:
        who = "" if actor is None else f" involving {_state_phrase(tables, actor)}"
        text = f"{format_date(day)}: nothing{who} on the calendar."
        return HTMLView(f"<p>{html.escape(text)}</p>", text)
    return events_view(tables, ids, caption=caption)


def _event(tables, event_id):
    return tables.record("events", event_id)


def exercises_view(tables, caption="The two exercises of spring 2013"):
    """Foal Eagle and Key Resolve: what kind of exercise each is, and when it ran in 2013.

    >>> from korea_kit import load_tables
    >>> print(exercises_view(load_tables()).text)  # doctest: +ELLIPSIS
    The two exercises of spring 2013
    - Foal Eagle | A yearly US–South Korean field exercise, in which troops, ships and aircraft train in the field. | 1 March to 30 April 2013 | 61 days | [GlobalSecurity.org; IBTimes; RT; US Forces Korea, 29 Apr]
    - Key Resolve | A yearly US–South Korean command-post exercise, in which commanders and staff rehearse plans. | 11 to 21 March 2013 | 11 days | [GlobalSecurity.org]
    Evidence:
    GlobalSecurity.org (verified)
    IBTimes: “Pyongyang opposes the fresh U.N. sanctions following the test and two months of joint U.S.-South Korean field exercises that began March 1.” (reported)
    RT: “A third round of UN sanctions adopted in response was then followed by joint US-South Korean war games in the waters of the Korean Peninsula.” (reported). Note: RT puts the war games after the sanctions; Foal Eagle began on 1 March, before Resolution 2094 of 7 March.
    US Forces Korea, 29 Apr (verified). Note: USFK: "annual", "non-provocative".
    """
    glossary = tables.indexed("glossary")
    rows = []
    exercises = selection(tables, LESSON, "exercises")
    for term_id, (_, event_id) in zip(exercises["record_id"], map(parse_ref, exercises["paired_ref"])):
        event = _event(tables, event_id)
        days = (event["end_date"] - event["date"]).days + 1
        rows.append(([str(glossary.loc[term_id, "term"]), str(glossary.loc[term_id, "definition"]),
                      format_range(event["date"], event["end_date"]), plural(days, "day")],
                     [("glossary", term_id), ("events", event_id)]))
    return cited_view(tables, ["Exercise", "What kind", "In 2013", "How long"], rows, caption)


def figures_view(tables, figure_ids=None, caption="Forces in the numbers"):
    """Figures (by default the lesson's, from ``selections.csv``) with how sure the sources are of them
    (the grades of their citations).

    >>> from korea_kit.data.demo import demo_troops
    >>> tables = demo_troops()
    >>> print(figures_view(tables, ["demo-troops"]).text)
    Forces in the numbers
    - Troops at a demo base | about 1,200 troops | reported, likely | [Demo Paper; Demo News, 2 Apr]
    Evidence:
    Demo Paper: “about 1,200 troops” (reported)
    Demo News, 2 Apr (likely). Note: A count of March.
    """
    figures = tables.indexed("figures")
    rows = []
    if figure_ids is None:
        figure_ids = list(selection(tables, LESSON, "figures")["record_id"])
    for figure_id in figure_ids:
        f = figures.loc[figure_id]
        grades = dict.fromkeys(item["confidence"] for item in cite(tables, "figures", figure_id).items)
        rows.append(([str(f["subject"]), f"{format_number(f['value'], bool(f['approximate']))} {f['unit']}",
                      ", ".join(grades)], [("figures", figure_id)]))
    return cited_view(tables, ["What", "How many", "How sure"], rows, caption)


def _evidence(tables, table, record_id, source_id):
    """The words that show a framing, and whose words they are, for one record of ``framings.csv``."""
    if table == "quotes":
        q = tables.record("quotes", record_id)
        speaker = tables.record("actors", q["speaker_id"])["name"]
        version = f" ({q['version']})" if cell_text(q["version"]) else ""
        return f"“{q['text']}”", f"{speaker}, {format_date(q['said_on'])}{version}"
    cites = tables.citations
    c = cites[(cites["table"] == table) & (cites["record_id"] == record_id)
              & (cites["source_id"] == source_id)].iloc[0]
    source = tables.record("sources", source_id)
    if table == "events":
        event = _event(tables, record_id)
        about = f"“{event['title']}”, {event_dates(event)}"
    elif table == "figures":
        about = str(tables.record("figures", record_id)["subject"])
    else:
        raise ValueError(f"a framing shows quotes, events or figures, not {table!r}")
    if cell_text(c["quote"]):
        return f"“{c['quote']}”", f"{source['publisher']}, in the article's own words, on: {about}"
    if cell_text(c["note"]):
        return str(c["note"]), f"The reference for {about}, as the kit's note sums it up (not a quotation)"
    return str(source["reference"]), f"The reference for {about}: its title"


def framings_view(tables, caption="Two ways to see the drills"):
    """The two framings of the drills (:func:`framings`), each with the words that show it.

    Each framing is named on its first row only.

    >>> from korea_kit import load_tables
    >>> view = framings_view(load_tables())
    >>> print(view.text.splitlines()[1])  # doctest: +ELLIPSIS
    - Rehearsal for a nuclear war (North Korea) | “Second, you need to tell the whole world ...
    >>> "“B-2 bombers over South Korea”, 28 March 2013: its title" in view.text
    True
    """
    rows = []
    for framing, items in framings(tables):
        for n, (table, record_id, source_id) in enumerate(items):
            words, whose = _evidence(tables, table, record_id, source_id)
            rows.append(([framing if n == 0 else "", words, whose], [(table, record_id)]))
    return cited_view(tables, ["Framing", "The words", "Whose words"], rows, caption)


def rt_errors_view(tables, event_ids=None, caption="What RT says about the drills, and what the record shows"):
    """The RT article's words on some events (by default the lesson's, from ``selections.csv``) next to
    what the record shows (the citation's note): an error, or wording that is loose rather than false.

    >>> from korea_kit import load_tables
    >>> print(rt_errors_view(load_tables(), ["f22-osan-2013"]).text.splitlines()[1])  # doctest: +ELLIPSIS
    - F-22s arrive at Osan (31 March 2013) | “The US for its part deployed its F-22 fighter jets” | RT has the jets go 'into Korean waters' with the destroyer; the F-22s flew to Osan Air Base, on land in Pyeongtaek, while the destroyer was at sea. Imprecise rather than false. | [Air & Space Forces Magazine, 1 Apr; RT; Wikipedia, “Osan Air…”]
    """
    chosen = selection(tables, LESSON, "rt-errors")
    article = parse_ref(chosen["paired_ref"][0])[1]
    event_ids = list(chosen["record_id"]) if event_ids is None else event_ids
    cites = tables.citations
    rt = cites[(cites["source_id"] == article) & (cites["table"] == "events") & cites["note"].notna()]
    rows = []
    for event_id in event_ids:
        event = _event(tables, event_id)
        for _, c in rt[rt["record_id"] == event_id].iterrows():
            rows.append(([f"{event['title']} ({event_dates(event)})", f"“{c['quote']}”", str(c["note"])],
                         [("events", event_id)]))
    return cited_view(tables, ["Event", "RT's words", "What the record shows"], rows, caption)


def lesson_sources(tables, caption="The sources of this lesson"):
    """The sources behind the lesson's records: calendar, exercises, figures and framings.

    >>> from korea_kit import load_tables
    >>> print(lesson_sources(load_tables()).text)  # doctest: +ELLIPSIS
    The sources of this lesson
    1. International Business Times, report on North Korea's preconditions for talks, 18 or 19 April 2013 (text in seeds/000_7c6f41b99dd818c6.txt) [IBTimes]. Used for: 3 events, 1 figure, 3 quotes.
    2. RT, "US rejects N. Korea conditions for nuclear talks, wants ‘clear signals’ from Pyongyang", 18 or 19 April 2013 (text in seeds/002_d9edd75ba5131b2a.txt) [RT]. Used for: 7 events, 1 quote.
    3. KCNA's English text of 18 Apr 2013 (GlobalSecurity.org mirror, dprk-130418-kcna03) [KCNA, 18 Apr]. Used for: 1 quote.
    4. KCNA English text of 18 Apr 2013 (GlobalSecurity.org mirror, dprk-130418-kcna03); UPI and DW, 18 Apr 2013 [KCNA, UPI, 18 Apr]. Used for: 1 event, 5 quotes.
    5. AFP (Raw Story), 18 Apr 2013; US State Dept, "Opening Remarks Before the Senate Foreign Relations Committee", 18 Apr 2013 [AFP, 18 Apr]. Used for: 1 event.
    6. UN Security Council resolutions; ROK Foreign Ministry on 2087; US Embassy fact sheet on 2094 [UN Security Council]. Used for: 1 event.
    7. US Embassy London fact sheet, 7 Mar 2013; C-SPAN ("fourth round of sanctions") [US Embassy London, 7 Mar]. Used for: 1 event.
    8. GlobalSecurity.org, "Key Resolve / Foal Eagle 2013" [GlobalSecurity.org]. Used for: 2 events, 2 terms.
    9. Air & Space Forces Magazine, "B-2s demonstrate extended deterrence" [Air & Space Forces Magazine]. Used for: 1 event.
    10. DW, 30 Mar 2013 [DW, 30 Mar]. Used for: 1 event.
    11. Air & Space Forces Magazine; Military.com, 1 Apr 2013 [Air & Space Forces Magazine, 1 Apr]. Used for: 1 event, 1 figure.
    12. AFP, NBC, 31 Mar – 3 Apr 2013 [AFP, 31 Mar to 3 Apr]. Used for: 1 event.
    13. Stars and Stripes, Oct 2008; Korea Herald, 2018 [Stars and Stripes]. Used for: 1 figure.
    14. US Embassy London 7 Mar 2013; UN press SC/8778 (1695); Arms Control Association [US Embassy London]. Used for: 1 event.
    15. Wikipedia, "Osan Air Base" [Wikipedia, “Osan Air…”]. Used for: 1 event.
    16. KCNA, 5 Mar 2013 [KCNA, 5 Mar]. Used for: 1 event.
    17. ABC (Australia), 7 Mar 2013 [ABC, 7 Mar]. Used for: 1 event.
    18. Reuters, 26 Mar 2013 [Reuters, 26 Mar]. Used for: 1 event.
    19. DW, 29 Mar 2013 [DW, 29 Mar]. Used for: 1 event.
    20. Korea Herald, 30 Mar 2013 [Korea Herald, 30 Mar]. Used for: 1 event.
    21. UN press SC/8853 (1718), SC/9679 (1874); Council press statement 12 Dec 2012 (German UN Mission); Argentine UN Mission 12 Feb 2013; UN press releases on 2087 (22 Jan 2013) and 2094 (7 Mar 2013) [United Nations, German UN Mission]. Used for: 1 event.
    22. USFK release 130429-1, 29 Apr 2013; KCNA, 18 Apr 2013 [US Forces Korea, 29 Apr]. Used for: 1 event, 2 quotes.
    23. Reuters, 28-29 Mar 2013; UPI, 29 Mar 2013 [Reuters, 28-29 Mar]. Used for: 1 event.
    """
    refs = [("events", i) for i in calendar_ids(tables)]
    refs += [("glossary", g) for g in selection(tables, LESSON, "exercises")["record_id"]]
    refs += [("figures", f) for f in selection(tables, LESSON, "figures")["record_id"]]
    refs += [(table, record_id) for _, items in framings(tables) for table, record_id, _ in items]
    return sources_used_view(tables, refs, caption)


# --- the widget -------------------------------------------------------------------------

class DrillsCalendar(ChartPanel):
    """The drills calendar with a state filter and a day slider.

    Attributes
    ----------
    actor : ipywidgets.ToggleButtons
        Which events: ``all``, or those involving one of :func:`states`.
    day : ipywidgets.SelectionSlider
        The shaded day, one step per day of March and April 2013 (Timestamps).
    image : ipywidgets.Image
        The chart (:func:`calendar_chart`) as PNG.
    description : ipywidgets.HTML
        Its description (alt text) and sources line.
    panel : ipywidgets.HTML
        What was under way that day (:func:`day_view`), with sources.
    """

    static_class = "korea-kit-drills"

    def __init__(self, tables, *, actor=None, day=DEFAULT_DAY, width=10.0, **kwargs):
        self._tables, self._width = tables, width
        self.actor = widgets.ToggleButtons(
            options=[("All", "all")] + [(_state_name(tables, a), a) for a in states(tables)],
            value="all" if actor is None else actor, description="Involving",
            style={"button_width": "auto"})
        days = pd.date_range(START, END)
        self.day = widgets.SelectionSlider(
            options=[(day_label(d, False), d) for d in days], value=pd.Timestamp(day).normalize(),
            description="Day", continuous_update=False, layout=widgets.Layout(width="95%"))
        super().__init__([self.actor, self.day], STATIC_HINT, **kwargs)

    def selection(self):
        """The current ``(actor, day)``; actor is None for all states."""
        return (None if self.actor.value == "all" else self.actor.value), self.day.value

    def views(self):
        """The chart and the day's table for the current selection."""
        actor, day = self.selection()
        return (calendar_chart(self._tables, actor, day, width=self._width),
                day_view(self._tables, day, actor))

    def first_views(self):
        """The first selection's views, its chart drawn once as a figure the widget keeps (see :meth:`quick_views`)."""
        chart, panel = self.views()
        self._keep(chart)
        return chart, panel, self._quick.png_bytes()

    def _keep(self, chart):
        """Keep ``chart``'s figure for quick redraws, with what its description needs for any day."""
        actor, _ = self.selection()
        events = calendar_events(self._tables, actor)
        self._quick, self._actor = QuickRedraw(chart.figure), actor
        self._about = dict(events=events, caption=chart.caption, state=_state(self._tables, actor),
                           likely=_likely(self._tables, list(events["event_id"])))

    def quick_views(self):
        """The views of the current selection: another day moves the shaded column of the kept figure (only it
        is drawn again); another state draws the chart in full, and keeps it."""
        actor, day = self.selection()
        if actor != self._actor:
            chart = calendar_chart(self._tables, actor, day, width=self._width)
            self._keep(chart)
        else:
            drawing.move_day(self._quick, day)
            about = self._about
            chart = Chart(self._quick.figure, drawing.describe_calendar(
                about["events"], START, END, day, state=about["state"], likely=about["likely"]), about["caption"])
        return self._quick.png_bytes(), chart, day_view(self._tables, day, actor)


def calendar_explorer(tables, **kwargs):
    """A :class:`DrillsCalendar` of the kit's events; keyword arguments are passed on to it.

    >>> from korea_kit import load_tables
    >>> explorer = calendar_explorer(load_tables())
    >>> explorer.day.label, explorer.actor.value
    ('18 Apr', 'all')
    >>> explorer.day.value = pd.Timestamp("2013-03-31")
    >>> "USS Fitzgerald" in explorer.panel.value
    True
    """
    return DrillsCalendar(tables, **kwargs)

