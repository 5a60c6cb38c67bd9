"""The names the kit's modules import from ``korea_kit.data.tables``, kept where they were.

The code lives in :mod:`~korea_kit.data.schema` (the description of the tables),
:mod:`~korea_kit.data.load` (the reader, :func:`load_tables`, :class:`Tables`) and
:mod:`~korea_kit.data.check` (the rules across tables); import from ``korea_kit.data``.

>>> from korea_kit.data.tables import load_tables as old
>>> from korea_kit.data import load_tables
>>> old is load_tables
True
"""

from korea_kit.data.check import seed_bytes
from korea_kit.data.load import (
    DATA_ENV, Tables, check_data, clear_cache, data_fingerprint, load_tables, parse_ref, parse_refs, resolve_data_dir,
    selection,
)
from korea_kit.data.schema import (
    CITED_TABLES, EARLIEST_DATE, POSITIVE_FIELDS, QUIZ_SEPARATOR, REF_COLUMNS, TABLES, default_data_dir, kit_package,
    read_regular_file,
)

__all__ = [
    "DATA_ENV", "TABLES", "CITED_TABLES", "QUIZ_SEPARATOR", "REF_COLUMNS", "Tables", "EARLIEST_DATE", "POSITIVE_FIELDS",
    "default_data_dir", "kit_package", "data_fingerprint", "resolve_data_dir", "read_regular_file", "seed_bytes",
    "check_data", "load_tables", "clear_cache", "parse_refs", "parse_ref", "selection",
]
