"""Handouts on paper: one per lesson, at most two A4 pages, chosen in ``data/handouts.csv``.

A handout shows, in this order: the lesson's key facts in date order (events
with their dates, figures with their values; undated figures last), the excerpt
the lesson works on (quotes, each with who said it, when, and where it was
printed; or demands, listed in full, each with whom it was asked of and the
statement's words where a source prints them), three to five
questions as a printable exercise (boxes to tick, lines to write on: see
:func:`~korea_kit.render.quizzes.exercise_view`), an exit ticket, and a short
list of the sources of everything on it. The teacher's copy adds each
question's answer, its explanation and its sources. Every text comes from the
records the table names; nothing on a handout is written here.

``korea-kit build`` writes them as pages of the website (see
:mod:`korea_kit.publish.site`): ``handouts/LESSON.html``, and
``handouts/LESSON-teacher.html`` in the teacher edition only.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> view = handout_view(tables, "02-sanctions", "Sanctions")
>>> view.text.splitlines()[0]
'Handout: Sanctions'
>>> "Answer:" in view.text, "Answer:" in handout_view(tables, "02-sanctions", "Sanctions", teacher=True).text
(False, True)
>>> handout_rows(tables, "99-no-such-lesson")
[]
"""

from __future__ import annotations

import html

from korea_kit.data.sources import source_ids
from korea_kit.dates import format_date
from korea_kit.render.quizzes import exercise_view, questions
from korea_kit.render.table import HTMLView
from korea_kit.text import cell_text

__all__ = ["handout_rows", "lessons_without_handouts", "handout_problems", "handout_refs", "key_facts",
           "unshown_facts", "handout_view"]

_WRITE = '<span class="kk-write" aria-hidden="true"></span>'


def handout_rows(tables, lesson: str) -> list[dict]:
    """The rows of ``handouts.csv`` for one lesson, in order (empty if it has none)."""
    rows = tables.handouts[tables.handouts["lesson"] == lesson].sort_values("position")
    return [{"part": str(r["part"]), "ref": cell_text(r["record_ref"]), "text": cell_text(r["text"])}
            for _, r in rows.iterrows()]


def lessons_without_handouts(tables, lessons) -> list[str]:
    """The names of the lessons (of ``lessons``, each a name or a :class:`~korea_kit.data.toc.Lesson`) without a handout.

    >>> from korea_kit import load_tables
    >>> lessons_without_handouts(load_tables(), ["02-sanctions", "99-none"])
    ['99-none']
    """
    names = [getattr(lesson, "name", lesson) for lesson in lessons]
    have = set(tables.handouts["lesson"])
    return [name for name in names if name not in have]


def handout_problems(tables) -> list[str]:
    """The rows of ``handouts.csv`` whose record does not exist (``korea-kit check`` reports them too).

    >>> from korea_kit import load_tables
    >>> handout_problems(load_tables())
    []
    """
    problems = []
    for line, (_, row) in enumerate(tables.handouts.iterrows(), 2):
        ref = cell_text(row["record_ref"])
        table, _, record = ref.partition(":")
        if ref and (table not in tables.names or record not in set(tables[table][tables[table].columns[0]])):
            problems.append(f"handouts.csv, line {line}, column 'record_ref': expected an id from {table}.csv, "
                            f"found {ref!r}")
    return problems


def handout_refs(tables, lesson: str) -> list[tuple[str, str]]:
    """Every record a lesson's handout shows, as ``(table, id)``: its facts, quotes and the questions' facts."""
    by_id = {q.quiz_id: q for q in questions(tables)}
    refs = []
    for row in handout_rows(tables, lesson):
        table, _, record = row["ref"].partition(":")
        if table == "quiz":
            refs.extend(by_id[record].fact_refs)
        elif table:
            refs.append((table, record))
    return refs


def _fact_date(tables, table: str, record: str):
    """The day a key fact is dated by (an event's date, a figure's ``as_of``), or None."""
    row = tables.record(table, record)
    value = row["date"] if table == "events" else row["as_of"]
    return value if cell_text(value) else None


def key_facts(tables, lesson: str) -> list[tuple[str, str]]:
    """A handout's key facts as ``(table, id)``, in date order: each event by its date, each figure by the day
    it is given for; undated figures last, in the order of ``handouts.csv``.

    >>> from korea_kit.data.demo import demo_tables
    >>> tables = demo_tables(
    ...     events=[{"event_id": "later", "date": "2013-03-07", "title": "Later"},
    ...             {"event_id": "earlier", "date": "2006-10-14", "title": "Earlier"}],
    ...     figures=[{"figure_id": "undated", "subject": "Undated", "value": 4, "unit": "km"}],
    ...     handouts=[{"lesson": "02-demo", "position": n, "part": "facts", "record_ref": ref}
    ...               for n, ref in enumerate(["figures:undated", "events:later", "events:earlier"], 1)])
    >>> key_facts(tables, "02-demo")
    [('events', 'earlier'), ('events', 'later'), ('figures', 'undated')]
    """
    import pandas as pd

    refs = [tuple(r["ref"].split(":", 1)) for r in handout_rows(tables, lesson) if r["part"] == "facts"]
    dated = [(pd.Timestamp(_fact_date(tables, *ref)), n, ref) for n, ref in enumerate(refs)
             if _fact_date(tables, *ref) is not None]
    undated = [ref for ref in refs if _fact_date(tables, *ref) is None]
    return [ref for _, _, ref in sorted(dated)] + undated


def unshown_facts(tables, lesson: str) -> list[tuple[str, tuple[str, str]]]:
    """The events and figures a handout's questions rest on (their ``fact_refs``) that the handout does not
    show among its key facts, as ``(quiz_id, (table, id))``: a question asks only about what the handout shows.

    >>> from korea_kit import load_tables
    >>> unshown_facts(load_tables(), "02-sanctions")
    []
    """
    by_id = {q.quiz_id: q for q in questions(tables)}
    shown = set(key_facts(tables, lesson))
    found = []
    for row in handout_rows(tables, lesson):
        if row["part"] == "question":
            q = by_id[row["ref"].split(":", 1)[1]]
            found += [(q.quiz_id, ref) for ref in dict.fromkeys(q.fact_refs)
                      if ref[0] in ("events", "figures") and ref not in shown]
    return found


def _fact(tables, table: str, record: str) -> tuple[str, str]:
    """One key fact as (HTML, text): an event's date, title and summary, or a figure's subject and value."""
    esc = html.escape
    if table == "events":
        e = tables.record("events", record)
        when = format_date(e["date"], str(e["date_precision"]))
        if cell_text(e["end_date"]):
            when += " to " + format_date(e["end_date"], str(e["date_precision"]))
        return (f"<li><strong>{esc(when)}</strong>: {esc(str(e['title']))}. {esc(str(e['summary']))}</li>",
                f"- {when}: {e['title']}. {e['summary']}")
    f = tables.record("figures", record)
    value = f"{float(f['value']):,.0f}".replace(",", "\u202f") if float(f["value"]) >= 1000 else f"{float(f['value']):g}"
    about = "about " if str(f["approximate"]).lower() == "true" else ""
    as_of = f" ({format_date(f['as_of'])})" if cell_text(f["as_of"]) else ""
    line = f"{f['subject']}: {about}{value} {f['unit']}{as_of}"
    return f"<li>{esc(line)}</li>", f"- {line}"


def _excerpt(tables, record: str) -> tuple[str, str]:
    """One quote as (HTML, text): its words, who said it and when, and the source that printed it."""
    esc = html.escape
    q = tables.record("quotes", record)
    speaker = tables.record("actors", q["speaker_id"])["name"] if q["speaker_id"] in set(tables.actors["actor_id"]) \
        else str(q["speaker_id"])
    source = tables.record("sources", q["source_id"])
    when = format_date(q["said_on"])
    version = cell_text(q["version"])
    who = f"{speaker}, {when}" + (f"; {version}" if version else "") + f" ({source['publisher']})"
    return (f"<blockquote><p>“{esc(str(q['text']))}”</p><footer>{esc(who)}</footer></blockquote>",
            f"“{q['text']}”\n  ({who})")


def _names(tables, ids: str) -> str:
    """Actors' names from ``a;b``, joined with "and"."""
    names = [str(tables.record("actors", i)["name"]) if i in set(tables.actors["actor_id"]) else i
             for i in str(ids).split(";") if i]
    return " and ".join(names)


def _demand(tables, record: str) -> tuple[str, str]:
    """One demand of a statement as (HTML, text): the kit's summary, whom it was asked of (and where reports
    differ), and the statement's words as a source prints them, when one does."""
    esc = html.escape
    d = tables.record("demands", record)
    asked = f"Asked of: {_names(tables, d['of_ids'])}"
    if cell_text(d["disputed_of_ids"]):
        asked += f" (reports differ: some add {_names(tables, d['disputed_of_ids'])})"
    words_html = words_text = ""
    if cell_text(d["quote_id"]):
        q = tables.record("quotes", d["quote_id"])
        version = cell_text(q["version"]) or str(tables.record("sources", q["source_id"])["publisher"])
        words_html = f" In its words ({esc(version)}): “{esc(str(q['text']))}”"
        words_text = f" In its words ({version}): “{q['text']}”"
    return (f"<li><strong>{esc(str(d['demand']))}</strong> {esc(asked)}.{words_html}</li>",
            f"- {d['demand']} {asked}.{words_text}")


def _source_list(tables, lesson: str) -> tuple[str, str]:
    """The sources of everything on the handout, short: an article by publisher and date, a reference by publisher and title."""
    ids = source_ids(tables, handout_refs(tables, lesson))
    items = []
    for source_id in ids:
        s = tables.record("sources", source_id)
        name = ", ".join(cell_text(s[c]) for c in ("publisher", "title", "published") if cell_text(s[c]))
        items.append(name)
    return ("<ol class=\"kk-handout-sources\">" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ol>",
            "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1)))


def handout_view(tables, lesson: str, title: str, *, teacher: bool = False) -> HTMLView:
    """A lesson's handout as HTML (the body of its page) and as text; with ``teacher``, the answers.

    A lesson without rows in ``handouts.csv`` gets a one-line view that says so.
    """
    esc = html.escape
    rows = handout_rows(tables, lesson)
    heading = f"Handout: {title}" + (" (teacher's copy, with the answers)" if teacher else "")
    if not rows:
        return HTMLView(f"<h1>{esc(heading)}</h1><p>This lesson has no handout yet.</p>",
                        f"{heading}\nThis lesson has no handout yet.")
    facts = [_fact(tables, *ref) for ref in key_facts(tables, lesson)]
    excerpt = [tuple(r["ref"].split(":", 1)) for r in rows if r["part"] == "excerpt"]
    quotes = [_excerpt(tables, record) for table, record in excerpt if table == "quotes"]
    demands = [_demand(tables, record) for table, record in excerpt if table == "demands"]
    if demands:  # the statement's demands, all of them, as one numbered list before the other quotes
        first = tables.record("demands", next(record for table, record in excerpt if table == "demands"))
        intro = (f"The demands of the statement of {format_date(first['made_on'])} ({_names(tables, first['by_id'])}), "
                 "each in the kit's words, then in the statement's where a source prints them:")
        quotes.insert(0, (f"<p>{html.escape(intro)}</p><ol>" + "".join(h for h, _ in demands) + "</ol>",
                          "\n".join([intro, *(t for _, t in demands)])))
    quiz_ids = [r["ref"].split(":", 1)[1] for r in rows if r["part"] == "question"]
    exit_ticket = next((r["text"] for r in rows if r["part"] == "exit"), "")
    # the teacher's copy has the answers where the learners have lines to write on
    exercise = exercise_view(tables, quiz_ids, "Questions", lines=0 if teacher else 1, key=teacher, sources=not teacher)
    sources_html, sources_text = _source_list(tables, lesson)
    parts = [f'<h1>{esc(heading)}</h1>',
             f'<p class="kk-handout-name">Name {_WRITE} Class {_WRITE} Date {_WRITE}</p>']
    text = [heading, "Name ______  Class ______  Date ______"]
    if facts:
        parts.append('<h2>Key facts</h2><ul class="kk-handout-facts">' + "".join(h for h, _ in facts) + "</ul>")
        text += ["", "Key facts", *(t for _, t in facts)]
    if quotes:
        parts.append("<h2>The excerpt</h2>" + "".join(h for h, _ in quotes))
        text += ["", "The excerpt", *(t for _, t in quotes)]
    parts.append("<h2>Questions</h2>" + exercise.html)
    text += ["", *exercise.text.splitlines()]
    if exit_ticket:
        lines = 0 if teacher else 3
        parts.append(f'<h2>Exit ticket</h2><div class="kk-exit"><p>{esc(exit_ticket)}</p>'
                     + "".join(f'<p class="kk-lines">{_WRITE}</p>' for _ in range(lines)) + "</div>")
        text += ["", "Exit ticket", exit_ticket, *["____________"] * lines]
    parts.append("<h2>Sources</h2>" + sources_html)
    text += ["", "Sources", sources_text]
    return HTMLView(f'<div class="kk-handout">{"".join(parts)}</div>', "\n".join(text))
