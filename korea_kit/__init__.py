"""korea_kit: curated facts, charts and widgets for the Korea, April 2013 teaching kit.

Importing the package changes no global state: no plotting backend or style,
no warnings filters. Tables are read on the first call that needs them.

>>> import korea_kit as kk
>>> tables = kk.load_tables()
>>> len(tables.events) > 0
True
"""

from .data import CITED_TABLES, DATA_ENV, TABLES, Tables, check_data, clear_cache, default_data_dir, load_tables, resolve_data_dir
from .errors import KitDataError, Problem
from .sources import Citation, article_sentences, cite, find_in_seed, normalize, seed_text, sources_line, uncited_sentences
from .dates import format_date, format_range
from .views import HTMLView, events_view, sources_view
from .lessons import Lesson, lesson_nav, toc
from .charts import (
    TOPICS,
    TOPIC_COLOURS,
    Chart,
    describe_timeline,
    filter_events,
    overview_timeline,
    timeline_chart,
    timeline_figure,
)
from .widgets import TimelineExplorer, overview_explorer, timeline_explorer

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
    "format_date",
    "format_range",
    "sources_view",
    "Lesson",
    "lesson_nav",
    "toc",
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
]

__version__ = "0.1.0"
