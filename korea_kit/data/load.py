"""Load the kit's curated facts: the fast CSV reader, :func:`load_tables`, its cache and :class:`Tables`.

The tables live as CSV files in a data folder described by a Frictionless
``datapackage.json``. :func:`load_tables` reads every file against that
description (:mod:`~korea_kit.data.schema`) and checks the kit's own rules
across tables (:mod:`~korea_kit.data.check`: every fact cited, every quote
found verbatim in its article), and returns each table as a pandas DataFrame.
Any problem raises one :class:`~korea_kit.errors.KitDataError` that names the
file, the line, the column and what was expected; no row is dropped and no
value is coerced.

>>> load_tables().record("actors", "kerry")["name"]
'John Kerry'
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from korea_kit.errors import KitDataError, Problem
from korea_kit.data.check import check_lessons, check_tables
from korea_kit.data.schema import (
    TABLES, ParsedRow, ParsedTable, check_unique, date_format, default_data_dir, missing_values, parse_value,
    read_package, read_regular_file, kit_package,
)

__all__ = [
    "DATA_ENV",
    "CACHE_ENV",
    "cache_dir",
    "Tables",
    "data_fingerprint",
    "resolve_data_dir",
    "check_data",
    "read_tables",
    "load_tables",
    "clear_cache",
    "parse_refs",
    "parse_ref",
    "selection",
    "table_frame",
]

#: Environment variable that points the kit at a teacher's own copy of ``data/``.
DATA_ENV = "KOREA_KIT_DATA"

#: Environment variable naming the folder where :func:`load_tables` keeps the tables it has checked
#: (by default the user's cache folder, as ``platformdirs`` finds it); ``off`` keeps none.
CACHE_ENV = "KOREA_KIT_CACHE"

def data_fingerprint(data_dir: str | os.PathLike | None = None) -> str:
    """The SHA-256 of a data folder's tables and ``datapackage.json`` (names and contents), to tell
    whether the data the lessons read has changed.

    The articles are covered too: ``sources.csv`` holds their checksums.

    >>> len(data_fingerprint())
    64
    """
    folder = resolve_data_dir(data_dir)
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        with contextlib.suppress(OSError):
            if (path.suffix == ".csv" or path.name == "datapackage.json") and stat.S_ISREG(path.stat().st_mode):
                digest.update(path.name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """Where to read the data from: the argument, else ``$KOREA_KIT_DATA``, else the kit's own.

    A folder that cannot be found or read raises
    :class:`~korea_kit.errors.KitDataError`, which says why.

    >>> resolve_data_dir(default_data_dir()) == default_data_dir()
    True
    """
    if data_dir is None:
        data_dir = os.environ.get(DATA_ENV) or default_data_dir()
    given = Path(data_dir).expanduser()
    try:
        path = given.resolve(strict=True)
        (path / "datapackage.json").stat()
        sorted(path.iterdir())
    except FileNotFoundError:
        raise KitDataError([Problem(str(given), None, None, "a data folder holding datapackage.json",
                                    "no such file")]) from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic-link loop (Python 3.11, 3.12)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise KitDataError([Problem(str(given), None, None, "a readable data folder holding datapackage.json",
                                    reason)]) from None
    return path


@dataclass(frozen=True)
class Tables:
    """The kit's tables as pandas DataFrames, one attribute per table.

    >>> tables = load_tables()
    >>> sorted(tables.names) == sorted(TABLES)
    True
    >>> str(tables.events["date"].dtype)
    'datetime64[ns]'
    >>> tables.record("actors", "kerry")["name"]
    'John Kerry'
    >>> tables.indexed("events").loc["key-resolve-2013", "title"]
    'Key Resolve command-post exercise'
    """

    sources: Any
    actors: Any
    events: Any
    quotes: Any
    demands: Any
    answers: Any
    figures: Any
    glossary: Any
    places: Any
    measures: Any
    shapes: Any
    quiz: Any
    claims: Any
    phrases: Any
    terms: Any
    date_clues: Any
    misconceptions: Any
    sides: Any
    interests: Any
    red_lines: Any
    rounds: Any
    moves: Any
    responses: Any
    roleplay_cards: Any
    framings: Any
    kaesong_statuses: Any
    selections: Any
    citations: Any
    lesson_plans: Any
    open_questions: Any
    handouts: Any
    data_dir: Path
    #: Each table's primary key, as ``datapackage.json`` declares it.
    keys: dict = dataclasses.field(default_factory=dict, repr=False, compare=False)
    _indexed: dict = dataclasses.field(default_factory=dict, init=False, repr=False, compare=False)
    _derived: dict = dataclasses.field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The table names."""
        return TABLES

    def __getitem__(self, name: str):
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; the tables are {', '.join(TABLES)}")
        return getattr(self, name)

    def indexed(self, table: str):
        """The table indexed by its primary key (the key column kept), built once per table."""
        if table not in self._indexed:
            self._indexed[table] = self[table].set_index(self.keys[table], drop=False)
        return self._indexed[table]

    def derived(self, key, build):
        """A value worked out from the tables (a lookup, a set of labels), built once by ``build(self)`` and
        kept under ``key``, so that a lesson pays for it once, not at every view.

        Like :meth:`indexed`, it holds what the tables held when it was first asked for: change a
        :meth:`copy`, not the tables a value was built from.

        >>> tables = load_tables()
        >>> tables.derived("event count", lambda t: len(t.events)) == len(tables.events)
        True
        >>> tables.derived("event count", lambda t: -1) == len(tables.events)  # built once
        True
        """
        if key not in self._derived:
            self._derived[key] = build(self)
        return self._derived[key]

    def record(self, table: str, record_id: str):
        """One record of a table, found by its primary key; a missing id names the table."""
        frame = self.indexed(table)
        if record_id not in frame.index:
            raise KeyError(f"no record {record_id!r} in {table}.csv")
        return frame.loc[record_id]

    def copy(self) -> "Tables":
        """A copy whose DataFrames can be changed without touching the cache."""
        return Tables(**{n: getattr(self, n).copy() for n in TABLES}, data_dir=self.data_dir, keys=dict(self.keys))


def _decode(file: str, data: bytes, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line_no = data.count(b"\n", 0, exc.start) + 1
        before = data[line_start:exc.start].decode("utf-8", errors="replace")
        header = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip("\r\ufeff")
        names = next(csv.reader([header]), [])
        cells = next(csv.reader([before]), [""]) if before else [""]
        column = names[len(cells) - 1] if len(cells) - 1 < len(names) else None
        bad = data[exc.start:exc.end]
        problems.append(
            Problem(file, line_no, column, "text encoded as UTF-8 (save the file as 'CSV UTF-8')", f"byte 0x{bad.hex()}")
        )
        return None


def _read_table(folder: Path, resource: dict, problems: list[Problem]) -> ParsedTable | None:
    name = resource["name"]
    file = resource.get("path", f"{name}.csv")
    schema = resource.get("schema", {})
    data = read_regular_file(folder, file, problems, "the table's CSV file (datapackage.json lists it)")
    if data is None:
        return None
    text = _decode(file, data, problems)
    if text is None:
        return None
    wanted = [f["name"] for f in schema.get("fields", [])]
    by_name = {f["name"]: f for f in schema.get("fields", [])}
    missing = missing_values(schema)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(file, 1, None, "a header line naming the columns: " + ", ".join(wanted), "an empty file"))
        return None
    except csv.Error as exc:
        problems.append(Problem(file, 1, None, "a well-formed CSV header", str(exc)))
        return None
    table = ParsedTable(name, file, schema, [], ok_header=True)
    for col in header:
        if col not in by_name:
            problems.append(Problem(file, 1, col, "only the columns " + ", ".join(wanted), f"an extra column {col!r}"))
            table.ok_header = False
    for col in wanted:
        if col not in header:
            problems.append(Problem(file, 1, col, f"a column named {col!r}", "no such column"))
            table.ok_header = False
    seen = set()
    for col in header:
        if col in seen:
            problems.append(Problem(file, 1, col, "each column once", "the column twice"))
            table.ok_header = False
        seen.add(col)
    if not table.ok_header:
        return table
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(file, line, None, "a well-formed CSV row", str(exc)))
            break
        start, line = line, reader.line_num + 1
        if not any(cells):
            continue  # a blank line holds no record, nor does a spreadsheet's row of commas
        if len(cells) != len(header):
            problems.append(
                Problem(file, start, None, f"{len(header)} values, one per column", f"{len(cells)} values")
            )
            continue
        values = {}
        for col, raw in zip(header, cells):
            values[col] = parse_value(by_name[col], raw, (file, start), problems, name, missing)
        table.rows.append(ParsedRow(start, values))
    if not table.rows:
        problems.append(Problem(file, 2, None, "at least one record after the header line", "no records"))
    return table


def _validate(folder: Path) -> tuple[dict[str, ParsedTable], list[Problem]]:
    problems: list[Problem] = []
    package = read_package(folder, problems)
    if package is None:
        return {}, problems
    tables: dict[str, ParsedTable] = {}
    for resource in package.get("resources", []):
        if resource.get("name") in TABLES:
            table = _read_table(folder, resource, problems)
            if table is not None:
                tables[table.name] = table
    for table in tables.values():
        check_unique(table, problems)
    if all(name in tables and tables[name].ok_header for name in TABLES):
        problems.extend(check_tables(tables, folder))
    order = {t: i for i, t in enumerate(["datapackage.json", *(tables[n].file for n in tables)])}
    problems.sort(key=lambda p: (order.get(p.file, len(order)), p.line or 0))
    return tables, problems


def read_tables(data_dir: str | os.PathLike | None = None) -> tuple[dict[str, ParsedTable], list[Problem]]:
    """The tables of a data folder as parsed (by name), and every problem :func:`load_tables` would raise.

    >>> tables, problems = read_tables(default_data_dir())
    >>> problems, tables["figures"].file
    ([], 'figures.csv')
    """
    return _validate(resolve_data_dir(data_dir))


def check_data(data_dir: str | os.PathLike | None = None) -> list[Problem]:
    """Every problem in a data folder, in file and line order (empty when all is well).

    Beyond what :func:`load_tables` checks, it checks the data against the
    lessons: every quiz question, misconception and selection belongs to a
    lesson of ``notebooks/toc.json``; and no number or date of the free text
    differs from the figure or event it names (:mod:`~korea_kit.data.copies`).

    >>> check_data(default_data_dir())  # the kit's own data
    []
    """
    from korea_kit.data.copies import check_copies

    folder = resolve_data_dir(data_dir)
    tables, problems = _validate(folder)
    return problems or check_lessons(tables) + check_copies(tables)


# ---------------------------------------------------------------------------
# DataFrames


def _columns(table: ParsedTable) -> dict[str, list]:
    """Each column of a checked table as a list of plain values (a date as YYYY-MM-DD), as the cache keeps it."""
    columns = {}
    for field in table.schema["fields"]:
        values = [row.values[field["name"]] for row in table.rows]
        if field.get("type") == "date":
            values = [None if v is None else v.isoformat() for v in values]
        columns[field["name"]] = values
    return columns


def table_frame(table: ParsedTable):
    """A parsed table as a DataFrame, each column of the dtype its type in ``datapackage.json`` gives."""
    return _frame(table.schema, _columns(table))


def _frame(schema: dict, columns: dict[str, list]):
    """A DataFrame of the columns of one table, each of the dtype its field's type asks for (built from arrays,
    without the alignment of Series: this is most of the time of a load from the cache)."""
    import numpy as np
    import pandas as pd

    frame = {}
    for field in schema["fields"]:
        name, kind = field["name"], field.get("type", "string")
        values = columns[name]
        enum = field.get("constraints", {}).get("enum")
        if kind == "date":
            frame[name] = np.array(values, dtype="datetime64[D]").astype("datetime64[ns]")
        elif kind == "number":
            frame[name] = np.array([np.nan if v is None else v for v in values], dtype="float64")
        elif kind == "integer":
            frame[name] = pd.array(values, dtype="Int64")
        elif kind == "boolean":
            frame[name] = pd.array(values, dtype="boolean")
        elif enum:
            frame[name] = pd.Categorical(values, categories=enum)
        else:
            frame[name] = pd.array(values, dtype="string")
    return pd.DataFrame(frame)


_CACHE: dict[tuple, Tables] = {}


def _content_digest(folder: Path) -> str:
    """The SHA-256 of what the checked tables of ``folder`` are made from: every file of the folder (names and
    contents, not their times, so an edit that keeps a file's size and time is seen), the articles beside it and
    the kit's own, the code that reads and checks them, and the versions of the kit's format, pandas and Python."""
    import sys

    import pandas

    from korea_kit.data.resources import kit_folder

    digest = hashlib.sha256(_STORE_FORMAT)
    digest.update(f"{pandas.__version__} {sys.version}".encode())
    code = Path(__file__).parent  # the code that reads and checks the tables
    for files in (folder.iterdir(), code.glob("*.py"), (folder.parent / "seeds").glob("*"), kit_folder("seeds").glob("*")):
        with contextlib.suppress(OSError):  # with the articles the checks read
            for path in sorted(files):
                with contextlib.suppress(OSError):
                    if stat.S_ISREG(path.stat().st_mode):
                        digest.update(path.name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        digest.update(b"\1")
    return digest.hexdigest()


def load_tables(data_dir: str | os.PathLike | None = None) -> Tables:
    """Check the data and return every table as a DataFrame.

    ``data_dir`` defaults to ``$KOREA_KIT_DATA`` and then to the kit's own
    ``data/`` folder. The files are read and checked once per process (again
    only if the content of one of them changes); each call returns fresh copies,
    so changing a returned DataFrame never changes what the next call returns.

    Raises :class:`~korea_kit.errors.KitDataError` listing every problem.

    >>> tables = load_tables()
    >>> str(tables.events["topic"].dtype)
    'category'
    >>> tables.events["event_id"].dtype == "string"
    True
    >>> tables.events["event_id"].is_unique
    True
    """
    folder = resolve_data_dir(data_dir)
    content = _content_digest(folder)
    key = (str(folder), content)
    if key not in _CACHE:
        stored = _stored_path(content)
        found = _read_stored(stored, content)
        if found is None:
            parsed, problems = _validate(folder)
            if problems:
                raise KitDataError(problems)
            found = {name: _columns(parsed[name]) for name in TABLES}
            _store(stored, content, found)
        package = {r["name"]: r for r in (kit_package() or {}).get("resources", [])}
        frames = {name: _frame(package[name]["schema"], found[name]) for name in TABLES}
        keys = {name: package[name]["schema"].get("primaryKey") for name in TABLES}
        for old in [k for k in _CACHE if k[0] == key[0]]:
            del _CACHE[old]
        _CACHE[key] = Tables(**frames, data_dir=folder, keys=keys)
    return _CACHE[key].copy()


# ---------------------------------------------------------------------------
# The checked tables, kept between sessions
#
# As JSON (data only: reading it runs no code), under a name made from the content the tables were made from,
# with that content's digest inside and a keyed checksum (HMAC-SHA256) made with a key only this user can read:
# a file that another user planted, or that anyone edited, is not the kit's and is ignored (the data is then
# checked again). Only files and folders owned by this user and writable by nobody else are read.

#: Bump when what is stored changes shape.
_STORE_FORMAT = b"korea-kit tables 2"

#: How many sets of checked tables the cache folder keeps (the most recent).
_STORE_KEEP = 8

#: The file, in the cache folder, of the key that signs the kit's files there.
_KEY_FILE = ".korea-kit-key"

#: The kit's own files in the cache folder: its checked tables (and those of older versions, as pickles, which
#: are never read, only removed) and the temporary files of writes under way.
_OURS = re.compile(r"tables-[0-9a-f]{32}\.(json|pickle)")
_TEMPORARY = re.compile(r"\.tables-[A-Za-z0-9_]+\.tmp")

#: A temporary file older than this (in seconds) is one whose writer was stopped: it is removed.
_STALE_SECONDS = 15 * 60


def cache_dir() -> Path | None:
    """The folder where :func:`load_tables` keeps the tables it has checked, or None if ``$KOREA_KIT_CACHE``
    is ``off``.

    Checking every file takes most of the time of a first load; the checked tables
    are kept, as JSON, under a name made from the contents of the data folder and the
    articles (and the versions of the kit, pandas and Python), so a new kernel
    reads them at once, and any change to a file means a new check. Nothing is
    kept when the folder cannot be written, or when it is not private (owned by
    this user and writable by nobody else); the kit keeps the eight most recent
    and only ever removes its own files there (``tables-`` and 32 hexadecimal
    digits, ``.json``).

    >>> import os
    >>> cache_dir() is None or cache_dir().name != ""
    True
    """
    wanted = os.environ.get(CACHE_ENV, "").strip()
    if wanted.lower() == "off":
        return None
    if wanted:
        return Path(wanted).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("korea-kit", appauthor=False))


def _private(info: os.stat_result, folder: bool = False) -> bool:
    """Whether a file (or a folder) is this user's own and writable by nobody else."""
    if not (stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)):
        return False
    if os.name == "nt":  # no owners or mode bits to go by: the user's own profile folder is private
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _private_folder(where: Path, make: bool) -> bool:
    """Whether ``where`` is a private folder of this user (made, readable by this user only, if ``make``)."""
    try:
        info = os.lstat(where)
    except FileNotFoundError:
        if not make:
            return False
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            where.mkdir(mode=0o700)
            info = os.lstat(where)
        except OSError:
            return False
    except OSError:
        return False
    return _private(info, folder=True)


def _read_private(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of this user's that nobody else can write (never a link)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not _private(os.fstat(fd)):
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = None
            return fh.read()
    except OSError:
        return None
    finally:
        if fd is not None:
            os.close(fd)


def _key(where: Path, make: bool) -> bytes | None:
    """The key that signs the kit's files in the cache folder ``where`` (made if ``make`` and missing)."""
    path = where / _KEY_FILE
    raw = _read_private(path)
    if raw is None and make and not os.path.lexists(path):
        import secrets

        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32))
        except OSError:
            return None
        raw = _read_private(path)
    if raw is None or not re.fullmatch(rb"[0-9a-f]{64}", raw):
        return None
    return bytes.fromhex(raw.decode("ascii"))


def _stored_path(content: str) -> Path | None:
    """Where the checked tables of the content ``content`` (:func:`_content_digest`) are kept (None if nothing is)."""
    where = cache_dir()
    return None if where is None else where / f"tables-{content[:32]}.json"


def _signature(key: bytes, body: bytes) -> str:
    import hmac

    return hmac.new(key, body, hashlib.sha256).hexdigest()


def _read_stored(path: Path | None, content: str) -> dict | None:
    """The columns of every table kept at ``path`` for ``content``, or None if there are none, or if they are
    not the kit's own, made from this very content, of the shape the kit writes."""
    if path is None or not _private_folder(path.parent, make=False):
        return None
    raw = _read_private(path)
    key = _key(path.parent, make=False) if raw is not None else None
    if raw is None or key is None:
        return None
    import hmac

    head, _, body = raw.partition(b"\n")
    if not hmac.compare_digest(head, _STORE_FORMAT + b" " + _signature(key, body).encode("ascii")):
        return None
    try:
        stored = json.loads(body, parse_constant=_no_constant)
        if not isinstance(stored, dict) or stored.get("content") != content:
            return None
        return _checked_columns(stored.get("tables"))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def _no_constant(name: str):
    raise ValueError(f"{name} is not a value the kit stores")


_KINDS = {"number": (int, float), "integer": (int,), "boolean": (bool,), "date": (str,)}


def _checked_columns(tables) -> dict | None:
    """``tables`` if it holds, for every table of the kit, every column its schema declares, of equal lengths,
    with values of the columns' types (None where missing); else None."""
    package = {r["name"]: r for r in (kit_package() or {}).get("resources", [])}
    if not isinstance(tables, dict) or set(tables) != set(TABLES) or not set(TABLES) <= set(package):
        return None
    for name in TABLES:
        columns, fields = tables[name], package[name]["schema"]["fields"]
        if not isinstance(columns, dict) or set(columns) != {f["name"] for f in fields}:
            return None
        if len({len(v) if isinstance(v, list) else -1 for v in columns.values()} | {0}) > 2 or \
                any(not isinstance(v, list) for v in columns.values()):
            return None
        for field in fields:
            kind = field.get("type", "string")
            allowed = _KINDS.get(kind, (str,))
            enum = field.get("constraints", {}).get("enum")
            for value in columns[field["name"]]:
                if value is None:
                    continue
                if not isinstance(value, allowed) or (kind in ("number", "integer") and isinstance(value, bool)):
                    return None
                if (kind == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) or (enum and value not in enum):
                    return None
    return tables


def _store(path: Path | None, content: str, tables: dict) -> None:
    """Keep ``tables`` at ``path`` (written whole, then renamed); drop the oldest of the kit's files there, and the
    temporary files of writes that were stopped."""
    if path is None:
        return
    import tempfile

    where = path.parent
    default = not os.environ.get(CACHE_ENV, "").strip()
    if not _private_folder(where, make=True):
        if not default:
            return  # a shared folder, or another user's: nothing is kept there
        with contextlib.suppress(OSError):  # the user's own cache folder is made private
            if os.lstat(where).st_uid == getattr(os, "getuid", lambda: -1)() and os.path.isdir(where) \
                    and not os.path.islink(where):
                os.chmod(where, 0o700)
        if not _private_folder(where, make=False):
            return
    key = _key(where, make=True)
    if key is None:
        return
    body = json.dumps({"content": content, "tables": tables}, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")
    written = None
    try:
        with tempfile.NamedTemporaryFile("wb", dir=where, prefix=".tables-", suffix=".tmp", delete=False) as fh:
            written = fh.name
            fh.write(_STORE_FORMAT + b" " + _signature(key, body).encode("ascii") + b"\n" + body)
        os.replace(written, path)
        written = None
        _tidy(where)
    except (OSError, ValueError):  # a cache that cannot be written is no cache: the tables are loaded all the same
        if written is not None:
            with contextlib.suppress(OSError):
                os.unlink(written)


def _tidy(where: Path) -> None:
    """Remove the kit's own files in the cache folder that are no longer needed: all but the eight latest sets of
    checked tables, those of older versions, and temporary files older than a quarter of an hour."""
    import time

    ours, now = [], time.time()
    for path in where.iterdir():
        with contextlib.suppress(OSError):
            info = os.lstat(path)
            if not _private(info):
                continue  # not a file of this user's: never removed
            if _TEMPORARY.fullmatch(path.name) and now - info.st_mtime > _STALE_SECONDS:
                path.unlink()
            elif _OURS.fullmatch(path.name):
                if path.suffix == ".pickle":
                    path.unlink()
                else:
                    ours.append((info.st_mtime_ns, path))
    for _, old in sorted(ours, reverse=True)[_STORE_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def clear_cache() -> None:
    """Forget the tables read so far, so the next :func:`load_tables` reads the files again."""
    _CACHE.clear()



def parse_refs(text) -> list[tuple[str, str]]:
    """``(table, id)`` pairs of a ``table:id;table:id`` cell (none for an empty cell).

    >>> parse_refs("events:resolution-2094;quotes:kerry-gambit")
    [('events', 'resolution-2094'), ('quotes', 'kerry-gambit')]
    >>> parse_refs(None)
    []
    """
    if not isinstance(text, str) or not text:
        return []
    return [tuple(ref.split(":", 1)) for ref in text.split(";")]


def selection(tables: Tables, lesson: str, name: str):
    """The rows of ``selections.csv`` for one list of a lesson, in order of position.

    >>> rows = selection(load_tables(), "03-drills", "states")
    >>> list(rows["record_id"])
    ['usa', 'rok', 'dprk']
    """
    found = tables.derived(("selection", lesson, name), lambda t: _selection(t, lesson, name))
    if found is None:
        raise KeyError(f"no selection {name!r} of lesson {lesson!r} in selections.csv")
    return found.copy()


def _selection(tables: Tables, lesson: str, name: str):
    sel = tables.selections
    rows = sel[(sel["lesson"] == lesson) & (sel["selection"] == name)].sort_values("position")
    if rows.empty:
        return None
    rows = rows.assign(record_table=[t for t, _ in map(parse_ref, rows["record_ref"])],
                       record_id=[i for _, i in map(parse_ref, rows["record_ref"])])
    return rows.reset_index(drop=True)


def parse_ref(text) -> tuple[str, str]:
    """The ``(table, id)`` of a ``table:id`` cell.

    >>> parse_ref("actors:usa")
    ('actors', 'usa')
    """
    table, _, record = str(text).partition(":")
    return table, record
