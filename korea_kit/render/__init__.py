"""What a learner reads: one structure for every view, rendered to HTML by autoescaping Jinja2
templates and to plain text (:mod:`~korea_kit.render.table`), views with an HTML and a plain-text
form (:mod:`~korea_kit.render.views`),
record-level sentences several lessons share (:mod:`~korea_kit.render.records`), the quiz's
questions, marking and static views (:mod:`~korea_kit.render.quizzes`) and the navigation
between lessons (:mod:`~korea_kit.render.nav`).

A render module may import the base (``korea_kit.errors``, ``dates``, ``text``, ``progress``)
and :mod:`korea_kit.data`, never charts, widgets, lessons or publish.

>>> from korea_kit.render import HTMLView
>>> HTMLView("<p>Hi</p>", "Hi").text
'Hi'
"""

from korea_kit.render.nav import lesson_nav
from korea_kit.render.quizzes import (
    Question, Result, answer_text, check_answer, feedback_view, longest_answer_share, option_feedback,
    progress_view, questions, quiz_view,
)
from korea_kit.render.table import Cell, Row, Table, html_list, render_html, render_template, render_text, table_view
from korea_kit.render.views import (
    HTMLView, SourceNotes, cited_view, event_dates, events_view, sources_used_view, sources_view,
)

__all__ = [
    "lesson_nav",
    "Question", "Result", "answer_text", "check_answer", "feedback_view", "longest_answer_share", "option_feedback",
    "progress_view", "questions", "quiz_view",
    "Cell", "Row", "Table", "html_list", "render_html", "render_template", "render_text", "table_view",
    "HTMLView", "SourceNotes", "cited_view", "event_dates", "events_view", "sources_used_view",
    "sources_view",
]
