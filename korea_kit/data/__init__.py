"""The facts: ``data/*.csv`` read against ``datapackage.json`` (:mod:`~korea_kit.data.schema`), loaded
(:mod:`~korea_kit.data.load`) and checked across tables (:mod:`~korea_kit.data.check`), the seeds and
citations (:mod:`~korea_kit.data.sources`), the kit's bundled folders (:mod:`~korea_kit.data.resources`)
and the table of contents with each lesson's metadata (:mod:`~korea_kit.data.toc`).

A data module may import only ``korea_kit.errors``, ``dates``, ``text`` and ``progress``
(the base) and other modules of this package: no HTML, no charts, no widgets, no lessons.

>>> from korea_kit.data import load_tables, selection
>>> list(selection(load_tables(), "06-reading-the-sources", "articles")["record_id"])
['ibtimes-2013-04-18', 'rt-2013-04-18']
"""

from korea_kit.data.resources import BUNDLE, FOLDERS, bundled, kit_folder
from korea_kit.data.sources import (
    Citation, article_sentences, cite, find_in_seed, item_text, normalize, read_seed, refs_line, seed_text,
    sentences_holding, source_ids, source_label, sources_line, uncited_sentences,
)
from korea_kit.data.check import seed_bytes
from korea_kit.data.load import (
    CACHE_ENV, DATA_ENV, Tables, cache_dir, check_data, clear_cache, data_fingerprint, load_tables, parse_ref, parse_refs, resolve_data_dir,
    selection,
)
from korea_kit.data.schema import (
    CITED_TABLES, EARLIEST_DATE, POSITIVE_FIELDS, QUIZ_SEPARATOR, REF_COLUMNS, TABLES, default_data_dir, kit_package,
    read_regular_file,
)
from korea_kit.data.toc import METADATA_KEY, Lesson, LessonMetadataError, lesson_metadata, notebooks_dir, read_lesson, toc

__all__ = [
    "BUNDLE", "FOLDERS", "bundled", "kit_folder",
    "Citation", "article_sentences", "cite", "find_in_seed", "item_text", "normalize", "read_seed", "refs_line",
    "seed_text", "sentences_holding", "source_ids", "source_label", "sources_line", "uncited_sentences",
    "CACHE_ENV", "CITED_TABLES", "DATA_ENV", "EARLIEST_DATE", "POSITIVE_FIELDS", "QUIZ_SEPARATOR", "REF_COLUMNS", "TABLES", "Tables", "cache_dir",
    "check_data", "clear_cache", "data_fingerprint", "default_data_dir", "kit_package", "load_tables", "parse_ref",
    "parse_refs", "read_regular_file", "resolve_data_dir", "seed_bytes", "selection",
    "METADATA_KEY", "Lesson", "LessonMetadataError", "lesson_metadata", "notebooks_dir", "read_lesson", "toc",
]
