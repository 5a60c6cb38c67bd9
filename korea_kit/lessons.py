"""The lessons in order, read from ``notebooks/toc.json``, and the links between them.

The table of contents is the one place that orders the lessons: the
navigation at the end of every lesson is generated from it, never written by
hand.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .resources import kit_folder
from .views import HTMLView

__all__ = ["Lesson", "notebooks_dir", "toc", "lesson_nav", "read_lesson"]


def notebooks_dir() -> Path:
    """The kit's folder of the lessons (``notebooks/`` in a checkout; see :mod:`korea_kit.resources`)."""
    return kit_folder("notebooks")


@dataclass(frozen=True)
class Lesson:
    """One lesson: its notebook file, its title (the H1) and its time to learn."""

    file: str
    title: str
    minutes: int | None

    @property
    def name(self) -> str:
        """The file name without ``.ipynb``, e.g. ``00-start-here``."""
        return self.file.removesuffix(".ipynb")


def read_lesson(path: Path) -> Lesson:
    """One notebook's title and time to learn, read from the notebook file at ``path``."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    markdown = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    title = next((m.splitlines()[0][2:].strip() for m in markdown if m.startswith("# ")), path.stem)
    minutes = None
    for text in markdown:
        found = re.search(r"\*\*Time to learn\*\*:\s*(\d+)\s*minutes", text)
        if found:
            minutes = int(found.group(1))
            break
    return Lesson(path.name, title, minutes)


def toc(folder: str | Path | None = None) -> list[Lesson]:
    """The lessons in order.

    >>> [lesson.name for lesson in toc()][:1]
    ['00-start-here']
    """
    folder = Path(folder) if folder is not None else notebooks_dir()
    files = json.loads((folder / "toc.json").read_text(encoding="utf-8"))["lessons"]
    return [read_lesson(folder / name) for name in files]


def lesson_nav(current: str, folder: str | Path | None = None) -> HTMLView:
    """Links to the previous and next lessons and the list of all lessons, ``current`` marked.

    >>> print(lesson_nav("00-start-here").text.splitlines()[0])
    Lesson 1 of ...
    """
    lessons = toc(folder)
    names = [lesson.name for lesson in lessons]
    if current not in names:
        raise KeyError(f"{current!r} is not in notebooks/toc.json; the lessons are {', '.join(names)}")
    index = names.index(current)
    prev_lesson = lessons[index - 1] if index > 0 else None
    next_lesson = lessons[index + 1] if index + 1 < len(lessons) else None
    text = [f"Lesson {index + 1} of {len(lessons)}: {lessons[index].title}"]
    links = []
    if prev_lesson:
        text.append(f"Previous: {prev_lesson.title} ({prev_lesson.file})")
        links.append(f'<a href="{html.escape(prev_lesson.file)}" rel="prev">← Previous: {html.escape(prev_lesson.title)}</a>')
    if next_lesson:
        text.append(f"Next: {next_lesson.title} ({next_lesson.file})")
        links.append(f'<a href="{html.escape(next_lesson.file)}" rel="next">Next: {html.escape(next_lesson.title)} →</a>')
    else:
        text.append("This is the last lesson.")
    items = []
    for i, lesson in enumerate(lessons):
        minutes = f" ({lesson.minutes} min)" if lesson.minutes else ""
        label = html.escape(lesson.title) + minutes
        if i == index:
            items.append(f'<li aria-current="page"><strong>{label}</strong> (you are here)</li>')
        else:
            items.append(f'<li><a href="{html.escape(lesson.file)}">{label}</a></li>')
    body = (
        '<nav class="kk-nav" aria-label="Lessons">'
        f"<p>{' | '.join(links) if links else 'This is the only lesson so far.'}</p>"
        f"<ol>{''.join(items)}</ol></nav>"
    )
    return HTMLView(body, "\n".join(text))
