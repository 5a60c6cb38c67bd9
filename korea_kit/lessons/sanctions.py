"""Lesson 02, UN sanctions on North Korea, 2006–2013: a chart, views and a widget.

The four resolutions of the Security Council that imposed sanctions after a
nuclear test or a rocket launch (1718, 1874, 2087 and 2094; the US Embassy
fact sheet on 2094 also counts Resolution 1695 of July 2006, so that 2094 is
the fifth, as the citations of 2094 say) are events in ``data/events.csv``;
each answered a nuclear test or a rocket launch, as its summary there says.
The lesson's lists are data too: ``selections.csv`` pairs each resolution with
its trigger (:func:`triggers`) and names the demand, the glossary terms and the
claims of RT checked here (:func:`rt_checks`, from ``claims.csv``);
``phrases.csv`` holds the words its three translations differ by
(:func:`first_step_phrases`). Everything else (dates, titles, measures, votes,
quotes and the sources of each) is read from the tables.

- :func:`resolutions_chart` draws the resolutions and the tests and launches
  they answered on a 2006–2013 timeline, one resolution highlighted or none
  (the drawing is :mod:`korea_kit.charts.resolutions`);
- :func:`resolution_view` tells one resolution's story with numbered sources;
- :class:`ResolutionStepper` (:func:`resolution_stepper`) steps through the
  four, the chart and the story following;
- :func:`council_view`, :func:`measures_view`, :func:`translations_view`,
  :func:`rt_check_view` and :func:`lesson_sources_view` are the lesson's tables.

Every function is pure except the widget, which only wires a control to them.

>>> import korea_kit as kk
>>> tables = kk.load_tables()
>>> resolution_ids(tables)
['resolution-1718', 'resolution-1874', 'resolution-2087', 'resolution-2094']
>>> print(resolution_view(tables, "resolution-2087").text.splitlines()[0])
Resolution 2087: 22 January 2013
"""
from __future__ import annotations

import html

import pandas as pd
from markupsafe import Markup

from korea_kit.charts import resolutions as drawing
from korea_kit.data import parse_refs, selection
from korea_kit.dates import days_between_events, event_when, format_date
from korea_kit.data.sources import cite, marks_line
from korea_kit.render.records import answers_to, answer_line
from korea_kit.render.table import Cell, Row, Table, html_list, render_html, table_view
from korea_kit.render.views import HTMLView, SourceNotes, event_dates, events_view, sources_used_view
from korea_kit.widgets.panels import ChartPanel, static_hint
from korea_kit.text import cell_text

__all__ = [
    "LESSON",
    "triggers",
    "STEPPER_HINT",
    "first_step_phrases",
    "rt_checks",
    "resolution_ids",
    "chart_events",
    "why_events",
    "why_view",
    "resolutions_figure",
    "describe_resolutions",
    "resolutions_chart",
    "resolution_view",
    "council_view",
    "measures_view",
    "translations_view",
    "rt_check_view",
    "lesson_sources_view",
    "ResolutionStepper",
    "resolution_stepper",
]

#: The lesson's name in ``selections.csv``.
LESSON = "02-sanctions"

#: Shown under the widget's static rendering, where its buttons cannot work.
STEPPER_HINT = static_hint("step through the four resolutions")


def triggers(tables) -> dict[str, str]:
    """Each sanctions resolution (an event id) and the test or launch it answered, as
    ``selections.csv`` pairs them (the resolution's summary in events.csv says so).

    >>> from korea_kit import load_tables
    >>> triggers(load_tables())["resolution-1718"]
    'nuclear-test-2006'
    """
    rows = selection(tables, LESSON, "resolutions")
    return {r: parse_refs(p)[0][1] for r, p in zip(rows["record_id"], rows["paired_ref"])}


def first_step_phrases(tables) -> tuple:
    """Words of the first demand that differ between its three English versions, from
    ``phrases.csv``: ``(what the words do, {quote_id: the words, verbatim from the quote})``.

    >>> from korea_kit import load_tables
    >>> first_step_phrases(load_tables())[0]
    ('How the step is numbered', {'first-step-ibt': 'The first step', 'first-step-rt': 'Firstly', 'first-step-kcna': 'As the first phase'})
    """
    found: dict[str, dict[str, str]] = {}
    for _, row in tables.phrases.iterrows():
        found.setdefault(str(row["aspect"]), {})[str(row["quote_id"])] = str(row["words"])
    return tuple(found.items())


def rt_checks(tables) -> tuple:
    """The RT article's sentences on February and March 2013 checked against the record
    (the claims of ``selections.csv``): ``(citation_id of RT's words, the events that show what happened)``.

    >>> from korea_kit import load_tables
    >>> rt_checks(load_tables())[0]
    ('ev-nuclear-test-2013-2', ('nuclear-test-2013', 'rocket-launch-2012'))
    """
    claims = tables.indexed("claims")
    return tuple((str(claims.loc[c, "citation_id"]), tuple(i for t, i in parse_refs(claims.loc[c, "record_refs"])
                                                           if t == "events"))
                 for c in selection(tables, LESSON, "rt-checks")["record_id"])


def _demand(tables) -> str:
    return selection(tables, LESSON, "demand")["record_id"][0]


def _terms(tables) -> list[str]:
    return list(selection(tables, LESSON, "glossary")["record_id"])


def _first_step_quotes(tables):
    """The versions of the first demand that ``phrases.csv`` compares, in the order of quotes.csv."""
    return tables.quotes[tables.quotes["quote_id"].isin(set(tables.phrases["quote_id"]))]


# --- reading the tables ------------------------------------------------------

def resolution_ids(tables):
    """The ids of the sanctions resolutions of :func:`triggers`, in date order.

    >>> from korea_kit import load_tables
    >>> resolution_ids(load_tables())[-1]
    'resolution-2094'
    """
    events = tables.events[tables.events["event_id"].isin(list(triggers(tables)))]
    return list(events.sort_values(["date", "event_id"])["event_id"])


def _event(tables, event_id):
    rows = tables.events[tables.events["event_id"] == event_id]
    if rows.empty:
        raise KeyError(f"no event with id {event_id!r} in events.csv")
    return rows.iloc[0]


def _check_resolution(tables, resolution_id):
    if resolution_id not in triggers(tables):
        raise ValueError(f"unknown resolution {resolution_id!r}; choose from: {', '.join(triggers(tables))}")


def _pairs(tables):
    """``(resolution, trigger)`` event rows, in date order."""
    paired = triggers(tables)
    return [(_event(tables, r), _event(tables, paired[r])) for r in resolution_ids(tables)]


def chart_events(tables):
    """The ids of the events the chart shows: each trigger, then its resolution, in date order.

    >>> from korea_kit import load_tables
    >>> chart_events(load_tables())[:2]
    ['nuclear-test-2006', 'resolution-1718']
    """
    return [str(e["event_id"]) for pair in _pairs(tables) for e in pair[::-1]]


def why_events(tables) -> list[str]:
    """The ids of the events that say why the Council sanctioned the North, and the North's answer
    (the list ``why`` of ``selections.csv``), in their order there.

    >>> from korea_kit import load_tables
    >>> why_events(load_tables())[0]
    'resolution-1718'
    """
    rows = selection(tables, LESSON, "why")
    return [str(r) for r in rows["record_id"]]


def why_view(tables) -> HTMLView:
    """The resolutions with what each one demanded or answered, and the North's rejection of them, as a table."""
    return events_view(tables, why_events(tables), caption="Why the Council sanctioned, and the North's answer")


def _precision(event):
    return str(event["date_precision"])




def _ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


# --- the chart (drawn by korea_kit.charts.resolutions) ---------------------------

def resolutions_figure(tables, highlight=None, *, width=10.0):
    """The sanctions resolutions and the tests and launches they answered, on a timeline
    (:func:`korea_kit.charts.resolutions.resolutions_figure` of :func:`triggers`' pairs).

    With ``highlight`` (a resolution's event id), that resolution and its
    trigger are drawn bold and the others faded.

    >>> from korea_kit import load_tables
    >>> fig = resolutions_figure(load_tables(), highlight="resolution-2094")
    >>> [ax.get_title() for ax in fig.axes]
    ['2006–2009, one tick a year', 'December 2012 – March 2013, one tick a month']
    """
    if highlight is not None:
        _check_resolution(tables, highlight)
    return drawing.resolutions_figure(_pairs(tables), highlight, width=width)


def describe_resolutions(tables, highlight=None):
    """Alt text for :func:`resolutions_figure` with the same arguments: one plain paragraph.

    >>> from korea_kit import load_tables
    >>> text = describe_resolutions(load_tables(), highlight="resolution-2087")
    >>> text.startswith("Timeline of the 4 UN Security Council resolutions with sanctions on North Korea after a")
    True
    >>> print(text.split(". ")[-1])
    Highlighted: Resolution 2087 and the rocket launch it answered.
    """
    if highlight is not None:
        _check_resolution(tables, highlight)
    return drawing.describe_resolutions(_pairs(tables), highlight)


def resolutions_chart(tables, highlight=None, *, width=10.0):
    """:func:`resolutions_figure` and :func:`describe_resolutions` as a :class:`~korea_kit.charts.Chart`,
    captioned with the sources of the events shown.

    >>> from korea_kit import load_tables
    >>> chart = resolutions_chart(load_tables())
    >>> chart.caption.startswith("Sources: IBTimes; RT; ")
    True
    """
    if highlight is not None:
        _check_resolution(tables, highlight)
    return drawing.resolutions_chart(_pairs(tables), highlight, _chart_caption(tables), width=width)


def _chart_caption(tables) -> str:
    return marks_line(tables, [("events", e) for e in chart_events(tables)])


# --- views ---------------------------------------------------------------------

def _dl(items):
    """An HTML description list from ``(term, already-escaped description)`` pairs."""
    rows = "".join(f'<dt style="font-weight:bold">{html.escape(t)}</dt><dd>{d}</dd>' for t, d in items)
    return f'<dl class="kk-facts">{rows}</dl>'


def _figure_text(figure):
    value = f"{figure['value']:,.0f}" if float(figure["value"]).is_integer() else f"{figure['value']:,}"
    about = "about " if bool(figure["approximate"]) else ""
    return f"{about}{value} {figure['unit']}"


def _figures_of(tables, event_id):
    """Figures about an event: those whose ``event_id`` names it (``resolution-2094-votes``)."""
    figures = tables.figures
    return figures[(figures["event_id"] == event_id).fillna(False)]


def _measures_of(tables, event_id):
    return tables.measures[tables.measures["event_id"] == event_id]


def resolution_view(tables, resolution_id):
    """One resolution: its date, place in the series, what the Council did, what triggered it,
    the days between, and its votes and measures where the data has them; numbered sources.

    >>> from korea_kit import load_tables
    >>> view = resolution_view(load_tables(), "resolution-1718")
    >>> print(view.text.splitlines()[1])
    Place in the series: 1st of the 4 resolutions with sanctions after a nuclear test or launch, 2006–2013 (1718, 1874, 2087, 2094)
    >>> print(view.text.splitlines()[4])
    Time between them: 5 days, from 9 October 2006 to 14 October 2006.
    """
    _check_resolution(tables, resolution_id)
    ids = resolution_ids(tables)
    resolution, trigger = _event(tables, resolution_id), _event(tables, triggers(tables)[resolution_id])
    notes, esc = SourceNotes(tables, marks=True), html.escape
    numbers = ", ".join(str(_event(tables, r)["title"]).split()[-1] for r in ids)
    years = f"{_event(tables, ids[0])['date'].year}–{_event(tables, ids[-1])['date'].year}"
    place = (f"{_ordinal(ids.index(resolution_id) + 1)} of the {len(ids)} resolutions with sanctions after a nuclear "
             f"test or launch, {years} ({numbers})")
    did = f"{resolution['summary']} {notes.refs([('events', resolution_id)])}"
    when_trigger = event_when(trigger) + (" (the kit's sources give only the year)" if _precision(trigger) == "year" else "")
    cause = f"{trigger['title']}, {when_trigger}: {trigger['summary']} {notes.refs([('events', trigger['event_id'])])}"
    days = days_between_events(trigger, resolution)
    gap = (f"{days} days, from {event_when(trigger)} to {event_when(resolution)}." if days is not None else
           f"The test is dated only to the year {event_when(trigger)}, so the days between cannot be counted.")
    items = [("Place in the series", esc(place)), ("What the Council did", esc(did)),
             ("What triggered it", esc(cause)), ("Time between them", esc(gap))]
    lines = [f"{resolution['title']}: {event_when(resolution)}", *(f"{t}: {d}" for t, d in
             [("Place in the series", place), ("What the Council did", did), ("What triggered it", cause),
              ("Time between them", gap)])]
    for _, figure in _figures_of(tables, resolution_id).iterrows():
        votes = f"{_figure_text(figure)}: {figure['subject']}. {notes.refs([('figures', figure['figure_id'])])}"
        items.append(("The vote", esc(votes)))
        lines.append(f"The vote: {votes}")
    measures = _measures_of(tables, resolution_id)
    if len(measures):
        added = [f"{m['measure']} {notes.refs([('measures', m['measure_id'])])}" for _, m in measures.iterrows()]
        items.append(("What it added", html_list(added, "ul")))
        lines += ["What it added:", *(f"- {a}" for a in added)]
    body = (f'<section class="kk-resolution"><h4>{esc(str(resolution["title"]))}: {esc(event_when(resolution))}</h4>'
            f"{_dl(items)}{notes.html()}</section>")
    return HTMLView(body, "\n".join(lines + notes.text()))


def council_view(tables, caption="The Security Council and its sanctions"):
    """The glossary's Security Council and sanctions resolution, and the one vote count the data gives.

    >>> from korea_kit import load_tables
    >>> print(council_view(load_tables()).text.splitlines()[1])
    - UNSC (United Nations Security Council): The UN body of 15 members, five of them permanent, that adopted the sanctions resolutions on North Korea. [IBTimes; United Nations, Arms Control Association]
    """
    notes, rows = SourceNotes(tables, marks=True), []
    glossary = tables.indexed("glossary")
    for term_id in _terms(tables):
        term = glossary.loc[term_id]
        name = term["term"] + (f" ({term['expansion']})" if pd.notna(term["expansion"]) else "")
        refs = notes.refs([("glossary", term_id)])
        rows.append(Row([Cell(name), Cell(str(term["definition"])), Cell(refs)],
                        f"- {name}: {term['definition']} {refs}"))
    for resolution_id in resolution_ids(tables):
        for _, figure in _figures_of(tables, resolution_id).iterrows():
            refs = notes.refs([("figures", figure["figure_id"])])
            when = format_date(figure["as_of"]) if pd.notna(figure["as_of"]) else ""
            value = _figure_text(figure) + (f", {when}" if when else "")
            rows.append(Row([Cell(str(figure["subject"])), Cell(value), Cell(refs)],
                            f"- {figure['subject']}: {value} {refs}"))
    return table_view(Table(caption, ["Term or figure", "Meaning or value", "Sources"], rows, notes))


def measures_view(tables, resolution_id="resolution-2094", caption=None):
    """What a resolution added (``measures.csv``), one measure a row, with numbered sources.

    >>> from korea_kit import load_tables
    >>> print(measures_view(load_tables()).text.splitlines()[1])
    - Financial sanctions, on bulk cash and on links with banks. [US Embassy London, 7 Mar]
    """
    _check_resolution(tables, resolution_id)
    resolution = _event(tables, resolution_id)
    caption = caption or f"What {resolution['title']} ({event_when(resolution)}) added"
    notes, rows = SourceNotes(tables, marks=True), []
    for _, m in _measures_of(tables, resolution_id).iterrows():
        refs = notes.refs([("measures", m["measure_id"])])
        rows.append(Row([Cell(str(m["measure"])), Cell(refs)], f"- {m['measure']} {refs}"))
    if not rows:
        return HTMLView(f"<p>{html.escape(caption)}: no measures in measures.csv.</p>",
                        f"{caption}: no measures in measures.csv.")
    return table_view(Table(caption, ["Measure", "Sources"], rows, notes))


def _actor_names(tables, ids):
    names = tables.indexed("actors")["name"]
    return " and ".join(str(names[i]) for i in str(ids).split(";"))


def _quoted(words: str) -> Cell:
    """Words quoted from a source, in ``<q>``."""
    return Cell(f"“{words}”", Markup(f"<q>{html.escape(words)}</q>"))


def translations_view(tables, caption="One demand, three English versions"):
    """North Korea's first demand (withdraw the sanctions resolutions) in its three English
    versions side by side, whose wording each is (the outlet that printed it; neither article
    says whose translation it printed), the words that differ, and every answer it got.

    >>> from korea_kit import load_tables
    >>> lines = translations_view(load_tables()).text.splitlines()
    >>> print(lines[3][:70])
    - as printed by IBTimes (International Business Times (IBTimes)): “The
    """
    notes, esc = SourceNotes(tables, marks=True), html.escape
    demand_id = _demand(tables)
    demand = tables.record("demands", demand_id)
    by, of = _actor_names(tables, demand["by_id"]), _actor_names(tables, demand["of_ids"])
    asked = (f"The demand ({by}, {format_date(demand['made_on'])}, to the {of}): {demand['demand']} "
             f"{notes.refs([('demands', demand_id)])}")
    answered = [(a, [("answers", a["answer_id"])] + ([("quotes", a["quote_id"])] if cell_text(a["quote_id"]) else []))
                for _, a in answers_to(tables, demand_id).iterrows()]
    answer = ("The answers: " + " / ".join(f"{answer_line(tables, a)} {notes.refs(refs)}" for a, refs in answered)
              if answered else "No answer is reported.")
    quotes = _first_step_quotes(tables)
    publishers = tables.indexed("sources")["publisher"]
    rows, lines = [], [caption, asked, answer]
    for _, q in quotes.iterrows():
        refs = notes.refs([("quotes", q["quote_id"])])
        rows.append(Row([Cell(str(q["version"])), Cell(str(publishers[q["source_id"]])), _quoted(str(q["text"])),
                         Cell(refs)]))
        lines.append(f"- {q['version']} ({publishers[q['source_id']]}): “{q['text']}” {refs}")
    texts = dict(zip(quotes["quote_id"], quotes["text"]))
    order = list(quotes["quote_id"])
    diff_rows = []
    lines.append("Words that differ:")
    for aspect, phrases in first_step_phrases(tables):
        for quote_id, words in phrases.items():
            if words not in str(texts.get(quote_id, "")):
                raise ValueError(f"{words!r} is not in the words of quote {quote_id!r}")
        diff_rows.append(Row([Cell(aspect), *(_quoted(phrases[i]) for i in order)]))
        lines.append(f"- {aspect}: " + " / ".join(f"“{phrases[i]}”" for i in order))
    versions = [str(v) for v in quotes["version"]]
    body = (f"<p>{esc(asked)}<br>{esc(answer)}</p>"
            + render_html(Table(caption, ["Whose wording", "Published by", "The words", "Sources"], rows))
            + render_html(Table("The words that differ", ["", *versions], diff_rows)))
    return HTMLView(body + notes.html(), "\n".join(lines + notes.text()))


def rt_check_view(tables, caption="The RT article's account of February and March, checked"):
    """RT's sentences on the test, the 'third round' of sanctions and the war games, each
    beside the kit's note and the dated events of the record, with numbered sources.

    >>> from korea_kit import load_tables
    >>> text = rt_check_view(load_tables()).text
    >>> "4. 7 March 2013: Resolution 2094" in text
    True
    """
    notes = SourceNotes(tables, marks=True)
    citations = tables.indexed("citations")
    rows, lines = [], [caption]
    for citation_id, event_ids in rt_checks(tables):
        c = citations.loc[citation_id]
        item = next(i for i in cite(tables, c["table"], c["record_id"]).items if i["quote"] == c["quote"])
        said = f"“{c['quote']}” {notes.items([item])}"
        events = tables.events[tables.events["event_id"].isin(event_ids)].sort_values(["date", "event_id"])
        record = [f"{event_dates(e)}: {e['title']} {notes.refs([('events', e['event_id'])])}"
                  for _, e in events.iterrows()]
        rows.append(Row([Cell(said), Cell(cell_text(c["note"])), Cell(" / ".join(record), html_list(record))]))
        lines += [f"- RT says: {said}", f"  The kit's note: {cell_text(c['note'])}", "  The record:",
                  *(f"  {n}. {r}" for n, r in enumerate(record, 1))]
    body = render_html(Table(caption, ["RT says", "What the record shows", "The record, in date order"], rows))
    return HTMLView(body + notes.html(), "\n".join(lines + notes.text()))


def _lesson_refs(tables):
    demand_id, paired = _demand(tables), triggers(tables)
    refs = [("events", e) for e in chart_events(tables)] + [("events", e) for _, ids in rt_checks(tables) for e in ids]
    refs += [("events", e) for e in why_events(tables)]
    refs += [("glossary", t) for t in _terms(tables)] + [("demands", demand_id)]
    refs += [("figures", f) for r in paired for f in _figures_of(tables, r)["figure_id"]]
    refs += [("measures", m) for r in paired for m in _measures_of(tables, r)["measure_id"]]
    refs += [("quotes", q) for q in _first_step_quotes(tables)["quote_id"]]
    for _, a in answers_to(tables, demand_id).iterrows():
        refs += [("answers", a["answer_id"])] + ([("quotes", a["quote_id"])] if cell_text(a["quote_id"]) else [])
    return refs


def lesson_sources_view(tables, caption="The sources of this lesson"):
    """The sources of every record this lesson shows, as :func:`~korea_kit.sources_view` lists them.

    >>> from korea_kit import load_tables
    >>> print(lesson_sources_view(load_tables()).text.splitlines()[1])
    1. International Business Times, report on North Korea's preconditions for talks, 18 or 19 April 2013 (text in seeds/000_7c6f41b99dd818c6.txt) [IBTimes]. Used for: 3 events, 1 term, 1 demand, 1 quote.
    """
    return sources_used_view(tables, _lesson_refs(tables), caption)


# --- the widget ------------------------------------------------------------------

class ResolutionStepper(ChartPanel):
    """Step through the sanctions resolutions: the chart highlights the chosen one and the
    test or launch it answered; a panel tells its story with numbered sources.

    Attributes
    ----------
    choice : ipywidgets.ToggleButtons
        One button a resolution, in date order; its value is the resolution's event id.
    image : ipywidgets.Image
        The chart (:func:`resolutions_chart`) as PNG.
    description : ipywidgets.HTML
        The chart's description (its alt text) and sources.
    panel : ipywidgets.HTML
        :func:`resolution_view` of the chosen resolution.
    """

    static_class = "kk-resolution-stepper"

    def __init__(self, tables, value=None, *, width=10.0, **kwargs):
        import ipywidgets as widgets

        self._tables, self._width = tables, width
        ids = resolution_ids(tables)
        value = ids[0] if value is None else value
        _check_resolution(tables, value)
        titles = tables.indexed("events")["title"]
        self.choice = widgets.ToggleButtons(options=[(str(titles[i]), i) for i in ids], value=value,
                                            style={"button_width": "auto"},
                                            tooltips=[f"Highlight {titles[i]}" for i in ids])
        super().__init__([self.choice], STEPPER_HINT, **kwargs)
        self.add_class("kk-resolution-stepper")
        self.access.name(self.choice, "Resolution")

    def views(self):
        """The chart and the panel for the chosen resolution."""
        return self.chart(), self.view()

    def first_views(self):
        """The first resolution's views, its chart drawn once as a figure the widget keeps (see
        :meth:`quick_views`)."""
        self._pairs, self._caption = _pairs(self._tables), _chart_caption(self._tables)
        self._quick = drawing.resolutions_highlights(self._pairs, self.choice.value, width=self._width)
        return self._quick_chart(), self.view(), self._quick.png_bytes()

    def quick_views(self):
        """The views of the chosen resolution, the chart redrawn only where the highlight changes it."""
        self._quick.show(self.choice.value)
        return self._quick.png_bytes(), self._quick_chart(), self.view()

    def _quick_chart(self):
        description = drawing.describe_resolutions(self._pairs, self.choice.value)
        return drawing.Chart(self._quick.figure, description, self._caption)

    def chart(self):
        """The chart for the chosen resolution."""
        return resolutions_chart(self._tables, self.choice.value, width=self._width)

    def view(self):
        """The panel for the chosen resolution."""
        return resolution_view(self._tables, self.choice.value)


def resolution_stepper(tables, **kwargs):
    """A :class:`ResolutionStepper` of the kit's four resolutions, the first one chosen.

    >>> from korea_kit import load_tables
    >>> stepper = resolution_stepper(load_tables())
    >>> stepper.choice.value = "resolution-2094"
    >>> "Inspections of cargo." in stepper.panel.value
    True
    """
    return ResolutionStepper(tables, **kwargs)

