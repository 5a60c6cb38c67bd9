"""The open question of a lesson as a widget: the question and a text area to write the answer in.

The widget is thin: :func:`korea_kit.render.questions.open_question_view` renders the question (and,
for a page without a kernel, ruled lines to write on); the widget only adds one
:class:`ipywidgets.Textarea` per question. What a learner writes is not marked; it is saved as they
write, in their progress file (:meth:`korea_kit.progress.ProgressStore.save_text`), and shown again
in the text area when the lesson runs another time. A line under each text area says whether it was
saved; where nothing can be saved (a page served by Voilà, a read-only file) it says so. The model
answer and the rubric are never part of it (see :func:`korea_kit.teacher.open_question_key`, for a
cell tagged ``teacher``).

>>> from korea_kit import load_tables
>>> widget = open_question(load_tables(), "03-drills", store=None)
>>> len(widget.answers)
1
>>> widget.answers[0].value = "Foal Eagle began on 1 March."
>>> "Open question" in widget._repr_mimebundle_()["text/plain"]
True
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from korea_kit.render.questions import open_question_view, open_questions
from korea_kit.widgets.panels import KitWidget

__all__ = ["OpenQuestionWidget", "open_question"]


class OpenQuestionWidget(KitWidget):
    """A lesson's open questions, each with a text area; its static rendering is the question with ruled lines.

    Parameters
    ----------
    store : ProgressStore or None or "default"
        Where what the learner writes is saved (default: the learner's progress file, or nothing in a page
        served by Voilà); None saves nothing.

    Attributes
    ----------
    answers : list
        One :class:`ipywidgets.Textarea` per question, in order.
    saved : list
        One :class:`ipywidgets.HTML` per question: whether what is written there is saved.
    """

    def __init__(self, tables, lesson, store="default", **kwargs):
        from korea_kit.progress import ProgressError, default_store, saving_off

        if store == "default":
            store = default_store()
        self._store, self._lesson = store, lesson
        rows = open_questions(tables, lesson)
        earlier, problem = {}, saving_off() if store is None else None
        if store is not None:
            try:
                earlier = store.texts()
                problem = store.problem
            except ProgressError as exc:
                problem = f"Your earlier answers could not be read: {exc}"
        children, self.answers, self.saved, self._ids = [widgets.HTML("<p><strong>Open question</strong></p>")], [], [], []
        for number, (_, q) in enumerate(rows.iterrows(), 1):
            before = earlier.get(q["question_id"], {})
            area = widgets.Textarea(value=before.get("text", ""), placeholder="Write your answer here.", rows=8,
                                    layout=widgets.Layout(width="100%"))
            saved = widgets.HTML(self._note(store, before, problem))
            saved.add_class("kk-saved")
            children += [widgets.HTML(f"<p>{number}. {html.escape(q['question'])}</p>"), area, saved]
            self.answers.append(area)
            self.saved.append(saved)
            self._ids.append(q["question_id"])
            if store is not None:
                area.observe(lambda change, i=len(self._ids) - 1: self.save(i), names="value")
        super().__init__(children=children, **kwargs)
        self.add_class("kk-open-question")
        for number, area in enumerate(self.answers, 1):
            self.access.name(area, f"Your answer to question {number}")
        static = open_question_view(tables, lesson)
        self.set_static(static.html, static.text)

    @staticmethod
    def _note(store, before, problem) -> str:
        if store is None:
            return f"<small>{html.escape(problem or 'Not saved.')}</small>"
        said = ("Your answer from an earlier session. " if before.get("text") else "") + \
            "What you write here is saved as you write it, and shown again when you run the lesson another time."
        return f"<small>{html.escape(said + (' ' + problem if problem else ''))}</small>"

    def save(self, number: int) -> None:
        """Save what is written in the ``number``-th text area (from 0) and say so under it."""
        from korea_kit.progress import ProgressError

        try:
            self._store.save_text(self._ids[number], self._lesson, self.answers[number].value)
            note = ("Saved. (Only a running lesson saves: after reopening the lesson, run it again first, "
                    "Run → Run All Cells.)" + (f" {self._store.problem}" if self._store.problem else ""))
        except (ProgressError, OSError, UnicodeError) as exc:  # a lone surrogate cannot be written as UTF-8
            note = f"Not saved: {exc} Copy your text somewhere safe before you close the lesson."
        self.saved[number].value = f"<small>{html.escape(note)}</small>"


def open_question(tables, lesson, **kwargs):
    """The open questions of one lesson as an :class:`OpenQuestionWidget`.

    >>> from korea_kit import load_tables
    >>> open_question(load_tables(), "05-exchange-of-demands", store=None).answers[0].value
    ''
    """
    return OpenQuestionWidget(tables, lesson, **kwargs)
