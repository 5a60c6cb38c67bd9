"""The facts: loading and checking ``data/*.csv`` (:mod:`~korea_kit.data.tables`), the seeds and
citations (:mod:`~korea_kit.data.sources`), the kit's bundled folders (:mod:`~korea_kit.data.resources`)
and the table of contents with each lesson's metadata (:mod:`~korea_kit.data.toc`).

A data module may import only ``korea_kit.errors``, ``dates``, ``text`` and ``progress``
(the base) and other modules of this package: no HTML, no charts, no widgets, no lessons.

>>> from korea_kit.data import load_tables, selection
>>> list(selection(load_tables(), "05-reading-the-sources", "articles")["record_id"])
['ibtimes-2013-04-18', 'rt-2013-04-18']
"""

from korea_kit.data.resources import BUNDLE, FOLDERS, bundled, kit_folder
from korea_kit.data.sources import (
    Citation, article_sentences, cite, find_in_seed, item_text, normalize, read_seed, refs_line, seed_text,
    sentences_holding, source_ids, source_label, sources_line, uncited_sentences,
)
from korea_kit.data.tables import (
    CITED_TABLES, DATA_ENV, EARLIEST_DATE, POSITIVE_FIELDS, QUIZ_SEPARATOR, REF_COLUMNS, TABLES, Tables,
    check_data, clear_cache, data_fingerprint, default_data_dir, kit_package, load_tables, parse_ref, parse_refs,
    read_regular_file, resolve_data_dir, seed_bytes, selection,
)
from korea_kit.data.toc import METADATA_KEY, Lesson, LessonMetadataError, lesson_metadata, notebooks_dir, read_lesson, toc

__all__ = [
    "BUNDLE", "FOLDERS", "bundled", "kit_folder",
    "Citation", "article_sentences", "cite", "find_in_seed", "item_text", "normalize", "read_seed", "refs_line",
    "seed_text", "sentences_holding", "source_ids", "source_label", "sources_line", "uncited_sentences",
    "CITED_TABLES", "DATA_ENV", "EARLIEST_DATE", "POSITIVE_FIELDS", "QUIZ_SEPARATOR", "REF_COLUMNS", "TABLES", "Tables",
    "check_data", "clear_cache", "data_fingerprint", "default_data_dir", "kit_package", "load_tables", "parse_ref",
    "parse_refs", "read_regular_file", "resolve_data_dir", "seed_bytes", "selection",
    "METADATA_KEY", "Lesson", "LessonMetadataError", "lesson_metadata", "notebooks_dir", "read_lesson", "toc",
]
