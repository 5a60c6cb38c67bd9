"""The exchange of demands, April 2013: who asked what of whom, and the answer each got.

Everything here reads ``demands.csv`` with the quotes, actors, events and
citations it points to. The views are pure functions from the tables to an
:class:`~korea_kit.views.HTMLView` or a :class:`~korea_kit.charts.Chart`;
:class:`DemandExplorer` only wires a drop-down list of the demands to them.

- :func:`demands_view`: every demand and its answer in one table, with
  numbered source notes;
- :func:`demand_chart`: a matrix of who asked (rows) what of whom (columns),
  each demand marked by its outcome, one of them highlighted if asked;
- :func:`demand_view`: one demand and its answer side by side: who, to whom,
  when, what, and the words as the sources quote them (every version of a
  translated sentence); a demand no source quotes shows its citation evidence;
- :func:`versions_view`: the versions of one quoted sentence, side by side;
- :func:`lesson_sources_view`: the sources all of this uses.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> [short_label(d) for d in demand_rows(tables)["demand_id"][:3]]
['Withdraw sanctions', 'No nuclear war rehearsal', 'Withdraw nuclear assets']
>>> print(demand_view(tables, "stop-rhetoric").text.splitlines()[0])
Stop rhetoric: the demand and its answer
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyBboxPatch, Rectangle

from .charts import plain_text, _INK, TOPIC_COLOURS, Chart, _new_figure, _set_title, _width_pt
from .dates import format_date, format_range
from .sources import _text, cite, sources_line
from .views import HTMLView, SourceNotes, _table, sources_used_view
from .widgets import ChartPanel

__all__ = [
    "OUTCOME_STYLES",
    "STATIC_HINT",
    "short_label",
    "actor_name",
    "demand_rows",
    "matrix_figure",
    "describe_matrix",
    "demand_chart",
    "demands_view",
    "demand_view",
    "versions_view",
    "lesson_sources_view",
    "DemandExplorer",
    "demand_explorer",
]

#: How the matrix marks each outcome: never by colour alone (a filled cross, a hollow circle).
#: Okabe–Ito colours, as in the kit's other charts: vermilion and blue.
OUTCOME_STYLES = {
    "rejected": {"colour": TOPIC_COLOURS["threats"], "marker": "X", "filled": True,
                 "label": "Rejected: the sources report a refusal"},
    "no answer reported": {"colour": TOPIC_COLOURS["sanctions"], "marker": "o", "filled": False,
                           "label": "No answer reported in the sources"},
}

#: Shown under the static rendering of the widget, where the list cannot work.
STATIC_HINT = "Run this notebook in JupyterLab to pick another demand from the list."

_HIGHLIGHT = TOPIC_COLOURS["diplomacy"]  # Okabe–Ito yellow, behind the chosen demand
_GRID = "#bbbbbb"
_NAME_PT, _LABEL_PT, _DETAIL_PT, _LEGEND_PT = 9.5, 9.0, 8.0, 8.5
_LINE = 1.3 / 72  # inches per point of font size, per line of text


# --- the records ----------------------------------------------------------------

def short_label(demand_id: str) -> str:
    """A demand's short label for charts and lists: its readable id as words.

    >>> short_label("no-nuclear-war-rehearsal")
    'No nuclear war rehearsal'
    """
    return str(demand_id).replace("-", " ").capitalize()


def _state_of(tables, actor_id: str) -> str:
    """The actor at the top of ``actor_id``'s ``part_of`` chain (the state or body it speaks for)."""
    parent = {a: _text(p) for a, p in zip(tables.actors["actor_id"], tables.actors["part_of"])}
    seen = [actor_id]
    while parent[seen[-1]] and parent[seen[-1]] not in seen:
        seen.append(parent[seen[-1]])
    return seen[-1]


def actor_name(tables, actor_id: str, short: bool = False, state: bool = False) -> str:
    """An actor's name from actors.csv; ``short`` puts the glossary's abbreviations in,
    ``state`` adds the state (or body) it belongs to in brackets.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> actor_name(tables, "ndc-policy", short=True, state=True)
    'Policy Department of the NDC (North Korea)'
    >>> actor_name(tables, "cprk", short=True), actor_name(tables, "usa", state=True)
    ('CPRK', 'United States')
    """
    names = dict(zip(tables.actors["actor_id"], tables.actors["name"]))
    name = str(names[actor_id])
    if short:
        glossary = tables.glossary.dropna(subset=["expansion"])
        for abbreviation, expansion in zip(glossary["term"], glossary["expansion"]):
            if expansion in name and f"({abbreviation})" not in name:
                name = name.replace(expansion, abbreviation)
    top = _state_of(tables, actor_id) if state else actor_id
    return name if top == actor_id else f"{name} ({names[top]})"


def _ids(cell) -> list[str]:
    return [part for part in _text(cell).split(";") if part]


def demand_rows(tables):
    """The demands in the matrix's order: grouped by the side the demander speaks for
    (sides in the order they first appear in demands.csv), then by date, undated last.

    Adds the columns ``label`` (see :func:`short_label`), ``side`` (the demander's
    state or body) and ``of`` (a list of actor ids).

    >>> from korea_kit import load_tables
    >>> rows = demand_rows(load_tables())
    >>> list(rows["by_id"].drop_duplicates())
    ['ndc-policy', 'usa', 'earnest', 'ban', 'ryoo']
    """
    demands = tables.demands.copy()
    demands["label"] = demands["demand_id"].map(short_label)
    demands["side"] = demands["by_id"].map(lambda a: _state_of(tables, str(a)))
    demands["of"] = demands["of_ids"].map(_ids)
    demands["_side"] = demands["side"].map({s: i for i, s in enumerate(demands["side"].drop_duplicates())})
    demands["_by"] = demands["by_id"].map({a: i for i, a in enumerate(demands["by_id"].drop_duplicates())})
    demands["_row"] = range(len(demands))
    demands = demands.sort_values(["_side", "_by", "made_on", "_row"], na_position="last", kind="stable")
    return demands.drop(columns=["_side", "_by", "_row"]).reset_index(drop=True)


def _demand(tables, demand_id: str):
    rows = demand_rows(tables)
    found = rows[rows["demand_id"] == demand_id]
    if found.empty:
        raise KeyError(f"no demand {demand_id!r}; the demands are {', '.join(rows['demand_id'])}")
    return found.iloc[0]


def _when(day) -> str:
    return "undated" if pd.isna(day) else format_date(day)


def _answer_words(tables, d, short=True) -> str:
    """``rejected by John Kerry on 18 April 2013`` or ``no answer reported``."""
    if d["outcome"] != "rejected":
        return str(d["outcome"])
    text = "rejected"
    if _text(d["answer_by_id"]):
        text += f" by {actor_name(tables, d['answer_by_id'], short=short)}"
    if pd.notna(d["answer_on"]):
        text += " the same day" if d["answer_on"] == d["made_on"] else f" on {format_date(d['answer_on'])}"
    return text


def _chart_detail(tables, d) -> str:
    """The line under a demand in the matrix: ``18 Apr → rejected by John Kerry`` (the title gives the year)."""
    when = "Undated" if pd.isna(d["made_on"]) else f"{d['made_on'].day} {d['made_on'].month_name()[:3]}"
    if d["outcome"] != "rejected":
        return f"{when} → {d['outcome']}"
    text = f"{when} → rejected"
    if _text(d["answer_by_id"]):
        text += f" by {actor_name(tables, d['answer_by_id'], short=True)}"
    if pd.notna(d["answer_on"]) and d["answer_on"] != d["made_on"]:
        text += f", {d['answer_on'].day} {d['answer_on'].month_name()[:3]}"
    return text


def _join(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- the matrix ---------------------------------------------------------------------

def _wrap(renderer, text, room_pt, size, weight="normal"):
    """``text`` broken into lines no wider than ``room_pt`` points (a long word keeps its line)."""
    lines = []
    for word in str(text).split():
        if lines and _width_pt(renderer, f"{lines[-1]} {word}", size, weight) <= room_pt:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _lines_in(n_lines, size):
    return n_lines * size * _LINE


def _mark(ax, x, y, outcome, gid):
    """The outcome's marker: a filled cross edged in ink, or a hollow circle in colour."""
    style = OUTCOME_STYLES[outcome]
    ax.plot([x], [y], linestyle="none", marker=style["marker"], markersize=9, markeredgewidth=1.4,
            markerfacecolor=style["colour"] if style["filled"] else "white",
            markeredgecolor=_INK if style["filled"] else style["colour"], zorder=3, gid=gid)


def _check_highlight(tables, highlight):
    if highlight is not None:
        _demand(tables, highlight)


@plain_text
def matrix_figure(tables, highlight=None, *, width=9.6):
    """Draw who asked what of whom: one row per demander, one column per actor asked.

    In each cell every demand is a mark (see :data:`OUTCOME_STYLES`) with its
    short label, its date and its answer. A demand made of two actors is in
    both their columns. ``highlight`` (a ``demand_id``) draws a yellow box
    around that demand wherever it appears. Returns a
    :class:`~matplotlib.figure.Figure` with an Agg canvas (no pyplot). Artists
    carry ids: ``row:``, ``side:`` (the demander's state) and ``col:`` plus
    the actor id; ``marker:``, ``label:``, ``detail:`` and ``highlight:`` plus
    ``demand_id:actor_id``; ``legend:`` plus the outcome (or ``highlight``).

    >>> from korea_kit import load_tables
    >>> fig = matrix_figure(load_tables(), highlight="clear-signals")
    >>> fig.get_suptitle()
    'Who asked what of whom, 11–18 April 2013'
    >>> sorted(t.get_gid() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("col:"))
    ['col:dprk', 'col:rok', 'col:usa']
    """
    _check_highlight(tables, highlight)
    rows = demand_rows(tables)
    columns = list(dict.fromkeys(a for of in rows["of"] for a in of))
    demanders = list(dict.fromkeys(rows["by_id"]))
    fig = _new_figure(width, 4.0)
    renderer = fig.canvas.get_renderer()

    margin, head_w, top = 0.15, 1.8, 0.55
    col_w = (width - 2 * margin - head_w) / len(columns)
    col_x = {a: margin + head_w + i * col_w for i, a in enumerate(columns)}
    mark_dx, text_dx, pad = 0.2, 0.38, 0.1
    room = (col_w - text_dx - pad) * 72
    head_lines = {a: _wrap(renderer, actor_name(tables, a, short=True), (col_w - 2 * pad) * 72,
                           _NAME_PT, "bold") for a in columns}
    head_h = _lines_in(max(map(len, head_lines.values())), _NAME_PT) + 2 * pad

    # lay the rows out: each cell stacks its demands; a row is as tall as its fullest cell
    layout, row_spans, y = [], [], top + head_h
    for by in demanders:
        name_lines = _wrap(renderer, actor_name(tables, by, short=True), (head_w - 2 * pad) * 72, _NAME_PT, "bold")
        side = _state_of(tables, by)  # the state or body the demander speaks for, on a line of its own
        side = f"({actor_name(tables, side)})" if side != by else ""
        cells = {a: [] for a in columns}
        for _, d in rows[rows["by_id"] == by].iterrows():
            label = _wrap(renderer, d["label"], room, _LABEL_PT, "bold")
            detail = _wrap(renderer, _chart_detail(tables, d), room, _DETAIL_PT)
            height = _lines_in(len(label), _LABEL_PT) + _lines_in(len(detail), _DETAIL_PT) + pad
            for a in d["of"]:
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
    legend_y = y + 0.25
    height = legend_y + 0.35
    fig.set_size_inches(width, height)
    _set_title(fig, f"Who asked what of whom, {_date_span(rows)}", height)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")

    right = width - margin
    ax.add_patch(Rectangle((margin, top), right - margin, head_h, facecolor="#f2f2f2", edgecolor="none", zorder=0))
    ax.text(margin + pad, top + head_h / 2, "Asked by ↓, of →", ha="left", va="center", fontsize=_NAME_PT,
            fontstyle="italic", color=_INK, gid="corner")
    for a in columns:
        ax.text(col_x[a] + pad, top + pad, "\n".join(head_lines[a]), ha="left", va="top", fontsize=_NAME_PT,
                fontweight="bold", color=_INK, linespacing=1.2, gid=f"col:{a}")
    for i, (by, y0, row_h, name, side) in enumerate(row_spans):
        if i % 2:
            ax.add_patch(Rectangle((margin, y0), right - margin, row_h, facecolor="#f7f7f7", edgecolor="none",
                                   zorder=0))
        ax.text(margin + pad, y0 + pad, "\n".join(name), ha="left", va="top", fontsize=_NAME_PT,
                fontweight="bold", color=_INK, linespacing=1.2, gid=f"row:{by}")
        if side:
            ax.text(margin + pad, y0 + pad + _lines_in(len(name), _NAME_PT), side, ha="left", va="top",
                    fontsize=_NAME_PT, color=_INK, gid=f"side:{by}")
        ax.plot([margin, right], [y0, y0], color=_GRID, linewidth=0.8, zorder=1)
    ax.plot([margin, right], [y, y], color=_GRID, linewidth=0.8, zorder=1)
    for x in [margin + head_w, *list(col_x.values())[1:]]:
        ax.plot([x, x], [top, y], color=_GRID, linewidth=0.8, zorder=1)

    for d, a, item_y, label, detail, item_h in layout:
        key = f"{d['demand_id']}:{a}"
        if d["demand_id"] == highlight:
            ax.add_patch(FancyBboxPatch((col_x[a] + 0.06, item_y - 0.03), col_w - 0.12, item_h - pad + 0.06,
                                        boxstyle="round,pad=0,rounding_size=0.05", linewidth=1.6,
                                        facecolor=to_rgba(_HIGHLIGHT, 0.55), edgecolor=_INK, zorder=2,
                                        gid=f"highlight:{key}"))
        _mark(ax, col_x[a] + mark_dx, item_y + _lines_in(0.5, _LABEL_PT) + 0.02, str(d["outcome"]), f"marker:{key}")
        ax.text(col_x[a] + text_dx, item_y, "\n".join(label), ha="left", va="top", fontsize=_LABEL_PT,
                fontweight="bold", color=_INK, linespacing=1.2, zorder=4, gid=f"label:{key}")
        ax.text(col_x[a] + text_dx, item_y + _lines_in(len(label), _LABEL_PT), "\n".join(detail), ha="left",
                va="top", fontsize=_DETAIL_PT, color="#333333", linespacing=1.2, zorder=4, gid=f"detail:{key}")

    x = margin + pad
    for outcome, style in OUTCOME_STYLES.items():
        _mark(ax, x + 0.08, legend_y, outcome, f"legend:{outcome}")
        ax.text(x + 0.25, legend_y, style["label"], ha="left", va="center", fontsize=_LEGEND_PT, color=_INK)
        x += 0.25 + (_width_pt(renderer, style["label"], _LEGEND_PT) + 24) / 72
    if highlight is not None:
        ax.add_patch(Rectangle((x, legend_y - 0.08), 0.2, 0.16, facecolor=to_rgba(_HIGHLIGHT, 0.55),
                               edgecolor=_INK, linewidth=1.2, gid="legend:highlight"))
        ax.text(x + 0.28, legend_y, "The demand chosen", ha="left", va="center", fontsize=_LEGEND_PT, color=_INK)
    return fig


def _date_span(rows) -> str:
    dated = rows["made_on"].dropna()
    return format_range(dated.min(), dated.max(), "–")


def describe_matrix(tables, highlight=None) -> str:
    """Alt text for :func:`matrix_figure`: one paragraph, every demand with its answer.

    >>> from korea_kit import load_tables
    >>> text = describe_matrix(load_tables(), highlight="stop-rhetoric")
    >>> text.split(". ")[0]
    'Matrix of who asked what of whom, 11–18 April 2013, one undated'
    >>> text.endswith("Highlighted: “Stop rhetoric”.")
    True
    """
    _check_highlight(tables, highlight)
    rows = demand_rows(tables)
    undated = int(rows["made_on"].isna().sum())
    counts = rows["outcome"].astype(str).value_counts()
    text = [f"Matrix of who asked what of whom, {_date_span(rows)}"
            + (f", {'one' if undated == 1 else undated} undated" if undated else "")
            + ". One row per actor who made a demand, one column per actor asked; a filled cross marks a "
            "demand that was rejected, a hollow circle one with no answer reported.",
            f"It shows {len(rows)} demands: {counts.get('rejected', 0)} rejected and "
            f"{counts.get('no answer reported', 0)} with no answer reported."]
    for by in dict.fromkeys(rows["by_id"]):
        mine = rows[rows["by_id"] == by]
        items = [f"“{d['label']}” of {_join(actor_name(tables, a, short=True) for a in d['of'])} "
                 f"({_when(d['made_on'])}; {_answer_words(tables, d)})" for _, d in mine.iterrows()]
        text.append(f"{actor_name(tables, by, short=True, state=True)} asked: {'; '.join(items)}.")
    if highlight is not None:
        text.append(f"Highlighted: “{short_label(highlight)}”.")
    return " ".join(text)


def demand_chart(tables, highlight=None, *, width=9.6):
    """:func:`matrix_figure` with its description and a caption of its sources, as a
    :class:`~korea_kit.charts.Chart`.

    >>> from korea_kit import load_tables
    >>> chart = demand_chart(load_tables())
    >>> chart.caption.startswith("Sources: International Business Times (IBTimes) | RT (rt.com) | ")
    True
    """
    caption = sources_line(tables, "demands", tables.demands["demand_id"])
    return Chart(matrix_figure(tables, highlight, width=width), describe_matrix(tables, highlight), caption)


# --- tables with numbered source notes ------------------------------------------------

def demands_view(tables, caption: str = "Who asked what of whom, and the answer") -> HTMLView:
    """Every demand and its answer, in the matrix's order, with numbered source notes.

    >>> from korea_kit import load_tables
    >>> print(demands_view(load_tables()).text.splitlines()[1])  # doctest: +ELLIPSIS
    - Policy Department of the National Defense Commission (North Korea) asked United States and
    South Korea, 18 April 2013: Withdraw the UN Security Council sanctions resolutions. Answer:
    Rejected by John Kerry the same day: ... [1] [2] [3]
    """
    notes, rows_html, lines = SourceNotes(tables), [], [caption]
    for _, d in demand_rows(tables).iterrows():
        refs = notes.items(cite(tables, "demands", d["demand_id"]).items)
        by, of = actor_name(tables, d["by_id"], state=True), _join(actor_name(tables, a) for a in d["of"])
        answer = _answer_words(tables, d, short=False)
        answer = answer[0].upper() + answer[1:] + (f": {d['answer']}" if _text(d["answer"]) else ".")
        when = _when(d["made_on"])
        rows_html.append([html.escape(x) for x in (by, of, when, str(d["demand"]), answer, refs)])
        lines.append(f"- {by} asked {of}, {when}: {d['demand']} Answer: {answer} {refs}")
    body = _table(["Asked by", "Of", "When", "The demand", "The answer", "Sources"], rows_html, caption)
    return notes.view(body, lines)


def _quote_words(tables, quote, notes, version=True) -> tuple[str, str]:
    """One quote as HTML and text: its words, whose wording, where it is found, its note numbers."""
    source = tables.sources.set_index("source_id").loc[quote["source_id"]]
    where = f"{'quoted in' if source['kind'] == 'article' else 'from'} {source['publisher']}"
    if _text(quote["via"]):
        where += f", which credits {quote['via']}"
    about = "; ".join(w for w in (_text(quote["version"]) if version else "", where) if w)
    refs = notes.items(cite(tables, "quotes", quote["quote_id"]).items)
    text = f"“{quote['text']}” ({about}) {refs}"
    return (f"<q>{html.escape(str(quote['text']))}</q> <small>({html.escape(about)})</small> {html.escape(refs)}",
            text)


def _event_for(tables, actor_id, day):
    """The event of ``day`` in which ``actor_id`` acted, if the timeline has one."""
    if pd.isna(day) or not actor_id:
        return None
    events = tables.events
    found = events[(events["date"] == day) & events["actor_ids"].map(lambda ids: actor_id in _ids(ids))]
    return None if found.empty else found.iloc[0]


def _who(tables, actor_id, notes) -> str:
    role = str(tables.actors.set_index("actor_id").loc[actor_id, "role"])
    return f"{actor_name(tables, actor_id, state=True)}: {role} {notes.items(cite(tables, 'actors', actor_id).items)}"


def _when_cell(tables, actor_id, day, notes, fallback) -> str:
    if pd.isna(day):
        return f"Not dated in the sources. {fallback}"
    event = _event_for(tables, actor_id, day)
    if event is None:
        return f"{format_date(day)}. {fallback}"
    return f"{format_date(day)}: {event['summary']} {notes.items(cite(tables, 'events', event['event_id']).items)}"


def demand_view(tables, demand_id: str) -> HTMLView:
    """One demand and its answer side by side, with numbered source notes.

    Rows: who (with their role), to whom, when (with the day's event), what,
    and the words as the sources give them: every version of the demand's
    quoted sentence, and the answer's words with what the answerer said that
    same day. A demand that no source quotes shows its citation evidence
    instead; a demand with no answer says so.

    >>> from korea_kit import load_tables
    >>> view = demand_view(load_tables(), "withdraw-nuclear-assets")
    >>> print(view.text.splitlines()[6])  # doctest: +ELLIPSIS
    - In their own words: No source quotes this demand word for word. What the sources say:
    International Business Times (IBTimes), ...: “also asked the U.S. to withdraw all nuclear
    weapons assets from South Korea and the region.” (reported) ... [1] [2]
    """
    d = _demand(tables, demand_id)
    notes = SourceNotes(tables)
    record = cite(tables, "demands", demand_id)
    record_refs = notes.items(record.items)
    quotes = tables.quotes.set_index("quote_id", drop=False)

    # the demand's side
    who = _who(tables, d["by_id"], notes)
    of = _join(actor_name(tables, a, state=True) for a in d["of"])
    when = _when_cell(tables, d["by_id"], d["made_on"], notes, f"See the sources of the demand. {record_refs}")
    words_html, words_text = [], []
    if _text(d["quote_id"]):
        group = quotes[quotes["group_id"] == quotes.loc[d["quote_id"], "group_id"]]
        ordered = [d["quote_id"], *[q for q in group.index if q != d["quote_id"]]]
        for qid in ordered:
            h, t = _quote_words(tables, quotes.loc[qid], notes)
            words_html.append(h)
            words_text.append(t)
    else:  # no quote: the record's own evidence, as cite() gives it
        lead = "No source quotes this demand word for word. What the sources say:"
        words_html.append(f"{html.escape(lead)} {html.escape(record_refs)}{record.html}")
        words_text.append(" ".join([lead, *record.text.splitlines(), record_refs]))

    # the answer's side
    answered = str(d["outcome"]) == "rejected"
    by = _text(d["answer_by_id"])
    a_who = _who(tables, by, notes) if by else "—"
    a_to = actor_name(tables, d["by_id"], state=True) if answered else "—"
    a_when = (_when_cell(tables, by, d["answer_on"], notes, record_refs) if answered else "—")
    a_what = (f"Rejected: {_text(d['answer']) or 'the sources report a refusal.'} {record_refs}" if answered
              else f"No answer is reported in the sources. {record_refs}")
    a_html, a_text = [], []
    if _text(d["answer_quote_id"]):
        same_day = quotes[(quotes["speaker_id"] == by) & (quotes["said_on"] == d["answer_on"])
                          & (quotes["group_id"] != quotes.loc[d["answer_quote_id"], "group_id"])]
        h, t = _quote_words(tables, quotes.loc[d["answer_quote_id"]], notes)
        a_html.append(h)
        a_text.append(t)
        for qid in same_day.index:
            h, t = _quote_words(tables, quotes.loc[qid], notes)
            a_html.append("The same day: " + h)
            a_text.append("The same day: " + t)
    elif answered:
        a_html.append("No source quotes the answer word for word.")
        a_text.append(a_html[-1])
    else:
        a_html.append("—")
        a_text.append("—")

    cells = [
        ("Who", who, a_who),
        ("To whom", of, a_to),
        ("When", when, a_when),
        ("What", f"{d['demand']} {record_refs}", a_what),
    ]
    rows_html = [[f"<strong>{html.escape(k)}</strong>", html.escape(v), html.escape(a)] for k, v, a in cells]
    rows_html.append(["<strong>In their own words</strong>", "<br>".join(words_html), "<br>".join(a_html)])
    title = f"{d['label']}: the demand and its answer"
    lines = [title, "The demand"]
    lines += [f"- {k}: {v}" for k, v, _ in cells] + [f"- In their own words: {w}" for w in words_text]
    lines += ["The answer"] + [f"- {k}: {a}" for k, _, a in cells] + [f"- In their own words: {w}" for w in a_text]
    body = _table(["Question", "The demand", "The answer"], rows_html, title)
    return notes.view(f'<div class="kk-demand">{body}</div>', lines)


def versions_view(tables, group_id: str, caption: str | None = None) -> HTMLView:
    """The versions of one quoted sentence side by side: whose wording, the words, the source.

    >>> from korea_kit import load_tables
    >>> print(versions_view(load_tables(), "first-step").text.splitlines()[2])  # doctest: +ELLIPSIS
    - Reuters translation, quoted by RT: “Firstly, the sanctions resolutions ... must be
    withdrawn” (quoted in RT (rt.com), which credits Reuters) [2] [3]
    """
    group = tables.quotes[tables.quotes["group_id"] == group_id]
    if group.empty:
        raise KeyError(f"no quotes in group {group_id!r}")
    caption = caption or f"One sentence, {len(group)} versions"
    notes, rows_html, lines = SourceNotes(tables), [], [caption]
    for _, q in group.iterrows():
        version = _text(q["version"]) or "the speaker's own words"
        h, t = _quote_words(tables, q, notes, version=False)
        rows_html.append([html.escape(version), h])
        lines.append(f"- {version}: {t}")
    return notes.view(_table(["Whose wording", "The words, where they are found, and their sources"], rows_html,
                             caption), lines)


def _lesson_refs(tables, event_ids=()):
    """The records the demand views draw on, as ``(table, id)`` pairs."""
    refs = [("events", e) for e in event_ids]
    quotes = tables.quotes
    for _, d in demand_rows(tables).iterrows():
        refs.append(("demands", d["demand_id"]))
        for actor in [d["by_id"], _text(d["answer_by_id"]), *d["of"]]:
            if actor:
                refs.append(("actors", actor))
        for actor, day in ((d["by_id"], d["made_on"]), (_text(d["answer_by_id"]), d["answer_on"])):
            event = _event_for(tables, actor, day)
            if event is not None:
                refs.append(("events", event["event_id"]))
        for qid in (_text(d["quote_id"]), _text(d["answer_quote_id"])):
            if qid:
                group = quotes.loc[quotes["quote_id"] == qid, "group_id"].iloc[0]
                refs += [("quotes", q) for q in quotes.loc[quotes["group_id"] == group, "quote_id"]]
        if _text(d["answer_quote_id"]):
            same_day = quotes[(quotes["speaker_id"] == d["answer_by_id"]) & (quotes["said_on"] == d["answer_on"])]
            refs += [("quotes", q) for q in same_day["quote_id"]]
    return list(dict.fromkeys(refs))


def lesson_sources_view(tables, event_ids=(), caption: str = "Sources of this lesson") -> HTMLView:
    """The sources behind every demand view (and the events ``event_ids``), as
    :func:`~korea_kit.views.sources_view` shows them: articles first.

    >>> from korea_kit import load_tables
    >>> text = lesson_sources_view(load_tables()).text
    >>> "ABC (Australia), 14 Apr 2013" in text, "GeoNames" in text
    (True, False)
    """
    return sources_used_view(tables, _lesson_refs(tables, event_ids), caption)


# --- the widget --------------------------------------------------------------------------

def _option(tables, d) -> str:
    return f"{d['label']} ({actor_name(tables, d['by_id'], short=True)}, {_when(d['made_on'])})"


class DemandExplorer(ChartPanel):
    """Pick a demand: the matrix highlights it, and a card shows its words, sources and answer.

    The first control is :attr:`demand`, an :class:`ipywidgets.Dropdown` of the
    demand ids (labelled with their short labels); :attr:`image` holds the
    matrix (:func:`demand_chart`), :attr:`description` its alt text and
    sources, and :attr:`card` the demand and its answer (:func:`demand_view`).
    """

    static_class = "korea-kit-demands"

    def __init__(self, tables, demand_id=None, *, width=9.6, **kwargs):
        self._tables, self._width = tables, width
        rows = demand_rows(tables)
        demand_id = rows["demand_id"].iloc[0] if demand_id is None else demand_id
        _demand(tables, demand_id)
        self.demand = widgets.Dropdown(options=[(_option(tables, d), d["demand_id"]) for _, d in rows.iterrows()],
                                       value=demand_id, description="Demand",
                                       layout=widgets.Layout(width="max-content"))
        super().__init__([self.demand], STATIC_HINT, **kwargs)
        self.add_class("kk-demands")

    def views(self):
        """The matrix with the chosen demand highlighted, and the demand's card."""
        return self.chart(), demand_view(self._tables, self.demand.value)

    def chart(self):
        """The matrix with the chosen demand highlighted."""
        return demand_chart(self._tables, self.demand.value, width=self._width)

    @property
    def card(self):
        """The demand's card (:func:`demand_view`): the widget's :attr:`panel`."""
        return self.panel


def demand_explorer(tables, demand_id=None, **kwargs):
    """A :class:`DemandExplorer` of the kit's demands.

    >>> from korea_kit import load_tables
    >>> explorer = demand_explorer(load_tables())
    >>> explorer.demand.value, "Highlighted: “Withdraw sanctions”" in explorer.description.value
    ('withdraw-sanctions', True)
    """
    return DemandExplorer(tables, demand_id, **kwargs)
