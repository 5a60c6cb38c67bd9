"""Small demo tables built from a few inline rows, for examples that must not depend on the shipped facts.

The docstrings' examples run on these rows, not on ``data/``: correcting a fact of the kit
never breaks an example. :func:`demo_tables` returns a :class:`~korea_kit.data.load.Tables`
with every table of ``datapackage.json``, empty but for the rows given; :func:`demo_parsed`
returns the same rows as the parsed tables the checks read. A row is a dict of cells; a cell
left out is empty (``false`` for a boolean, the first allowed value for a column with a list of
them). Each cell is parsed as its column of ``datapackage.json`` says, so a number may be given
as ``123`` or ``"123"`` and a date as ``"2013-04-09"``. The demo tables are not checked across
tables: a demo row may cite a record that is not there.

>>> tables = demo_tables(figures=[{"figure_id": "demo-firms", "subject": "Firms at a demo site", "value": 12,
...                                "unit": "firms", "as_of": "2013-04-09"}])
>>> float(tables.record("figures", "demo-firms")["value"]), len(tables.events)
(12.0, 0)
>>> str(tables.figures["as_of"].dtype)
'datetime64[ns]'
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from korea_kit.errors import KitDataError
from korea_kit.data.schema import TABLES, ParsedRow, ParsedTable, kit_package, missing_values, parse_value

__all__ = ["DEMO_FOLDER", "demo_parsed", "demo_tables", "demo_troops"]

#: The folder the demo tables say they were read from (none: they live in memory).
DEMO_FOLDER = Path("demo")


def _raw(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _loose(field: dict) -> dict:
    """A column's description without ``required``: a demo row gives only the cells its example needs."""
    constraints = {k: v for k, v in field.get("constraints", {}).items() if k != "required"}
    return {**field, "constraints": constraints}


def _default(field: dict):
    """The cell a demo row leaves out: ``false`` for a boolean, the first value of an ``enum``, else empty."""
    if field.get("type") == "boolean":
        return False
    return (field.get("constraints", {}).get("enum") or [None])[0]


def demo_parsed(**rows) -> dict[str, ParsedTable]:
    """Every table of ``datapackage.json`` as parsed, with the rows given for some of them
    (``figures=[{...}, ...]``); a cell that does not fit its column raises
    :class:`~korea_kit.errors.KitDataError`.

    >>> parsed = demo_parsed(events=[{"event_id": "demo-day", "date": "2013-04-09", "title": "A demo day"}])
    >>> parsed["events"].rows[0].values["date"], parsed["events"].rows[0].line
    (datetime.date(2013, 4, 9), 2)
    >>> demo_parsed(tables=[])
    Traceback (most recent call last):
    ...
    ValueError: no table 'tables'; the tables are sources, actors, events, ...
    """
    unknown = [name for name in rows if name not in TABLES]
    if unknown:
        raise ValueError(f"no table {unknown[0]!r}; the tables are {', '.join(TABLES)}")
    resources = {r["name"]: r for r in (kit_package() or {}).get("resources", [])}
    parsed, problems = {}, []
    for name in TABLES:
        resource = resources[name]
        schema = resource.get("schema", {})
        file = resource.get("path", f"{name}.csv")
        fields = schema.get("fields", [])
        table = ParsedTable(name, file, schema, [], ok_header=True)
        for line, row in enumerate(rows.get(name, ()), 2):
            extra = set(row) - {f["name"] for f in fields}
            if extra:
                raise ValueError(f"{file} has no column {sorted(extra)[0]!r}")
            values = {f["name"]: parse_value(_loose(f), _raw(row.get(f["name"], _default(f))), (file, line), problems,
                                             name, missing_values(schema)) for f in fields}
            table.rows.append(ParsedRow(line, values))
        parsed[name] = table
    if problems:
        raise KitDataError(problems)
    return parsed


def demo_tables(**rows):
    """A :class:`~korea_kit.data.load.Tables` of every table, with the rows given for some of them.

    >>> from korea_kit.lessons.kaesong import facts_view
    >>> tables = demo_tables(
    ...     sources=[{"source_id": "demo-news", "kind": "reference", "publisher": "Demo News", "reference": "Demo News, 9 April"}],
    ...     figures=[{"figure_id": "demo-firms", "subject": "Firms at a demo site", "value": 12, "unit": "firms"}],
    ...     citations=[{"citation_id": "demo-1", "table": "figures", "record_id": "demo-firms", "source_id": "demo-news",
    ...                 "confidence": "verified"}])
    >>> print(facts_view(tables, [("figures", "demo-firms")]).text.splitlines()[1])
    - Firms at a demo site: 12 firms. [Demo News]
    """
    from korea_kit.data.load import Tables, table_frame

    parsed = demo_parsed(**rows)
    return Tables(**{name: table_frame(parsed[name]) for name in TABLES}, data_dir=DEMO_FOLDER,
                  keys={name: parsed[name].schema.get("primaryKey") for name in TABLES})


def demo_troops():
    """Demo tables of one figure (troops at a demo base) with two sources of different kinds and grades, for the
    examples of the views that show figures.

    >>> tables = demo_troops()
    >>> list(tables.citations["confidence"])
    ['reported', 'likely']
    """
    return demo_tables(
        sources=[{"source_id": "demo-paper", "kind": "article", "publisher": "Demo Paper", "reference": "Demo Paper"},
                 {"source_id": "demo-news", "kind": "reference", "publisher": "Demo News", "published": "2 April 2013",
                  "reference": "Demo News, 2 April 2013"}],
        figures=[{"figure_id": "demo-troops", "subject": "Troops at a demo base", "value": 1200, "unit": "troops",
                  "approximate": True, "as_of": "2013-04-01"}],
        citations=[{"citation_id": "demo-1", "table": "figures", "record_id": "demo-troops", "source_id": "demo-paper",
                    "quote": "about 1,200 troops", "confidence": "reported"},
                   {"citation_id": "demo-2", "table": "figures", "record_id": "demo-troops", "source_id": "demo-news",
                    "confidence": "likely", "note": "A count of March."}])
