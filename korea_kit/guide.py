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

from .lessons import notebooks_dir, toc
from .quizzes import questions
from .reading import record_text
from .views import HTMLView, _table, cited_view

__all__ = [
    "LessonOverview",
    "read_overview",
    "lesson_overview",
    "sequence_view",
    "MISCONCEPTIONS",
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
        parts.append(_table(["Concepts", "Importance", "Notes"], rows, "Prerequisites"))
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
    return HTMLView(_table(["Lesson", "Title", "Time", "Objectives", "Quiz"], rows_html, caption)
                    + f"<p>{html.escape(line)}</p>", "\n".join([*text, line]))


#: Common misconceptions, lesson by lesson, each with the records that correct it.
MISCONCEPTIONS = {
    "00-start-here": (
        ("The articles give the full date of North Korea's statement.", (("events", "preconditions-2013"),)),
        ("The February test was a missile test, as RT writes.", (("events", "nuclear-test-2013"),)),
    ),
    "01-sanctions": (
        ("Resolution 2094 was the third round of UN sanctions, as RT writes.",
         (("events", "resolution-1718"), ("events", "resolution-1874"), ("events", "resolution-2087"),
          ("events", "resolution-2094"))),
        ("The February test was a missile test, like the December launch.",
         (("events", "nuclear-test-2013"), ("events", "rocket-launch-2012"))),
        ("The two articles quote the demand to withdraw the sanctions in the same words.",
         (("quotes", "first-step-ibt"), ("quotes", "first-step-rt"))),
    ),
    "02-drills": (
        ("The war games began only after the March sanctions, as RT writes.",
         (("events", "foal-eagle-2013"), ("events", "resolution-2094"))),
        ("The F-22s were sent into Korean waters.", (("events", "f22-osan-2013"), ("places", "osan"))),
        ("Foal Eagle and Key Resolve were one and the same exercise.",
         (("glossary", "foal-eagle"), ("glossary", "key-resolve"))),
    ),
    "03-kaesong": (
        ("The Kaesong Industrial Complex was in South Korea.", (("glossary", "kaesong-complex"), ("places", "kaesong"))),
        ("Kaesong shut down for good in April 2013.",
         (("events", "kaesong-no-show-2013"), ("events", "kaesong-restart-2013"))),
        ("Ban Ki-moon's own words were about Kaesong.", (("quotes", "ban-offer"),)),
    ),
    "04-exchange-of-demands": (
        ("Only North Korea set conditions for talks.",
         (("demands", "abandon-nuclear-ambitions"), ("demands", "meaningful-steps"), ("demands", "clear-signals"))),
        ("North Korea's list had four preconditions, all of them put to the United States.",
         (("demands", "stop-provocations-apologize"), ("demands", "withdraw-nuclear-assets"),
          ("demands", "stop-rhetoric"))),
        ("Only Washington answered the North's demands.",
         (("answers", "kerry-rejects-ndc"), ("answers", "cho-rejects-ndc"), ("answers", "unification-rejects-ndc"),
          ("answers", "hua-urges-calm"))),
        ("North Korea left the US precondition unanswered.",
         (("answers", "dprk-refuses-stick"), ("answers", "ndc-rejects-us"))),
        ("Ban Ki-moon's appeal and Seoul's offer of talks were preconditions.",
         (("demands", "consider-dialogue"), ("demands", "kaesong-talks"))),
        ("Washington's precondition was first made on 18 April, in answer to the North.",
         (("demands", "abandon-nuclear-ambitions"), ("events", "kerry-seoul-2013"), ("events", "kerry-tokyo-2013"))),
        ("Josh Earnest was the White House Press Secretary.", (("actors", "earnest"),)),
    ),
    "05-reading-the-sources": (
        ("Words in quotation marks are the speaker's exact words, whatever the outlet.",
         (("quotes", "first-step-ibt"), ("quotes", "first-step-rt"), ("quotes", "first-step-kcna"))),
        ("“Last month” is the month of Seoul's blame.", (("events", "cyber-attack-2013"), ("events", "cyber-blame-2013"))),
        ("What an article says, the kit vouches for (“reported”).", (("events", "nuclear-test-2013"),)),
    ),
    "06-negotiation-role-play": (
        ("Talks failed because one side alone refused everything.",
         (("answers", "kerry-rejects-ndc"), ("answers", "cho-rejects-ndc"), ("answers", "ndc-rejects-us"),
          ("answers", "cprk-rejects-kaesong"))),
        ("Every side in April 2013 set preconditions, China and the UN Secretary-General too.",
         (("demands", "consider-dialogue"), ("answers", "hua-urges-calm"))),
        ("Kerry offered North Korea food aid first, then talks.",
         (("quotes", "kerry-food-aid"), ("events", "leap-day-deal-2012"))),
        ("Kaesong never reopened after April 2013.", (("events", "kaesong-restart-2013"),)),
    ),
}


def misconceptions_view(tables, lesson: str, caption: str = "Common misconceptions") -> HTMLView:
    """A lesson's misconceptions of :data:`MISCONCEPTIONS`, each against the records that correct it.

    >>> from korea_kit import load_tables
    >>> print(misconceptions_view(load_tables(), "03-kaesong").text.splitlines()[1])  # doctest: +ELLIPSIS
    - The Kaesong Industrial Complex was in South Korea. | Kaesong Industrial Complex: An industrial park in North Korea, ...
    """
    rows = [([wrong, " / ".join(record_text(tables, t, r) for t, r in refs)], list(refs))
            for wrong, refs in MISCONCEPTIONS.get(lesson, ())]
    if not rows:
        return HTMLView(f"<p>{html.escape(caption)}: none listed.</p>", f"{caption}: none listed.")
    return cited_view(tables, ["The misconception", "What the record says"], rows, caption)
