"""Lesson 01, UN sanctions on North Korea, 2006–2013: a chart, views and a widget.

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
  they answered on a 2006–2013 timeline, one resolution highlighted or none;
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
from matplotlib import dates as mdates
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from korea_kit.charts.style import plain_text, INK, LABEL_PT, LANE_PT, TICK_PT, TOPIC_COLOURS, TOPIC_MARKERS, Chart, new_figure, set_title, width_pt
from korea_kit.data.tables import parse_refs, selection
from korea_kit.dates import format_date, month_name
from korea_kit.data.sources import cite, sources_line
from korea_kit.render.records import answers_to, answer_line
from korea_kit.render.table import Cell, Row, Table, html_list, render_html, table_view
from korea_kit.render.views import HTMLView, SourceNotes, event_dates, sources_used_view
from korea_kit.widgets.panels import ChartPanel
from korea_kit.text import cell_text, day_label

__all__ = [
    "LESSON",
    "triggers",
    "STEPPER_HINT",
    "first_step_phrases",
    "rt_checks",
    "resolution_ids",
    "chart_events",
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
LESSON = "01-sanctions"

#: Shown under the widget's static rendering, where its buttons cannot work.
STEPPER_HINT = "Run this notebook in JupyterLab to step through the four resolutions."


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


_GREY = "#6b6b6b"
_SEP_PT = 6.0             # least space between two labels in a row
_LABEL_OFFSET_PT = 11.0   # from a lane to its first row of labels
_LABEL_ROW_PT = 26.0      # one row of two-line labels
_LANE_IN = 0.8            # from one lane to the other, in inches
_WEAPONS_Y, _SANCTIONS_Y = 1.0, 0.0
_LANE_NAMES = {_WEAPONS_Y: "Tests and\nlaunches", _SANCTIONS_Y: "UN\nresolutions"}


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


def _precision(event):
    return str(event["date_precision"])


def _when(event):
    """``12 February 2013``, or ``2006`` for a date known only to the year."""
    return format_date(event["date"], _precision(event))


def _lower_first(text):
    return text[:1].lower() + text[1:]


def _days_between(trigger, resolution):
    """Days from a trigger to its resolution, or None when the trigger's day is not known."""
    if _precision(trigger) != "day":
        return None
    return int((resolution["date"] - trigger["date"]).days)


def _ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


# --- the chart -----------------------------------------------------------------

def _extent(event):
    """First day of an event and the day after its last, as far as its date is known."""
    start, precision = event["date"], _precision(event)
    step = {"year": pd.DateOffset(years=1), "month": pd.DateOffset(months=1)}.get(precision, pd.Timedelta(days=1))
    return start, start + step


def _panels(pairs):
    """The events of ``(resolution, trigger)`` pairs in panels: one, or two split at the longest
    gap between pairs when it exceeds a year (a pair is never split, so its arrow stays in one panel)."""
    def first(pair):
        return min(_extent(e)[0] for e in pair)

    def last(pair):
        return max(_extent(e)[1] for e in pair)

    ordered = sorted(pairs, key=first)
    best, best_gap, reach = None, pd.Timedelta(days=365), last(ordered[0])
    for i, pair in enumerate(ordered[1:], 1):
        gap = first(pair) - reach
        if gap > best_gap:
            best, best_gap = i, gap
        reach = max(reach, last(pair))
    groups = [ordered] if best is None else [ordered[:best], ordered[best:]]
    return [[e for pair in group for e in pair] for group in groups]


def _window(events):
    start = min(_extent(e)[0] for e in events)
    end = max(_extent(e)[1] for e in events)
    pad = max((end - start) * 0.2, pd.Timedelta(days=12))
    return start - pad, end + pad


def _by_year(start, end):
    return (end - start).days > 2 * 365


def _panel_title(events):
    first, last = min(e["date"] for e in events), max(e["date"] for e in events)
    if _by_year(*_window(events)):
        return f"{first.year}–{last.year}, one tick a year"
    return f"{format_date(first, 'month')} – {format_date(last, 'month')}, one tick a month"


def _month_year(x, pos=None) -> str:
    """A tick label: ``Mar 2013``, in English whatever the locale."""
    day = mdates.num2date(x)
    return f"{month_name(day, short=True)} {day.year}"


def _axis(ax, start, end):
    if _by_year(start, end):
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(lambda x, pos=None: str(mdates.num2date(x).year))
    else:
        ax.xaxis.set_major_locator(mdates.MonthLocator())
        ax.xaxis.set_major_formatter(_month_year)
    ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
    ax.tick_params(axis="x", labelsize=TICK_PT, colors=INK, length=5)
    ax.tick_params(axis="y", length=0, labelsize=LANE_PT, colors=INK)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for name in ("left", "right", "top"):
        ax.spines[name].set_visible(False)
    for y in (_WEAPONS_Y, _SANCTIONS_Y):
        ax.axhline(y, color="#cccccc", linewidth=0.8, zorder=0)


def _label_place(renderer, text, bold, x_pt, axes_pt, taken):
    """Where a label goes: ``(ha, x shift, row)``, centred on its mark unless that would run
    off an edge of the axes, in the first row (away from the lane) where it meets no other label.

    ``taken`` lists the ``(left, right, row)`` extents, in points, of the labels already placed
    in the same lane; the new one is added to it.
    """
    width = max(width_pt(renderer, line, weight="bold" if bold else "normal") for line in text.splitlines())
    if x_pt - width / 2 < 0:
        ha, shift, left = "left", -min(x_pt, 4.0), x_pt - min(x_pt, 4.0)
    elif x_pt + width / 2 > axes_pt:
        ha, shift = "right", min(axes_pt - x_pt, 4.0)
        left = x_pt + shift - width
    else:
        ha, shift, left = "center", 0.0, x_pt - width / 2
    right = left + width
    row = 0
    while any(r == row and left < b + _SEP_PT and a < right + _SEP_PT for a, b, r in taken):
        row += 1
    taken.append((left, right, row))
    return ha, shift, row


def _draw_event(ax, renderer, event, y, on, axes_pt, taken):
    """One event: a marker on its day, or a band over a year or month; its label beside it."""
    topic = str(event["topic"])
    colour, alpha = TOPIC_COLOURS[topic], 1.0 if on else 0.3
    start, stop = (mdates.date2num(d) for d in _extent(event))
    x0, x1 = ax.get_xlim()
    if _precision(event) == "day":
        x = start + 0.5
        ax.plot([x], [y], linestyle="none", marker=TOPIC_MARKERS[topic], markersize=10 if on else 8,
                markerfacecolor=colour, markeredgecolor=INK, markeredgewidth=0.8, alpha=alpha, zorder=3,
                gid=f"marker:{event['event_id']}")
        day = event["date"]
        when = day_label(day, True)
    else:
        x = (start + stop) / 2
        ax.barh(y, stop - start, left=start, height=0.34, color=to_rgba(colour, 0.18 if on else 0.06),
                edgecolor=to_rgba(INK, alpha), hatch="///", linewidth=0.8, zorder=2,
                gid=f"band:{event['event_id']}")
        when = f"{_when(event)} (year only)" if _precision(event) == "year" else _when(event)
    text = f"{event['title']}\n{when}"
    ha, shift, row = _label_place(renderer, text, on, (x - x0) / (x1 - x0) * axes_pt, axes_pt, taken)
    up = y == _WEAPONS_Y
    rise = _LABEL_OFFSET_PT + row * _LABEL_ROW_PT
    ax.annotate(text, (x, y), xytext=(shift, rise if up else -rise), textcoords="offset points", ha=ha,
                va="bottom" if up else "top", fontsize=LABEL_PT, linespacing=1.15,
                fontweight="bold" if on else "normal", color=INK if on else _GREY, zorder=4,
                annotation_clip=False, parse_math=False, gid=f"label:{event['event_id']}")
    return x


@plain_text
def resolutions_figure(tables, highlight=None, *, width=10.0):
    """The sanctions resolutions and the tests and launches they answered, on a timeline.

    Two lanes: tests and launches above, resolutions below, an arrow from
    each trigger down to its resolution. Every event of the kit's data is
    dated to the day and drawn as a marker; an event dated only to its year
    would be a hatched band over that year (with its own legend entry), never
    a made-up day. When the events fall
    in two clusters far apart (2006–2009 and December 2012 – March 2013), the
    time axis is broken in two panels, each with its own scale. With
    ``highlight`` (a resolution's event id), that resolution and its trigger
    are drawn bold and the others faded. Artists carry ids: ``marker:``,
    ``band:``, ``label:`` + event id, ``arrow:`` + resolution id.

    >>> from korea_kit import load_tables
    >>> fig = resolutions_figure(load_tables(), highlight="resolution-2094")
    >>> [ax.get_title() for ax in fig.axes]
    ['2006–2009, one tick a year', 'December 2012 – March 2013, one tick a month']
    """
    if highlight is not None:
        _check_resolution(tables, highlight)
    pairs = _pairs(tables)
    panels = _panels(pairs)
    left_in, right_in, gap_in, top_in, bottom_in = 1.05, 0.3, 0.45, 0.75, 0.8
    fig = new_figure(width, 4.0)
    renderer = fig.canvas.get_renderer()
    axes_w = (width - left_in - right_in - gap_in * (len(panels) - 1)) / len(panels)
    panel_of, axes = {}, []
    for i, panel in enumerate(panels):
        ax = fig.add_axes((0, 0, 1, 1))  # placed below, once the labels' rows are known
        _axis(ax, *_window(panel))
        ax.set_title(_panel_title(panel), fontsize=TICK_PT, color=INK, pad=4)
        ax.set_yticks(list(_LANE_NAMES), list(_LANE_NAMES.values()) if i == 0 else [])
        axes.append(ax)
        panel_of.update({e["event_id"]: ax for e in panel})
    for ax, nxt in zip(axes, axes[1:]):  # the break: two slashes on each side of the gap
        for a, x in ((ax, 1.0), (nxt, 0.0)):
            a.plot([x - 0.012, x + 0.012], [-0.03, 0.03], transform=a.transAxes, color=INK,
                   linewidth=1.0, clip_on=False, gid="break")
    taken = {}
    for resolution, trigger in pairs:
        on = highlight is None or resolution["event_id"] == highlight
        ax = panel_of[resolution["event_id"]]
        axes_pt = axes_w * 72
        x_res = _draw_event(ax, renderer, resolution, _SANCTIONS_Y, on, axes_pt,
                            taken.setdefault((id(ax), _SANCTIONS_Y), []))
        trig_ax = panel_of[trigger["event_id"]]
        x_trig = _draw_event(trig_ax, renderer, trigger, _WEAPONS_Y, on, axes_pt,
                             taken.setdefault((id(trig_ax), _WEAPONS_Y), []))
        if _precision(trigger) != "day":
            x_trig = x_res  # from the band straight down: the band holds the test's unknown day
        ax.annotate("", xy=(x_res, _SANCTIONS_Y + 0.16), xytext=(x_trig, _WEAPONS_Y - 0.2),
                    arrowprops=dict(arrowstyle="-|>", color=INK if on else "#bbbbbb",
                                    linewidth=1.6 if on else 1.0, shrinkA=0, shrinkB=0),
                    zorder=2, gid=f"arrow:{resolution['event_id']}")
    def room(lane):  # lane units from a lane to the far edge of its labels
        rows = max((r for (_, y), spans in taken.items() if y == lane for _, _, r in spans), default=0) + 1
        return (_LABEL_OFFSET_PT + rows * _LABEL_ROW_PT + 4) / 72 / _LANE_IN

    y_lo, y_hi = _SANCTIONS_Y - room(_SANCTIONS_Y), _WEAPONS_Y + room(_WEAPONS_Y)
    axes_h = (y_hi - y_lo) * _LANE_IN
    height = top_in + axes_h + bottom_in
    fig.set_size_inches(width, height)
    for i, ax in enumerate(axes):
        ax.set_ylim(y_lo, y_hi)
        ax.set_position(((left_in + i * (axes_w + gap_in)) / width, bottom_in / height,
                         axes_w / width, axes_h / height))
    set_title(fig, "UN sanctions on North Korea: four resolutions and what triggered them", height)
    vague = any(_precision(trigger) != "day" for _, trigger in pairs)
    handles = [
        Line2D([], [], linestyle="none", marker=TOPIC_MARKERS["weapons"], markersize=9,
               markerfacecolor=TOPIC_COLOURS["weapons"], markeredgecolor=INK,
               label="Test or launch (day known)" if vague else "Test or launch"),
        *([Patch(facecolor=to_rgba(TOPIC_COLOURS["weapons"], 0.18), edgecolor=INK, hatch="///",
                 label="Test known only to the year")] if vague else []),
        Line2D([], [], linestyle="none", marker=TOPIC_MARKERS["sanctions"], markersize=9,
               markerfacecolor=TOPIC_COLOURS["sanctions"], markeredgecolor=INK, label="UN sanctions resolution"),
        Line2D([], [], color=INK, linewidth=1.6, marker=">", markevery=[1], label="answered by"),
    ]
    legend = fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=LABEL_PT,
                        bbox_to_anchor=(0.5, 0.01))
    legend.set_gid("legend")
    return fig


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
    pairs = _pairs(tables)
    events = [e for pair in pairs for e in pair]
    first, last = min(e["date"] for e in events), max(e["date"] for e in events)
    text = [f"Timeline of the {len(pairs)} UN Security Council resolutions with sanctions on North Korea after a "
            f"nuclear test or launch, {first.year}–{last.year}, and the tests and launch they answered, in two lanes: "
            "tests and launches above, resolutions below, with an arrow from each to the resolution that answered it."]
    panels = _panels(pairs)
    if len(panels) > 1:
        text.append("The time axis is broken: " + " and ".join(
            f"{'the left part' if i == 0 else 'the right part'} shows {_panel_title(p).replace(', one tick a', ' by')}"
            for i, p in enumerate(panels)) + ".")
    vague = []
    for resolution, trigger in pairs:
        days = _days_between(trigger, resolution)
        line = (f"{resolution['title']}, on {_when(resolution)}, answered the "
                f"{_lower_first(str(trigger['title']))}")
        if days is None:
            line += f", dated only to {_when(trigger)}"
            vague.append(_when(trigger))
        else:
            line += f" of {_when(trigger)}, {days} days earlier"
        text.append(line + ".")
    if vague:
        text.append(f"The kit's sources give only the year of the tests of {' and '.join(vague)}, "
                    "so each is drawn as a hatched band across its year.")
    if highlight is not None:
        resolution, trigger = _event(tables, highlight), _event(tables, triggers(tables)[highlight])
        text.append(f"Highlighted: {resolution['title']} and the {_lower_first(str(trigger['title']))} it answered.")
    return " ".join(text)


def resolutions_chart(tables, highlight=None, *, width=10.0):
    """:func:`resolutions_figure` and :func:`describe_resolutions` as a :class:`~korea_kit.charts.Chart`,
    captioned with the sources of the events shown.

    >>> from korea_kit import load_tables
    >>> chart = resolutions_chart(load_tables())
    >>> chart.caption.startswith("Sources: International Business Times (IBTimes) | RT (rt.com) | ")
    True
    """
    return Chart(resolutions_figure(tables, highlight, width=width), describe_resolutions(tables, highlight),
                 caption=sources_line(tables, "events", chart_events(tables)))


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
    notes, esc = SourceNotes(tables), html.escape
    numbers = ", ".join(str(_event(tables, r)["title"]).split()[-1] for r in ids)
    years = f"{_event(tables, ids[0])['date'].year}–{_event(tables, ids[-1])['date'].year}"
    place = (f"{_ordinal(ids.index(resolution_id) + 1)} of the {len(ids)} resolutions with sanctions after a nuclear "
             f"test or launch, {years} ({numbers})")
    did = f"{resolution['summary']} {notes.refs([('events', resolution_id)])}"
    when_trigger = _when(trigger) + (" (the kit's sources give only the year)" if _precision(trigger) == "year" else "")
    cause = f"{trigger['title']}, {when_trigger}: {trigger['summary']} {notes.refs([('events', trigger['event_id'])])}"
    days = _days_between(trigger, resolution)
    gap = (f"{days} days, from {_when(trigger)} to {_when(resolution)}." if days is not None else
           f"The test is dated only to the year {_when(trigger)}, so the days between cannot be counted.")
    items = [("Place in the series", esc(place)), ("What the Council did", esc(did)),
             ("What triggered it", esc(cause)), ("Time between them", esc(gap))]
    lines = [f"{resolution['title']}: {_when(resolution)}", *(f"{t}: {d}" for t, d in
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
    body = (f'<section class="kk-resolution"><h4>{esc(str(resolution["title"]))}: {esc(_when(resolution))}</h4>'
            f"{_dl(items)}{notes.html()}</section>")
    return HTMLView(body, "\n".join(lines + notes.text()))


def council_view(tables, caption="The Security Council and its sanctions"):
    """The glossary's Security Council and sanctions resolution, and the one vote count the data gives.

    >>> from korea_kit import load_tables
    >>> print(council_view(load_tables()).text.splitlines()[1])
    - UNSC (United Nations Security Council): The UN body of 15 members that can impose sanctions binding on all UN members. [1]
    """
    notes, rows = SourceNotes(tables), []
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
    - Financial sanctions, on bulk cash and on links with banks. [1]
    """
    _check_resolution(tables, resolution_id)
    resolution = _event(tables, resolution_id)
    caption = caption or f"What {resolution['title']} ({_when(resolution)}) added"
    notes, rows = SourceNotes(tables), []
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
    notes, esc = SourceNotes(tables), html.escape
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
    notes = SourceNotes(tables)
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
    - International Business Times (IBTimes), 18 or 19 April 2013 [ibtimes-2013-04-18]
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

    def views(self):
        """The chart and the panel for the chosen resolution."""
        return self.chart(), self.view()

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

