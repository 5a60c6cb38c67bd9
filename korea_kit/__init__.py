"""korea_kit: curated facts, charts and widgets for the Korea, April 2013 teaching kit.

Importing the package changes no global state: no plotting backend or style,
no warnings filters. Tables are read on the first call that needs them, and the
plotting and widget libraries are imported only when a chart or widget is made.

The package is layered, each layer importing only from itself and those below:
the base (``errors``, ``dates``, ``text``, ``progress``), :mod:`korea_kit.data`,
:mod:`korea_kit.render`, :mod:`korea_kit.charts`, :mod:`korea_kit.widgets`,
:mod:`korea_kit.lessons` (no lesson module imports another), :mod:`korea_kit.publish`,
then this module and :mod:`korea_kit.cli` (CONTRIBUTING.md has the map).

>>> import korea_kit as kk
>>> tables = kk.load_tables()
>>> len(tables.events) > 0
True

The teacher's keys are not here: a cell tagged ``teacher`` imports them from :mod:`korea_kit.teacher`,
so that the student edition, which leaves those cells out, never offers them.

>>> [name for name in dir(kk) if name.endswith("_key")]
[]
"""

from .data import CITED_TABLES, DATA_ENV, TABLES, Tables, check_data, clear_cache, default_data_dir, load_tables, resolve_data_dir
from .errors import KitDataError, Problem
from .data.sources import Citation, article_sentences, cite, find_in_seed, normalize, seed_text, sources_line, uncited_sentences
from .dates import format_date, format_range
from .render.views import HTMLView, events_view, sources_view
from .render.table import folded as fold
from .data.toc import Lesson, LessonMetadataError, toc
from .render.nav import lesson_nav
from .progress import ProgressError, ProgressStore, progress_path
from .render.quizzes import Question, Result, check_answer, progress_view, questions, quiz_view

# Charts and widgets need matplotlib and ipywidgets, which take most of a
# second to import: they are loaded on first use, so that checking the data
# (korea-kit check) or loading the tables stays quick.
_LAZY = {
    "TOPICS": "charts.style",
    "TOPIC_COLOURS": "charts.style",
    "Chart": "charts.style",
    "describe_timeline": "charts.timeline",
    "filter_events": "charts.timeline",
    "overview_timeline": "charts.timeline",
    "timeline_chart": "charts.timeline",
    "timeline_figure": "charts.timeline",
    "TimelineExplorer": "widgets.panels",
    "overview_explorer": "widgets.panels",
    "timeline_explorer": "widgets.panels",
    "KitWidget": "widgets.panels",
    "QuizWidget": "widgets.panels",
    "quiz": "widgets.panels",
    "my_progress": "widgets.panels",
    "open_question": "widgets.writing",
}


# The lessons' own modules (korea_kit/lessons/: charts, widgets and views of one
# topic each, and the teacher's guide), also imported on first use:
# ``kk.sanctions.resolution_stepper(tables)``, ``from korea_kit import guide``.
_LESSON_MODULES = ("background", "sanctions", "drills", "kaesong", "demands", "reading", "roleplay", "guide")


def __getattr__(name):
    if name in _LESSON_MODULES:
        import importlib

        return importlib.import_module(f".lessons.{name}", __name__)
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | set(_LESSON_MODULES))

__all__ = [
    "CITED_TABLES",
    "DATA_ENV",
    "TABLES",
    "Tables",
    "check_data",
    "clear_cache",
    "default_data_dir",
    "load_tables",
    "resolve_data_dir",
    "KitDataError",
    "Problem",
    "Citation",
    "article_sentences",
    "cite",
    "find_in_seed",
    "normalize",
    "seed_text",
    "sources_line",
    "uncited_sentences",
    "HTMLView",
    "events_view",
    "fold",
    "format_date",
    "format_range",
    "sources_view",
    "Lesson",
    "LessonMetadataError",
    "lesson_nav",
    "toc",
    "ProgressError",
    "ProgressStore",
    "progress_path",
    "Question",
    "Result",
    "check_answer",
    "progress_view",
    "questions",
    "quiz_view",
    "TOPICS",
    "TOPIC_COLOURS",
    "Chart",
    "describe_timeline",
    "filter_events",
    "overview_timeline",
    "timeline_chart",
    "timeline_figure",
    "TimelineExplorer",
    "overview_explorer",
    "timeline_explorer",
    "KitWidget",
    "QuizWidget",
    "quiz",
    "my_progress",
    "open_question",
]

__version__ = "0.1.0"
