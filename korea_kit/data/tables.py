"""Load and check the kit's curated facts.

The tables live as CSV files in a data folder described by a Frictionless
``datapackage.json``. :func:`load_tables` checks every file against that
description and against the kit's own rules (every fact cited, every quote
found verbatim in its article) and returns each table as a pandas DataFrame.
Any problem raises one :class:`~korea_kit.errors.KitDataError` that names the
file, the line, the column and what was expected; no row is dropped and no
value is coerced.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import math
import os
import re
import stat
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from korea_kit.errors import KitDataError, Problem
from korea_kit.data.resources import kit_folder

__all__ = [
    "DATA_ENV",
    "TABLES",
    "CITED_TABLES",
    "QUIZ_SEPARATOR",
    "REF_COLUMNS",
    "Tables",
    "EARLIEST_DATE",
    "POSITIVE_FIELDS",
    "default_data_dir",
    "kit_package",
    "data_fingerprint",
    "resolve_data_dir",
    "read_regular_file",
    "seed_bytes",
    "check_data",
    "load_tables",
    "clear_cache",
    "parse_refs",
    "parse_ref",
    "selection",
]

#: Environment variable that points the kit at a teacher's own copy of ``data/``.
DATA_ENV = "KOREA_KIT_DATA"

#: The tables the kit reads, in the order it checks them.
TABLES = (
    "sources",
    "actors",
    "events",
    "quotes",
    "demands",
    "answers",
    "figures",
    "glossary",
    "places",
    "measures",
    "shapes",
    "quiz",
    "claims",
    "phrases",
    "terms",
    "date_clues",
    "misconceptions",
    "moves",
    "framings",
    "kaesong_statuses",
    "selections",
    "citations",
)

#: Tables whose every record must have at least one row in ``citations``.
#: (A quote carries its own source, so ``quotes`` is not among them.)
CITED_TABLES = ("actors", "events", "demands", "answers", "figures", "glossary", "places", "measures")

#: The separator of the items in a quiz question's ``choices`` and ``answer``.
QUIZ_SEPARATOR = " | "

#: The earliest date the kit accepts: the record starts after the Second World War (and none is after today).
EARLIEST_DATE = dt.date(1945, 1, 1)

#: Numbers that are counts or distances: above zero.
POSITIVE_FIELDS = {("figures", "value")}

# Whole numbers beyond this lose precision in a chart; no count in the record comes near it.
_LARGEST = 2**53
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters (NUL and the like) that no text of the record holds; tabs and line breaks are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Columns holding several ids separated by ";", and the table the ids come from.
_ID_LISTS = {
    ("events", "actor_ids"): "actors",
    ("demands", "of_ids"): "actors",
    ("demands", "disputed_of_ids"): "actors",
    ("answers", "demand_ids"): "demands",
    ("terms", "quote_ids"): "quotes",
    ("terms", "about_ids"): "actors",
    ("terms", "citation_ids"): "citations",
    ("date_clues", "event_ids"): "events",
}

#: Columns holding references to records of any table, as ``table:id`` separated by ";"
#: (``events:resolution-2094;quotes:kerry-gambit``).
REF_COLUMNS = (
    ("quiz", "fact_refs"),
    ("claims", "record_refs"),
    ("terms", "evidence_ref"),
    ("misconceptions", "record_refs"),
    ("moves", "record_ref"),
    ("moves", "context_refs"),
    ("framings", "record_ref"),
    ("selections", "record_ref"),
    ("selections", "paired_ref"),
)

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
_INTEGER_RE = re.compile(r"^-?\d+$")


def default_data_dir() -> Path:
    """The ``data/`` folder that ships with the kit (beside the package in a checkout, inside it from a wheel)."""
    return kit_folder("data")


def kit_package() -> dict | None:
    """The kit's own ``datapackage.json``: the tables, columns, types and constraints every data folder must keep.

    None if it cannot be read (the check of the kit's own folder then says why).

    >>> [r["name"] for r in kit_package()["resources"]][:3]
    ['sources', 'actors', 'events']
    """
    try:
        package = json.loads((default_data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list) or not all(isinstance(r, dict) and isinstance(r.get("schema"), dict)
                                                  and isinstance(r.get("path"), str) for r in resources):
        return None
    return package


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

    >>> resolve_data_dir() == default_data_dir()
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
    moves: Any
    framings: Any
    kaesong_statuses: Any
    selections: Any
    citations: Any
    data_dir: Path
    #: Each table's primary key, as ``datapackage.json`` declares it.
    keys: dict = dataclasses.field(default_factory=dict, repr=False, compare=False)
    _indexed: dict = dataclasses.field(default_factory=dict, init=False, repr=False, compare=False)

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

    def record(self, table: str, record_id: str):
        """One record of a table, found by its primary key; a missing id names the table."""
        frame = self.indexed(table)
        if record_id not in frame.index:
            raise KeyError(f"no record {record_id!r} in {table}.csv")
        return frame.loc[record_id]

    def copy(self) -> "Tables":
        """A copy whose DataFrames can be changed without touching the cache."""
        return Tables(**{n: getattr(self, n).copy() for n in TABLES}, data_dir=self.data_dir, keys=dict(self.keys))


# ---------------------------------------------------------------------------
# Reading and checking


@dataclass
class _Row:
    line: int
    values: dict[str, Any]


@dataclass
class _Table:
    name: str
    file: str
    schema: dict
    rows: list[_Row]
    ok_header: bool


def _describe_type(field: dict) -> str:
    kind = field.get("type", "string")
    return {
        "date": "a date as YYYY-MM-DD",
        "number": "a number such as 12 or 3.5 (no thousands separators)",
        "integer": "a whole number",
        "boolean": "true or false",
    }.get(kind, "text")


def _parse_value(field: dict, raw: str, where, problems: list[Problem], table: str = ""):
    """Turn one cell into a Python value, or record a problem and return None."""
    name = field["name"]
    cons = field.get("constraints", {})
    kind = field.get("type", "string")
    if _CONTROL.search(raw):
        problems.append(Problem(*where, name, "text without control characters (such as NUL)", raw))
        return None
    if raw.strip() == "":
        if raw:
            problems.append(Problem(*where, name, "a value or an empty cell, not spaces alone", raw))
        elif cons.get("required"):
            problems.append(Problem(*where, name, "a value (the column is required)", raw))
        return None
    value: Any = raw
    if kind == "string" and raw.startswith(_FORMULA_START):
        problems.append(Problem(*where, name, "text that does not start with =, +, - or @ "
                                "(a spreadsheet would run it as a formula)", raw))
        return None
    if kind == "date":
        try:
            if not _DATE_RE.match(raw):
                raise ValueError
            value = dt.date.fromisoformat(raw)
        except ValueError:
            problems.append(Problem(*where, name, "a real date as YYYY-MM-DD", raw))
            return None
        if not EARLIEST_DATE <= value <= dt.date.today():
            problems.append(Problem(*where, name, f"a date from {EARLIEST_DATE.isoformat()} to today", raw))
            return None
    elif kind in ("number", "integer"):
        pattern = _INTEGER_RE if kind == "integer" else _NUMBER_RE
        if not pattern.match(raw):
            problems.append(Problem(*where, name, _describe_type(field), raw))
            return None
        value = int(raw) if kind == "integer" and len(raw) < 20 else float(raw)
        if not math.isfinite(value) or abs(value) >= _LARGEST:
            problems.append(Problem(*where, name, "a number below 9007199254740992 (2**53)", raw))
            return None
        if (table, name) in POSITIVE_FIELDS and value <= 0:
            problems.append(Problem(*where, name, "a number above 0 (a count or a distance)", raw))
            return None
    elif kind == "boolean":
        truthy = field.get("trueValues", ["true"])
        falsy = field.get("falseValues", ["false"])
        if raw in truthy:
            value = True
        elif raw in falsy:
            value = False
        else:
            expected = " or ".join(repr(v) for v in [*truthy, *falsy])
            problems.append(Problem(*where, name, expected, raw))
            return None
    if "enum" in cons and raw not in cons["enum"]:
        problems.append(Problem(*where, name, "one of " + ", ".join(map(str, cons["enum"])), raw))
        return None
    if "pattern" in cons and not _matches(cons["pattern"], raw):
        if ";" in cons["pattern"]:
            what = "ids of lower-case letters, digits and hyphens, separated by ';'"
        elif cons["pattern"].startswith("^[a-z0-9]"):
            what = "an id of lower-case letters, digits and single hyphens"
        else:
            what = f"text matching {cons['pattern']}"
        problems.append(Problem(*where, name, what, raw))
        return None
    if "maxLength" in cons and len(raw) > cons["maxLength"]:
        problems.append(Problem(*where, name, f"at most {cons['maxLength']} characters", raw))
        return None
    for bound, test, word in (("minimum", lambda v, b: v >= b, "at least"), ("maximum", lambda v, b: v <= b, "at most")):
        if bound in cons and not test(value, cons[bound]):
            problems.append(Problem(*where, name, f"a number {word} {cons[bound]}", raw))
            return None
    return value


def _matches(pattern: str, raw: str) -> bool:
    """Whether ``raw`` matches ``pattern``; a pattern that is not a regular expression matches nothing
    (:func:`_check_schema` reports it)."""
    try:
        return re.fullmatch(pattern, raw) is not None
    except re.error:
        return False


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


def read_regular_file(folder: Path, name: str, problems: list[Problem], what: str) -> bytes | None:
    """The bytes of ``folder / name``, a regular file inside ``folder``; else a problem and None.

    A symbolic link, a folder, a FIFO or a path that leaves the folder is
    refused: the site copies these files, and only regular files of the folder.
    """
    path = folder / name
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            found = "a symbolic link"
        elif not stat.S_ISREG(info.st_mode):
            found = "a folder" if stat.S_ISDIR(info.st_mode) else "a special file (not a regular file)"
        elif Path(name).is_absolute() or ".." in Path(name).parts:
            found = "a path outside the data folder"
        else:
            return path.read_bytes()
    except FileNotFoundError:
        found = "no such file"
    except OSError as exc:
        found = exc.strerror or str(exc)
    problems.append(Problem(name, None, None, f"{what}, a regular file inside the data folder", found))
    return None


def _read_table(folder: Path, resource: dict, problems: list[Problem]) -> _Table | None:
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
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(file, 1, None, "a header line naming the columns: " + ", ".join(wanted), "an empty file"))
        return None
    except csv.Error as exc:
        problems.append(Problem(file, 1, None, "a well-formed CSV header", str(exc)))
        return None
    table = _Table(name, file, schema, [], ok_header=True)
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
            values[col] = _parse_value(by_name[col], raw, (file, start), problems, name)
        table.rows.append(_Row(start, values))
    if not table.rows:
        problems.append(Problem(file, 2, None, "at least one record after the header line", "no records"))
    return table


def _check_unique(table: _Table, problems: list[Problem]) -> None:
    key = table.schema.get("primaryKey")
    if isinstance(key, list):  # a key of several columns: each combination once
        first: dict[tuple, int] = {}
        for row in table.rows:
            value = tuple(row.values.get(col) for col in key)
            if None in value:
                continue
            if value in first:
                shown = ", ".join(f"{c}={v}" for c, v in zip(key, value))
                problems.append(
                    Problem(table.file, row.line, key[-1], f"a unique ({', '.join(key)}) (line {first[value]} has it already)", shown)
                )
            else:
                first[value] = row.line
    for field in table.schema.get("fields", []):
        if not field.get("constraints", {}).get("unique"):
            continue
        col, first = field["name"], {}
        for row in table.rows:
            value = row.values.get(col)
            if value is None:
                continue
            if value in first:
                problems.append(
                    Problem(table.file, row.line, col, f"a unique value (line {first[value]} has it already)", value)
                )
            else:
                first[value] = row.line


def _ids(table: _Table | None, column: str) -> set:
    if table is None:
        return set()
    return {row.values.get(column) for row in table.rows if row.values.get(column) is not None}


def seed_bytes(folder: Path, seed_file: str, sha256: str | None) -> tuple[bytes | None, str | None]:
    """The bytes of an article's text, and None; or None and what was expected instead.

    ``seed_file`` is relative to the data folder and stays within its parent
    folder (``../seeds/...``). If the data folder is a copy without the
    articles beside it, the kit's own copy of the article is used when its
    SHA-256 is ``sha256``; otherwise the message says what to copy where.
    """
    relative = Path(seed_file)
    if relative.is_absolute() or re.match(r"^[A-Za-z]:", seed_file):
        return None, "a path relative to the data folder (such as ../seeds/name.txt), not an absolute one"
    try:
        path = (folder / relative).resolve()
        if path != folder.parent.resolve() and folder.parent.resolve() not in path.parents:
            return None, "a path inside the data folder's parent folder (such as ../seeds/name.txt)"
        if path.is_file():
            return path.read_bytes(), None
        kit_copy = (default_data_dir() / relative).resolve()
        if kit_copy.is_file():
            raw = kit_copy.read_bytes()
            if hashlib.sha256(raw).hexdigest() == sha256:
                return raw, None
    except (OSError, RuntimeError) as exc:
        return None, f"a readable file, relative to the data folder ({getattr(exc, 'strerror', None) or exc})"
    return None, (f"a file that exists, relative to the data folder: copy the kit's {relative.parent.name or 'seeds'}/ "
                  f"folder to {path.parent}")


def _check_references(tables: dict[str, _Table], folder: Path, problems: list[Problem]) -> None:
    from korea_kit.data.sources import find_in_seed  # local: sources imports this module

    for table in tables.values():
        for fk in table.schema.get("foreignKeys", []):
            target = fk["reference"]["resource"] or table.name
            known = _ids(tables.get(target), fk["reference"]["fields"])
            for row in table.rows:
                value = row.values.get(fk["fields"])
                if value is not None and value not in known:
                    problems.append(
                        Problem(table.file, row.line, fk["fields"], f"an id from {target}.csv", value)
                    )
    for (name, column), target in _ID_LISTS.items():
        if name not in tables or target not in tables:
            continue
        known = _ids(tables[target], tables[target].schema.get("primaryKey"))
        for row in tables[name].rows:
            for part in (row.values.get(column) or "").split(";"):
                if part and part not in known:
                    problems.append(Problem(tables[name].file, row.line, column, f"ids from {target}.csv", part))

    sources = {r.values.get("source_id"): r.values for r in tables["sources"].rows} if "sources" in tables else {}
    seeds: dict[str, str | None] = {}
    for row in tables["sources"].rows if "sources" in tables else []:
        v, file = row.values, tables["sources"].file
        if v.get("kind") == "article":
            if not v.get("seed_file"):
                problems.append(Problem(file, row.line, "seed_file", "the path of the article's text (kind is article)", ""))
                seeds[v["source_id"]] = None
                continue
            raw, trouble = seed_bytes(folder, v["seed_file"], v.get("seed_sha256"))
            if trouble is not None:
                problems.append(Problem(file, row.line, "seed_file", trouble, v["seed_file"]))
                seeds[v["source_id"]] = None
                continue
            digest = hashlib.sha256(raw).hexdigest()
            if v.get("seed_sha256") != digest:
                problems.append(
                    Problem(file, row.line, "seed_sha256", f"the checksum of {v['seed_file']}, {digest}", v.get("seed_sha256") or "")
                )
            try:
                seeds[v["source_id"]] = raw.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(Problem(file, row.line, "seed_file", "a text file encoded as UTF-8", v["seed_file"]))
                seeds[v["source_id"]] = None
        elif v.get("kind") == "reference":
            for col in ("seed_file", "seed_sha256"):
                if v.get(col):
                    problems.append(Problem(file, row.line, col, "nothing (only an article has a seed file)", v[col]))

    def check_evidence(table: _Table, row: _Row, text_col: str) -> None:
        v = row.values
        source = sources.get(v.get("source_id"))
        if source is None:
            return
        text, conf = v.get(text_col), v.get("confidence")
        if source.get("kind") == "article":
            if conf is not None and conf != "reported":
                problems.append(Problem(table.file, row.line, "confidence", "reported (the source is an article)", conf))
            if not text:
                problems.append(Problem(table.file, row.line, text_col, "the article's words, verbatim (the source is an article)", ""))
            elif seeds.get(v["source_id"]) is not None and not find_in_seed(text, seeds[v["source_id"]]):
                problems.append(
                    Problem(table.file, row.line, text_col, f"words found verbatim in {source.get('seed_file')}", text)
                )
        elif conf == "reported":
            problems.append(Problem(table.file, row.line, "confidence", "verified, likely or conflicting (the source is a reference)", conf))

    if "quotes" in tables:
        for row in tables["quotes"].rows:
            check_evidence(tables["quotes"], row, "text")
    if "citations" in tables:
        cites = tables["citations"]
        cited: set[tuple[str, str]] = set()
        for row in cites.rows:
            v = row.values
            table_name, record = v.get("table"), v.get("record_id")
            if table_name and record:
                cited.add((table_name, record))
                pk = tables[table_name].schema.get("primaryKey") if table_name in tables else None
                if table_name in tables and record not in _ids(tables[table_name], pk):
                    problems.append(Problem(cites.file, row.line, "record_id", f"an id from {table_name}.csv", record))
            source = sources.get(v.get("source_id"))
            if source is not None and source.get("kind") == "reference" and v.get("quote"):
                problems.append(
                    Problem(cites.file, row.line, "quote", "nothing (quotes are checked only against articles)", v["quote"])
                )
            check_evidence(cites, row, "quote")
    if all(name in tables for name in ("phrases", "claims", "terms", "date_clues", "quotes", "citations")):
        _check_words(tables, seeds, problems)
        for name in CITED_TABLES:
            if name not in tables:
                continue
            pk = tables[name].schema.get("primaryKey")
            for row in tables[name].rows:
                rid = row.values.get(pk)
                if rid is not None and (name, rid) not in cited:
                    problems.append(
                        Problem(tables[name].file, row.line, pk, f"at least one row citing it in {cites.file}", rid)
                    )


def _check_dates(tables: dict[str, _Table], problems: list[Problem]) -> None:
    events = tables.get("events")
    for row in events.rows if events else []:
        v = row.values
        start, end, precision = v.get("date"), v.get("end_date"), v.get("date_precision")
        if start and end and end < start:
            problems.append(Problem(events.file, row.line, "end_date", f"a date on or after {start.isoformat()}", end.isoformat()))
        if start and precision == "month" and start.day != 1:
            problems.append(Problem(events.file, row.line, "date", "the first day of the month (date_precision is month)", start.isoformat()))
        if start and precision == "year" and (start.day, start.month) != (1, 1):
            problems.append(Problem(events.file, row.line, "date", "the first of January (date_precision is year)", start.isoformat()))
    demands, answers = tables.get("demands"), tables.get("answers")
    made_on = {row.values.get("demand_id"): row.values.get("made_on") for row in demands.rows} if demands else {}
    for row in answers.rows if answers else []:
        said = row.values.get("said_on")
        for demand_id in (row.values.get("demand_ids") or "").split(";"):
            made = made_on.get(demand_id)
            if made and said and said < made:
                expected = f"a date on or after {made.isoformat()} (when {demand_id} was made)"
                problems.append(Problem(answers.file, row.line, "said_on", expected, said.isoformat()))


def _check_quiz(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """Each question's answer fits its choices, a choice question has one feedback per option,
    and the records it rests on exist."""
    quiz = tables.get("quiz")
    positions: dict[tuple, int] = {}
    for row in quiz.rows if quiz else []:
        v, where = row.values, (quiz.file, row.line)
        kind, choices, answer = v.get("kind"), v.get("choices"), v.get("answer")
        key = (v.get("lesson"), v.get("position"))
        if None not in key:
            if key in positions:
                problems.append(Problem(*where, "position", f"a position not used twice in {key[0]} (line {positions[key]} has it)", str(key[1])))
            positions.setdefault(key, row.line)
        if not (kind and choices and answer):
            continue
        items = [c.strip() for c in choices.split(QUIZ_SEPARATOR.strip())]
        answers = [a.strip() for a in answer.split(QUIZ_SEPARATOR.strip())]
        if "" in items or len(set(items)) != len(items):
            problems.append(Problem(*where, "choices", "different, non-empty items separated by ' | '", choices))
            continue
        feedback = v.get("feedback") or ""
        if kind == "choice":
            notes = [f.strip() for f in feedback.split(QUIZ_SEPARATOR.strip())]
            if len(items) < 2:
                problems.append(Problem(*where, "choices", "at least two options separated by ' | '", choices))
            elif answer.strip() not in items:
                problems.append(Problem(*where, "answer", "one of the choices, spelled as there", answer))
            if len(notes) != len(items) or "" in notes:
                problems.append(Problem(*where, "feedback", f"{len(items)} non-empty feedback texts separated by ' | ', "
                                        "one per option in the order of choices", feedback))
        elif feedback.strip():
            problems.append(Problem(*where, "feedback", f"empty (the feedback of a{'n' if kind == 'order' else ''} "
                                    f"{kind} question is computed)", feedback))
        elif kind == "order":
            if len(items) < 3:
                problems.append(Problem(*where, "choices", "at least three items separated by ' | '", choices))
            elif sorted(answers) != sorted(items):
                problems.append(Problem(*where, "answer", "the same items as choices, in the right order", answer))
            elif answers == items:
                problems.append(Problem(*where, "choices", "the items in an order other than the answer's", choices))
        elif kind == "match":
            if len(items) < 2:
                problems.append(Problem(*where, "choices", "at least two items separated by ' | '", choices))
            elif len(answers) != len(items) or "" in answers:
                problems.append(Problem(*where, "answer", f"{len(items)} partners separated by ' | ', one per item", answer))
            elif len(set(answers)) < 2:
                problems.append(Problem(*where, "answer", "at least two different partners", answer))


def _check_record_refs(tables: dict[str, _Table], problems: list[Problem]) -> None:
    """Every ``table:id`` of :data:`REF_COLUMNS` names a record that exists, in a table with a one-column key."""
    for name, column in REF_COLUMNS:
        table = tables.get(name)
        for row in table.rows if table else []:
            for ref in (row.values.get(column) or "").split(";"):
                target, _, record = ref.partition(":")
                if not ref:
                    continue
                if target not in tables or not isinstance(tables[target].schema.get("primaryKey"), str) or target == name:
                    problems.append(Problem(table.file, row.line, column,
                                            "table:id with a table of facts (e.g. events)", ref))
                elif record not in _ids(tables[target], tables[target].schema.get("primaryKey")):
                    problems.append(Problem(table.file, row.line, column, f"an id from {tables[target].file}", ref))


def _check_words(tables: dict[str, _Table], seeds: dict[str, str | None], problems: list[Problem]) -> None:
    """The words a lesson looks for inside a quote, a citation or an article are there
    (up to typography and white space)."""
    from korea_kit.data.sources import find_in_seed, sentences_holding  # local: sources imports this module

    def rows(name: str, key: str) -> dict:
        return {row.values.get(key): row.values for row in tables[name].rows}

    quotes, cites, records = rows("quotes", "quote_id"), rows("citations", "citation_id"), {}
    sources = rows("sources", "source_id")

    def look(table: _Table, row: _Row, column: str, text, where: str) -> None:
        words = row.values.get(column)
        if words and text is not None and not find_in_seed(words, text):
            problems.append(Problem(table.file, row.line, column, f"words found verbatim in {where}", words))

    for row in tables["phrases"].rows:
        quote = quotes.get(row.values.get("quote_id"))
        if quote is not None:
            look(tables["phrases"], row, "words", quote.get("text") or "", f"the text of quote {row.values['quote_id']}")
    for row in tables["claims"].rows:
        cite = cites.get(row.values.get("citation_id"))
        if cite is not None and cite.get("source_id") not in seeds:
            problems.append(Problem(tables["claims"].file, row.line, "citation_id",
                                    "a citation of an article's words", row.values["citation_id"]))
        elif cite is not None and seeds[cite["source_id"]] is not None and cite.get("quote"):
            passage = sentences_holding(seeds[cite["source_id"]], cite["quote"])
            look(tables["claims"], row, "focus", passage,
                 f"the sentence of {cite['source_id']} that holds the quote of citation {row.values['citation_id']}")
    for row in tables["terms"].rows:
        v = row.values
        first_quote = (v.get("quote_ids") or "").split(";")[0]
        first_cite = (v.get("citation_ids") or "").split(";")[0]
        if first_quote in quotes:
            look(tables["terms"], row, "words", quotes[first_quote].get("text") or "", f"the text of quote {first_quote}")
        elif first_cite in cites:
            look(tables["terms"], row, "words", cites[first_cite].get("quote") or "",
                 f"the quote of citation {first_cite}")
        else:
            problems.append(Problem(tables["terms"].file, row.line, "quote_ids",
                                    "a quote using the words, or a citation of an article's words in citation_ids", ""))
        target, _, record = (v.get("evidence_ref") or "").partition(":")
        if target in tables and isinstance(tables[target].schema.get("primaryKey"), str):
            if (target, record) not in records:
                record_row = rows(target, tables[target].schema["primaryKey"]).get(record) or {}
                texts = [x for x in record_row.values() if isinstance(x, str)]
                texts += [c.get("quote") or "" for c in cites.values() if (c.get("table"), c.get("record_id")) == (target, record)]
                texts += [c.get("note") or "" for c in cites.values() if (c.get("table"), c.get("record_id")) == (target, record)]
                records[(target, record)] = " ".join(texts) if record_row else None
            look(tables["terms"], row, "evidence", records[(target, record)],
                 f"the record {target}:{record} or its citations")
    for row in tables["date_clues"].rows:
        source = row.values.get("source_id")
        if source in sources and source not in seeds:
            problems.append(Problem(tables["date_clues"].file, row.line, "source_id", "an article (kind article in sources.csv)", source))
        look(tables["date_clues"], row, "words", seeds.get(source), f"the article {source}")


def _changes(own: dict, kit: dict) -> str | None:
    """How a resource of a folder's ``datapackage.json`` differs from the kit's, or None if it does not."""
    if own.get("path") != kit["path"]:
        return f"the path {own.get('path')!r} instead of {kit['path']!r}"
    mine = own.get("schema") if isinstance(own.get("schema"), dict) else {}
    fields = {f.get("name"): f for f in mine.get("fields", []) if isinstance(f, dict)} \
        if isinstance(mine.get("fields"), list) else {}
    for field in kit["schema"].get("fields", []):
        if fields.get(field["name"]) != field:
            return f"a changed description of the column {field['name']!r} (its type or constraints)"
    if mine != kit["schema"]:
        return "a changed schema (its columns, primary key or foreign keys)"
    return None


def _check_schema(package: dict, problems: list[Problem]) -> None:
    """Every pattern of the package is a regular expression; else a problem, and the pattern is dropped."""
    for resource in package["resources"]:
        for field in resource["schema"].get("fields", []):
            pattern = field.get("constraints", {}).get("pattern")
            if pattern is None:
                continue
            try:
                re.compile(pattern)
            except (re.error, TypeError) as exc:
                problems.append(Problem("datapackage.json", None, field.get("name"),
                                        f"a valid regular expression as the pattern of {resource['name']}", f"{pattern} ({exc})"))
                field["constraints"] = {k: v for k, v in field["constraints"].items() if k != "pattern"}


def _line_of(text: str, name) -> int | None:
    """The line of ``text`` (a datapackage.json) that names the resource ``name``, if any."""
    found = re.search(r'"name"\s*:\s*' + re.escape(json.dumps(name)), text) if isinstance(name, str) else None
    return text.count("\n", 0, found.start()) + 1 if found else None


def _read_package(folder: Path, problems: list[Problem]) -> dict | None:
    """The description to check the folder against: the kit's own ``datapackage.json``.

    The folder's own copy must list the same tables, at the same paths, with
    the same columns, types and constraints (a copy cannot relax them); every
    difference is a problem. The folder's ``README.md`` must be there too.
    """
    raw = read_regular_file(folder, "datapackage.json", problems, "the description of the tables")
    readme = read_regular_file(folder, "README.md", problems, "the data folder's README.md (the site publishes it)")
    try:
        readme is None or readme.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem("README.md", readme.count(b"\n", 0, exc.start) + 1, None, "text encoded as UTF-8",
                                f"byte 0x{readme[exc.start:exc.end].hex()}"))
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
        package = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem("datapackage.json", exc.lineno, None, "valid JSON", exc.msg))
        return None
    except (UnicodeDecodeError, RecursionError) as exc:
        problems.append(Problem("datapackage.json", None, None, "a UTF-8 JSON file nested a few levels deep",
                                type(exc).__name__))
        return None
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(package, dict):
        problems.append(Problem("datapackage.json", 1, None, "a JSON object with a list of resources",
                                type(package).__name__))
        return None
    if not isinstance(resources, list):
        problems.append(Problem("datapackage.json", None, "resources", "a list of resources, one per table",
                                repr(resources)[:80]))
        return None
    declared: dict[str, dict] = {}
    for number, resource in enumerate(resources, 1):
        line = _line_of(text, resource.get("name") if isinstance(resource, dict) else None)
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            problems.append(Problem("datapackage.json", None, "resources",
                                    f"resource {number}: an object with a name", repr(resource)[:80]))
        elif not isinstance(resource.get("path"), str) or not resource["path"]:
            problems.append(Problem("datapackage.json", line, "path", f"the path of the resource {resource['name']!r}",
                                    "none"))
        elif resource["name"] not in TABLES:
            problems.append(Problem("datapackage.json", line, "resources", "only the kit's tables: " + ", ".join(TABLES),
                                    f"an extra resource {resource['name']!r}"))
        else:
            declared[resource["name"]] = resource
    kit = kit_package() or {"resources": [r for r in resources if isinstance(r, dict) and r.get("name") in declared]}
    kit = json.loads(json.dumps(kit))  # a copy: _check_schema may drop a broken pattern
    for resource in kit["resources"]:
        name = resource.get("name")
        if name not in TABLES:
            continue
        if name not in declared:
            problems.append(Problem("datapackage.json", None, None, f"a resource named {name!r}", "none"))
        elif (change := _changes(declared[name], resource)) is not None:
            problems.append(Problem("datapackage.json", _line_of(text, name), name,
                                    f"the kit's description of {name} (as in the kit's own datapackage.json)", change))
    for name in TABLES:
        if name not in {r.get("name") for r in kit["resources"]} and name not in declared:
            problems.append(Problem("datapackage.json", None, None, f"a resource named {name!r}", "none"))
    if not isinstance(kit["resources"], list) or not all(isinstance(r.get("schema"), dict) for r in kit["resources"]):
        return None
    _check_schema(kit, problems)
    return kit


def _validate(folder: Path) -> tuple[dict[str, _Table], list[Problem]]:
    problems: list[Problem] = []
    package = _read_package(folder, problems)
    if package is None:
        return {}, problems
    tables: dict[str, _Table] = {}
    for resource in package.get("resources", []):
        if resource.get("name") in TABLES:
            table = _read_table(folder, resource, problems)
            if table is not None:
                tables[table.name] = table
    for table in tables.values():
        _check_unique(table, problems)
    if all(name in tables and tables[name].ok_header for name in TABLES):
        _check_references(tables, folder, problems)
        _check_dates(tables, problems)
        _check_quiz(tables, problems)
        _check_record_refs(tables, problems)
    order = {t: i for i, t in enumerate(["datapackage.json", *(tables[n].file for n in tables)])}
    problems.sort(key=lambda p: (order.get(p.file, len(order)), p.line or 0))
    return tables, problems


def check_data(data_dir: str | os.PathLike | None = None) -> list[Problem]:
    """Every problem in a data folder, in file and line order (empty when all is well).

    Beyond what :func:`load_tables` checks, it checks the data against the
    lessons: every quiz question, misconception and selection belongs to a
    lesson of ``notebooks/toc.json``.

    >>> check_data()
    []
    """
    folder = resolve_data_dir(data_dir)
    tables, problems = _validate(folder)
    return problems or _check_lessons(tables)


#: Tables whose ``lesson`` column names a lesson of ``notebooks/toc.json``.
_LESSON_TABLES = ("quiz", "misconceptions", "selections")


def _check_lessons(tables: dict[str, _Table]) -> list[Problem]:
    """Every row of :data:`_LESSON_TABLES` belongs to a lesson of ``toc.json``."""
    from korea_kit.data.toc import toc

    try:
        lessons = [lesson.name for lesson in toc()]
    except (OSError, ValueError, KeyError, TypeError):
        return []  # no lessons beside the kit: nothing to check the names against
    problems = []
    for name in _LESSON_TABLES:
        table = tables[name]
        for row in table.rows:
            if row.values.get("lesson") not in lessons:
                problems.append(Problem(table.file, row.line, "lesson",
                                        "a lesson of notebooks/toc.json: " + ", ".join(lessons), row.values.get("lesson")))
    return problems


# ---------------------------------------------------------------------------
# DataFrames


def _frame(table: _Table):
    import pandas as pd

    columns = {}
    for field in table.schema["fields"]:
        name, kind = field["name"], field.get("type", "string")
        values = [row.values[name] for row in table.rows]
        enum = field.get("constraints", {}).get("enum")
        if kind == "date":
            columns[name] = pd.to_datetime(pd.Series(values, dtype="object"), format="%Y-%m-%d").astype("datetime64[ns]")
        elif kind == "number":
            columns[name] = pd.Series(values, dtype="float64")
        elif kind == "integer":
            columns[name] = pd.Series(values, dtype="Int64")
        elif kind == "boolean":
            columns[name] = pd.Series(values, dtype="boolean")
        elif enum:
            columns[name] = pd.Series(values, dtype=pd.CategoricalDtype(enum))
        else:
            columns[name] = pd.Series(values, dtype="string")
    return pd.DataFrame(columns)


_CACHE: dict[tuple, Tables] = {}


def _signature(folder: Path) -> tuple:
    stamps = []
    for path in sorted(folder.iterdir()):
        if path.is_file():
            stat = path.stat()
            stamps.append((path.name, stat.st_mtime_ns, stat.st_size))
    return (str(folder), tuple(stamps))


def load_tables(data_dir: str | os.PathLike | None = None) -> Tables:
    """Check the data and return every table as a DataFrame.

    ``data_dir`` defaults to ``$KOREA_KIT_DATA`` and then to the kit's own
    ``data/`` folder. The files are read and checked once per process (again
    only if one of them changes); each call returns fresh copies, so changing
    a returned DataFrame never changes what the next call returns.

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
    key = _signature(folder)
    if key not in _CACHE:
        parsed, problems = _validate(folder)
        if problems:
            raise KitDataError(problems)
        frames = {name: _frame(parsed[name]) for name in TABLES}
        for old in [k for k in _CACHE if k[0] == key[0]]:
            del _CACHE[old]
        keys = {name: parsed[name].schema.get("primaryKey") for name in TABLES}
        _CACHE[key] = Tables(**frames, data_dir=folder, keys=keys)
    return _CACHE[key].copy()


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

    >>> rows = selection(load_tables(), "02-drills", "states")
    >>> list(rows["record_id"])
    ['usa', 'rok', 'dprk']
    """
    sel = tables.selections
    rows = sel[(sel["lesson"] == lesson) & (sel["selection"] == name)].sort_values("position")
    if rows.empty:
        raise KeyError(f"no selection {name!r} of lesson {lesson!r} in selections.csv")
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
