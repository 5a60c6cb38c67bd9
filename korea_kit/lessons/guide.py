"""The teacher's guide (``notebooks/teachers-guide.ipynb``): lesson plans, and overviews read from the lessons.

The guide never copies a lesson's objectives or time by hand: :func:`lesson_overview`
reads the lesson's metadata (its title, lead, time to learn, objectives and
prerequisites: see :mod:`korea_kit.data.toc`) and the ``##`` headings of its
notebook, so that the guide follows the lessons as they change.
:func:`plan_view` shows a lesson plan of ``data/lesson_plans.csv`` (each lesson's
45-minute plan, its 90-minute variant, and classes drawing on several lessons)
as a table of minute ranges, with the sources of the records its steps rest on.
:func:`misconceptions_view` sets common misconceptions against the records of
``data/`` that correct them, with their sources.

>>> overview = read_overview("00-start-here")
>>> overview.title, overview.minutes
('Start here: Korea, April 2013', 25)
>>> len(overview.objectives) >= 3
True
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from korea_kit.data import parse_refs
from korea_kit.data.check import PLAN_LENGTHS
from korea_kit.data.toc import lesson_metadata, notebooks_dir, toc
from korea_kit.render.quizzes import questions
from korea_kit.render.records import record_text
from korea_kit.render.table import Cell, Row, Table, table_view
from korea_kit.render.views import HTMLView, cited_view, sources_used_view

__all__ = [
    "guide_refs",
    "guide_sources",
    "PLAN_LENGTHS",
    "PlanStep",
    "plan_id",
    "plan_steps",
    "plan_view",
    "LessonOverview",
    "read_overview",
    "lesson_overview",
    "sequence_view",
    "misconceptions",
    "misconceptions_view",
    "marked_view",
]

# Sections every lesson has; the overview lists the others, the lesson's own.
_STANDARD = {"Overview", "Prerequisites", "Imports", "Summary", "Sources", "Quiz", "Check what you know"}


@dataclass(frozen=True)
class LessonOverview:
    """What the teacher needs to know of a lesson, read from its notebook's metadata, as plain text."""

    name: str
    title: str
    minutes: int | None
    intro: str
    objectives: tuple[str, ...]
    prerequisites: tuple[tuple[str, str, str], ...]
    sections: tuple[str, ...]


def _plain(markdown: str) -> str:
    """Markdown as plain text: links to their words, no emphasis or code marks, one space between words.

    >>> _plain("[Start here](00-start-here.ipynb), **now** and `later`")
    'Start here, now and later'
    """
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"(\*\*|__|`)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def read_overview(lesson: str, folder: str | Path | None = None) -> LessonOverview:
    """A lesson's title, time, introduction, objectives and prerequisites (its metadata, as plain text)
    and its own ``##`` sections.

    >>> read_overview("00-start-here").prerequisites[0]
    ('Reading a news report with care', 'Helpful', 'Who is speaking, when, and to whom')
    >>> read_overview("99-no-such-lesson")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no lesson notebook 99-no-such-lesson.ipynb in the notebooks folder
    """
    path = Path(folder or notebooks_dir()) / f"{lesson}.ipynb"
    if not path.is_file():
        raise FileNotFoundError(f"no lesson notebook {path.name} in the notebooks folder")
    notebook = json.loads(path.read_text(encoding="utf-8"))
    meta = lesson_metadata(notebook, path.name)
    sections = [line[3:].strip() for cell in notebook["cells"] if cell["cell_type"] == "markdown"
                for line in "".join(cell["source"]).splitlines() if line.startswith("## ")]
    return LessonOverview(lesson, meta.title, meta.minutes, _plain(meta.lead),
                          tuple(_plain(o) for o in meta.objectives),
                          tuple(tuple(_plain(c) for c in row) for row in meta.prerequisites),
                          tuple(s for s in sections if s not in _STANDARD))


def lesson_overview(lesson: str, folder: str | Path | None = None) -> HTMLView:
    """A lesson's overview for the teacher: title, time, aim, objectives, prerequisites and its sections.

    >>> print(lesson_overview("00-start-here").text.splitlines()[0])
    Start here: Korea, April 2013 (00-start-here.ipynb, 25 minutes)
    """
    o = read_overview(lesson, folder)
    when = f"{o.minutes} minutes" if o.minutes else "time not given"
    head = f"{o.title} ({o.name}.ipynb, {when})"
    esc = html.escape
    parts = [f"<p><strong>{esc(o.title)}</strong> (<code>{esc(o.name)}.ipynb</code>, {esc(when)})</p>"]
    text = [head]
    if o.intro:
        parts.append(f"<p>{esc(o.intro)}</p>")
        text.append(o.intro)
    parts.append("<p>Objectives: by the end of the lesson, learners will be able to</p><ol>"
                 + "".join(f"<li>{esc(x)}</li>" for x in o.objectives) + "</ol>")
    text += ["Objectives:", *(f"{i}. {x}" for i, x in enumerate(o.objectives, 1))]
    if o.prerequisites:  # one line, not a table: the guide prints short
        needs = "; ".join(f"{a} ({b.lower()}: {c})" if c else f"{a} ({b.lower()})" for a, b, c in o.prerequisites)
        parts.append(f"<p>Prerequisites: {esc(needs)}.</p>")
        text.append(f"Prerequisites: {needs}.")
    if o.sections:
        parts.append("<p>The lesson's own sections: " + esc("; ".join(o.sections)) + ".</p>")
        text.append("Sections: " + "; ".join(o.sections) + ".")
    return HTMLView(f'<div class="kk-overview">{"".join(parts)}</div>', "\n".join(text))


def sequence_view(tables, folder: str | Path | None = None, caption: str = "The lessons at a glance") -> HTMLView:
    """Every lesson of the table of contents with its time, objectives and quiz questions, and the total time.

    >>> from korea_kit import load_tables
    >>> print(sequence_view(load_tables()).text.splitlines()[1])  # doctest: +ELLIPSIS
    - 00-start-here | Start here: Korea, April 2013 | 25 min | ... objectives | ... quiz questions
    """
    rows, total = [], 0
    for lesson in toc(folder):
        o = read_overview(lesson.name, folder)
        asked = len(questions(tables, lesson.name))
        total += o.minutes or 0
        cells = [lesson.name, o.title, f"{o.minutes} min" if o.minutes else "—", f"{len(o.objectives)} objectives",
                 f"{asked} quiz questions"]
        rows.append(Row([Cell(c) for c in cells]))
    hours, minutes = divmod(total, 60)
    line = f"In all: {total} minutes ({hours} h {minutes:02d} min) of lessons."
    return table_view(Table(caption, ["Lesson", "Title", "Time", "Objectives", "Quiz"], rows, outro=line))


def misconceptions(tables, lesson: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """A lesson's common misconceptions (``misconceptions.csv``), in order, each with the records that correct it.

    >>> from korea_kit import load_tables
    >>> misconceptions(load_tables(), "04-kaesong")[2]
    ("Ban Ki-moon's own words were about Kaesong.", [('quotes', 'ban-offer')])
    """
    rows = tables.misconceptions
    rows = rows[rows["lesson"] == lesson].sort_values("position")
    return [(str(r["misconception"]), parse_refs(r["record_refs"])) for _, r in rows.iterrows()]


def misconceptions_view(tables, lesson: str, caption: str = "Common misconceptions") -> HTMLView:
    """A lesson's :func:`misconceptions`, each against the records that correct it.

    >>> from korea_kit import load_tables
    >>> print(misconceptions_view(load_tables(), "04-kaesong").text.splitlines()[1])  # doctest: +ELLIPSIS
    - The Kaesong Industrial Complex was in South Korea. | Kaesong Industrial Complex: An industrial park in North Korea, ...
    """
    rows = [([wrong, " / ".join(record_text(tables, t, r) for t, r in refs)], list(refs))
            for wrong, refs in misconceptions(tables, lesson)]
    if not rows:
        return HTMLView(f"<p>{html.escape(caption)}: none listed.</p>", f"{caption}: none listed.")
    return marked_view(tables, ["The misconception", "What the record says"], rows, caption)


def marked_view(tables, headers, rows, caption: str) -> HTMLView:
    """A table whose rows end with the marks of their sources, linked to the guide's list of sources
    (:func:`guide_sources`); the sources' words stay in the lessons, so the printed guide stays short.

    >>> from korea_kit import load_tables
    >>> view = marked_view(load_tables(), ["Step"], [(["Read it"], [("quotes", "ban-offer")])], "Demo")
    >>> view.text.splitlines()[1].startswith("- Read it [") and 'href="#source-' in view.html
    True
    >>> hostile = marked_view(load_tables(), ["Step"], [(["<svg onload=x>"], [("quotes", "ban-offer")])], "Demo")
    >>> "<svg" in hostile.html, "&lt;svg onload=x&gt;" in hostile.html
    (False, True)
    """
    from korea_kit.render.table import SourceNotes

    notes = SourceNotes(tables, marks=True)
    body = []
    for cells, refs in rows:
        cells = [c if isinstance(c, Cell) else Cell.of(c) for c in cells]
        marks = notes.refs(refs)
        if marks:  # the marks close the last cell: no column left empty
            last = cells[-1]
            # a plain cell's text is escaped here, as the template would have escaped it; markup stays markup
            cells[-1] = Cell(f"{last.text} {marks}", Markup("{} {}").format(last.markup, Markup(marks.__html__())))
        body.append(Row(cells))
    return table_view(Table(caption, list(headers), body))


@dataclass(frozen=True)
class PlanStep:
    """One step of a lesson plan (a row of ``lesson_plans.csv``): its minutes, the lesson and the place in it,
    what the teacher and the students do, the question to ask, and the ``(table, id)`` records it rests on."""

    step: int
    start: int
    end: int
    lesson: str
    where: str
    teacher: str
    students: str
    question: str
    refs: tuple[tuple[str, str], ...]


def plan_id(lesson: str, minutes: int) -> str:
    """The id of a lesson's plan of ``minutes`` (45, or the 90-minute variant) in ``lesson_plans.csv``.

    >>> plan_id("02-sanctions", 90)
    '02-sanctions-90'
    >>> plan_id("02-sanctions", 60)
    Traceback (most recent call last):
    ...
    ValueError: a lesson plan lasts 45 or 90 minutes, not 60
    """
    if minutes not in PLAN_LENGTHS:
        raise ValueError(f"a lesson plan lasts {' or '.join(map(str, PLAN_LENGTHS))} minutes, not {minutes}")
    return f"{lesson}-{minutes}"


def plan_steps(tables, plan: str) -> list[PlanStep]:
    """The steps of a plan of ``lesson_plans.csv``, in order (``korea-kit check`` has made sure they follow
    each other from minute 0 to the plan's length).

    >>> from korea_kit import load_tables
    >>> steps = plan_steps(load_tables(), "02-sanctions-45")
    >>> [(s.start, s.end) for s in steps][:2], steps[-1].end
    ([(0, 5), (5, 9)], 45)
    >>> plan_steps(load_tables(), "02-sanctions-60")
    Traceback (most recent call last):
    ...
    KeyError: "no plan '02-sanctions-60' in lesson_plans.csv"
    """
    rows = tables.lesson_plans
    rows = rows[rows["plan_id"] == plan].sort_values("step")
    if rows.empty:
        raise KeyError(f"no plan {plan!r} in lesson_plans.csv")

    def text(value) -> str:
        return value if isinstance(value, str) else ""  # an empty cell is a missing value

    return [PlanStep(int(r["step"]), int(r["start"]), int(r["end"]), str(r["lesson"]), text(r["where"]),
                     text(r["teacher"]), text(r["students"]), text(r["question"]),
                     tuple(parse_refs(r["record_refs"])))
            for _, r in rows.iterrows()]


def plan_view(tables, plan: str, caption: str | None = None, *, fold: bool = False) -> HTMLView:
    """A plan as a table: the minutes of each step, where in the lesson, what the teacher does, what the
    students do and the question to ask, with the sources of the records a step rests on.

    Three columns, so that a plan reads on a phone: the minutes; the place, what the teacher does and the
    question to ask; what the students do, closed by the marks of its sources (linked to the guide's list
    of sources). A step in another lesson than the plan's own (the plan of a class drawing on several lessons) names
    its lesson before the place in it.

    >>> from korea_kit import load_tables
    >>> view = plan_view(load_tables(), "02-sanctions-45")
    >>> print(view.text.splitlines()[0])
    A 45-minute plan (02-sanctions-45)
    >>> print(view.text.splitlines()[1])  # doctest: +ELLIPSIS
    - 0–5 | Setup: log in and open the lesson. Have students log in ... | Log in, open the lesson and run it; take the handout.
    >>> print(view.text.splitlines()[2])  # doctest: +ELLIPSIS
    - 5–9 | Overview; the handout (handouts/02-sanctions.html), page 1 (the excerpt). Read North Korea's ... Ask: ... | Underline, ... [IBTimes; RT; KCNA, BBC, 18-19 Apr]
    >>> "<caption>A 45-minute plan (02-sanctions-45)</caption>" in view.html and "[]" not in view.html
    True

    ``fold=True`` closes the plan in a fold (the 90-minute variants in the guide) that the printed guide
    leaves out unless it is open: a teacher opens it on screen, and prints it from there.

    >>> folded = plan_view(load_tables(), "02-sanctions-90", fold=True)
    >>> folded.html.startswith('<details class="kk-fold kk-print-if-open"><summary>The 90-minute variant')
    True
    >>> print(folded.text.splitlines()[1])
    A 90-minute plan (02-sanctions-90)
    """
    steps = plan_steps(tables, plan)
    length = steps[-1].end
    own = plan.removesuffix(f"-{length}")
    rows = []
    for s in steps:
        where = s.where if s.lesson == own else f"{s.lesson}: {s.where}"
        ask = f" Ask: {s.question}" if s.question else ""
        teacher = Cell(f"{where}. {s.teacher}{ask}",
                       Markup(f"<strong>{html.escape(where)}.</strong> {html.escape(s.teacher)}"
                              + (f" <em>Ask:</em> {html.escape(s.question)}" if s.question else "")))
        rows.append(([f"{s.start}–{s.end}", teacher, s.students or "—"], list(s.refs)))
    headers = ["Min.", "Where, and what the teacher does", "The students"]
    view = marked_view(tables, headers, rows, caption or f"A {length}-minute plan ({plan})")
    if not fold:
        return view
    summary = (f"The {length}-minute variant ({len(steps)} steps): open it to read it, or to print it with "
               "the guide")
    return HTMLView(f'<details class="kk-fold kk-print-if-open"><summary>{html.escape(summary)}</summary>'
                    f"{view.html}</details>", f"{summary}\n{view.text}")


def guide_refs(tables) -> list[tuple[str, str]]:
    """The records the guide's marks stand for: the steps of every plan, the records that correct each
    misconception and those that settle each claim of "spot the error", each once, in that order.

    >>> from korea_kit import load_tables
    >>> refs = guide_refs(load_tables())
    >>> len(refs) == len(set(refs)) and ("quotes", "ban-offer") in refs
    True
    """
    refs = [*(r for value in tables.lesson_plans["record_refs"] for r in parse_refs(value)),
            *(r for value in tables.misconceptions["record_refs"] for r in parse_refs(value)),
            *(r for value in tables.claims["record_refs"] for r in parse_refs(value))]
    return list(dict.fromkeys(refs))


def guide_sources(tables, caption: str = "The sources of the guide") -> HTMLView:
    """The sources of the records the guide's plans, misconceptions and keys rest on (:func:`guide_refs`),
    each once with its full reference: the list their marks link to. The lessons list the sources of
    everything else they show, and the website's page of sources lists every source of the kit.

    >>> from korea_kit import load_tables
    >>> from korea_kit.data.sources import source_ids
    >>> tables = load_tables()
    >>> view = guide_sources(tables)
    >>> view.html.count('<tr id="source-') == len(source_ids(tables, guide_refs(tables)))
    True
    """
    return sources_used_view(tables, guide_refs(tables), caption)
