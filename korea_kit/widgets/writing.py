"""The open question of a lesson as a widget: the question and a text area to write the answer in.

The widget is thin: :func:`korea_kit.render.questions.open_question_view` renders the question (and,
for a page without a kernel, ruled lines to write on); the widget only adds one
:class:`ipywidgets.Textarea` per question. What a learner writes stays in the running notebook: it is
not marked and not saved to the progress file. The model answer and the rubric are never part of it
(see :func:`korea_kit.render.questions.open_question_key`, for a cell tagged ``teacher``).

>>> from korea_kit import load_tables
>>> widget = open_question(load_tables(), "03-drills")
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

    Attributes
    ----------
    answers : list
        One :class:`ipywidgets.Textarea` per question, in order.
    """

    def __init__(self, tables, lesson, **kwargs):
        rows = open_questions(tables, lesson)
        children, self.answers = [widgets.HTML("<p><strong>Open question</strong></p>")], []
        for number, (_, q) in enumerate(rows.iterrows(), 1):
            area = widgets.Textarea(placeholder="Write your answer here.", rows=8,
                                    layout=widgets.Layout(width="100%"))
            children += [widgets.HTML(f"<p>{number}. {html.escape(q['question'])}</p>"), area]
            self.answers.append(area)
        super().__init__(children=children, **kwargs)
        self.add_class("kk-open-question")
        for number, area in enumerate(self.answers, 1):
            self.access.name(area, f"Your answer to question {number}")
        static = open_question_view(tables, lesson)
        self.set_static(static.html, static.text)


def open_question(tables, lesson, **kwargs):
    """The open questions of one lesson as an :class:`OpenQuestionWidget`.

    >>> from korea_kit import load_tables
    >>> open_question(load_tables(), "05-exchange-of-demands").answers[0].value
    ''
    """
    return OpenQuestionWidget(tables, lesson, **kwargs)
