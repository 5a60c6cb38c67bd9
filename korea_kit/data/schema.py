"""The description of the tables: the kit's ``datapackage.json`` and what it declares.

A data folder's own ``datapackage.json`` must keep the kit's (:func:`read_package`).
Each column's type, format and constraints (``missingValues``, ``enum``,
``pattern``, ``required``, ``unique``, ``minimum``, ``maximum``, ``maxLength``,
``trueValues`` and ``falseValues``, a number's ``decimalChar`` and ``groupChar``)
are read from there and turned into the parsing of a cell (:func:`parse_value`)
and the message that says what was expected, so that the schema and the kit
cannot disagree.

>>> field = {"name": "made_on", "type": "date", "format": "%Y-%m-%d"}
>>> problems = []
>>> parse_value(field, "2013-04-18", ("demands.csv", 2), problems)
datetime.date(2013, 4, 18)
>>> parse_value(field, "18/04/2013", ("demands.csv", 3), problems), problems[0].expected
(None, 'a real date as YYYY-MM-DD')
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import stat
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from korea_kit.errors import Problem
from korea_kit.data.resources import kit_folder

__all__ = [
    "TABLES",
    "CITED_TABLES",
    "QUIZ_SEPARATOR",
    "REF_COLUMNS",
    "EARLIEST_DATE",
    "POSITIVE_FIELDS",
    "PATTERN_MEANINGS",
    "ParsedRow",
    "ParsedTable",
    "default_data_dir",
    "kit_package",
    "missing_values",
    "date_format",
    "parse_value",
    "read_regular_file",
    "check_unique",
    "read_package",
    "invisible",
]

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
    "sides",
    "interests",
    "red_lines",
    "rounds",
    "moves",
    "responses",
    "roleplay_cards",
    "framings",
    "kaesong_statuses",
    "selections",
    "citations",
    "lesson_plans",
    "open_questions",
    "handouts",
)

#: Tables whose every record must have at least one row in ``citations``.
#: (A quote carries its own source, so ``quotes`` is not among them.)
CITED_TABLES = ("actors", "events", "demands", "answers", "figures", "glossary", "places", "measures")

#: The separator of the items in a quiz question's ``choices`` and ``answer``.
QUIZ_SEPARATOR = " | "

#: The earliest date the kit accepts: the record starts after the Second World War (and none is after today).
#: The loader reads it from the ``minimum`` of each date column of ``datapackage.json``; a test checks they agree.
EARLIEST_DATE = dt.date(1945, 1, 1)

#: Numbers that are counts or distances: above zero.
POSITIVE_FIELDS = {("figures", "value")}

# Whole numbers beyond this lose precision in a chart; no count in the record comes near it.
_LARGEST = 2**53
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters (NUL and the like) that no text of the record holds; tabs and line breaks are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters that cannot be seen, or that change the direction text is shown in (a right-to-left override makes
# "4002" show as "2004"): C1 controls, the soft hyphen, zero-width spaces and joiners, direction marks,
# embeddings, overrides and isolates, line and paragraph separators, invisible operators, the byte-order mark
# inside a text, interlinear annotations and tag characters.
_INVISIBLE = re.compile("[\x80-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                        "\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
                        "\U000e0000-\U000e0fff]")


def invisible(text: str) -> str | None:
    """The first invisible or direction-changing character of ``text``, named, with its position; else None.

    >>> invisible("Resolution 4002\u202e"), invisible("KCNA")
    ('U+202E RIGHT-TO-LEFT OVERRIDE at character 16', None)
    """
    found = _INVISIBLE.search(text)
    if found is None:
        return None
    char = found.group()
    return f"U+{ord(char):04X} {unicodedata.name(char, 'a control character')} at character {found.start() + 1}"

#: Columns holding references to records of any table, as ``table:id`` separated by ";"
#: (``events:resolution-2094;quotes:kerry-gambit``).
REF_COLUMNS = (
    ("quiz", "fact_refs"),
    ("claims", "record_refs"),
    ("terms", "evidence_ref"),
    ("misconceptions", "record_refs"),
    ("moves", "record_ref"),
    ("moves", "context_refs"),
    ("sides", "record_refs"),
    ("interests", "record_refs"),
    ("red_lines", "record_refs"),
    ("responses", "record_refs"),
    ("roleplay_cards", "record_refs"),
    ("framings", "record_ref"),
    ("selections", "record_ref"),
    ("selections", "paired_ref"),
    ("lesson_plans", "record_refs"),
    ("open_questions", "record_refs"),
)

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


#: What a ``pattern`` of ``datapackage.json`` asks for, in words: the message names this instead of the
#: regular expression (a pattern not listed here is shown as it is).
PATTERN_MEANINGS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "an id of lower-case letters, digits and single hyphens",
    "^[a-z0-9]+(-[a-z0-9]+)*(;[a-z0-9]+(-[a-z0-9]+)*)*$": "ids of lower-case letters, digits and hyphens, separated by ';'",
    "^[a-z]+:[a-z0-9]+(-[a-z0-9]+)*(;[a-z]+:[a-z0-9]+(-[a-z0-9]+)*)*$":
        "ids of lower-case letters, digits and hyphens, separated by ';'",
    "^[a-z_]+:[a-z0-9]+(-[a-z0-9]+)*(;[a-z_]+:[a-z0-9]+(-[a-z0-9]+)*)*$":
        "ids of lower-case letters, digits and hyphens, separated by ';'",
}

# The Table Schema's default date format, and the parts of a format a date cell may hold.
_ISO_DATE = "%Y-%m-%d"
_DATE_PARTS = {"%Y": (r"\d{4}", "YYYY"), "%m": (r"\d{2}", "MM"), "%d": (r"\d{2}", "DD")}


@dataclass
class ParsedRow:
    """One record of a CSV file: its line and its parsed values (None where missing or wrong)."""

    line: int
    values: dict[str, Any]


@dataclass
class ParsedTable:
    """One CSV file as read against its resource of ``datapackage.json``."""

    name: str
    file: str
    schema: dict
    rows: list[ParsedRow]
    ok_header: bool


def missing_values(schema: dict) -> tuple[str, ...]:
    """The cells a table's schema declares missing (``missingValues``; the Table Schema's default is ``""``).

    >>> missing_values({"missingValues": ["", "n/a"]}), missing_values({})
    (('', 'n/a'), ('',))
    """
    return tuple(schema.get("missingValues", [""]))


def date_format(field: dict) -> str:
    """The ``strptime`` format of a date column (``format``; ``default`` and ``any`` mean ISO 8601).

    >>> date_format({"type": "date", "format": "%d/%m/%Y"}), date_format({"type": "date"})
    ('%d/%m/%Y', '%Y-%m-%d')
    """
    fmt = field.get("format", "default")
    return _ISO_DATE if fmt in ("default", "any") else fmt


def _date_syntax(fmt: str) -> tuple[re.Pattern, str]:
    """The regular expression of a date cell written in ``fmt`` (digits of fixed width), and how to show it."""
    pieces = re.split(r"(%[a-zA-Z])", fmt)
    regex = "".join(_DATE_PARTS.get(p, (re.escape(p), p))[0] for p in pieces)
    shown = "".join(_DATE_PARTS.get(p, (p, p))[1] for p in pieces)
    return re.compile(regex + r"\Z"), shown


def _number_syntax(field: dict) -> tuple[re.Pattern, str]:
    """The regular expression of a number (or an integer) cell with the field's ``decimalChar`` and ``groupChar``,
    and how to describe it."""
    kind = field.get("type", "string")
    decimal, group = field.get("decimalChar", "."), field.get("groupChar")
    digits = rf"(\d{{1,3}}({re.escape(group)}\d{{3}})+|\d+)" if group else r"\d+"
    fraction = "" if kind == "integer" else rf"({re.escape(decimal)}\d+)?"
    separators = f"thousands separated by {group!r}" if group else "no thousands separators"
    described = "a whole number" if kind == "integer" else f"a number such as 12 or 3{decimal}5 ({separators})"
    return re.compile(rf"-?{digits}{fraction}$"), described


def parse_value(field: dict, raw: str, where: tuple, problems: list[Problem], table: str = "",
                missing: Sequence[str] = ("",)) -> Any:
    """Turn one cell into a Python value as its field of the schema says, or record a problem and return None.

    ``where`` is the file and the line; ``missing`` the table's ``missingValues``.

    >>> problems = []
    >>> parse_value({"name": "n", "type": "number", "decimalChar": ","}, "3,5", ("f.csv", 2), problems)
    3.5
    >>> parse_value({"name": "kind", "constraints": {"enum": ["a", "b"]}}, "c", ("f.csv", 3), problems)
    >>> [p.expected for p in problems]
    ['one of a, b']
    """
    name = field["name"]
    cons = field.get("constraints", {})
    kind = field.get("type", "string")
    if _CONTROL.search(raw):
        problems.append(Problem(*where, name, "text without control characters (such as NUL)", raw))
        return None
    if (hidden := invisible(raw)) is not None:
        problems.append(Problem(*where, name, "text without invisible or direction-changing characters "
                                f"(found {hidden})", raw))
        return None
    if raw in missing:
        if cons.get("required"):
            problems.append(Problem(*where, name, "a value (the column is required)", raw))
        return None
    if raw.strip() == "":
        problems.append(Problem(*where, name, "a value or an empty cell, not spaces alone", raw))
        return None
    value: Any = raw
    if kind == "string" and raw.startswith(_FORMULA_START):
        problems.append(Problem(*where, name, "text that does not start with =, +, - or @ "
                                "(a spreadsheet would run it as a formula)", raw))
        return None
    if kind == "date":
        fmt = date_format(field)
        syntax, shown = _date_syntax(fmt)
        try:
            if not syntax.match(raw):
                raise ValueError
            value = dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            problems.append(Problem(*where, name, f"a real date as {shown}", raw))
            return None
        earliest = cons.get("minimum")  # a date in the column's format (read_package checks it is one)
        if value > dt.date.today() or (earliest is not None and value < dt.datetime.strptime(earliest, fmt).date()):
            span = f"from {earliest} to today" if earliest is not None else "up to today"
            problems.append(Problem(*where, name, f"a date {span}", raw))
            return None
    elif kind in ("number", "integer"):
        syntax, described = _number_syntax(field)
        if not syntax.match(raw):
            problems.append(Problem(*where, name, described, raw))
            return None
        plain = raw.replace(field.get("groupChar") or "\0", "").replace(field.get("decimalChar", "."), ".")
        value = int(plain) if kind == "integer" and len(plain) < 20 else float(plain)
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
        what = PATTERN_MEANINGS.get(cons["pattern"], f"text matching {cons['pattern']}")
        problems.append(Problem(*where, name, what, raw))
        return None
    if "maxLength" in cons and len(raw) > cons["maxLength"]:
        problems.append(Problem(*where, name, f"at most {cons['maxLength']} characters", raw))
        return None
    for bound, test, word in (("minimum", lambda v, b: v >= b, "at least"), ("maximum", lambda v, b: v <= b, "at most")):
        if kind in ("number", "integer") and bound in cons and not test(value, cons[bound]):
            problems.append(Problem(*where, name, f"a number {word} {cons[bound]}", raw))
            return None
    return value


def _matches(pattern: str, raw: str) -> bool:
    """Whether ``raw`` matches ``pattern``; a pattern that is not a regular expression matches nothing
    (:func:`read_package` reports it)."""
    try:
        return re.fullmatch(pattern, raw) is not None
    except re.error:
        return False


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


def check_unique(table: ParsedTable, problems: list[Problem]) -> None:
    """Each value of a ``unique`` column, and each combination of a primary key of several columns, once."""
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


def _check_constraints(package: dict, problems: list[Problem]) -> None:
    """Every pattern of the package is a regular expression, and every ``minimum`` of a date column a date in the
    column's format; else a problem, and the constraint is dropped."""
    for resource in package["resources"]:
        for field in resource["schema"].get("fields", []):
            cons = field.get("constraints", {})
            for key, test, what in (("pattern", re.compile, "a valid regular expression"),
                                    ("minimum", lambda b: dt.datetime.strptime(b, date_format(field)), "a date")):
                if cons.get(key) is None or (key == "minimum" and field.get("type") != "date"):
                    continue
                try:
                    test(cons[key])
                except (re.error, TypeError, ValueError) as exc:
                    problems.append(Problem("datapackage.json", None, field.get("name"),
                                            f"{what} as the {key} of {resource['name']}", f"{cons[key]} ({exc})"))
                    field["constraints"] = cons = {k: v for k, v in cons.items() if k != key}


def _line_of(text: str, name) -> int | None:
    """The line of ``text`` (a datapackage.json) that names the resource ``name``, if any."""
    found = re.search(r'"name"\s*:\s*' + re.escape(json.dumps(name)), text) if isinstance(name, str) else None
    return text.count("\n", 0, found.start()) + 1 if found else None


class _NotJson(ValueError):
    """Text that Python's JSON reader accepts but JSON does not (``NaN``), or a key given twice."""

    def __init__(self, expected: str, found: str, spelled: str, nth: int = 1):
        super().__init__(expected)
        self.expected, self.found, self.spelled, self.nth = expected, found, spelled, nth


def _no_constant(name: str):
    raise _NotJson("a number (JSON has no NaN or Infinity)", name, name)


def _no_duplicates(pairs: list) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise _NotJson(f"each key once in an object (the key {key!r} is given twice)", key,
                           json.dumps(key, ensure_ascii=False), 2)
        seen[key] = value
    return seen


def _find(text: str, spelled: str, nth: int) -> tuple[int | None, int | None]:
    """The line and column (1-based) where ``spelled`` stands in ``text``: for a key (``nth`` 2), its second
    place in one object; else its ``nth`` place outside a string. Nones if not found."""
    stack: list[set] = []
    count, i = 0, 0
    while i < len(text):
        char = text[i]
        if char == '"':
            end = i + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            token = text[i:end + 1]
            rest = text[end + 1:].lstrip()
            if nth == 2 and stack and rest.startswith(":"):
                try:
                    key = json.loads(token)
                except ValueError:
                    key = token
                if key in stack[-1] and json.dumps(key, ensure_ascii=False) == spelled:
                    break
                stack[-1].add(key)
            i = end + 1
            continue
        if char == "{":
            stack.append(set())
        elif char == "}" and stack:
            stack.pop()
        elif nth != 2 and text.startswith(spelled, i):
            count += 1
            if count == nth:
                break
        i += 1
    else:
        return None, None
    return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1


def read_package(folder: Path, problems: list[Problem]) -> dict | None:
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
        package = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        problems.append(Problem("datapackage.json", exc.lineno, None, "valid JSON", exc.msg))
        return None
    except _NotJson as exc:
        line, column = _find(text, exc.spelled, exc.nth)
        problems.append(Problem("datapackage.json", line, None, f"{exc.expected}" + (f" (character {column} of "
                                f"line {line})" if line else ""), exc.found))
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
    kit = json.loads(json.dumps(kit))  # a copy: _check_constraints may drop a broken pattern
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
    _check_constraints(kit, problems)
    return kit

