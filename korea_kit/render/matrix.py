"""The demands of April 2013 as a matrix in HTML: who asked what of whom, and the answers each got.

:func:`matrix_view` is the matrix of lesson 05 as an accessible table: a
caption, the actors asked as column headers (``<th scope="col">``), those who
asked as row headers (``<th scope="row">``), and in each cell the demands,
each with its kind, its date, its outcome (a symbol and its words, never the
symbol alone) and its answers. It reads on a phone (the website lets a wide
table scroll in its own box), on a projector and on paper. The drawing of the
same matrix is :mod:`korea_kit.charts.demands_matrix`.
"""
from __future__ import annotations

import html

import pandas as pd

from korea_kit.data.sources import refs_line
from korea_kit.dates import format_date
from korea_kit.render.records import actor_name
from korea_kit.render.table import HTMLView

__all__ = ["OUTCOME_SYMBOLS", "matrix_view"]

#: How the matrix marks each outcome: a symbol beside the outcome's words (never the symbol alone).
OUTCOME_SYMBOLS = {"rejected": "✗", "urged dialogue": "◆", "no answer reported": "○"}


def _when(day) -> str:
    return "undated" if pd.isna(day) else format_date(day)


_OUTCOME_WORDS = {"rejected": "rejected", "urged dialogue": "answered with a call for dialogue",
                  "no answer reported": "no answer reported"}


def matrix_view(tables, rows, caption="Who asked what of whom in April 2013, and the answers"):
    """The matrix as an HTML table: one row per actor who asked (a ``<th scope="row">``), one column per
    actor asked (a ``<th scope="col">``); each cell lists the demands made of that actor, each with its
    kind, date, outcome (a symbol and its words) and every answer (who, when, the stance).

    ``rows`` are the lesson's demands in the matrix's order (:func:`korea_kit.lessons.demands.demand_rows`:
    the columns ``demand_id``, ``by_id``, ``label``, ``kind``, ``made_on``, ``of``, ``disputed``,
    ``outcome`` and ``answer_ids``). An addressee that only some reports name gets the demand marked as
    disputed. Returns an :class:`~korea_kit.render.table.HTMLView`.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> rows = pd.DataFrame({"demand_id": ["d"], "by_id": ["dprk"], "label": ["Stop rhetoric"],
    ...     "kind": ["precondition"], "made_on": pd.to_datetime(["2013-04-18"]), "of": [["usa"]],
    ...     "disputed": [["rok"]], "outcome": ["no answer reported"], "answer_ids": [[]]})
    >>> view = matrix_view(tables, rows, "Demo")
    >>> view.html.count('scope="col"'), view.html.count('scope="row"'), "<caption>Demo</caption>" in view.html
    (3, 1, True)
    >>> print(view.text.splitlines()[1])
    - North Korea asked United States: Stop rhetoric (precondition, 18 April 2013): no answer reported.
    """
    esc = html.escape
    answers = tables.indexed("answers")
    columns = list(dict.fromkeys(a for _, d in rows.iterrows() for a in [*d["of"], *d["disputed"]]))
    demanders = list(dict.fromkeys(rows["by_id"]))

    def answered(d) -> str:
        said = []
        for answer_id in d["answer_ids"]:
            a = answers.loc[answer_id]
            said.append(f"{actor_name(tables, str(a['by_id']), state=True)}, {format_date(a['said_on'])}: {a['stance']}")
        return "; ".join(said)

    head = "".join(f'<th scope="col">{esc(actor_name(tables, a))}</th>' for a in columns)
    body, text = [], [caption]
    for by in demanders:
        mine = rows[rows["by_id"] == by]
        name = actor_name(tables, by, short=True, state=True)
        cells = []
        for a in columns:
            items = []
            for _, d in mine.iterrows():
                if a not in [*d["of"], *d["disputed"]]:
                    continue
                outcome = str(d["outcome"])
                disputed = (' <em class="kk-disputed">(this addressee is disputed: only some reports name it)</em>'
                            if a in d["disputed"] else "")
                said = answered(d)
                items.append(f'<li><strong>{esc(str(d["label"]))}</strong> ({esc(str(d["kind"]))}, {esc(_when(d["made_on"]))})'
                             f'{disputed}<br><span class="kk-outcome"><span aria-hidden="true">'
                             f'{OUTCOME_SYMBOLS.get(outcome, "")}</span> {esc(_OUTCOME_WORDS.get(outcome, outcome))}'
                             f'</span>{"<br><small>" + esc(said) + "</small>" if said else ""}</li>')
                text.append(f"- {name} asked {actor_name(tables, a)}: {d['label']} ({d['kind']}, {_when(d['made_on'])})"
                            + (" (disputed addressee)" if a in d["disputed"] else "")
                            + f": {_OUTCOME_WORDS.get(outcome, outcome)}" + (f". Answers: {said}" if said else "") + ".")
            cells.append(f'<td><ul class="kk-matrix-items">{"".join(items)}</ul></td>' if items else
                         '<td><span class="kk-none">none</span></td>')
        body.append(f'<tr><th scope="row">{esc(name)}</th>{"".join(cells)}</tr>')
    refs = [("demands", str(d)) for d in rows["demand_id"] if d in set(tables.demands["demand_id"])]
    refs += [("answers", a) for ids in rows["answer_ids"] for a in ids]
    sources = refs_line(tables, refs)
    legend = " ".join(f'<span aria-hidden="true">{symbol}</span> {esc(_OUTCOME_WORDS[o])};'
                      for o, symbol in OUTCOME_SYMBOLS.items()).rstrip(";") + "."
    page = (f'<table class="kk-table kk-matrix"><caption>{esc(caption)}</caption><thead><tr>'
            f'<th scope="col">Asked by ↓, of →</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
            f'<p class="kk-legend"><small>Outcomes: {legend} {esc(sources)}</small></p>')
    return HTMLView(page, "\n".join([*text, sources]))


