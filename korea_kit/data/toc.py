"""The lessons in order, read from ``notebooks/toc.json``, their metadata, and the links between them.

The table of contents is the one place that orders the lessons: the
navigation at the end of every lesson (:mod:`korea_kit.render.nav`) is generated
from it, never written by hand. Each lesson's notebook carries its own metadata in one place,
``metadata["korea_kit"]`` (see :data:`METADATA_KEY`)::

    {"title": "UN sanctions on North Korea, 2006–2013",
     "lead": "North Korea's first condition for talks ...",
     "minutes": 35,
     "objectives": ["explain what a UN Security Council sanctions resolution is ...", ...],
     "prerequisites": [{"concept": "[Start here](00-start-here.ipynb)", "importance": "Necessary",
                        "notes": "How to run cells ..."}, ...]}

Texts are Markdown. The navigation, the teacher's guide (:mod:`korea_kit.lessons.guide`),
the website (:mod:`korea_kit.publish.site`) and the editions read :func:`read_lesson`,
never the lesson's prose; the lesson's visible title, Overview,
Prerequisites and **Time to learn** show the same values, and
``tests/test_lesson_metadata.py`` fails when the two differ.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from korea_kit.data.resources import kit_folder

__all__ = ["READING_WPM", "WIDGET_MINUTES", "QUESTION_MINUTES", "OPEN_QUESTION_MINUTES", "time_to_learn", "METADATA_KEY", "Lesson", "LessonMetadataError", "notebooks_dir", "lesson_metadata", "read_lesson",
           "toc"]

#: Where a lesson notebook keeps its metadata: ``notebook["metadata"][METADATA_KEY]``.
METADATA_KEY = "korea_kit"


class LessonMetadataError(ValueError):
    """A lesson notebook's metadata is missing or not of the expected form."""


def notebooks_dir() -> Path:
    """The kit's folder of the lessons (``notebooks/`` in a checkout; see :mod:`korea_kit.data.resources`)."""
    return kit_folder("notebooks")


@dataclass(frozen=True)
class Lesson:
    """One lesson, as its notebook's metadata describes it (see the module's docstring)."""

    file: str
    title: str
    minutes: int | None
    lead: str = ""
    objectives: tuple[str, ...] = ()
    #: ``(concept, importance, notes)`` for each prerequisite, in Markdown.
    prerequisites: tuple[tuple[str, str, str], ...] = ()

    @property
    def name(self) -> str:
        """The file name without ``.ipynb``, e.g. ``00-start-here``."""
        return self.file.removesuffix(".ipynb")


def lesson_metadata(notebook: dict, file: str = "the notebook") -> Lesson:
    """The :class:`Lesson` that a notebook's metadata describes; :class:`LessonMetadataError` if it is not there.

    >>> lesson_metadata({"metadata": {"korea_kit": {"title": "A demo", "minutes": 5, "objectives": ["do it"],
    ...     "prerequisites": [{"concept": "None", "importance": "Helpful", "notes": ""}]}}}, "07-demo.ipynb")
    Lesson(file='07-demo.ipynb', title='A demo', minutes=5, lead='', objectives=('do it',), prerequisites=(('None', 'Helpful', ''),))
    >>> lesson_metadata({"metadata": {}}, "07-demo.ipynb")
    Traceback (most recent call last):
    ...
    korea_kit.data.toc.LessonMetadataError: 07-demo.ipynb: metadata["korea_kit"]["title"] is missing: ...
    """
    meta = notebook.get("metadata", {}).get(METADATA_KEY)
    meta = meta if isinstance(meta, dict) else {}

    def wrong(field: str, expected: str) -> LessonMetadataError:
        return LessonMetadataError(
            f'{file}: metadata["{METADATA_KEY}"]["{field}"] is {"missing" if field not in meta else "wrong"}: '
            f"expected {expected} (see CONTRIBUTING.md, Lessons)")

    title, minutes, lead = meta.get("title"), meta.get("minutes"), meta.get("lead", "")
    objectives, prerequisites = meta.get("objectives", []), meta.get("prerequisites", [])
    if not isinstance(title, str) or not title.strip():
        raise wrong("title", "the lesson's title, as in its first heading")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0):
        raise wrong("minutes", "the time to learn, a whole number of minutes")
    if not isinstance(lead, str):
        raise wrong("lead", "the paragraph under the title")
    if not isinstance(objectives, list) or not all(isinstance(o, str) and o.strip() for o in objectives):
        raise wrong("objectives", "a list of texts, one per objective")
    fields = ("concept", "importance", "notes")
    if not isinstance(prerequisites, list) or not all(
            isinstance(p, dict) and all(isinstance(p.get(f), str) for f in fields) for p in prerequisites):
        raise wrong("prerequisites", 'a list of {"concept": ..., "importance": ..., "notes": ...}')
    return Lesson(file, title.strip(), minutes, lead, tuple(objectives),
                  tuple(tuple(p[f] for f in fields) for p in prerequisites))


def read_lesson(path: str | Path) -> Lesson:
    """The :class:`Lesson` of the notebook at ``path``, from its metadata.

    >>> read_lesson(notebooks_dir() / "00-start-here.ipynb").minutes > 0
    True
    """
    path = Path(path)
    stat = path.stat()
    return _lesson_at(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _lesson_at(path: str, mtime_ns: int, size: int) -> Lesson:
    """A notebook's :class:`Lesson`, read once for each version of the file (its time and size)."""
    return lesson_metadata(json.loads(Path(path).read_text(encoding="utf-8")), Path(path).name)


def toc(folder: str | Path | None = None) -> list[Lesson]:
    """The lessons in order.

    >>> [lesson.name for lesson in toc()][:1]
    ['00-start-here']
    """
    folder = Path(folder) if folder is not None else notebooks_dir()
    files = json.loads((folder / "toc.json").read_text(encoding="utf-8"))["lessons"]
    return [read_lesson(folder / name) for name in files]


#: How a lesson's **Time to learn** is estimated, at a 16-year-old's pace: the words a page shows (tables
#: included, closed folds left out) read at 200 words a minute, each widget's tasks, each quiz question
#: and the open question; the sum is rounded up to a multiple of five minutes.
READING_WPM, WIDGET_MINUTES, QUESTION_MINUTES, OPEN_QUESTION_MINUTES = 200, 5, 1.5, 5


def time_to_learn(words: int, widgets: int, questions: int, open_questions: int = 1) -> int:
    """The minutes a lesson takes: reading ``words`` at :data:`READING_WPM`, :data:`WIDGET_MINUTES` per
    widget, :data:`QUESTION_MINUTES` per quiz question and :data:`OPEN_QUESTION_MINUTES` per open
    question, rounded up to a multiple of five.

    >>> time_to_learn(2400, widgets=1, questions=5)    # 12 + 5 + 7.5 + 5 = 29.5
    30
    >>> time_to_learn(2300, widgets=1, questions=0)    # 11.5 + 5 + 5 = 21.5
    25
    """
    import math

    minutes = words / READING_WPM + WIDGET_MINUTES * widgets + QUESTION_MINUTES * questions
    return 5 * math.ceil((minutes + OPEN_QUESTION_MINUTES * open_questions) / 5)
