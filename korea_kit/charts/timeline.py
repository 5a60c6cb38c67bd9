"""Timeline charts of events on the Korean Peninsula, with alt text.

Every function here is pure: it reads an events table and returns a new
value (a DataFrame, a :class:`matplotlib.figure.Figure`, a string or a
:class:`Chart`).  Nothing touches :mod:`matplotlib.pyplot`, ``rcParams``,
the backend or the warnings filters, so importing or using this module
leaves the notebook's global state alone.

An events table has the columns ``event_id``, ``date``, ``end_date`` (NaT
for one-day events), ``date_precision`` (``day``/``month``/``year``; day
if absent), ``topic`` and ``title``; ``_demo_events()`` builds a small one.

>>> chart = timeline_chart(_demo_events(), caption="Demo data")
>>> print(chart.description)  # doctest: +NORMALIZE_WHITESPACE
Timeline of events on the Korean Peninsula, February–April 2013, with one
lane per topic. It shows 4 events in 3 topics: Kaesong (2), Drills (1) and
Demands (1). The busiest topic is Kaesong, with 2 events. The first is “Foal
Eagle exercise”, on 1 March 2013; the last is “North lists conditions for
talks”, on 18 April 2013. “Foal Eagle exercise” ran from 1 March to 30 April
2013.
>>> chart  # a notebook shows the PNG, with the description as its alt text
Chart('Timeline of events on the Korean Peninsula, February–April 2013, ...')
"""
from __future__ import annotations

import pandas as pd
from matplotlib import dates as mdates
from matplotlib import ticker
from matplotlib.colors import to_rgba

from korea_kit.dates import format_date, format_range, month_name
from korea_kit.text import day_label, join_words, plural, quoted_titles
from korea_kit.charts.style import Chart, INK, LABEL_PT, LANE_PT, TICK_PT, TITLE_PT, TOPICS, TOPIC_COLOURS, TOPIC_LABELS, TOPIC_MARKERS, new_figure, plain_text, set_title, width_pt

__all__ = ["DEFAULT_START", "DEFAULT_END", "DAY_LABELS", "topic_order", "filter_events", "timeline_figure", "describe_timeline", "timeline_chart", "overview_timeline"]


DEFAULT_START, DEFAULT_END = "2013-02-01", "2013-04-30"
_MARKER_PT = 7.0                 # marker size
_HALF_PT = _MARKER_PT / 2 + 1    # half a marker, with a little air
_PAD_PT = 4.0                    # space between a marker or bar and its label
_SEP_PT = 6.0                    # least space between two labels in a row
_EDGE_PT = 8.0                   # space between the window's edges and the axes' edges
_ROW_IN = 0.25                   # height of one row of labels
_LANE_GAP = 0.5                  # space between lanes, in rows


# --- selecting events --------------------------------------------------------

def topic_order(events):
    """All valid topic names in lane order: those of :data:`TOPICS` in the order of the story, then
    any other of the table's categories (in their order), else of its values (sorted)."""
    col = events["topic"]
    if isinstance(col.dtype, pd.CategoricalDtype):
        categories = [str(t) for t in col.cat.categories]
        return [t for t in TOPICS if t in categories] + [t for t in categories if t not in TOPICS]
    return list(TOPICS) + sorted(set(col.dropna().astype(str)) - set(TOPICS))


def _check_topics(events, topics):
    """``topics`` as a list in lane order (None stays None: all topics)."""
    if topics is None:
        return None
    chosen = [topics] if isinstance(topics, str) else list(topics)
    valid = topic_order(events)
    for t in chosen:
        if t not in valid:
            raise ValueError(f"unknown topic {t!r}; choose from: {', '.join(valid)}")
    return [t for t in valid if t in chosen]


def _day(value):
    return None if value is None else pd.Timestamp(value).normalize()


def _ends(events):
    """The last day of each event (its date when it has no end date)."""
    return events["end_date"].fillna(events["date"])


def filter_events(events, topics=None, start=None, end=None):
    """Events in ``topics`` that overlap the window ``start``..``end``.

    ``topics`` is a topic name or a collection of them (None: all topics);
    ``start`` and ``end`` are inclusive dates (str or Timestamp; None: no
    limit).  An event that lasts several days is kept if any day of it falls
    in the window.  Rows keep their order, index and dtypes.

    >>> events = _demo_events()
    >>> list(filter_events(events, topics=["kaesong"]).event_id)
    ['kaesong-stay-away', 'kaesong-talks-offer']
    >>> list(filter_events(events, start="2013-04-10", end="2013-04-20").event_id)
    ['foal-eagle', 'kaesong-talks-offer', 'ndc-conditions']
    >>> filter_events(events, topics="nuclear")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown topic 'nuclear'; choose from: weapons, sanctions, drills, ...
    """
    chosen = _check_topics(events, topics)
    start, end = _day(start), _day(end)
    if start is not None and end is not None and start > end:
        raise ValueError(f"start ({start:%Y-%m-%d}) is after end ({end:%Y-%m-%d})")
    keep = pd.Series(True, index=events.index)
    if chosen is not None:
        keep &= events["topic"].astype(object).isin(chosen)
    if start is not None:
        keep &= _ends(events) >= start
    if end is not None:
        keep &= events["date"] < end + pd.Timedelta(days=1)
    return events.loc[keep].copy()


def _select(events, topics, start, end):
    """The events to show, by date, with the window (None: the events' own span)."""
    chosen = _check_topics(events, topics)
    pool = events if chosen is None else filter_events(events, chosen)
    if start is None:
        start = pool["date"].min() if len(pool) else DEFAULT_START
    if end is None:
        end = _ends(pool).max() if len(pool) else DEFAULT_END
    start, end = _day(start), _day(end)
    sel = filter_events(pool, None, start, end).sort_values(["date", "event_id"], kind="stable")
    return sel, chosen, start, end


# --- words -----------------------------------------------------------------

def _window_text(start, end):
    """``February–April 2013`` for whole months, else ``8–18 April 2013`` and so on."""
    same_month = (start.year, start.month) == (end.year, end.month)
    if start.day == 1 and end == end + pd.offsets.MonthEnd(0):
        if same_month:
            return format_date(end, "month")
        first = month_name(start) + ("" if start.year == end.year else f" {start.year}")
        return f"{first}–{format_date(end, 'month')}"
    if start == end:
        return format_date(end)
    return format_range(start, end, "–" if same_month else " – ")


# --- layout -----------------------------------------------------------------

def _title(renderer, start, end, width):
    """The chart's title, on two lines if one would not fit the figure."""
    title = f"Korean Peninsula, {_window_text(start, end)}: events by topic"
    if width_pt(renderer, title, TITLE_PT, "bold") > (width - 0.4) * 72:
        title = title.replace(": ", ":\n")
    return title


def _fit(renderer, text, room):
    """``text``, cut short with an ellipsis if it is wider than ``room`` points."""
    while len(text) > 1 and width_pt(renderer, text) > room:
        text = text[:-2].rstrip() + "…"
    return text


def _pack(items, axes_pt):
    """Give each label a side of its glyph and a row of its lane; no two may collide.

    ``items`` are ``(g0, g1, width, is_bar)`` in points along the axes: the
    extent of the marker or bar and the width of its label, in date order.
    A label goes inside a bar long enough to hold it, else right of its
    glyph, else left of it if it would run off the right edge.  Glyph and
    label then take the first row where they fit.  Returns ``[(row, side)]``
    and the number of rows.
    """
    rows, placed = [], []
    for g0, g1, width, is_bar in items:
        if is_bar and g1 - g0 >= width + 2 * _PAD_PT:
            side, span = "inside", (g0, g1)
        elif g1 + _PAD_PT + width <= axes_pt or g0 - _PAD_PT - width < 0:
            side, span = "right", (g0, g1 + _PAD_PT + width)
        else:
            side, span = "left", (g0 - _PAD_PT - width, g1)
        row = next((i for i, taken in enumerate(rows)
                    if all(span[1] + _SEP_PT <= a or span[0] >= b + _SEP_PT for a, b in taken)),
                   len(rows))
        if row == len(rows):
            rows.append([])
        rows[row].append(span)
        placed.append((row, side))
    return placed, len(rows)


def _layout(sel, lanes, renderer, x_lo, x_hi, axes_pt, win):
    """Where every glyph and label goes: ``(marks, lanes)``, y in rows from the top."""
    def to_pt(x):
        return (x - x_lo) / (x_hi - x_lo) * axes_pt

    marks, lane_rows, y = [], [], 0.0
    topic_of = sel["topic"].astype(object)
    for topic in lanes:
        items, lane_marks = [], []
        for ev in sel[topic_of == topic].itertuples():
            first = mdates.date2num(ev.date)
            last = mdates.date2num(ev.end_date) + 1 if pd.notna(ev.end_date) else first + 1
            if last > first + 1:  # a bar over the days it lasted, cut to the window
                x0, x1 = max(first, win[0]), min(last, win[1])
                glyph = (to_pt(x0), to_pt(x1))
            else:  # a marker in the middle of its day
                x0 = x1 = first + 0.5
                glyph = (to_pt(x0) - _HALF_PT, to_pt(x0) + _HALF_PT)
            label, is_bar = str(ev.title), x1 > x0
            if not is_bar or width_pt(renderer, label) + 2 * _PAD_PT > glyph[1] - glyph[0]:
                # outside its glyph: it must fit on the roomier side
                label = _fit(renderer, label, max(axes_pt - glyph[1], glyph[0]) - _PAD_PT)
            items.append((*glyph, width_pt(renderer, label), is_bar))
            lane_marks.append((ev, label, topic, x0, x1))
        placed, n_rows = _pack(items, axes_pt)
        marks += [(*m, y + row + 0.5, side) for m, (row, side) in zip(lane_marks, placed)]
        lane_rows.append((topic, y, n_rows))
        y += n_rows + _LANE_GAP
    return marks, lane_rows


#: The longest date window whose every day is labelled on the axis.
DAY_LABELS = 16


def _tick_text(with_day):
    """A tick formatter: ``8 Apr`` or ``Apr 2013``, in English whatever the locale."""
    def text(x, pos=None):
        day = pd.Timestamp(mdates.num2date(x))
        return day_label(day, False) if with_day else f"{month_name(day, short=True)} {day.year}"
    return text


def _concise_text(x, pos=None):
    """A tick formatter for a long window: the year on 1 January, ``Apr`` on the 1st of a month, else the day;
    in English whatever the locale (matplotlib's ``ConciseDateFormatter`` follows the locale)."""
    day = pd.Timestamp(mdates.num2date(x))
    if day.day == 1:
        return str(day.year) if day.month == 1 else month_name(day, short=True)
    return str(day.day)


def _date_axis(ax, start, end):
    """Month ticks and day minor ticks (weeks for a short window, years for a long one); a window of at
    most :data:`DAY_LABELS` days labels every day, so that a reader can tell the day of each event."""
    days = (end - start).days + 1
    if days <= 190:
        short = days <= 62
        ax.xaxis.set_major_locator(mdates.DayLocator() if days <= DAY_LABELS else
                                   mdates.DayLocator(bymonthday=[1, 8, 15, 22]) if short else mdates.MonthLocator())
        ax.xaxis.set_major_formatter(_tick_text(with_day=short))
        # The day marks are one artist, not one tick object a day: a chart redraws quicker.
        ax.xaxis.set_minor_locator(ticker.NullLocator())
        marks = pd.date_range(start, end, freq="D")
        if days > 120:
            marks = marks[marks.day.isin([8, 15, 22])]
        ax.plot(marks, [0] * len(marks), transform=ax.get_xaxis_transform(), linestyle="none",
                marker=3, markersize=2.5, markeredgewidth=0.8, color="#777777", clip_on=False, gid="day-marks")
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
        ax.xaxis.set_major_formatter(_concise_text)
    ax.tick_params(axis="x", which="major", labelsize=TICK_PT, colors=INK, length=6)
    ax.tick_params(axis="x", which="minor", length=2.5, color="#777777")
    ax.tick_params(axis="y", length=0, labelsize=LANE_PT, colors=INK)
    ax.grid(axis="x", which="major", color="#bbbbbb", linewidth=0.8)
    ax.set_axisbelow(True)
    for name in ("left", "right", "top"):
        ax.spines[name].set_visible(False)


@plain_text
def timeline_figure(events, topics=None, start=DEFAULT_START, end=DEFAULT_END, *, width=10.0):
    """Draw the events as a timeline with one lane per topic.

    A one-day event is a marker (hollow when its date is known only to the
    month or year); a longer event is a bar cut to the window.  Each event
    is labelled with its ``title``; labels that would collide go to extra
    rows of their lane, and the figure grows to fit them.  ``start`` and
    ``end`` of None use the events' own span; ``width`` is in inches.
    Returns a :class:`~matplotlib.figure.Figure` with an Agg canvas (no
    pyplot); an empty selection gives one that says "No events in this
    selection".  Artists carry ids: ``marker:``, ``bar:`` and ``label:``
    followed by the ``event_id``.

    >>> fig = timeline_figure(_demo_events(), width=8)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Drills', 'Kaesong', 'Demands']
    >>> fig.get_suptitle()
    'Korean Peninsula, February–April 2013: events by topic'
    """
    sel, _, start, end = _select(events, topics, start, end)
    fig = new_figure(width, 2.0)
    renderer = fig.canvas.get_renderer()
    title = _title(renderer, start, end, width)
    if sel.empty:
        set_title(fig, title, 2.0)
        fig.text(0.5, 0.45, "No events in this selection", ha="center", va="center",
                 fontsize=TITLE_PT, color=INK, gid="empty-message")
        return fig
    topic_of = sel["topic"].astype(object)
    lanes = [t for t in topic_order(events) if (topic_of == t).any()]
    lane_pt = max(width_pt(renderer, TOPIC_LABELS.get(t, t), LANE_PT) for t in lanes)
    left_in, right_in, bottom_in = lane_pt / 72 + 0.3, 0.3, 0.5
    top_in = 0.55 + 0.22 * title.count("\n")
    axes_pt = (width - left_in - right_in) * 72
    win = (mdates.date2num(start), mdates.date2num(end + pd.Timedelta(days=1)))
    pad = (win[1] - win[0]) * _EDGE_PT / (axes_pt - 2 * _EDGE_PT)
    x_lo, x_hi = win[0] - pad, win[1] + pad
    marks, lane_rows = _layout(sel, lanes, renderer, x_lo, x_hi, axes_pt, win)

    total = lane_rows[-1][1] + lane_rows[-1][2]
    axes_in = (total + 0.4) * _ROW_IN
    height = top_in + axes_in + bottom_in
    fig.set_size_inches(width, height)
    set_title(fig, title, height)
    ax = fig.add_axes((left_in / width, bottom_in / height,
                       (width - left_in - right_in) / width, axes_in / height))
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(total + 0.2, -0.2)
    _date_axis(ax, start, end)
    for topic, y0, n_rows in lane_rows[::2]:
        ax.axhspan(y0 - _LANE_GAP / 2, y0 + n_rows + _LANE_GAP / 2, color="#f2f2f2",
                   zorder=0, linewidth=0)
    ax.set_yticks([y0 + n / 2 for _, y0, n in lane_rows],
                  [TOPIC_LABELS.get(t, t) for t, _, _ in lane_rows])

    for ev, label, topic, x0, x1, y, side in marks:
        colour = TOPIC_COLOURS.get(topic, "#999999")
        if x1 > x0:
            ax.barh(y, x1 - x0, left=x0, height=0.6, color=to_rgba(colour, 0.4),
                    edgecolor=INK, linewidth=0.8, zorder=2, gid=f"bar:{ev.event_id}")
            gap = 0.0
        else:
            exact = str(getattr(ev, "date_precision", "day")) == "day"
            ax.plot([x0], [y], linestyle="none", marker=TOPIC_MARKERS.get(topic, "o"),
                    markersize=_MARKER_PT, markerfacecolor=colour if exact else "white",
                    markeredgecolor=INK, markeredgewidth=0.8, zorder=3,
                    gid=f"marker:{ev.event_id}")
            gap = _HALF_PT
        anchor, offset = {"right": (x1, gap + _PAD_PT), "inside": (x0, _PAD_PT),
                          "left": (x0, -gap - _PAD_PT)}[side]
        ax.annotate(label, (anchor, y), xytext=(offset, 0), textcoords="offset points",
                    ha="right" if side == "left" else "left", va="center",
                    fontsize=LABEL_PT, color=INK, zorder=4, annotation_clip=False,
                    parse_math=False, gid=f"label:{ev.event_id}")
    return fig


# --- description --------------------------------------------------------------

def describe_timeline(events, topics=None, start=DEFAULT_START, end=DEFAULT_END):
    """Alt text for :func:`timeline_figure` with the same arguments.

    One deterministic paragraph of plain English: the window, how many
    events in how many topics, the busiest topic(s), the first and last
    events, and the events that lasted several days.

    >>> print(describe_timeline(_demo_events(), topics=["drills"]))
    ... # doctest: +NORMALIZE_WHITESPACE
    Timeline of events on the Korean Peninsula, February–April 2013, limited
    to Drills, with one lane per topic. It shows 1 event in 1 topic: Drills (1).
    The only event is “Foal Eagle exercise”, on 1 March 2013. “Foal Eagle
    exercise” ran from 1 March to 30 April 2013.
    >>> print(describe_timeline(_demo_events(), topics="cyber", end="2013-03-31"))
    ... # doctest: +NORMALIZE_WHITESPACE
    Timeline of events on the Korean Peninsula, February–March 2013, limited to
    Cyber: no events in this selection.
    """
    sel, chosen, start, end = _select(events, topics, start, end)
    scope = f"Timeline of events on the Korean Peninsula, {_window_text(start, end)}"
    if chosen is not None:
        names = [TOPIC_LABELS.get(t, t) for t in chosen]
        scope += f", limited to {join_words(names)}" if names else ", with no topic chosen"
    if sel.empty:
        return f"{scope}: no events in this selection."
    order = topic_order(events)
    counts = sorted(sel["topic"].astype(object).value_counts().items(),
                    key=lambda kv: (-kv[1], order.index(kv[0])))
    text = [f"{scope}, with one lane per topic.",
            f"It shows {plural(len(sel), 'event')} in {plural(len(counts), 'topic')}: "
            + join_words(f"{TOPIC_LABELS.get(t, t)} ({n})" for t, n in counts) + "."]
    top = [TOPIC_LABELS.get(t, t) for t, n in counts if n == counts[0][1]]
    if len(top) == 1 < len(counts):
        text.append(f"The busiest topic is {top[0]}, with {plural(counts[0][1], 'event')}.")
    elif len(counts) > 1:
        who = ("Each topic has" if len(top) == len(counts)
               else f"The busiest topics, {join_words(top)}, have")
        text.append(f"{who} {plural(counts[0][1], 'event')}{' each' * (len(top) > 1)}.")

    def on(day):
        same = sel[sel["date"] == day]
        precision = str(same["date_precision"].iloc[0]) if "date_precision" in same else "day"
        when = ("on " if precision == "day" else "in ") + format_date(day, precision)
        if len(same) == 1:
            return f"is {quoted_titles(same['title'])}, {when}"
        return f"are {len(same)} events {when}: {quoted_titles(same['title'])}"

    first, last = sel["date"].min(), sel["date"].max()
    if len(sel) == 1:
        text.append(f"The only event {on(first)}.")
    elif first == last:
        text.append(f"They all fall on {format_date(first)}.")
    else:
        text.append(f"The first {on(first)}; the last {on(last)}.")
    long_ones = sel[sel["end_date"] > sel["date"]]
    for ev in long_ones.itertuples():
        text.append(f"{quoted_titles([ev.title])} ran from {format_range(ev.date, ev.end_date)}.")
    if ((long_ones["date"] < start) | (long_ones["end_date"] > end)).any():
        text.append("Bars are cut at the edges of the window.")
    precise = sel["date_precision"].astype(object) == "day" if "date_precision" in sel else True
    vague = int((~pd.Series(precise, index=sel.index)).sum())
    if vague:
        drawn = "is drawn as a hollow marker" if vague == 1 else "are drawn as hollow markers"
        text.append(f"{plural(vague, 'event')} dated only to the month or year {drawn}.")
    return " ".join(text)


def timeline_chart(events, topics=None, start=DEFAULT_START, end=DEFAULT_END,
                   caption=None, *, width=10.0):
    """:func:`timeline_figure` and :func:`describe_timeline` together, as a :class:`Chart`.

    >>> chart = timeline_chart(_demo_events(), topics="kaesong", caption="Demo data")
    >>> chart.png_bytes()[:4]
    b'\\x89PNG'
    >>> chart.description.startswith("Timeline of events on the Korean Peninsula")
    True
    """
    return Chart(timeline_figure(events, topics, start, end, width=width),
                 describe_timeline(events, topics, start, end), caption)


def _demo_events():
    """A four-event table with the columns and dtypes of the real one."""
    return pd.DataFrame({
        "event_id": pd.array(["foal-eagle", "kaesong-stay-away", "kaesong-talks-offer",
                              "ndc-conditions"], dtype="string"),
        "date": pd.to_datetime(["2013-03-01", "2013-04-09", "2013-04-11", "2013-04-18"]),
        "end_date": pd.to_datetime(["2013-04-30", None, None, None]),
        "date_precision": pd.Categorical(["day"] * 4, categories=["day", "month", "year"]),
        "topic": pd.Categorical(["drills", "kaesong", "kaesong", "demands"], categories=TOPICS),
        "actor_ids": pd.array(["us;kr", "kp", "kr", "kp-ndc"], dtype="string"),
        "title": pd.array(["Foal Eagle exercise", "Kaesong workers stay away",
                           "Seoul offers Kaesong talks", "North lists conditions for talks"],
                          dtype="string"),
        "summary": pd.array(["A joint field exercise.", "Workers fail to report.",
                             "Seoul offers talks.", "The NDC sets conditions."], dtype="string"),
    }).astype({"date": "datetime64[ns]", "end_date": "datetime64[ns]"})


def overview_timeline(tables, topics=None, start=DEFAULT_START, end=DEFAULT_END, *, width=10.0):
    """The kit's own events as a :class:`Chart`, captioned with the sources of the events shown.

    >>> from korea_kit import load_tables
    >>> chart = overview_timeline(load_tables(), topics="kaesong")
    >>> chart.caption.startswith("Sources: International Business Times (IBTimes) | ")
    True
    """
    from korea_kit.data.sources import sources_line

    shown = filter_events(tables.events, topics, start, end)
    caption = sources_line(tables, "events", shown["event_id"])
    return timeline_chart(tables.events, topics, start, end, caption=caption, width=width)
