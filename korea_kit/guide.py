"""The teacher's guide (``notebooks/teachers-guide.ipynb``): overviews read from the lessons themselves.

The guide never copies a lesson's objectives or time by hand: :func:`lesson_overview`
reads them from the lesson's notebook (its H1 title, the numbered list under
``## Overview``, the ``**Time to learn**`` line, the prerequisites table and the
``##`` sections), so that the guide follows the lessons as they change.
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

from .data import parse_refs
from .lessons import notebooks_dir, toc
from .quizzes import questions
from .reading import record_text
from .views import HTMLView, html_table, cited_view

__all__ = [
    "LessonOverview",
    "read_overview",
    "lesson_overview",
    "sequence_view",
    "misconceptions",
    "misconceptions_view",
]

# Sections every lesson has; the overview lists the others, the lesson's own.
_STANDARD = {"Overview", "Prerequisites", "Imports", "Summary", "Sources", "Quiz", "Check what you know"}


@dataclass(frozen=True)
class LessonOverview:
    """What the teacher needs to know of a lesson, read from its notebook."""

    name: str
    title: str
    minutes: int | None
    intro: str
    objectives: tuple[str, ...]
    prerequisites: tuple[tuple[str, str, str], ...]
    sections: tuple[str, ...]


def _plain(markdown: str) -> str:
    """Markdown as plain text: links to their words, no emphasis or code marks, one space between words."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"(\*\*|__|`)", "", text)
    return re.sub(r"\s+", " ", text).strip()


def read_overview(lesson: str, folder: str | Path | None = None) -> LessonOverview:
    """Read a lesson's title, time, introduction, objectives, prerequisites and sections from its notebook.

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
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    markdown = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    first = next((m for m in markdown if m.startswith("# ")), "")
    title = first.splitlines()[0][2:].strip() if first else lesson
    intro = _plain("\n".join(first.splitlines()[1:]))
    objectives, prerequisites, sections, minutes = [], [], [], None
    for text in markdown:
        lines = text.splitlines()
        heading = lines[0][3:].strip() if lines and lines[0].startswith("## ") else None
        if heading == "Overview":
            for line in lines[1:]:
                if re.match(r"^\d+\.\s", line):
                    objectives.append(re.sub(r"^\d+\.\s+", "", line))
                elif objectives and line.startswith((" ", "\t")) and line.strip():
                    objectives[-1] += " " + line.strip()
        if heading == "Prerequisites":
            for line in lines:
                cells_ = [c.strip() for c in line.strip().strip("|").split("|")]
                if line.startswith("|") and len(cells_) == 3 and cells_[0] not in ("Concepts", "---"):
                    prerequisites.append(tuple(_plain(c) for c in cells_))
        found = re.search(r"\*\*Time to learn\*\*:\s*(\d+)\s*minutes", text)
        if found and minutes is None:
            minutes = int(found.group(1))
        sections += [line[3:].strip() for line in lines if line.startswith("## ")]
    own = tuple(s for s in sections if s not in _STANDARD)
    return LessonOverview(lesson, title, minutes, intro, tuple(_plain(o).rstrip(";.") for o in objectives),
                          tuple(prerequisites), own)


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
    if o.prerequisites:
        rows = [[esc(c) for c in row] for row in o.prerequisites]
        parts.append(html_table(["Concepts", "Importance", "Notes"], rows, "Prerequisites"))
        text += ["Prerequisites:", *(f"- {a} ({b}): {c}" for a, b, c in o.prerequisites)]
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
    rows_html, text, total = [], [caption], 0
    for lesson in toc(folder):
        o = read_overview(lesson.name, folder)
        asked = len(questions(tables, lesson.name))
        total += o.minutes or 0
        cells = [lesson.name, o.title, f"{o.minutes} min" if o.minutes else "—", f"{len(o.objectives)} objectives",
                 f"{asked} quiz questions"]
        rows_html.append([html.escape(c) for c in cells])
        text.append("- " + " | ".join(cells))
    hours, minutes = divmod(total, 60)
    line = f"In all: {total} minutes ({hours} h {minutes:02d} min) of lessons."
    return HTMLView(html_table(["Lesson", "Title", "Time", "Objectives", "Quiz"], rows_html, caption)
                    + f"<p>{html.escape(line)}</p>", "\n".join([*text, line]))


def misconceptions(tables, lesson: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """A lesson's common misconceptions (``misconceptions.csv``), in order, each with the records that correct it.

    >>> from korea_kit import load_tables
    >>> misconceptions(load_tables(), "03-kaesong")[2]
    ("Ban Ki-moon's own words were about Kaesong.", [('quotes', 'ban-offer')])
    """
    rows = tables.misconceptions
    rows = rows[rows["lesson"] == lesson].sort_values("position")
    return [(str(r["misconception"]), parse_refs(r["record_refs"])) for _, r in rows.iterrows()]


def misconceptions_view(tables, lesson: str, caption: str = "Common misconceptions") -> HTMLView:
    """A lesson's :func:`misconceptions`, each against the records that correct it.

    >>> from korea_kit import load_tables
    >>> print(misconceptions_view(load_tables(), "03-kaesong").text.splitlines()[1])  # doctest: +ELLIPSIS
    - The Kaesong Industrial Complex was in South Korea. | Kaesong Industrial Complex: An industrial park in North Korea, ...
    """
    rows = [([wrong, " / ".join(record_text(tables, t, r) for t, r in refs)], list(refs))
            for wrong, refs in misconceptions(tables, lesson)]
    if not rows:
        return HTMLView(f"<p>{html.escape(caption)}: none listed.</p>", f"{caption}: none listed.")
    return cited_view(tables, ["The misconception", "What the record says"], rows, caption)
