"""The chart of lesson 03: the drills of spring 2013 on a calendar, with the escalation around them.

:func:`calendar_figure` is the kit's timeline
(:func:`~korea_kit.charts.timeline.timeline_figure`) of the events the lesson
picks, over its window, with a title of its own and, for one day, a shaded
column; :func:`describe_calendar` is its alt text and :func:`calendar_chart`
the two together as a :class:`~korea_kit.charts.style.Chart`. Which events,
which window and which state they are narrowed to are the lesson's choice
(:mod:`korea_kit.lessons.drills`); this module only draws them.

>>> from korea_kit import load_tables
>>> events = load_tables().events
>>> drills = events[events["event_id"].isin(["foal-eagle-2013", "key-resolve-2013"])]
>>> chart = calendar_chart(drills, "2013-03-01", "2013-04-30", "2013-03-15")
>>> chart.figure.get_suptitle()
'Drills and escalation, March–April 2013'
>>> print(chart.description[chart.description.index("A shaded"):])
A shaded column marks 15 March 2013; under way that day: “Foal Eagle field exercise” and “Key Resolve
command-post exercise”.
"""
from __future__ import annotations

import pandas as pd
from matplotlib import dates as mdates

from korea_kit.charts.style import INK, LABEL_PT, TITLE_PT, Chart, QuickRedraw, plain_text, set_title, width_pt
from korea_kit.charts.timeline import describe_timeline, filter_events, timeline_figure
from korea_kit.dates import format_date, month_name
from korea_kit.text import day_label, quoted_titles

__all__ = ["calendar_figure", "describe_calendar", "calendar_chart", "move_day"]


def _months(start, end):
    """``March–April 2013``."""
    return f"{month_name(pd.Timestamp(start))}–{format_date(pd.Timestamp(end), 'month')}"


def _title(fig, start, end, state):
    """The chart's title: the longest of its forms that fits the figure's width on one line."""
    months = _months(start, end)
    forms = [f"Drills and escalation, {months}", f"Drills, {months}"]
    if state is not None:
        name, phrase = state
        forms = [f"{forms[0]}: events involving {phrase}", f"{forms[1]}: {name}"]
    room = (fig.get_size_inches()[0] - 0.4) * 72
    renderer = fig.canvas.get_renderer()
    return next((t for t in forms if width_pt(renderer, t, TITLE_PT, "bold") <= room), forms[-1])


@plain_text
def calendar_figure(events, start, end, day=None, *, state=None, width=10.0):
    """The calendar as a figure: :func:`~korea_kit.charts.timeline.timeline_figure` of ``events``
    from ``start`` to ``end``.

    The exercises are bars, the other events marks, one lane per topic.
    ``state`` is None, or the state the events were narrowed to, as ``(its
    name, its name in a sentence)``: ``("United States", "the United
    States")``; the title names it. A ``day`` is shaded as a column with
    dashed edges (gid ``today``) and named above the chart (gid ``today-label``).
    """
    fig = timeline_figure(events, None, start, end, width=width)
    set_title(fig, _title(fig, start, end, state), fig.get_size_inches()[1])
    if day is not None and fig.axes:
        day, ax = pd.Timestamp(day).normalize(), fig.axes[0]
        x0 = mdates.date2num(day)
        ax.axvspan(x0, x0 + 1, facecolor="#d9d9d9", edgecolor=INK, linestyle="--",
                   linewidth=0.9, zorder=1, gid="today")
        ax.annotate(day_label(day, False), (x0 + 0.5, 1), xycoords=("data", "axes fraction"),
                    xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                    fontsize=LABEL_PT, fontweight="bold", color=INK, gid="today-label")
    return fig


def describe_calendar(events, start, end, day=None, *, state=None, likely=()):
    """Alt text for :func:`calendar_figure` with the same arguments: one paragraph.

    ``likely`` are the ids of the events that rest in part on a reference
    graded ``likely`` rather than verified; the description names them.
    """
    text = [f"Calendar of the drills and the escalation around them, {_months(start, end)}."]
    if state is not None:
        text.append(f"It shows only the events involving {state[1]}.")
    text.append(describe_timeline(events, None, start, end))
    titles = dict(zip(events["event_id"], events["title"]))
    likely = list(likely)
    if likely:
        some = "One event rests" if len(likely) == 1 else f"{len(likely)} events rest"
        text.append(f"{some} in part on reports graded likely rather than verified: "
                    f"{quoted_titles(titles[i] for i in likely)}; the sources say which part.")
    if day is not None:
        day = pd.Timestamp(day).normalize()
        now = filter_events(events, start=day, end=day)["title"]
        what = f"under way that day: {quoted_titles(now)}" if len(now) else "nothing shown was under way that day"
        text.append(f"A shaded column marks {format_date(day)}; {what}.")
    return " ".join(text)


def calendar_chart(events, start, end, day=None, caption=None, *, state=None, likely=(), width=10.0):
    """:func:`calendar_figure` and :func:`describe_calendar` together, as a :class:`~korea_kit.charts.style.Chart`."""
    return Chart(calendar_figure(events, start, end, day, state=state, width=width),
                 describe_calendar(events, start, end, day, state=state, likely=likely), caption)


def move_day(quick: QuickRedraw, day) -> None:
    """Shade another ``day`` in a calendar (of :func:`calendar_figure`, drawn with a day) kept by a
    :class:`~korea_kit.charts.style.QuickRedraw`: the column and its name move, and only they are drawn again.

    >>> from korea_kit.charts.timeline import _demo_events
    >>> quick = QuickRedraw(calendar_figure(_demo_events(), "2013-04-01", "2013-04-30", "2013-04-09"))
    >>> move_day(quick, "2013-04-18")
    >>> quick.png_bytes() == Chart(calendar_figure(_demo_events(), "2013-04-01", "2013-04-30", "2013-04-18"),
    ...                            "").png_bytes()
    True
    """
    day, ax = pd.Timestamp(day).normalize(), quick.figure.axes[0]
    column = next(p for p in ax.patches if p.get_gid() == "today")
    name = next(t for t in ax.texts if t.get_gid() == "today-label")
    x0 = mdates.date2num(day)

    def move():
        column.set_x(x0)
        name.xy = (x0 + 0.5, 1)
        name.set_text(day_label(day, False))

    quick.change([column, name], move)
