"""The chart of lesson 05: who asked what of whom in April 2013, and what answer each demand got.

:func:`matrix_figure` draws the demands as a matrix, one row per actor who
made a demand and one column per actor asked, each demand marked by its
outcome (:data:`OUTCOME_STYLES`), one of them highlighted if asked;
:func:`describe_matrix` is its alt text and :func:`matrix_chart` the two
together as a :class:`~korea_kit.charts.style.Chart`. The same matrix as an
accessible HTML table, which reads on a phone, a projector and paper, is
:func:`korea_kit.render.matrix.matrix_view`. The demands, their
outcomes and the words shown about them are the lesson's
(:func:`korea_kit.lessons.demands.demand_rows` and the words it adds to them);
this module only lays them out and draws them.

The rows are a DataFrame, one row per demand, in the matrix's order, with the
columns ``demand_id``, ``by_id`` (who asked), ``label`` (a short label),
``kind``, ``made_on`` (NaT when undated), ``of`` and ``disputed`` (lists of
the actor ids asked, and of those only some reports name), ``outcome`` (a key
of :data:`OUTCOME_STYLES`), and the words: ``by_name`` (the demander's short
name), ``side_name`` (the state or body the demander speaks for, empty when
it is that state itself), ``by_full`` (the short name with that state),
``of_names`` and ``disputed_names`` (the short names of ``of`` and
``disputed``), ``addressed`` (of whom, in a sentence), ``detail`` (the line
under the demand: its kind, date and answers) and ``answered`` (its answers,
in a sentence).

>>> rows = _demo_rows()
>>> print(describe_matrix(rows, "stop-rhetoric"))  # doctest: +NORMALIZE_WHITESPACE
Matrix of who asked what of whom, 14–18 April 2013. One row per actor who made a demand, one column per actor
asked (an addressee that only some reports name is marked as disputed); a filled cross marks a demand that was
rejected, a filled diamond one answered only with a call for dialogue, a hollow circle one with no answer
reported. It shows 2 demands (2 preconditions): 1 rejected, 0 answered only with a call for dialogue and 1 with
no answer reported. North Korea asked: “Stop rhetoric” of United States (precondition, 18 April 2013; rejected
by United States the same day); “Withdraw sanctions” of United States and South Korea (precondition, 14 April
2013; no answer reported). Highlighted: “Stop rhetoric”.
"""
from __future__ import annotations

import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyBboxPatch, Rectangle

from korea_kit.charts.style import (
    INK, LABEL_PT, TOPIC_COLOURS, Chart, Highlights, new_figure, plain_text, set_title, width_pt,
)
from korea_kit.dates import format_date, format_range
from korea_kit.text import join_words

__all__ = ["OUTCOME_STYLES", "kind_counts", "matrix_figure", "matrix_highlights", "describe_matrix", "matrix_chart"]

#: How the matrix marks each outcome: never by colour alone (a filled cross, a filled diamond,
#: a hollow circle). Okabe–Ito colours, as in the kit's other charts: vermilion, green and blue.
OUTCOME_STYLES = {
    "rejected": {"colour": TOPIC_COLOURS["threats"], "marker": "X", "filled": True,
                 "label": "Rejected: the sources report a refusal"},
    "urged dialogue": {"colour": TOPIC_COLOURS["drills"], "marker": "D", "filled": True,
                       "label": "Answered with a call for dialogue, no refusal"},
    "no answer reported": {"colour": TOPIC_COLOURS["sanctions"], "marker": "o", "filled": False,
                           "label": "No answer reported in the sources"},
}

_HIGHLIGHT = TOPIC_COLOURS["diplomacy"]  # Okabe–Ito yellow, behind the chosen demand
_GRID = "#bbbbbb"
_NAME_PT, _DETAIL_PT, _LEGEND_PT = 12.0, 11.0, 11.0  # beside the style's LABEL_PT, for the demands' labels
_LINE = 1.3 / 72  # inches per point of font size, per line of text


def _when(day) -> str:
    return "undated" if pd.isna(day) else format_date(day)


def _check_highlight(rows, highlight):
    if highlight is not None and highlight not in set(rows["demand_id"]):
        raise KeyError(f"no demand {highlight!r}; the demands are {', '.join(rows['demand_id'])}")


def _wrap(renderer, text, room_pt, size, weight="normal"):
    """``text`` broken into lines no wider than ``room_pt`` points (a long word keeps its line)."""
    lines = []
    for word in str(text).split():
        if lines and width_pt(renderer, f"{lines[-1]} {word}", size, weight) <= room_pt:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _lines_in(n_lines, size):
    return n_lines * size * _LINE


def _mark(ax, x, y, outcome, gid):
    """The outcome's marker: a filled cross or diamond edged in ink, or a hollow circle in colour."""
    style = OUTCOME_STYLES[outcome]
    ax.plot([x], [y], linestyle="none", marker=style["marker"], markersize=9, markeredgewidth=1.4,
            markerfacecolor=style["colour"] if style["filled"] else "white",
            markeredgecolor=INK if style["filled"] else style["colour"], zorder=3, gid=gid)


def matrix_highlights(rows, highlight, *, width=9.6) -> Highlights:
    """The matrix with ``highlight`` chosen, as a :class:`~korea_kit.charts.style.Highlights` that a widget
    switches to another demand quickly: its figure holds the yellow boxes of every demand, those of the
    chosen one shown; the picture is that of :func:`matrix_figure` for the demand shown.

    >>> quick = matrix_highlights(_demo_rows(), "stop-rhetoric")
    >>> quick.show("withdraw-sanctions")
    >>> quick.png_bytes() == Chart(matrix_figure(_demo_rows(), "withdraw-sanctions"), "").png_bytes()
    True
    """
    if highlight is None:
        raise ValueError("a demand to highlight is needed")
    fig = matrix_figure(rows, highlight, width=width, every_box=True)
    boxes = {}
    for patch in fig.axes[0].patches:
        for demand_id in rows["demand_id"]:
            if (patch.get_gid() or "").startswith(f"highlight:{demand_id}:"):
                boxes.setdefault(demand_id, []).append(patch)
    return Highlights(fig, boxes, {}, highlight)


@plain_text
def matrix_figure(rows, highlight=None, *, width=9.6, every_box=False):
    """Draw who asked what of whom: one row per demander, one column per actor asked.

    In each cell every demand is a mark (see :data:`OUTCOME_STYLES`) with its
    short label, its kind, its date and its answers. A demand made of two actors is in
    both their columns; an addressee that only some reports name gets the demand
    too, marked as disputed. The legend lists the outcomes shown. ``highlight`` (a ``demand_id``) draws a yellow box
    around that demand wherever it appears. Returns a
    :class:`~matplotlib.figure.Figure` with an Agg canvas (no pyplot). Artists
    carry ids: ``row:``, ``side:`` (the demander's state) and ``col:`` plus
    the actor id; ``marker:``, ``label:``, ``detail:`` and ``highlight:`` plus
    ``demand_id:actor_id``; ``legend:`` plus the outcome (or ``highlight``). With ``every_box`` (for
    :func:`matrix_highlights`) every demand's boxes are drawn, those of the demands not highlighted hidden.

    >>> fig = matrix_figure(_demo_rows(), highlight="stop-rhetoric")
    >>> sorted(t.get_gid() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("col:"))
    ['col:rok', 'col:usa']
    """
    _check_highlight(rows, highlight)
    columns = list(dict.fromkeys(a for _, d in rows.iterrows() for a in [*d["of"], *d["disputed"]]))
    names = {a: n for _, d in rows.iterrows()
             for a, n in zip([*d["of"], *d["disputed"]], [*d["of_names"], *d["disputed_names"]])}
    demanders = list(dict.fromkeys(rows["by_id"]))
    fig = new_figure(width, 4.0)
    renderer = fig.canvas.get_renderer()

    margin, head_w, top = 0.15, 1.8, 0.55
    col_w = (width - 2 * margin - head_w) / len(columns)
    col_x = {a: margin + head_w + i * col_w for i, a in enumerate(columns)}
    mark_dx, text_dx, pad = 0.2, 0.38, 0.1
    room = (col_w - text_dx - pad) * 72
    head_lines = {a: _wrap(renderer, names[a], (col_w - 2 * pad) * 72,
                           _NAME_PT, "bold") for a in columns}
    head_h = _lines_in(max(map(len, head_lines.values())), _NAME_PT) + 2 * pad

    # lay the rows out: each cell stacks its demands; a row is as tall as its fullest cell
    layout, row_spans, y = [], [], top + head_h
    for by in demanders:
        mine = rows[rows["by_id"] == by]
        name_lines = _wrap(renderer, mine["by_name"].iloc[0], (head_w - 2 * pad) * 72, _NAME_PT, "bold")
        side = mine["side_name"].iloc[0]  # the state or body the demander speaks for, on a line of its own
        side = f"({side})" if side else ""
        cells = {a: [] for a in columns}
        for _, d in mine.iterrows():
            label = _wrap(renderer, d["label"], room, LABEL_PT, "bold")
            for a in [*d["of"], *d["disputed"]]:
                text = d["detail"]
                if a in d["disputed"]:
                    text = f"Addressee disputed (some reports only). {text}"
                detail = _wrap(renderer, text, room, _DETAIL_PT)
                height = _lines_in(len(label), LABEL_PT) + _lines_in(len(detail), _DETAIL_PT) + pad
                cells[a].append((d, label, detail, height))
        row_h = max([_lines_in(len(name_lines) + bool(side), _NAME_PT)]
                    + [sum(item[3] for item in items) for items in cells.values()]) + 2 * pad
        for a, items in cells.items():
            item_y = y + pad
            for d, label, detail, height in items:
                layout.append((d, a, item_y, label, detail, height))
                item_y += height
        row_spans.append((by, y, row_h, name_lines, side))
        y += row_h
    # the legend: the outcomes the matrix shows (and the highlight), wrapped to the figure's width
    entries = [(key, OUTCOME_STYLES[key]["label"]) for key in OUTCOME_STYLES if key in set(rows["outcome"])]
    entries += [("highlight", "The demand chosen")] if highlight is not None else []
    legend, x, legend_y = [], margin + pad, y + 0.25
    for key, text in entries:
        step = 0.25 + (width_pt(renderer, text, _LEGEND_PT) + 24) / 72
        if x > margin + pad and x + step > width - margin:
            x, legend_y = margin + pad, legend_y + 0.25
        legend.append((key, text, x, legend_y))
        x += step
    height = legend_y + 0.35
    fig.set_size_inches(width, height)
    set_title(fig, f"Who asked what of whom, {_date_span(rows)}", height)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")

    right = width - margin
    ax.add_patch(Rectangle((margin, top), right - margin, head_h, facecolor="#f2f2f2", edgecolor="none", zorder=0))
    ax.text(margin + pad, top + head_h / 2, "Asked by ↓, of →", ha="left", va="center", fontsize=_NAME_PT,
            fontstyle="italic", color=INK, gid="corner")
    for a in columns:
        ax.text(col_x[a] + pad, top + pad, "\n".join(head_lines[a]), ha="left", va="top", fontsize=_NAME_PT,
                fontweight="bold", color=INK, linespacing=1.2, gid=f"col:{a}")
    for i, (by, y0, row_h, name, side) in enumerate(row_spans):
        if i % 2:
            ax.add_patch(Rectangle((margin, y0), right - margin, row_h, facecolor="#f7f7f7", edgecolor="none",
                                   zorder=0))
        ax.text(margin + pad, y0 + pad, "\n".join(name), ha="left", va="top", fontsize=_NAME_PT,
                fontweight="bold", color=INK, linespacing=1.2, gid=f"row:{by}")
        if side:
            ax.text(margin + pad, y0 + pad + _lines_in(len(name), _NAME_PT), side, ha="left", va="top",
                    fontsize=_NAME_PT, color=INK, gid=f"side:{by}")
        ax.plot([margin, right], [y0, y0], color=_GRID, linewidth=0.8, zorder=1)
    ax.plot([margin, right], [y, y], color=_GRID, linewidth=0.8, zorder=1)
    for x in [margin + head_w, *list(col_x.values())[1:]]:
        ax.plot([x, x], [top, y], color=_GRID, linewidth=0.8, zorder=1)

    for d, a, item_y, label, detail, item_h in layout:
        key = f"{d['demand_id']}:{a}"
        if d["demand_id"] == highlight or every_box:
            ax.add_patch(FancyBboxPatch((col_x[a] + 0.06, item_y - 0.03), col_w - 0.12, item_h - pad + 0.06,
                                        boxstyle="round,pad=0,rounding_size=0.05", linewidth=1.6,
                                        facecolor=to_rgba(_HIGHLIGHT, 0.55), edgecolor=INK, zorder=2,
                                        gid=f"highlight:{key}", visible=d["demand_id"] == highlight))
        _mark(ax, col_x[a] + mark_dx, item_y + _lines_in(0.5, LABEL_PT) + 0.02, str(d["outcome"]), f"marker:{key}")
        ax.text(col_x[a] + text_dx, item_y, "\n".join(label), ha="left", va="top", fontsize=LABEL_PT,
                fontweight="bold", color=INK, linespacing=1.2, zorder=4, gid=f"label:{key}")
        ax.text(col_x[a] + text_dx, item_y + _lines_in(len(label), LABEL_PT), "\n".join(detail), ha="left",
                va="top", fontsize=_DETAIL_PT, color="#333333", linespacing=1.2, zorder=4, gid=f"detail:{key}")

    for key, text, x, line_y in legend:
        if key == "highlight":
            ax.add_patch(Rectangle((x, line_y - 0.08), 0.2, 0.16, facecolor=to_rgba(_HIGHLIGHT, 0.55),
                                   edgecolor=INK, linewidth=1.2, gid="legend:highlight"))
            ax.text(x + 0.28, line_y, text, ha="left", va="center", fontsize=_LEGEND_PT, color=INK)
        else:
            _mark(ax, x + 0.08, line_y, key, f"legend:{key}")
            ax.text(x + 0.25, line_y, text, ha="left", va="center", fontsize=_LEGEND_PT, color=INK)
    return fig


def _date_span(rows) -> str:
    dated = rows["made_on"].dropna()
    return format_range(dated.min(), dated.max(), "–")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def kind_counts(rows) -> str:
    """How many demands of each kind, in the order of first appearance: ``8 preconditions, 1 appeal and 1 offer``.

    >>> kind_counts(pd.DataFrame({"kind": ["precondition", "appeal", "precondition", "offer"]}))
    '2 preconditions, 1 appeal and 1 offer'
    """
    counts = rows["kind"].astype(str).value_counts(sort=False)
    return join_words(_count(int(counts[k]), k) for k in dict.fromkeys(rows["kind"].astype(str)))


def describe_matrix(rows, highlight=None) -> str:
    """Alt text for :func:`matrix_figure` with the same arguments: one paragraph, every demand with its
    kind and its answers (see the example at the top of this module).
    """
    _check_highlight(rows, highlight)
    undated = int(rows["made_on"].isna().sum())
    counts = rows["outcome"].astype(str).value_counts()
    text = [f"Matrix of who asked what of whom, {_date_span(rows)}"
            + (f", {'one' if undated == 1 else undated} undated" if undated else "")
            + ". One row per actor who made a demand, one column per actor asked (an addressee that only some "
            "reports name is marked as disputed); a filled cross marks a demand that was rejected, a filled "
            "diamond one answered only with a call for dialogue, a hollow circle one with no answer reported.",
            f"It shows {_count(len(rows), 'demand')} ({kind_counts(rows)}): {counts.get('rejected', 0)} rejected, "
            f"{counts.get('urged dialogue', 0)} answered only with a call for dialogue and "
            f"{counts.get('no answer reported', 0)} with no answer reported."]
    for by in dict.fromkeys(rows["by_id"]):
        mine = rows[rows["by_id"] == by]
        items = [f"“{d['label']}” of {d['addressed']} "
                 f"({d['kind']}, {_when(d['made_on'])}; {d['answered']})" for _, d in mine.iterrows()]
        text.append(f"{mine['by_full'].iloc[0]} asked: {'; '.join(items)}.")
    if highlight is not None:
        text.append(f"Highlighted: “{rows.loc[rows['demand_id'] == highlight, 'label'].iloc[0]}”.")
    return " ".join(text)


def matrix_chart(rows, highlight=None, caption=None, *, width=9.6):
    """:func:`matrix_figure` and :func:`describe_matrix` together, as a :class:`~korea_kit.charts.style.Chart`.

    >>> chart = matrix_chart(_demo_rows(), caption="Demo")
    >>> chart.png_bytes()[:4], chart.figure.get_suptitle()
    (b'\\x89PNG', 'Who asked what of whom, 14–18 April 2013')
    """
    return Chart(matrix_figure(rows, highlight, width=width), describe_matrix(rows, highlight), caption)


def _demo_rows():
    """Two made-up demands, with the columns of the lesson's rows."""
    return pd.DataFrame({
        "demand_id": ["stop-rhetoric", "withdraw-sanctions"], "by_id": ["dprk", "dprk"],
        "label": ["Stop rhetoric", "Withdraw sanctions"], "kind": ["precondition", "precondition"],
        "made_on": pd.to_datetime(["2013-04-18", "2013-04-14"]), "of": [["usa"], ["usa", "rok"]],
        "disputed": [[], []], "outcome": ["rejected", "no answer reported"],
        "by_name": ["North Korea"] * 2, "side_name": ["", ""], "by_full": ["North Korea"] * 2,
        "of_names": [["United States"], ["United States", "South Korea"]], "disputed_names": [[], []],
        "addressed": ["United States", "United States and South Korea"],
        "detail": ["Precondition, 18 Apr → rejected by United States", "Precondition, 14 Apr → no answer reported"],
        "answered": ["rejected by United States the same day", "no answer reported"],
    })
