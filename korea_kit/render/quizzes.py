"""Quizzes kept as data (``data/quiz.csv``), checked with feedback, with a static key.

Three kinds of question:

- ``choice``: pick one option;
- ``order``: put items in order (e.g. events by date);
- ``match``: give each item its partner (e.g. a quote its speaker).

:func:`check_answer` is a pure function from a question and a response to a
:class:`Result`; :func:`quiz_view` renders a lesson's questions as HTML and
text, never with an answer, as a printable exercise (:func:`exercise_view`: a
box to tick for each option, a box to number each item, a line to write each
partner on, and lines to write why). The teacher's key (each answer folded
in ``<details class="kk-key">`` under its question, with every option's
feedback, the explanation and its sources) is :func:`korea_kit.teacher.quiz_key`,
which a lesson imports and calls in a cell tagged ``teacher``, left out of
the student edition (see :mod:`korea_kit.publish.editions`). :class:`~korea_kit.widgets.QuizWidget` only wires
controls to those functions (its feedback is computed when a learner checks
an answer, never stored) and saves the learner's answers with
:class:`~korea_kit.progress.ProgressStore`.

>>> from korea_kit import load_tables
>>> q = Question("q", "01-demo", 1, "order", "Oldest first?", ("b", "a", "c"), ("a", "b", "c"), "Because.", ())
>>> check_answer(q, ["a", "b", "c"]).correct
True
>>> result = check_answer(q, ["b", "a", "c"])
>>> result.correct, result.marks
(False, (False, False, True))
>>> print(result.message)
Not quite: 1 of 3 in the right place (c, 3rd). Try again.

A ``choice`` question carries one feedback text per option (column ``feedback``),
shown with the verdict on the option the learner chose:

>>> q = Question("q", "01-demo", 1, "choice", "Which?", ("x", "y"), ("y",), "Because.", (),
...              ("Not x: it came later.", "Yes: y came first."))
>>> r = check_answer(q, "x")
>>> r.message, r.feedback
('Not quite. Try again.', 'Not x: it came later.')
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from korea_kit.data import QUIZ_SEPARATOR
from korea_kit.data.sources import refs_line
from korea_kit.render.table import HTMLView, render_template

__all__ = [
    "Question",
    "Result",
    "questions",
    "option_feedback",
    "longest_answer_share",
    "check_answer",
    "misplaced_notes",
    "answer_text",
    "feedback_view",
    "exercise_view",
    "quiz_view",
    "progress_view",
]

def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in str(text).split(QUIZ_SEPARATOR.strip()))


@dataclass(frozen=True)
class Question:
    """One quiz question (a row of ``quiz.csv``)."""

    quiz_id: str
    lesson: str
    position: int
    kind: str
    question: str
    choices: tuple[str, ...]
    answer: tuple[str, ...]
    explanation: str
    fact_refs: tuple[tuple[str, str], ...]
    #: For a ``choice`` question: one feedback text per option, in the order of ``choices``
    #: (why that option is right or wrong); empty for ``order`` and ``match``.
    feedback: tuple[str, ...] = ()

    @property
    def partners(self) -> tuple[str, ...]:
        """For a ``match`` question: the partners to choose from, in alphabetical order."""
        return tuple(sorted(set(self.answer), key=str.casefold))


def questions(tables, lesson: str | None = None) -> list[Question]:
    """The questions of one lesson (or all), in order.

    >>> from korea_kit import load_tables
    >>> all(q.kind in ("choice", "order", "match") for q in questions(load_tables()))
    True
    """
    return [q for q in tables.derived("questions", _all_questions) if lesson is None or q.lesson == lesson]


def _all_questions(tables) -> list[Question]:
    out = []
    for r in tables.quiz.sort_values(["lesson", "position"], kind="stable").to_dict("records"):
        refs = tuple(tuple(ref.split(":", 1)) for ref in str(r["fact_refs"]).split(";"))
        feedback = r.get("feedback")
        feedback = () if feedback is None or (not isinstance(feedback, str) and pd.isna(feedback)) \
            else _split(feedback)
        out.append(Question(str(r["quiz_id"]), str(r["lesson"]), int(r["position"]), str(r["kind"]),
                            str(r["question"]), _split(r["choices"]), _split(r["answer"]),
                            str(r["explanation"]), refs, feedback))
    return out


def option_feedback(question: Question, option: str) -> str:
    """The feedback written for one option of a ``choice`` question ('' when there is none).

    >>> q = Question("q", "01-demo", 1, "choice", "Which?", ("x", "y"), ("y",), "", (), ("No.", "Yes."))
    >>> option_feedback(q, "y"), option_feedback(q, "z")
    ('Yes.', '')
    """
    if question.kind != "choice" or option not in question.choices:
        return ""
    index = question.choices.index(option)
    return question.feedback[index] if index < len(question.feedback) else ""


def longest_answer_share(qs) -> tuple[int, int]:
    """How many ``choice`` questions have their right answer as long as their longest option, of how many.

    A quiz whose right answers are the longest options more often than chance
    can be passed by picking the longest option; with four options, chance is
    about one in four (a tie counts against the quiz).

    >>> a = Question("a", "01-demo", 1, "choice", "?", ("short", "the longest one"), ("the longest one",), "", ())
    >>> b = Question("b", "01-demo", 2, "choice", "?", ("short", "the longest one"), ("short",), "", ())
    >>> longest_answer_share([a, b])
    (1, 2)
    """
    choice = [q for q in qs if q.kind == "choice"]
    longest = [q for q in choice if len(q.answer[0]) >= max(len(c) for c in q.choices)]
    return len(longest), len(choice)


@dataclass(frozen=True)
class Result:
    """The outcome of checking a response: right or not, per-item marks, a message."""

    correct: bool
    marks: tuple[bool, ...]
    message: str
    #: For a ``choice`` question: the feedback written for the option chosen; for ``order`` and ``match``,
    #: a sentence on each misplaced item.
    feedback: str = ""


def check_answer(question: Question, response) -> Result:
    """Check a response: a string for ``choice``, a list (one entry per item) otherwise.

    An item left empty (None) counts as wrong. For a ``choice`` question the result
    carries the feedback of the option chosen; for ``order`` and ``match`` the
    message names the items already in their right place, and the feedback explains each
    item that is not (:func:`misplaced_notes`).

    >>> q = Question("q", "01-demo", 1, "choice", "Which?", ("x", "y"), ("y",), "", ())
    >>> check_answer(q, "y").message, check_answer(q, None).message
    ('Correct.', 'Choose an answer first.')
    >>> m = Question("m", "01-demo", 2, "match", "Who?", ("a", "b", "c"), ("X", "Y", "Z"), "", ())
    >>> check_answer(m, ["X", "Z", "Y"]).message
    'Not quite: 1 of 3 matched rightly (a → X). Try again.'
    >>> check_answer(m, ["Y", "Z", "X"]).message
    'Not quite: none of the 3 is matched rightly yet. Try again.'
    """
    if question.kind == "choice":
        if response is None or response == "":
            return Result(False, (False,), "Choose an answer first.")
        right = response == question.answer[0]
        return Result(right, (right,), "Correct." if right else "Not quite. Try again.",
                      option_feedback(question, response))
    response = list(response or [])
    if len(response) != len(question.answer) or all(r is None for r in response):
        return Result(False, tuple(False for _ in question.answer), "Choose an answer for each item first.")
    marks = tuple(r == a for r, a in zip(response, question.answer))
    if all(marks):
        return Result(True, marks, "Correct.")
    return Result(False, marks, _placed_message(question, marks), " ".join(misplaced_notes(question, response)))


def misplaced_notes(question: Question, response) -> list[str]:
    """For an ``order`` or ``match`` question, one sentence on each item not yet in its place: in an order, whether
    the item chosen for a place comes earlier or later (or is chosen twice); in a match, that the partner chosen
    is not the item's, and which item it belongs to. A learner alone learns from each, not only from a count.

    >>> o = Question("o", "01-demo", 1, "order", "Order?", ("b", "a", "c"), ("a", "b", "c"), "", ())
    >>> misplaced_notes(o, ["b", "a", "c"])
    ['1st: “b” comes later.', '2nd: “a” comes earlier.']
    >>> misplaced_notes(o, ["a", "a", None])
    ['2nd: “a” is chosen twice; each item has one place.', '3rd: nothing chosen yet.']
    >>> m = Question("m", "01-demo", 2, "match", "Who?", ("x", "y", "z"), ("X", "Y", "Y"), "", ())
    >>> misplaced_notes(m, ["Y", "X", None])
    ['“x” → Y: not its partner; Y goes with “y”, “z”.', '“y” → X: not its partner; X goes with “x”.', '“z”: nothing chosen yet.']
    """
    notes = []
    if question.kind == "order":
        place = {item: i for i, item in enumerate(question.answer)}
        seen: dict = {}
        for i, (chosen, right) in enumerate(zip(response, question.answer)):
            where = _ordinal(i + 1)
            if chosen is None:
                notes.append(f"{where}: nothing chosen yet.")
            elif chosen in seen:
                notes.append(f"{where}: “{chosen}” is chosen twice; each item has one place.")
            elif chosen != right:
                way = "later" if place.get(chosen, i) > i else "earlier"
                notes.append(f"{where}: “{chosen}” comes {way}.")
            if chosen is not None:
                seen.setdefault(chosen, i)
        return notes
    for item, chosen, right in zip(question.choices, response, question.answer):
        if chosen is None:
            notes.append(f"“{item}”: nothing chosen yet.")
        elif chosen != right:
            owners = [f"“{other}”" for other, partner in zip(question.choices, question.answer) if partner == chosen]
            goes = f"; {chosen} goes with {', '.join(owners)}" if owners else f"; {chosen} goes with none of these"
            notes.append(f"“{item}” → {chosen}: not its partner{goes}.")
    return notes


def _placed_message(question: Question, marks: tuple[bool, ...]) -> str:
    """'Not quite: …' naming the items already in their right place (order) or matched (match)."""
    total = len(marks)
    if question.kind == "order":
        place = "in the right place"
        named = [f"{item}, {_ordinal(i)}" for i, (item, ok) in enumerate(zip(question.answer, marks), 1) if ok]
    else:
        place = "matched rightly"
        named = [f"{item} → {partner}" for item, partner, ok in zip(question.choices, question.answer, marks) if ok]
    if not named:
        verb = "is in the right place" if question.kind == "order" else "is matched rightly"
        return f"Not quite: none of the {total} {verb} yet. Try again."
    return f"Not quite: {len(named)} of {total} {place} ({'; '.join(named)}). Try again."


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def answer_text(question: Question) -> str:
    """The right answer as a line of text, for the key and the feedback.

    >>> q = Question("q", "01-demo", 1, "match", "Who?", ("a", "b"), ("X", "Y"), "", ())
    >>> answer_text(q)
    'a → X; b → Y'
    """
    if question.kind == "choice":
        return question.answer[0]
    if question.kind == "order":
        return "; ".join(f"{i}. {item}" for i, item in enumerate(question.answer, 1))
    return "; ".join(f"{item} → {partner}" for item, partner in zip(question.choices, question.answer))


def _sources(tables, question: Question) -> str:
    return refs_line(tables, question.fact_refs)


def feedback_view(tables, question: Question, result: Result | None, reveal: bool = False) -> HTMLView:
    """What the learner sees after checking: the verdict with the chosen option's feedback;
    when right (or revealed), the answer, its explanation and its sources."""
    if result is None and not reveal:
        return HTMLView("", "")
    text, answer, sources = [], None, None
    if result is not None:
        text.append(result.message)
        if result.feedback:
            text.append(result.feedback)
    if reveal or (result is not None and result.correct):
        answer, sources = answer_text(question), _sources(tables, question)
        text += [f"Answer: {answer}", question.explanation, sources]
    page = render_template("feedback.html.j2", result=result, answer=answer, explanation=question.explanation,
                           sources=sources)
    return HTMLView(page, "\n".join(text))


_BOX = "\u2610"  # ☐, a box to tick or to number, on screen and on paper
_WRITE = '<span class="kk-write" aria-hidden="true"></span>'


def _exercise_item(number: int, question: Question, lines: int) -> tuple[str, list[str]]:
    """One question as a printable exercise, in HTML and as text lines."""
    esc = html.escape
    if question.kind == "choice":
        how = "Tick one box."
        rows = [f'<li><span class="kk-box" aria-hidden="true">{_BOX}</span> {esc(c)}</li>' for c in question.choices]
        text = [f"   {_BOX} {c}" for c in question.choices]
    elif question.kind == "order":
        how = "Number the boxes in order: 1 for the first."
        rows = [f'<li><span class="kk-box" aria-hidden="true">{_BOX}</span> {esc(c)}</li>' for c in question.choices]
        text = [f"   {_BOX} {c}" for c in question.choices]
    else:
        how = "Write beside each item the one it goes with: " + "; ".join(question.partners) + "."
        rows = [f"<li>{esc(c)} → {_WRITE}</li>" for c in question.choices]
        text = [f"   {c} → ____________" for c in question.choices]
    why = "".join(f"<p class=\"kk-lines\">{_WRITE}</p>" for _ in range(lines))
    html_text = (f'<li class="kk-question" id="exercise-{esc(question.quiz_id)}"><p><strong>{esc(question.question)}'
                 f'</strong> <em>{esc(how)}</em></p><ul class="kk-exercise-choices">{"".join(rows)}</ul>'
                 + (f'<p class="kk-why">Why? Say which fact you used.</p>{why}' if lines else "") + "</li>")
    return html_text, [f"{number}. {question.question}", f"   ({how})", *text]


def exercise_view(tables, quiz_ids, title: str = "Questions", *, lines: int = 0, key: bool = False,
                  start: int = 1, sources: bool = True) -> HTMLView:
    """Quiz questions (by id, in the order given) as a printable exercise: boxes to tick or to number,
    lines to write on; with ``key``, each answer and its explanation after its question (teacher's copy only).

    ``lines`` is how many lines to write on under each question (0 for none); ``sources=False`` leaves
    out the sources of each answer (a handout lists them at its end).

    >>> from korea_kit.data import load_tables
    >>> tables = load_tables()
    >>> view = exercise_view(tables, ["sanctions-votes"], lines=2)
    >>> "\u2610" in view.text, view.html.count('class="kk-lines"'), "Answer:" in view.text
    (True, 2, False)
    >>> "Answer:" in exercise_view(tables, ["sanctions-votes"], key=True).text
    True
    >>> exercise_view(tables, ["no-such-question"])
    Traceback (most recent call last):
    ...
    KeyError: 'no quiz question no-such-question in quiz.csv'
    """
    by_id = {q.quiz_id: q for q in questions(tables)}
    items, text = [], [title]
    for number, quiz_id in enumerate(quiz_ids, start):
        if quiz_id not in by_id:
            raise KeyError(f"no quiz question {quiz_id} in quiz.csv")
        q = by_id[quiz_id]
        item, lines_text = _exercise_item(number, q, lines)
        if key:
            answer, line = answer_text(q), _sources(tables, q) if sources else ""
            item = item.removesuffix("</li>") + (
                f'<div class="kk-answer"><p><strong>Answer:</strong> {html.escape(answer)}</p>'
                f"<p>{html.escape(q.explanation)}</p>"
                + (f"<p><small>{html.escape(line)}</small></p>" if line else "") + "</div></li>")
            lines_text += [f"   Answer: {answer}", f"   {q.explanation}", *([f"   {line}"] if line else [])]
        items.append(item)
        text += lines_text
    page = (f'<section class="kk-exercise" aria-label="{html.escape(title)}">'
            f'<ol start="{start}">{"".join(items)}</ol></section>')
    return HTMLView(page, "\n".join(text))


def quiz_view(tables, lesson: str, title: str = "Quiz") -> HTMLView:
    """A lesson's questions for reading without a kernel, as a printable exercise
    (:func:`exercise_view`): no answer, explanation or feedback, in any edition.

    >>> from korea_kit.data import load_tables
    >>> tables = load_tables()
    >>> quiz_view(tables, "no-such-lesson").text
    'Quiz: no questions.'
    >>> q = questions(tables, "02-sanctions")[0]
    >>> view = quiz_view(tables, "02-sanctions")
    >>> "kk-key" in view.html, q.explanation in view.text, "\u2610" in view.text
    (False, False, True)
    """
    qs = questions(tables, lesson)
    if not qs:
        return HTMLView(f"<p>{html.escape(title)}: no questions.</p>", f"{title}: no questions.")
    exercise = exercise_view(tables, [q.quiz_id for q in qs], title)
    note = ("On paper: tick a box, number the boxes in order, or write on the line. Run the lesson (in JupyterLab, "
            "Run → Run All Cells; on a web page, open it in JupyterLab or on Binder) and the quiz answers each try at once.")
    return HTMLView(f'<div class="kk-quiz-static"><p><strong>{html.escape(title)}</strong> '
                    f"({len(qs)} questions)</p>{exercise.html}<p><em>{note}</em></p></div>",
                    f"{title} ({len(qs)} questions)\n" + "\n".join(exercise.text.splitlines()[1:]) + f"\n{note}")


def progress_view(tables, answers: dict, lessons=None) -> HTMLView:
    """Which lessons and questions a learner has done, from saved ``answers`` (a pure function).

    >>> from korea_kit.data import load_tables
    >>> progress_view(load_tables(), {}, lessons=[]).text
    'No quiz answers saved yet.'
    """
    qs = questions(tables)
    order = list(lessons) if lessons is not None else list(dict.fromkeys(q.lesson for q in qs))
    rows, text = [], []
    for lesson in order:
        mine = [q for q in qs if q.lesson == lesson]
        if not mine:
            continue
        done = [q for q in mine if q.quiz_id in answers]
        right = [q for q in done if answers[q.quiz_id].get("correct")]
        marks = " ".join("✓" if q in right else "✗" if q in done else "·" for q in mine)
        rows.append(f"<tr><td>{html.escape(lesson)}</td><td>{len(done)} of {len(mine)}</td>"
                    f"<td>{len(right)}</td><td aria-label=\"by question\">{marks}</td></tr>")
        text.append(f"{lesson}: {len(done)} of {len(mine)} answered, {len(right)} right  {marks}")
    if not any(q.quiz_id in answers for q in qs):
        return HTMLView("<p>No quiz answers saved yet.</p>", "No quiz answers saved yet.")
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Lesson", "Answered", "Right", "By question"))
    legend = "✓ right, ✗ not yet right, · not answered"
    return HTMLView(f'<table class="kk-table"><caption>Your quiz progress</caption><thead><tr>{head}</tr></thead>'
                    f"<tbody>{''.join(rows)}</tbody></table><p><small>{legend}</small></p>",
                    "\n".join(text + [legend]))
