"""The chart of lesson 02: the UN sanctions resolutions and the tests and launches they answered.

:func:`resolutions_figure` draws ``(resolution, trigger)`` pairs of event rows
(rows of ``events.csv``: ``event_id``, ``date``, ``date_precision``, ``topic``
and ``title``) on a timeline of two lanes, tests and launches above and
resolutions below, an arrow from each trigger to its resolution;
:func:`describe_resolutions` is its alt text and :func:`resolutions_chart`
the two together as a :class:`~korea_kit.charts.style.Chart`. Which pairs
are shown is the lesson's choice (:mod:`korea_kit.lessons.sanctions`); this
module only draws them, in the kit's style.

>>> from korea_kit import load_tables
>>> chart = resolutions_chart(_demo_pairs(load_tables()), "resolution-2094")
>>> print(chart.description.split(". ")[-1])
Highlighted: Resolution 2094 and the third nuclear test it answered.
"""
from __future__ import annotations

import pandas as pd
from matplotlib import dates as mdates
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from korea_kit.charts.style import (
    INK, LABEL_PT, LANE_PT, TICK_PT, TOPIC_COLOURS, TOPIC_MARKERS, Chart, Highlights, new_figure, plain_text, set_title,
    width_pt,
)
from korea_kit.dates import days_between_events, event_when, format_date, month_name
from korea_kit.text import day_label

__all__ = ["resolutions_figure", "resolutions_highlights", "describe_resolutions", "resolutions_chart"]

_GREY = "#6b6b6b"
_SEP_PT = 6.0             # least space between two labels in a row
_LABEL_OFFSET_PT = 11.0   # from a lane to its first row of labels
_LABEL_ROW_PT = 26.0      # one row of two-line labels
_LANE_IN = 0.8            # from one lane to the other, in inches
_WEAPONS_Y, _SANCTIONS_Y = 1.0, 0.0
_LANE_NAMES = {_WEAPONS_Y: "Tests and\nlaunches", _SANCTIONS_Y: "UN\nresolutions"}


# --- the events' dates ---------------------------------------------------------

def _precision(event):
    return str(event["date_precision"])


def _lower_first(text):
    return text[:1].lower() + text[1:]


def _highlighted(pairs, highlight):
    """The pair whose resolution is ``highlight`` (an event id); None for None."""
    if highlight is None:
        return None
    for pair in pairs:
        if pair[0]["event_id"] == highlight:
            return pair
    raise ValueError(f"unknown resolution {highlight!r}; choose from: "
                     f"{', '.join(str(r['event_id']) for r, _ in pairs)}")


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


def _x(event):
    """Where an event is drawn on its axes: the middle of its day, or of the span its date covers."""
    start, stop = (mdates.date2num(d) for d in _extent(event))
    return start + 0.5 if _precision(event) == "day" else (start + stop) / 2


def _label_text(event):
    if _precision(event) == "day":
        when = day_label(event["date"], True)
    else:
        when = f"{event_when(event)} (year only)" if _precision(event) == "year" else event_when(event)
    return f"{event['title']}\n{when}"


def _draw_glyph(ax, event, y, on):
    """One event's glyph: a marker on its day, or a band over a year or month."""
    topic = str(event["topic"])
    colour, alpha = TOPIC_COLOURS[topic], 1.0 if on else 0.3
    start, stop = (mdates.date2num(d) for d in _extent(event))
    if _precision(event) == "day":
        return ax.plot([_x(event)], [y], linestyle="none", marker=TOPIC_MARKERS[topic], markersize=10 if on else 8,
                       markerfacecolor=colour, markeredgecolor=INK, markeredgewidth=0.8, alpha=alpha, zorder=3,
                       gid=f"marker:{event['event_id']}")[0]
    return ax.barh(y, stop - start, left=start, height=0.34, color=to_rgba(colour, 0.18 if on else 0.06),
                   edgecolor=to_rgba(INK, alpha), hatch="///", linewidth=0.8, zorder=2,
                   gid=f"band:{event['event_id']}").patches[0]


def _draw_label(ax, event, y, on, place):
    """One event's label beside its glyph, where :func:`_plan` put it (``(ha, x shift, row)``)."""
    ha, shift, row = place
    up = y == _WEAPONS_Y
    rise = _LABEL_OFFSET_PT + row * _LABEL_ROW_PT
    return ax.annotate(_label_text(event), (_x(event), y), xytext=(shift, rise if up else -rise),
                       textcoords="offset points", ha=ha, va="bottom" if up else "top", fontsize=LABEL_PT,
                       linespacing=1.15, fontweight="bold" if on else "normal", color=INK if on else _GREY, zorder=4,
                       annotation_clip=False, parse_math=False, gid=f"label:{event['event_id']}")


def _draw_arrow(ax, resolution, trigger, on):
    x_res = _x(resolution)
    x_trig = _x(trigger) if _precision(trigger) == "day" else x_res  # from a band straight down
    return ax.annotate("", xy=(x_res, _SANCTIONS_Y + 0.16), xytext=(x_trig, _WEAPONS_Y - 0.2),
                       arrowprops=dict(arrowstyle="-|>", color=INK if on else "#bbbbbb",
                                       linewidth=1.6 if on else 1.0, shrinkA=0, shrinkB=0),
                       zorder=2, gid=f"arrow:{resolution['event_id']}")


def _plan(pairs, renderer, windows, axes_pt):
    """Where the labels go: ``({event id: (ha, x shift, row)}, (y_lo, y_hi))``. Every label is placed as if
    bold, so that no label moves when the highlight does.

    ``windows`` gives each event's panel as its ``(x0, x1)`` limits.
    """
    places, taken = {}, {}
    for resolution, trigger in pairs:
        for event, lane in ((resolution, _SANCTIONS_Y), (trigger, _WEAPONS_Y)):
            x0, x1 = windows[event["event_id"]]
            places[event["event_id"]] = _label_place(
                renderer, _label_text(event), True, (_x(event) - x0) / (x1 - x0) * axes_pt, axes_pt,
                taken.setdefault((windows[event["event_id"]], lane), []))

    def room(lane):  # lane units from a lane to the far edge of its labels
        rows = max((r for (_, y), spans in taken.items() if y == lane for _, _, r in spans), default=0) + 1
        return (_LABEL_OFFSET_PT + rows * _LABEL_ROW_PT + 4) / 72 / _LANE_IN

    return places, (_SANCTIONS_Y - room(_SANCTIONS_Y), _WEAPONS_Y + room(_WEAPONS_Y))


@plain_text
def resolutions_figure(pairs, highlight=None, *, width=10.0):
    """The sanctions resolutions and the tests and launches they answered, on a timeline.

    ``pairs`` are ``(resolution, trigger)`` event rows, in date order.

    Two lanes: tests and launches above, resolutions below, an arrow from
    each trigger down to its resolution. Every event of the kit's data is
    dated to the day and drawn as a marker; an event dated only to its year
    would be a hatched band over that year (with its own legend entry), never
    a made-up day. When the events fall
    in two clusters far apart (2006–2009 and December 2012 – March 2013), the
    time axis is broken in two panels, each with its own scale. With
    ``highlight`` (a resolution's event id), that resolution and its trigger
    are drawn bold and the others faded; every label is placed as if it were
    bold, so that none moves when the highlight does. Artists carry ids: ``marker:``,
    ``band:``, ``label:`` + event id, ``arrow:`` + resolution id.

    >>> from korea_kit import load_tables
    >>> fig = resolutions_figure(_demo_pairs(load_tables()), highlight="resolution-2094")
    >>> [ax.get_title() for ax in fig.axes]
    ['2006–2009, one tick a year', 'December 2012 – March 2013, one tick a month']
    """
    return _resolutions(pairs, highlight, width, ())[0]


def resolutions_highlights(pairs, highlight, *, width=10.0) -> Highlights:
    """The chart with ``highlight`` chosen, as a :class:`~korea_kit.charts.style.Highlights` that a widget
    switches quickly to another resolution: its figure holds every event's glyph, label and arrow both
    plain and highlighted, those of the chosen resolution shown; the picture is that of
    :func:`resolutions_figure`.

    >>> from korea_kit import load_tables
    >>> pairs = _demo_pairs(load_tables())
    >>> quick = resolutions_highlights(pairs, "resolution-1718")
    >>> quick.show("resolution-2094")
    >>> quick.png_bytes() == Chart(resolutions_figure(pairs, "resolution-2094"), "").png_bytes()
    True
    """
    _highlighted(pairs, highlight)
    fig, shown = _resolutions(pairs, highlight, width, [str(r["event_id"]) for r, _ in pairs])
    return Highlights(fig, shown, {}, highlight)


@plain_text
def _resolutions(pairs, highlight, width, states):
    """:func:`resolutions_figure`, and, for each of ``states`` (resolution ids), the artists that state shows
    (all drawn, each event plain and highlighted; the caller shows those of one state)."""
    _highlighted(pairs, highlight)
    panels = _panels(pairs)
    left_in, right_in, gap_in, top_in, bottom_in = 1.05, 0.3, 0.45, 0.75, 0.8
    fig = new_figure(width, 4.0)
    renderer = fig.canvas.get_renderer()
    axes_w = (width - left_in - right_in - gap_in * (len(panels) - 1)) / len(panels)
    axes_pt = axes_w * 72
    panel_of, axes, windows = {}, [], {}
    for i, panel in enumerate(panels):
        ax = fig.add_axes((0, 0, 1, 1))  # placed below, once the labels' rows are known
        window = _window(panel)
        _axis(ax, *window)
        ax.set_title(_panel_title(panel), fontsize=TICK_PT, color=INK, pad=4)
        ax.set_yticks(list(_LANE_NAMES), list(_LANE_NAMES.values()) if i == 0 else [])
        axes.append(ax)
        panel_of.update({e["event_id"]: ax for e in panel})
        windows.update({e["event_id"]: tuple(mdates.date2num(d) for d in window) for e in panel})
    for ax, nxt in zip(axes, axes[1:]):  # the break: two slashes on each side of the gap
        for a, x in ((ax, 1.0), (nxt, 0.0)):
            a.plot([x - 0.012, x + 0.012], [-0.03, 0.03], transform=a.transAxes, color=INK,
                   linewidth=1.0, clip_on=False, gid="break")
    places, (y_lo, y_hi) = _plan(pairs, renderer, windows, axes_pt)
    shown = {s: [] for s in states}
    for resolution, trigger in pairs:
        rid = resolution["event_id"]
        for on in [False, True] if states else [highlight is None or rid == highlight]:
            drawn = []
            for event, lane in ((resolution, _SANCTIONS_Y), (trigger, _WEAPONS_Y)):
                eid = event["event_id"]
                drawn += [_draw_glyph(panel_of[eid], event, lane, on),
                          _draw_label(panel_of[eid], event, lane, on, places[eid])]
            drawn.append(_draw_arrow(panel_of[rid], resolution, trigger, on))
            for state in states:  # the resolution's own state shows it highlighted, every other one plain
                if on == (state == rid):
                    shown[state] += drawn
            for artist in drawn if states else ():
                artist.set_visible(False)
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
    return fig, shown


def describe_resolutions(pairs, highlight=None):
    """Alt text for :func:`resolutions_figure` with the same arguments: one plain paragraph.

    >>> from korea_kit import load_tables
    >>> text = describe_resolutions(_demo_pairs(load_tables()), highlight="resolution-2087")
    >>> text.startswith("Timeline of the 4 UN Security Council resolutions with sanctions on North Korea after a")
    True
    >>> print(text.split(". ")[-1])
    Highlighted: Resolution 2087 and the rocket launch it answered.
    """
    chosen = _highlighted(pairs, highlight)
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
        days = days_between_events(trigger, resolution)
        line = (f"{resolution['title']}, on {event_when(resolution)}, answered the "
                f"{_lower_first(str(trigger['title']))}")
        if days is None:
            line += f", dated only to {event_when(trigger)}"
            vague.append(event_when(trigger))
        else:
            line += f" of {event_when(trigger)}, {days} days earlier"
        text.append(line + ".")
    if vague:
        text.append(f"The kit's sources give only the year of the tests of {' and '.join(vague)}, "
                    "so each is drawn as a hatched band across its year.")
    if chosen is not None:
        resolution, trigger = chosen
        text.append(f"Highlighted: {resolution['title']} and the {_lower_first(str(trigger['title']))} it answered.")
    return " ".join(text)


def resolutions_chart(pairs, highlight=None, caption=None, *, width=10.0):
    """:func:`resolutions_figure` and :func:`describe_resolutions` together, as a
    :class:`~korea_kit.charts.style.Chart`.

    >>> from korea_kit import load_tables
    >>> chart = resolutions_chart(_demo_pairs(load_tables()), caption="Demo")
    >>> chart.png_bytes()[:4], chart.caption
    (b'\\x89PNG', 'Demo')
    """
    return Chart(resolutions_figure(pairs, highlight, width=width), describe_resolutions(pairs, highlight), caption)


def _demo_pairs(tables):
    """The kit's four resolutions and their triggers, paired by hand (the lesson reads them from selections.csv)."""
    events = tables.events.set_index("event_id", drop=False)
    return [(events.loc[r], events.loc[t]) for r, t in (
        ("resolution-1718", "nuclear-test-2006"), ("resolution-1874", "nuclear-test-2009"),
        ("resolution-2087", "rocket-launch-2012"), ("resolution-2094", "nuclear-test-2013"))]
