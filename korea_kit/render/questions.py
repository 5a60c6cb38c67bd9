"""Open questions (``open_questions.csv``): explain, compare, argue from two sources.

The student sees the question and a space to write (:func:`open_question_view`: ruled lines on a page,
a text area in JupyterLab, see :mod:`korea_kit.widgets.writing`); the teacher sees the model answer and
the rubric (:func:`korea_kit.teacher.open_question_key`), in a cell tagged ``teacher`` only.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> view = open_question_view(tables, "03-drills")
>>> view.text.splitlines()[0]
'Open question'
>>> row = open_questions(tables, "03-drills").iloc[0]
>>> row["model_answer"] in view.html or row["strong"] in view.text
False
"""

from __future__ import annotations

from korea_kit.data import parse_refs
from korea_kit.data.sources import source_ids, source_marks
from korea_kit.render.table import HTMLView, render_template

__all__ = ["WRITING_LINES", "open_questions", "open_question_view"]

#: How many ruled lines the page gives for an answer.
WRITING_LINES = 6


def open_questions(tables, lesson: str):
    """The open questions of one lesson, in order; :class:`ValueError` if it has none.

    >>> from korea_kit import load_tables
    >>> list(open_questions(load_tables(), "02-sanctions")["question_id"])
    ['sanctions-two-versions']
    """
    found = tables.open_questions[tables.open_questions["lesson"] == lesson].sort_values("position")
    if found.empty:
        raise ValueError(f"no open question for lesson {lesson!r} in open_questions.csv")
    return found


def open_question_view(tables, lesson: str) -> HTMLView:
    """The student's view: each question of the lesson and ruled lines to write on. No answer, no rubric.

    >>> from korea_kit import load_tables
    >>> print(open_question_view(load_tables(), "06-reading-the-sources").text.splitlines()[1])  # doctest: +ELLIPSIS
    1. Explain how the kit dates the words "on Thursday" in the IBTimes article, ...
    """
    rows = open_questions(tables, lesson)
    items = [{"id": q["question_id"], "question": q["question"]} for _, q in rows.iterrows()]
    html = render_template("open_question.html.j2", items=items, lines=range(WRITING_LINES))
    text = ["Open question"]
    for number, item in enumerate(items, 1):
        text += [f"{number}. {item['question']}", *(["_" * 60] * WRITING_LINES)]
    return HTMLView(html, "\n".join(text))
