"""The timeline of lesson 01: sixty years of background, from the armistice of 1953 to April 2013.

The events are few before 2003 and many after 2012, so the chart is drawn as a
column of rows, one per event and evenly spaced, each joined by a thin line to
its place on a time axis at the left. The axis is linear in time, except that
the years with no event shown between the first event and 2003 are cut out
(a break in the axis says so). Each row gives the event's date, its title and
its source mark (``[1]``, ``[2]`` …, explained in the chart's caption by the
lesson); one row can be highlighted.

:func:`background_figure` draws it from plain rows (the lesson picks them),
:func:`describe_background` writes its alt text and :func:`background_chart`
returns the two as a :class:`~korea_kit.charts.style.Chart`.

>>> rows = _demo_rows()
>>> fig = background_figure(rows, highlight="six-party-statement-2005")
>>> [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "row:six-party-statement-2005"]
['19 Sep 2005  Six-Party joint statement [2]']
>>> print(describe_background(rows, highlight="six-party-statement-2005"))  # doctest: +NORMALIZE_WHITESPACE
Timeline of 3 events, one row each, from 27 July 1953 to 14 April 2009; the years 1954 to 2002 are cut from
the time axis. The first is “Korean War armistice signed” (27 July 1953), the last “North quits the Six-Party
Talks” (14 April 2009). A marker's shape and colour give its topic: Diplomacy (3). Highlighted: “Six-Party
joint statement”, 19 September 2005.
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from korea_kit.charts.style import (
    INK, TOPIC_COLOURS, TOPIC_LABELS, TOPIC_MARKERS, TOPICS, Chart, Highlights, new_figure, plain_text, set_title,
    width_pt,
)
from korea_kit.dates import format_date, month_name

__all__ = ["ROW_PT", "BREAK_YEAR", "TimelineRow", "date_label", "background_figure", "background_highlights",
           "describe_background", "background_chart"]

#: Font size of the rows and the axis, in points (at least 11 at the size the chart is shown).
ROW_PT = 11.0
#: The first year of the axis's second part: the years between the first event and this one are cut.
BREAK_YEAR = 2003

_ROW_IN = 0.3        # height of one row
_AXIS_IN = 1.05      # the time axis, from the left edge
_TEXT_IN = 2.0       # the rows' text, from the left edge
_HIGHLIGHT = "#fff3b0"
_GREY = "#777777"


@dataclasses.dataclass(frozen=True)
class TimelineRow:
    """One event of the chart: its id, day (a Timestamp), how precise the day is (``day``, ``month``,
    ``year``), topic, title and source mark (``[1]``)."""

    event_id: str
    date: pd.Timestamp
    precision: str
    topic: str
    title: str
    mark: str


def date_label(date, precision="day") -> str:
    """A row's date, short: ``27 Jul 1953``, ``Aug 2003`` or ``2004``, in English whatever the locale.

    >>> date_label(pd.Timestamp("1953-07-27")), date_label(pd.Timestamp("2003-08-01"), "month")
    ('27 Jul 1953', 'Aug 2003')
    """
    date = pd.Timestamp(date)
    if precision == "year":
        return str(date.year)
    month = month_name(date, short=True)
    return f"{month} {date.year}" if precision == "month" else f"{date.day} {month} {date.year}"


def _years(rows):
    """The axis's two parts as (first, last) in fractional years: the first event's year alone, then
    :data:`BREAK_YEAR` to the end of the last event's month (one part if nothing is cut)."""
    def frac(day):
        day = pd.Timestamp(day)
        return day.year + (day.day_of_year - 1) / (366 if day.is_leap_year else 365)

    first, last = rows[0].date, rows[-1].date
    end = frac(last + pd.offsets.MonthBegin(1))
    early = [r for r in rows if r.date.year < BREAK_YEAR]
    if early and first.year + 1 < BREAK_YEAR and all(r.date.year == first.year for r in early):
        return frac, [(float(first.year), first.year + 1.0), (float(BREAK_YEAR), end)]
    return frac, [(float(first.year), end)]


def _axis_y(rows, top, bottom):
    """A function from a day to the axis's height (inches from the bottom), and the axis's parts."""
    frac, parts = _years(rows)
    gap = 0.35 if len(parts) == 2 else 0.0
    span = sum(b - a for a, b in parts)
    per_year = (top - bottom - gap) / span

    def y(day):
        t, at = frac(day), top
        for i, (a, b) in enumerate(parts):
            if t <= b or i == len(parts) - 1:
                return at - (min(max(t, a), b) - a) * per_year
            at -= (b - a) * per_year + gap
        return at

    return y, parts, per_year, gap


def _legend(ax, rows, y, width):
    """One line under the title: the marker of each topic shown, and its name (hollow: known to the month)."""
    x = _TEXT_IN
    topics = list(dict.fromkeys(r.topic for r in rows))
    for topic in TOPICS if set(topics) <= set(TOPICS) else topics:
        if topic not in topics:
            continue
        ax.plot([x], [y], linestyle="none", marker=TOPIC_MARKERS.get(topic, "o"), markersize=7,
                markerfacecolor=TOPIC_COLOURS.get(topic, "#999999"), markeredgecolor=INK, markeredgewidth=0.8,
                gid=f"legend:{topic}")
        label = ax.text(x + 0.12, y, TOPIC_LABELS.get(topic, topic), ha="left", va="center", fontsize=ROW_PT,
                        color=INK, gid=f"legend-label:{topic}")
        x += 0.12 + width_pt(ax.figure.canvas.get_renderer(), label.get_text(), ROW_PT) / 72 + 0.3
    ax.text(_AXIS_IN - 0.12, y, "Topics:", ha="right", va="center", fontsize=ROW_PT, color=INK, gid="legend-title")


def _rows(rows):
    return sorted(rows, key=lambda r: (r.date, r.event_id))


@plain_text
def background_figure(rows, highlight=None, title="From the armistice to April 2013", *, width=7.8):
    """Draw the rows (:class:`TimelineRow`) as a column joined to a time axis; ``highlight`` is an event id.

    Artists carry ids: ``row:<event_id>`` (its text), ``marker:<event_id>``, ``link:<event_id>``,
    ``highlight`` (the band behind the highlighted row), ``axis`` and ``axis-break``.
    """
    return _background(rows, highlight, title, width, variants=False)[0]


def background_highlights(rows, highlight, title="From the armistice to April 2013", *, width=7.8) -> Highlights:
    """The timeline with ``highlight`` chosen, as a :class:`~korea_kit.charts.style.Highlights` that a widget
    switches to another event quickly: its figure holds every row twice, plain and highlighted, one of the
    two shown; the picture is that of :func:`background_figure` for the event highlighted.

    >>> quick = background_highlights(_demo_rows(), "armistice-1953")
    >>> quick.show("six-party-quit-2009")
    >>> quick.png_bytes() == Chart(background_figure(_demo_rows(), "six-party-quit-2009"), "").png_bytes()
    True
    """
    fig, shown, hidden = _background(rows, highlight, title, width, variants=True)
    return Highlights(fig, shown, hidden, highlight)


@plain_text
def _background(rows, highlight, title, width, variants):
    """:func:`background_figure`; with ``variants``, every row both plain and highlighted, and
    ``(figure, {id: its highlighted artists}, {id: its plain artists})``."""
    rows = _rows(rows)
    if not rows:
        raise ValueError("no events to draw")
    top_in, bottom_in = 1.05, 0.25
    height = top_in + bottom_in + _ROW_IN * len(rows)
    fig = new_figure(width, height)
    ax = fig.add_axes((0, 0, 1, 1), gid="timeline")
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    set_title(fig, title, height)
    _legend(ax, rows, height - 0.62, width)
    top, bottom = height - top_in, bottom_in
    row_y = [top - _ROW_IN * (i + 0.5) for i in range(len(rows))]
    y, parts, per_year, gap = _axis_y(rows, row_y[0], row_y[-1])
    at = row_y[0]
    for i, (a, b) in enumerate(parts):  # the axis, its year ticks, and the break between its parts
        length = (b - a) * per_year
        ax.plot([_AXIS_IN, _AXIS_IN], [at, at - length], color=INK, linewidth=1.6, gid="axis", zorder=2)
        for year in range(int(a), int(b) + 1):
            if a <= year <= b and (year == int(a) or (len(parts) - i == 1 and (year % 2 == 1 or year == int(b)))):
                ty = at - (year - a) * per_year
                ax.plot([_AXIS_IN - 0.07, _AXIS_IN], [ty, ty], color=INK, linewidth=1.0, zorder=2)
                ax.text(_AXIS_IN - 0.12, ty, str(year), ha="right", va="center", fontsize=ROW_PT, color=INK)
        at -= length + gap
        if i < len(parts) - 1:
            ax.text(_AXIS_IN, at + gap / 2, "≈", ha="center", va="center", fontsize=ROW_PT + 3, color=INK,
                    gid="axis-break")
    shown, hidden = {}, {}
    for row, ry in zip(rows, row_y):
        colour = TOPIC_COLOURS.get(row.topic, "#999999")
        ey = y(row.date)
        exact = row.precision == "day"
        for is_it in ([False, True] if variants else [row.event_id == highlight]):
            drawn = []
            if is_it:
                drawn.append(ax.axhspan(ry - _ROW_IN / 2, ry + _ROW_IN / 2, xmin=(_TEXT_IN - 0.1) / width, xmax=1,
                                        color=_HIGHLIGHT, zorder=0, gid="highlight"))
            drawn += ax.plot([_AXIS_IN, _AXIS_IN + 0.35, _TEXT_IN - 0.25, _TEXT_IN - 0.12], [ey, ey, ry, ry],
                             color=INK if is_it else _GREY, linewidth=1.4 if is_it else 0.6, zorder=1,
                             gid=f"link:{row.event_id}")
            drawn += ax.plot([_AXIS_IN], [ey], linestyle="none", marker=TOPIC_MARKERS.get(row.topic, "o"),
                             markersize=9 if is_it else 6, markerfacecolor=colour if exact else "white",
                             markeredgecolor=INK, markeredgewidth=0.8, zorder=3, gid=f"marker:{row.event_id}")
            drawn.append(ax.text(_TEXT_IN, ry, f"{date_label(row.date, row.precision)}  {row.title} {row.mark}".rstrip(),
                                 ha="left", va="center", fontsize=ROW_PT, color=INK,
                                 fontweight="bold" if is_it else "normal", zorder=4, gid=f"row:{row.event_id}"))
            (shown if is_it else hidden)[row.event_id] = drawn
    return fig, shown, hidden


def describe_background(rows, highlight=None) -> str:
    """Alt text for :func:`background_figure` with the same rows and highlight: one paragraph."""
    rows = _rows(rows)
    if not rows:
        return "Timeline with no events."
    _, parts = _years(rows)

    def when(r):
        return format_date(r.date, r.precision)

    first, last = rows[0], rows[-1]
    text = [f"Timeline of {len(rows)} events, one row each, from {when(first)} to {when(last)}"
            + (f"; the years {int(parts[0][1])} to {BREAK_YEAR - 1} are cut from the time axis." if len(parts) == 2
               else ".")]
    text.append(f"The first is “{first.title}” ({when(first)}), the last “{last.title}” ({when(last)}).")
    chosen = [r for r in rows if r.event_id == highlight]
    topics = list(dict.fromkeys(r.topic for r in rows))
    text.append("A marker's shape and colour give its topic: "
                + ", ".join(f"{TOPIC_LABELS.get(t, t)} ({sum(r.topic == t for r in rows)})" for t in topics) + ".")
    if chosen:
        text.append(f"Highlighted: “{chosen[0].title}”, {when(chosen[0])}.")
    return " ".join(text)


def background_chart(rows, highlight=None, caption=None, *, width=7.8) -> Chart:
    """:func:`background_figure` and :func:`describe_background` together, as a :class:`~korea_kit.charts.style.Chart`.

    >>> chart = background_chart(_demo_rows(), caption="Demo")
    >>> chart.png_bytes()[:4], chart.caption
    (b'\\x89PNG', 'Demo')
    """
    return Chart(background_figure(rows, highlight, width=width), describe_background(rows, highlight), caption)


def _demo_rows():
    """Three rows as the lesson gives them (marks made up)."""
    return [TimelineRow("armistice-1953", pd.Timestamp("1953-07-27"), "day", "diplomacy",
                        "Korean War armistice signed", "[1]"),
            TimelineRow("six-party-statement-2005", pd.Timestamp("2005-09-19"), "day", "diplomacy",
                        "Six-Party joint statement", "[2]"),
            TimelineRow("six-party-quit-2009", pd.Timestamp("2009-04-14"), "day", "diplomacy",
                        "North quits the Six-Party Talks", "[2]")]
