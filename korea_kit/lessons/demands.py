"""The exchange of demands, April 2013: who asked what of whom, and every answer each got.

Everything here reads ``demands.csv`` and ``answers.csv`` (the one place of
answers: one demand can get several, one answer can meet several demands) with
the quotes, actors, events and citations they point to. A demand's ``kind`` says
whether it is a ``precondition``, an ``appeal`` or an ``offer``; only
preconditions are counted as preconditions. The views are pure functions from
the tables to an :class:`~korea_kit.render.views.HTMLView` or a
:class:`~korea_kit.charts.Chart`; :class:`DemandExplorer` only wires a
drop-down list of the demands to them.

- :func:`answers_to`, :func:`outcome` and :func:`answer_line`: the answers a
  demand got, what they add up to, and one answer as a line of text;
- :func:`demands_view`: every demand (or one side's) and all its answers in one
  table, with numbered source notes; a disputed addressee is shown as disputed;
- :func:`answers_view`: every answer, dated and attributed, in the answerer's words;
- :func:`demand_chart`: a matrix of who asked (rows) what of whom (columns),
  each demand marked by its outcome, one of them highlighted if asked (drawn
  by :mod:`korea_kit.charts.demands_matrix`, which also holds :data:`OUTCOME_STYLES`);
- :func:`demand_view`: one demand and its answers: who, to whom, what kind,
  when, what, and the words as the sources quote them (every version of a
  translated sentence); a demand no source quotes shows its citation evidence;
- :func:`versions_view`: the versions of one quoted sentence, side by side;
- :func:`lesson_sources_view`: the sources all of this uses.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> [short_label(d) for d in demand_rows(tables)["demand_id"][:3]]
['Stop provocations apologize', 'Withdraw sanctions', 'No nuclear war rehearsal']
>>> print(demand_view(tables, "stop-rhetoric").text.splitlines()[0])
Stop rhetoric: the demand and its answers
"""
from __future__ import annotations

import html
import re

import ipywidgets as widgets
import pandas as pd
from markupsafe import Markup

from korea_kit.charts import demands_matrix as drawing
from korea_kit.charts.style import Chart
from korea_kit.charts.demands_matrix import OUTCOME_STYLES, kind_counts
from korea_kit.dates import format_date
from korea_kit.data import parse_ref, selection
from korea_kit.data.sources import cite, marks_line
from korea_kit.render.matrix import matrix_view
from korea_kit.render.records import short_label, state_of, actor_name, id_list, answers_to, answer_line
from korea_kit.render.table import Cell, Row, Table, evidence_text, html_list, render_html, render_template, table_view
from korea_kit.render.views import HTMLView, SourceNotes, sources_used_view
from korea_kit.widgets.panels import ChartPanel, static_hint
from korea_kit.text import cell_text, day_label, join_words

__all__ = [
    "OUTCOME_STYLES",
    "STANCE_OUTCOMES",
    "STATIC_HINT",
    "short_label",
    "actor_name",
    "answers_to",
    "outcome",
    "answer_line",
    "matrix_table",
    "addressees",
    "demand_rows",
    "kind_counts",
    "matrix_figure",
    "describe_matrix",
    "demand_chart",
    "demands_view",
    "answers_view",
    "demand_view",
    "versions_view",
    "statement_refs",
    "statement_view",
    "lesson_sources_view",
    "DemandExplorer",
    "demand_explorer",
]

#: What a demand's answers add up to, from the ``stance`` of each (see :func:`outcome`): the
#: first stance in this order that any answer takes. A demand with no answer is ``no answer reported``.
STANCE_OUTCOMES = {"rejects": "rejected", "urges dialogue": "urged dialogue"}

#: Shown under the static rendering of the widget, where the list cannot work.
STATIC_HINT = static_hint("pick another demand from the list")


# --- the records ----------------------------------------------------------------

def outcome(tables, demand_id: str) -> str:
    """What a demand's answers add up to: a key of :data:`OUTCOME_STYLES`.

    ``rejected`` when any answer rejects it, ``urged dialogue`` when the only
    answers call for talks, ``no answer reported`` when ``answers.csv`` has none.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> outcome(tables, "meaningful-steps"), outcome(tables, "consider-dialogue")
    ('rejected', 'no answer reported')
    """
    stances = set(answers_to(tables, demand_id)["stance"].astype(str))
    for stance, result in STANCE_OUTCOMES.items():
        if stance in stances:
            return result
    return "no answer reported"


def addressees(tables, demand, short: bool = False) -> str:
    """Of whom a demand was asked, the disputed addressees marked as such.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> addressees(tables, _demand(tables, "withdraw-nuclear-assets"))
    'United States (and South Korea, in some reports: the addressee is disputed)'
    """
    of = join_words(actor_name(tables, a, short=short) for a in id_list(demand["of_ids"]))
    disputed = id_list(demand["disputed_of_ids"])
    if disputed:
        of += (f" (and {join_words(actor_name(tables, a, short=short) for a in disputed)}, in some reports: "
               "the addressee is disputed)")
    return of


def demand_rows(tables):
    """The demands in the matrix's order: grouped by the side the demander speaks for
    (sides in the order they first appear in demands.csv), then by date, undated last.

    Adds the columns ``label`` (see :func:`short_label`), ``side`` (the demander's
    state or body), ``of`` and ``disputed`` (lists of actor ids), ``answer_ids``
    (the ids of its answers in ``answers.csv``) and ``outcome`` (see :func:`outcome`).

    >>> from korea_kit import load_tables
    >>> rows = demand_rows(load_tables())
    >>> list(rows["by_id"].drop_duplicates())
    ['ndc-policy', 'usa', 'earnest', 'ban', 'ryoo', 'rok']
    >>> rows.set_index("demand_id").loc["withdraw-nuclear-assets", ["of", "disputed"]].tolist()
    [['usa'], ['rok']]
    """
    return tables.derived("demand rows", _demand_rows).copy()


def _demand_rows(tables):
    demands = tables.demands.copy()
    demands["label"] = demands["demand_id"].map(short_label)
    demands["side"] = demands["by_id"].map(lambda a: state_of(tables, str(a)))
    demands["of"] = demands["of_ids"].map(id_list)
    demands["disputed"] = demands["disputed_of_ids"].map(id_list)
    demands["answer_ids"] = demands["demand_id"].map(lambda d: list(answers_to(tables, d)["answer_id"]))
    demands["outcome"] = demands["demand_id"].map(lambda d: outcome(tables, d))
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


def _kind(d) -> str:
    return str(d["kind"])


def _answer_groups(tables, d):
    """A demand's answers grouped by stance: ``[(stance, [states], [days])]``, in :data:`STANCE_OUTCOMES` order."""
    answers = tables.indexed("answers")
    groups = {}
    for answer_id in d["answer_ids"]:
        a = answers.loc[answer_id]
        states, days = groups.setdefault(str(a["stance"]), ([], []))
        state = state_of(tables, str(a["by_id"]))
        if state not in states:
            states.append(state)
        if a["said_on"] not in days:
            days.append(a["said_on"])
    order = list(STANCE_OUTCOMES)
    return [(stance, states, sorted(days)) for stance, (states, days) in
            sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))]


def _days_words(days, made_on) -> str:
    """`` the same day`` when every answer came the day the demand was made, else `` on 16 April 2013 and …``."""
    if all(pd.notna(made_on) and day == made_on for day in days):
        return " the same day"
    return " on " + join_words(format_date(day) for day in days)


def _stance_words(stance, who) -> str:
    return f"rejected by {who}" if stance == "rejects" else f"{who} {STANCE_OUTCOMES.get(stance, stance)}"


def _answer_words(tables, d) -> str:
    """``rejected by United States and South Korea the same day; China urged dialogue the same day``,
    or ``no answer reported``: every answer, by the state (or body) that gave it."""
    groups = _answer_groups(tables, d)
    if not groups:
        return "no answer reported"
    return "; ".join(_stance_words(stance, join_words(actor_name(tables, s) for s in states))
                     + _days_words(days, d["made_on"]) for stance, states, days in groups)


def _chart_detail(tables, d) -> str:
    """The line under a demand in the matrix: ``Precondition, 18 Apr → rejected by United States, South Korea;
    China urged dialogue`` (the title gives the year)."""
    when = "undated" if pd.isna(d["made_on"]) else day_label(d['made_on'], False)
    head = f"{_kind(d).capitalize()}, {when} → "
    groups = _answer_groups(tables, d)
    if not groups:
        return head + "no answer reported"
    parts = []
    for stance, states, days in groups:
        part = _stance_words(stance, ", ".join(actor_name(tables, s, short=True) for s in states))
        if not all(pd.notna(d["made_on"]) and day == d["made_on"] for day in days):
            part += " (" + join_words(day_label(day, False) for day in days) + ")"
        parts.append(part)
    return head + "; ".join(parts)


# --- the matrix (drawn by korea_kit.charts.demands_matrix) -------------------------------

def _matrix_rows(tables):
    """:func:`demand_rows` with the words the matrix shows about each demand (the columns
    :func:`korea_kit.charts.demands_matrix.matrix_figure` reads)."""
    rows = demand_rows(tables)

    def names(ids):
        return [actor_name(tables, a, short=True) for a in ids]

    demands = [d for _, d in rows.iterrows()]
    return rows.assign(
        by_name=[actor_name(tables, d["by_id"], short=True) for d in demands],
        side_name=[actor_name(tables, d["side"]) if d["side"] != d["by_id"] else "" for d in demands],
        by_full=[actor_name(tables, d["by_id"], short=True, state=True) for d in demands],
        of_names=[names(d["of"]) for d in demands],
        disputed_names=[names(d["disputed"]) for d in demands],
        addressed=[addressees(tables, d, short=True) for d in demands],
        detail=[_chart_detail(tables, d) for d in demands],
        answered=[_answer_words(tables, d) for d in demands],
    )


def matrix_figure(tables, highlight=None, *, width=9.6):
    """Who asked what of whom, drawn from the lesson's demands by
    :func:`korea_kit.charts.demands_matrix.matrix_figure` (which describes the drawing
    and its artist ids); ``highlight`` is a ``demand_id`` to box wherever it appears.

    >>> from korea_kit import load_tables
    >>> fig = matrix_figure(load_tables(), highlight="clear-signals")
    >>> fig.get_suptitle()
    'Who asked what of whom, 11–18 April 2013'
    >>> sorted(t.get_gid() for t in fig.axes[0].texts if (t.get_gid() or "").startswith("col:"))
    ['col:dprk', 'col:rok', 'col:usa']
    """
    return drawing.matrix_figure(_matrix_rows(tables), highlight, width=width)


def describe_matrix(tables, highlight=None) -> str:
    """Alt text for :func:`matrix_figure`: one paragraph, every demand with its kind and its answers.

    >>> from korea_kit import load_tables
    >>> text = describe_matrix(load_tables(), highlight="stop-rhetoric")
    >>> text.split(". ")[0]
    'Matrix of who asked what of whom, 11–18 April 2013, one undated'
    >>> text.endswith("Highlighted: “Stop rhetoric”.")
    True
    """
    return drawing.describe_matrix(_matrix_rows(tables), highlight)


def matrix_table(tables) -> HTMLView:
    """Who asked what of whom, and the answers, as an accessible HTML table: the lesson's demands
    (:func:`demand_rows`) in :func:`korea_kit.render.matrix.matrix_view`.

    >>> from korea_kit import load_tables
    >>> view = matrix_table(load_tables())
    >>> 'scope="row"' in view.html and 'scope="col"' in view.html
    True
    """
    return matrix_view(tables, demand_rows(tables))


def demand_chart(tables, highlight=None, *, width=9.6):
    """:func:`matrix_figure` with its description and a caption of its sources, as a
    :class:`~korea_kit.charts.Chart`.

    >>> from korea_kit import load_tables
    >>> chart = demand_chart(load_tables())
    >>> chart.caption.startswith("Sources: IBTimes; RT; ")
    True
    """
    return drawing.matrix_chart(_matrix_rows(tables), highlight, _matrix_caption(tables), width=width)


def _matrix_caption(tables) -> str:
    refs = [("demands", d) for d in tables.demands["demand_id"]] + [("answers", a) for a in tables.answers["answer_id"]]
    return marks_line(tables, refs)


# --- tables with numbered source notes ------------------------------------------------

def _answer_cells(tables, d, notes) -> tuple[str, str]:
    """Every answer to a demand, in short (who, when, the stance), as ``(html, text)``, each with its source
    numbers; or that none is reported. :func:`answers_view` gives the answers in full."""
    answers = tables.indexed("answers")
    found = []
    for answer_id in d["answer_ids"]:
        a = answers.loc[answer_id]
        found.append((f"{actor_name(tables, a['by_id'], state=True)}, {format_date(a['said_on'])}: {a['stance']}",
                      notes.refs([("answers", answer_id)])))
    if not found:
        return "No answer reported.", "No answer reported."
    return ("<br>".join(f"{html.escape(line)} {refs.__html__()}" for line, refs in found),
            " / ".join(f"{line} {refs}" for line, refs in found))


def demands_view(tables, caption: str = "Who asked what of whom, and the answers", *, side: str | None = None,
                 answers: bool = True) -> HTMLView:
    """Every demand (or only those of ``side``, a state's actor id) in the matrix's order, with its kind,
    a disputed addressee shown as disputed, every answer it got (unless ``answers`` is false) and
    numbered source notes.

    >>> from korea_kit import load_tables
    >>> view = demands_view(load_tables(), side="dprk", answers=False)
    >>> print(view.text.splitlines()[4])  # doctest: +ELLIPSIS
    - Policy Department of the National Defense Commission (North Korea) asked United States (and South Korea,
    in some reports: the addressee is disputed), precondition, 18 April 2013: Withdraw all nuclear weapons
    assets ... [...]
    """
    notes, table_rows = SourceNotes(tables, marks=True), []
    rows = demand_rows(tables)
    if side is not None:
        rows = rows[rows["side"] == side]
        if rows.empty:
            raise KeyError(f"no demand made by {side!r}; the sides are {', '.join(demand_rows(tables)['side'].unique())}")
    for _, d in rows.iterrows():
        refs = notes.items(cite(tables, "demands", d["demand_id"]).items)
        by, of = actor_name(tables, d["by_id"], state=True), addressees(tables, d)
        when = _when(d["made_on"])
        cells = [Cell(x) for x in (by, of, _kind(d), when, str(d["demand"]))]
        line = f"- {by} asked {of}, {_kind(d)}, {when}: {d['demand']}"
        if answers:
            answer_html, answer_text = _answer_cells(tables, d, notes)
            cells.append(Cell(answer_text, Markup(answer_html)))
            line += f" Answers: {answer_text}"
        table_rows.append(Row([*cells, Cell(refs)], f"{line} {refs}"))
    headers = ["Asked by", "Of", "Kind", "When", "The demand", *(["The answers, with their sources"] if answers else []),
               "Sources of the demand"]
    return table_view(Table(caption, headers, table_rows, notes))


def answers_view(tables, caption: str = "Every answer on record", *, to: str | None = None) -> HTMLView:
    """Every answer of ``answers.csv`` (or only the answers to the demands of ``to``, a state's actor id),
    earliest first: who answered and for whom, when, to which demands, the stance, the kit's words and the
    answerer's own words, each with numbered sources.

    >>> from korea_kit import load_tables
    >>> print(answers_view(load_tables(), to="usa").text.splitlines()[1])  # doctest: +ELLIPSIS
    - North Korea, 16 April 2013, rejects (answering the demands of the United States: Abandon nuclear ambitions; Meaningful steps): Said it did not oppose dialogue but could not sit at the dialogue table with a side that was wielding a nuclear stick, and that while the US kept its hostile policy, sincere dialogue could come only after its nuclear deterrent was complete. [AFP, 16 Apr; Korea Herald, 16-17 Apr] “cannot sit face-to-face at the humiliating dialogue table with the other party who is wielding a nuclear stick” (from AFP) [AFP, 16 Apr]
    """
    rows = demand_rows(tables).set_index("demand_id", drop=False)
    answers = tables.answers.assign(_row=range(len(tables.answers))).sort_values(["said_on", "_row"], kind="stable")
    notes, table_rows = SourceNotes(tables, marks=True), []
    for _, a in answers.iterrows():
        demand_ids = [i for i in id_list(a["demand_ids"]) if to is None or rows.loc[i, "side"] == to]
        if not demand_ids:
            continue
        sides = [actor_name(tables, s) for s in dict.fromkeys(rows.loc[i, "side"] for i in demand_ids)]
        sides = [f"the {s}" if s.startswith("United ") else s for s in sides]
        answering = f"the demands of {join_words(sides)}: " + "; ".join(rows.loc[i, "label"] for i in demand_ids)
        refs = notes.refs([("answers", a["answer_id"])])
        words, words_html = "", ""
        if cell_text(a["quote_id"]):
            quote = tables.record("quotes", a["quote_id"])
            words_html, words = _quote_words(tables, quote, notes)
        who, when = actor_name(tables, a["by_id"], state=True), format_date(a["said_on"])
        said = Cell(words, Markup(words_html)) if words_html else Cell("—")
        table_rows.append(Row([Cell(who), Cell(when), Cell(answering), Cell(str(a["stance"])),
                               Cell(f"{a['answer']} {refs}"), said],
                              f"- {who}, {when}, {a['stance']} (answering {answering}): {a['answer']} {refs}"
                              + (f" {words}" if words else "")))
    if not table_rows:
        raise KeyError(f"no answer to a demand of {to!r}")
    headers = ["Who answered", "When", "Answering", "Stance", "The answer, with its sources",
               "In their own words"]
    return table_view(Table(caption, headers, table_rows, notes))


def _quote_words(tables, quote, notes, version=True) -> tuple[str, str]:
    """One quote as HTML and text: its words, whose wording, which outlet printed it, its note numbers.

    A version is labelled by the outlet that printed it; ``via`` is shown only as what the
    source itself says about who first reported the words.
    """
    source = tables.record("sources", quote["source_id"])
    where = f"{'as printed by' if source['kind'] == 'article' else 'from'} {source['publisher']}"
    if cell_text(quote["via"]):
        where += f", which says it was first reported by {quote['via']}"
    about = "; ".join(w for w in (cell_text(quote["version"]) if version else "", where) if w)
    refs = notes.items(cite(tables, "quotes", quote["quote_id"]).items)
    text = f"“{quote['text']}” ({about}) {refs}"
    return (f"<q>{html.escape(str(quote['text']))}</q> <small>({html.escape(about)})</small> {html.escape(refs)}",
            text)


def _event_for(tables, actor_id, day):
    """The event of ``day`` in which ``actor_id`` acted, if the timeline has one."""
    if pd.isna(day) or not actor_id:
        return None
    events = tables.events
    found = events[(events["date"] == day) & events["actor_ids"].map(lambda ids: actor_id in id_list(ids))]
    return None if found.empty else found.iloc[0]


def _who(tables, actor_id, notes) -> str:
    role = str(tables.record("actors", actor_id)["role"])
    return f"{actor_name(tables, actor_id, state=True)}: {role} {notes.items(cite(tables, 'actors', actor_id).items)}"


def _when_cell(tables, actor_id, day, notes, fallback) -> str:
    if pd.isna(day):
        return f"Not dated in the sources. {fallback}"
    event = _event_for(tables, actor_id, day)
    if event is None:
        return f"{format_date(day)}. {fallback}"
    return f"{format_date(day)}: {event['summary']} {notes.items(cite(tables, 'events', event['event_id']).items)}"


def _same_day_quotes(tables, answer):
    """The ids of the answer's quote and of what the same speaker said that day (other sentences), in file order."""
    if not cell_text(answer["quote_id"]):
        return []
    quotes = tables.indexed("quotes")
    group = quotes.loc[answer["quote_id"], "group_id"]
    same_day = quotes[(quotes["speaker_id"] == answer["by_id"]) & (quotes["said_on"] == answer["said_on"])
                      & (quotes["group_id"] != group)]
    return [answer["quote_id"], *same_day.index]


def demand_view(tables, demand_id: str) -> HTMLView:
    """One demand and every answer it got, with numbered source notes.

    The demand: who (with their role), to whom (a disputed addressee marked as
    such), what kind, when (with the day's event), what, and the words as the
    sources give them: every version of the demand's quoted sentence. A demand
    that no source quotes shows its citation evidence instead. Then each answer:
    who, when, the stance, the kit's words, and the answerer's words with what
    the same speaker said that day; or that no answer is reported.

    >>> from korea_kit import load_tables
    >>> view = demand_view(load_tables(), "withdraw-nuclear-assets")
    >>> print(view.text.splitlines()[7])  # doctest: +ELLIPSIS
    - In their own words: No source quotes this demand word for word. What the sources say: IBTimes: “also asked the U.S. to withdraw all nuclear weapons assets from South Korea and the region.” (reported) RT: “US Secretary of State John Kerry has dismissed conditions laid out by North Korea for talks as unacceptable.” (reported). Note: The answer: Kerry dismissed the conditions as a whole. AP, 18 Apr (likely). Note: AP and AFP put it to the US; Xinhua and Yonhap to Washington and Seoul. Los Angeles Times (verified). Note: The US statement of 1991 and the declaration of 1992; the kit adopts neither side's premise. [IBTimes; RT; AP, 18 Apr; Los Angeles Times]
    """
    d = _demand(tables, demand_id)
    notes = SourceNotes(tables, marks=True)
    record = cite(tables, "demands", demand_id)
    record_refs = notes.items(record.items)
    quotes = tables.indexed("quotes")

    # the demand
    words_html, words_text = [], []
    if cell_text(d["quote_id"]):
        group = quotes[quotes["group_id"] == quotes.loc[d["quote_id"], "group_id"]]
        for qid in [d["quote_id"], *[q for q in group.index if q != d["quote_id"]]]:
            h, t = _quote_words(tables, quotes.loc[qid], notes)
            words_html.append(h)
            words_text.append(t)
    else:  # no quote: the record's own evidence, as cite() gives it
        lead = "No source quotes this demand word for word. What the sources say:"
        evidence = [evidence_text(item) for item in record.items]
        words_html.append(f"{html.escape(lead)} {html.escape(record_refs)}{html_list(evidence, 'ul')}")
        words_text.append(" ".join([lead, *evidence, record_refs]))
    cells = [
        ("Who", _who(tables, d["by_id"], notes)),
        ("To whom", join_words(actor_name(tables, a, state=True) for a in d["of"])
         + (f"; in some reports also {join_words(actor_name(tables, a, state=True) for a in d['disputed'])} "
            f"(the addressee is disputed) {record_refs}" if d["disputed"] else "")),
        ("Kind", _kind(d)),
        ("When", _when_cell(tables, d["by_id"], d["made_on"], notes, f"See the sources of the demand. {record_refs}")),
        ("What", f"{d['demand']} {record_refs}"),
    ]
    question_rows = [Row([_strong(k), Cell(v)]) for k, v in cells]
    own_words = Cell(" ".join(words_text), Markup("<br>".join(words_html)))
    question_rows.append(Row([_strong("In their own words"), own_words]))
    title = f"{d['label']}: the demand and its answers"
    lines = [title, "The demand"] + [f"- {k}: {v}" for k, v in cells] + [f"- In their own words: {w}" for w in words_text]

    # the answers
    answers = tables.indexed("answers")
    answer_rows = []
    lines.append("The answers")
    for answer_id in d["answer_ids"]:
        a = answers.loc[answer_id]
        refs = notes.refs([("answers", answer_id)])
        # short: the name and the day (the role and the day's event are in the notes' sources and in "What"),
        # so that a row reads on a phone
        who = f"{actor_name(tables, a['by_id'], state=True)} {notes.items(cite(tables, 'actors', a['by_id']).items)}"
        event = None if pd.isna(a["said_on"]) else _event_for(tables, a["by_id"], a["said_on"])
        when = (f"Not dated in the sources. {refs}" if pd.isna(a["said_on"]) else
                f"{format_date(a['said_on'])} {refs}" if event is None else
                f"{format_date(a['said_on'])} {notes.items(cite(tables, 'events', event['event_id']).items)}")
        what = f"{str(a['stance']).capitalize()}: {a['answer']} {refs}"
        said_html, said_text = [], []
        for i, qid in enumerate(_same_day_quotes(tables, a)):
            h, t = _quote_words(tables, quotes.loc[qid], notes)
            said_html.append(("The same day: " if i else "") + h)
            said_text.append(("The same day: " if i else "") + t)
        if not said_html:
            said_html = said_text = ["No source quotes this answer word for word."]
        said = Cell(" ".join(said_text), Markup("<br>".join(said_html)))
        answer_rows.append(Row([Cell(who), Cell(when), Cell(what), said]))
        lines += [f"- Who: {who}", f"  When: {when}", f"  What: {what}", f"  In their own words: {said_text[0]}"]
        lines += [f"  {w}" for w in said_text[1:]]
    if not answer_rows:
        lines.append(f"- No answer is reported in the sources. {record_refs}")
    body = render_html(Table(title, ["Question", "The demand"], question_rows))
    if answer_rows:
        body += render_html(Table(f"{d['label']}: every answer on record", ["Who answered", "When", "What",
                                                                             "In their own words"], answer_rows))
    else:
        body += f"<p>No answer is reported in the sources. {html.escape(record_refs)}</p>"
    return notes.view(f'<div class="kk-demand">{body}</div>', lines)


def _strong(label: str) -> Cell:
    """A row's heading cell, in bold."""
    return Cell(label, Markup(f"<strong>{html.escape(label)}</strong>"))


def versions_view(tables, group_id: str, caption: str | None = None) -> HTMLView:
    """The versions of one quoted sentence side by side: whose wording, the words, the source.

    >>> from korea_kit import load_tables
    >>> print(versions_view(load_tables(), "first-step").text.splitlines()[2])  # doctest: +ELLIPSIS
    - ...: “Firstly, the sanctions resolutions ... must be withdrawn” (as printed by RT (rt.com)...) [...]
    """
    group = tables.quotes[tables.quotes["group_id"] == group_id]
    if group.empty:
        raise KeyError(f"no quotes in group {group_id!r}")
    caption = caption or f"One sentence, {len(group)} versions"
    notes, rows = SourceNotes(tables, marks=True), []
    for _, q in group.iterrows():
        version = cell_text(q["version"]) or "the speaker's own words"
        h, t = _quote_words(tables, q, notes, version=False)
        rows.append(Row([Cell(version), Cell(t, Markup(h))], f"- {version}: {t}"))
    return table_view(Table(caption, ["Whose wording", "The words, where they are found, and their sources"], rows,
                            notes))


LESSON = "05-exchange-of-demands"


def statement_refs(tables) -> list[tuple[str, str]]:
    """The quotes of :func:`statement_view`, from the lesson's selections ``statement``, ``statement-kcna``
    and ``answers``, each version once.

    >>> from korea_kit import load_tables
    >>> statement_refs(load_tables())[:2]
    [('quotes', 'dialogue-war-ibt'), ('quotes', 'dialogue-war-kcna')]
    """
    refs = []
    for name in ("statement", "statement-kcna", "answers"):
        for _, row in selection(tables, LESSON, name).iterrows():
            refs.append((row["record_table"], row["record_id"]))
            if cell_text(row["paired_ref"]):
                refs.append(parse_ref(row["paired_ref"]))
    return list(dict.fromkeys(refs))


def _said(tables, quote, notes) -> dict:
    """A quote as the statement view shows it: the words, who (with state), when, in whose English, the marks."""
    who = actor_name(tables, quote["speaker_id"], state=True)
    version = cell_text(quote["version"])
    return {"text": quote["text"], "who": who, "when": format_date(quote["said_on"]),
            "version": version, "marks": notes.refs([("quotes", quote["quote_id"])])}


def statement_view(tables, caption: str = "North Korea's statement of 18 April 2013, and the answers to it") -> HTMLView:
    """North Korea's statement as one excerpt, beside the answers to it.

    The excerpt is the IBTimes article's quotations of the statement in the article's order (selection
    ``statement`` of ``selections.csv``), each followed by KCNA's own English of the same sentence where
    the kit has it (the paired quote), then what the kit has only in KCNA's own English
    (``statement-kcna``). Beside it, the answers (``answers``), grouped by the label the selection gives
    (Washington, Seoul, Beijing, the UN), each attributed and dated. Every quote carries its sources'
    marks; the evidence is folded under the view.

    >>> from korea_kit import load_tables
    >>> view = statement_view(load_tables())
    >>> print(view.text.splitlines()[2])  # doctest: +ELLIPSIS
    - “Dialogue and war cannot co-exist” [IBTimes; KCNA, UPI, 18 Apr]
    >>> "Washington" in view.text and "Beijing" in view.text and "Hua Chunying" in view.text
    True
    """
    notes, quotes = SourceNotes(tables, marks=True), tables.indexed("quotes")

    def record(ref):
        table, quote_id = parse_ref(ref)
        return _said(tables, {**quotes.loc[quote_id].to_dict(), "quote_id": quote_id}, notes)

    parts = []
    for _, row in selection(tables, LESSON, "statement").iterrows():
        paired = record(row["paired_ref"]) if cell_text(row["paired_ref"]) else None
        parts.append((record(row["record_ref"]), paired))
    kcna = [record(r) for r in selection(tables, LESSON, "statement-kcna")["record_ref"]]
    answers: dict[str, list] = {}
    for _, row in selection(tables, LESSON, "answers").iterrows():
        answers.setdefault(cell_text(row["label"]), []).append(record(row["record_ref"]))
    first = parts[0][0] if parts else kcna[0]
    heading = f"{first['who']}, {first['when']}"
    html_text = render_template("statement.html.j2", caption=caption, heading=heading, parts=parts, kcna=kcna,
                                answers=list(answers.items())) + notes.html()
    lines = [caption, f"{heading}, as printed by IBTimes in the article's order:"]
    for said, paired in parts:
        lines.append(f"- “{said['text']}” {said['marks']}")
        if paired:
            lines.append(f"  {paired['version']}: “{paired['text']}” {paired['marks']}")
    lines.append("In KCNA's own English, the statement also says:")
    lines += [f"- “{k['text']}” {k['marks']}" for k in kcna]
    lines.append("The answers:")
    for label, said in answers.items():
        lines += [f"{label}:", *(f"- {a['who']}, {a['when']}: “{a['text']}”"
                                 f"{' (' + a['version'] + ')' if a['version'] else ''} {a['marks']}" for a in said)]
    return HTMLView(html_text, "\n".join([*lines, *notes.text()]))


def _lesson_refs(tables, event_ids=()):
    """The records the demand views draw on, as ``(table, id)`` pairs."""
    refs = [("events", e) for e in event_ids] + statement_refs(tables)
    quotes = tables.quotes
    answers = tables.indexed("answers")

    def group_of(qid):
        group = quotes.loc[quotes["quote_id"] == qid, "group_id"].iloc[0]
        return [("quotes", q) for q in quotes.loc[quotes["group_id"] == group, "quote_id"]]

    for _, d in demand_rows(tables).iterrows():
        refs.append(("demands", d["demand_id"]))
        refs += [("actors", a) for a in [d["by_id"], *d["of"], *d["disputed"]]]
        event = _event_for(tables, d["by_id"], d["made_on"])
        refs += [("events", event["event_id"])] if event is not None else []
        refs += group_of(d["quote_id"]) if cell_text(d["quote_id"]) else []
        for answer_id in d["answer_ids"]:
            a = answers.loc[answer_id]
            refs += [("answers", answer_id), ("actors", a["by_id"])]
            event = _event_for(tables, a["by_id"], a["said_on"])
            refs += [("events", event["event_id"])] if event is not None else []
            refs += [("quotes", q) for q in _same_day_quotes(tables, a)]
    return list(dict.fromkeys(refs))


def lesson_sources_view(tables, event_ids=(), caption: str = "Sources of this lesson") -> HTMLView:
    """The sources behind every demand view (and the events ``event_ids``), as
    :func:`~korea_kit.render.views.sources_view` shows them: articles first.

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
        # The matrix above it shows the description and the sources; a page shows them once: here the
        # description is the chart's alt text only, and the caption is left out.
        chart, card = self._shown
        figure = re.sub(r"<figcaption>.*?</figcaption>", "", chart.to_html(self.image.value), flags=re.S)
        # A page cannot change the demand: the exchange is told above it, so the first demand's card waits in a fold.
        label = html.escape(f"The card of one demand, {_demand(tables, demand_id)['label']}, and its answers")
        self.set_static(f'<div class="{self.static_class}">{figure}<details class="kk-fold"><summary>{label}'
                        f"</summary>{card.html}</details><p><em>{html.escape(STATIC_HINT)}</em></p></div>",
                        self._static_text)

    def views(self):
        """The matrix with the chosen demand highlighted, and the demand's card."""
        self._shown = self.chart(), demand_view(self._tables, self.demand.value)
        return self._shown

    def first_views(self):
        """The first demand's views, its matrix drawn once as a figure the widget keeps (see :meth:`quick_views`)."""
        self._rows, self._caption = _matrix_rows(self._tables), _matrix_caption(self._tables)
        self._quick = drawing.matrix_highlights(self._rows, self.demand.value, width=self._width)
        chart = Chart(self._quick.figure, drawing.describe_matrix(self._rows, self.demand.value), self._caption)
        self._shown = chart, demand_view(self._tables, self.demand.value)
        return (*self._shown, self._quick.png_bytes())

    def quick_views(self):
        """The views of the chosen demand, its matrix redrawn only where the highlight moves."""
        self._quick.show(self.demand.value)
        chart = Chart(self._quick.figure, drawing.describe_matrix(self._rows, self.demand.value), self._caption)
        return self._quick.png_bytes(), chart, demand_view(self._tables, self.demand.value)

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
    >>> explorer = demand_explorer(load_tables(), "withdraw-sanctions")
    >>> explorer.demand.value, "Highlighted: “Withdraw sanctions”" in explorer.description.value
    ('withdraw-sanctions', True)
    """
    return DemandExplorer(tables, demand_id, **kwargs)
