"""The teacher's keys: every rendering of a quiz's answers, an open question's model answer and rubric, and
the verdicts of "spot the error", in one module that only the teacher's cells import.

A lesson shows a key in a cell tagged ``teacher``, which the student edition leaves out (see
:mod:`korea_kit.publish.editions`), and imports it there::

    from korea_kit.teacher import quiz_key
    quiz_key(tables, "02-sanctions")

So the student edition never imports this module: none of these functions is in the ``kk``
namespace a learner explores (``kk.`` and Tab), and no page of the student edition names them.
(The answers themselves are data that ship with the kit, as the teacher's guide says: this module
keeps them out of a learner's way, not out of reach.)

:data:`KEY_FUNCTIONS` names them all, for the checks that no cell a student sees calls one.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> from korea_kit.render.quizzes import questions
>>> q = questions(tables, "02-sanctions")[0]
>>> key = quiz_key(tables, "02-sanctions")
>>> key.text.splitlines()[0].startswith("Answer key"), q.explanation in key.text
(True, True)
"""

from __future__ import annotations

import html

from markupsafe import Markup

from korea_kit.data import parse_refs
from korea_kit.publish import editions
from korea_kit.data.sources import source_ids, source_marks
from korea_kit.lessons.reading import claim_answer_view, claims
from korea_kit.render.questions import open_questions
from korea_kit.render.quizzes import Question, feedback_view, option_feedback, questions
from korea_kit.render.table import HTMLView, render_template

__all__ = ["KEY_FUNCTIONS", "quiz_key", "compact_quiz_key", "open_question_key", "spot_the_error_key",
           "compact_spot_the_error_key"]

#: The names of the functions that render a key: only a cell tagged ``teacher`` (or ``solution``) calls them.
KEY_FUNCTIONS = editions.KEY_FUNCTIONS


def _options_key(question: Question) -> HTMLView:
    """For the teacher's key: every option of a ``choice`` question, right or wrong, with its feedback."""
    if question.kind != "choice" or not question.feedback:
        return HTMLView("", "")
    options = [(option, "right" if option == question.answer[0] else "wrong", option_feedback(question, option))
               for option in question.choices]
    text = [f"- {option} ({verdict}): {note}" for option, verdict, note in options]
    return HTMLView(render_template("options_key.html.j2", options=options), "\n".join(["Each option:", *text]))


def _question(number: int, question: Question) -> tuple[dict, list[str]]:
    """One question for ``quiz.html.j2`` (its words, how to answer, its items) and as text lines."""
    text = [f"{number}. {question.question}"]
    suffix = ""
    if question.kind == "choice":
        how, list_class = "Choose one.", "kk-choices"
    elif question.kind == "order":
        how, list_class = "Put these in order.", "kk-items"
    else:
        how, list_class = "Match each item with one of: " + ", ".join(question.partners) + ".", "kk-items"
        suffix = " → …"
    text += [f"   ({how})", *(f"   - {c}{suffix}" for c in question.choices)]
    item = {"id": question.quiz_id, "question": question.question, "how": how, "list_class": list_class,
            "choices": question.choices, "suffix": suffix, "key": None}
    return item, text


def _quiz_html(tables, lesson: str, title: str, key: bool) -> HTMLView:
    """A lesson's questions, each with its key folded under it when ``key``."""
    qs = questions(tables, lesson)
    if not qs:
        return HTMLView(f"<p>{html.escape(title)}: no questions.</p>", f"{title}: no questions.")
    items, text = [], [f"{title} ({len(qs)} questions)"]
    for number, q in enumerate(qs, 1):
        item, lines = _question(number, q)
        if key:
            fb, options = feedback_view(tables, q, None, reveal=True), _options_key(q)
            item["key"] = Markup(fb.html + options.html)
            lines += ["   " + line for line in (fb.text + ("\n" + options.text if options.text else "")).splitlines()]
        items.append(item)
        text += lines
    note = ("Open the lesson in JupyterLab to answer and get feedback."
            + (" The answers are folded under each question." if key else ""))
    return HTMLView(render_template("quiz.html.j2", title=title, items=items, note=note), "\n".join(text))


def quiz_key(tables, lesson: str, title: str = "Answer key") -> HTMLView:
    """The teacher's key of a lesson's quiz: each question with its answer, the feedback of
    every option, the explanation and its sources, folded in ``<details class="kk-key">``.

    Call it only in a cell tagged ``teacher`` (or in the teacher's guide): the
    student edition leaves such cells out.

    >>> from korea_kit.data import load_tables
    >>> tables = load_tables()
    >>> q = questions(tables, "02-sanctions")[0]
    >>> key = quiz_key(tables, "02-sanctions")
    >>> key.text.splitlines()[0].startswith("Answer key"), q.explanation in key.text
    (True, True)
    >>> key.html.count('<details class="kk-key">') == len(questions(tables, "02-sanctions"))
    True
    """
    return _quiz_html(tables, lesson, title, key=True)


def compact_quiz_key(tables, lesson: str, title: str = "Answer key") -> HTMLView:
    """The answers of a lesson's quiz as one short table, for the printed teacher's guide: each question
    and its right answer (a choice, the items in order, or each item with its partner). The feedback of
    every option and the explanations stay in the full key, :func:`quiz_key`, under the lesson's quiz.

    >>> from korea_kit.data import load_tables
    >>> tables = load_tables()
    >>> key = compact_quiz_key(tables, "02-sanctions")
    >>> print(key.text.splitlines()[0])  # doctest: +ELLIPSIS
    Answer key (... questions; the full key with each option's feedback is under the lesson's quiz)
    >>> key.html.count("<tr>") == 1 + len(questions(tables, "02-sanctions"))
    True
    """
    from korea_kit.render.table import Cell, Row, Table, table_view

    qs = questions(tables, lesson)
    rows = []
    for number, q in enumerate(qs, 1):
        if q.kind == "choice":
            answer = q.answer[0]
        elif q.kind == "order":
            answer = " → ".join(q.answer)
        else:
            answer = "; ".join(f"{item} → {partner}" for item, partner in zip(q.choices, q.answer))
        rows.append(Row([Cell(str(number)), Cell(q.question), Cell(answer)]))
    caption = (f"{title} ({len(qs)} questions; the full key with each option's feedback is under the lesson's quiz)")
    return table_view(Table(caption, ["No.", "Question", "Answer"], rows))


def open_question_key(tables, lesson: str) -> HTMLView:
    """The teacher's view: each question with its model answer, what a strong, an adequate and a weak answer
    does, and the marks of the sources of the records it rests on. Show it only in a cell tagged ``teacher``.

    >>> from korea_kit import load_tables
    >>> print(open_question_key(load_tables(), "03-drills").text.splitlines()[2])  # doctest: +ELLIPSIS
    Model answer: No. Foal Eagle began on 1 March 2013 ...
    """
    rows = open_questions(tables, lesson)
    items, text = [], ["Open question: model answer and rubric"]
    for number, (_, q) in enumerate(rows.iterrows(), 1):
        marks = source_marks(tables)
        marks = "; ".join(marks[s] for s in source_ids(tables, parse_refs(q["record_refs"])))
        items.append({"id": q["question_id"], "question": q["question"], "model": q["model_answer"],
                      "rubric": [("Strong", q["strong"]), ("Adequate", q["adequate"]), ("Weak", q["weak"])],
                      "marks": marks})
        text += [f"{number}. {q['question']}", f"Model answer: {q['model_answer']}",
                 *(f"{grade}: {words}" for grade, words in items[-1]["rubric"]), f"Sources: {marks}"]
    return HTMLView(render_template("open_question_key.html.j2", items=items), "\n".join(text))


def spot_the_error_key(tables) -> HTMLView:
    """The teacher's key: every claim's verdict and the records that settle it, folded away.

    Call it only in a cell tagged ``teacher`` (or in the teacher's guide): the
    student edition leaves such cells out, and :class:`SpotTheError` never
    renders the key in its static rendering.

    >>> from korea_kit import load_tables
    >>> print(spot_the_error_key(load_tables()).text.splitlines()[1])
    1. RT on the February test — Verdict: error. RT calls it a 'missile test': it was the third nuclear test.
    """
    parts, text = [], ["Teacher's key: spot the error"]
    for number, claim in enumerate(claims(tables), 1):
        answer = claim_answer_view(tables, claim.claim_id)
        first, rest = answer.text.split("\n", 1)
        parts.append(f"<li><strong>{html.escape(claim.label)}</strong>{answer.html}</li>")
        text += [f"{number}. {claim.label} — {first}", *("   " + line for line in rest.splitlines())]
    page = (f'<details class="kk-key"><summary>Teacher\'s key: spot the error</summary>'
            f"<ol>{''.join(parts)}</ol></details>")
    return HTMLView(page, "\n".join(text))


def compact_spot_the_error_key(tables, caption: str = "Spot the error: the key") -> HTMLView:
    """The verdicts of "spot the error" as one short table, for the printed teacher's guide: each claim, the
    article's words it checks, its verdict and correction, closed by the marks of the records that settle it
    (linked to the guide's list of sources). The records themselves, with their evidence, are in the full
    key, :func:`spot_the_error_key`, under the exercise in lesson 06.

    >>> from korea_kit import load_tables
    >>> from korea_kit.lessons.reading import claims
    >>> tables = load_tables()
    >>> key = compact_spot_the_error_key(tables)
    >>> key.html.count("<tr>") == 1 + len(claims(tables)), key.text.splitlines()[1].startswith("- 1 | ")
    (True, True)
    """
    from korea_kit.lessons.guide import marked_view
    from korea_kit.lessons.reading import claim_correction

    rows = []
    for number, claim in enumerate(claims(tables), 1):
        rows.append(([str(number), f"{claim.label}: “{claim.focus}”",
                      f"{claim.verdict}. {claim_correction(tables, claim)}"], list(claim.refs)))
    return marked_view(tables, ["No.", "The claim and its words", "Verdict"], rows, caption)
