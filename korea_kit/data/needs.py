"""What the lessons and the charts need from the data, declared in one place, and the check that it is there.

``korea-kit check`` must pass exactly the data on which every lesson, the site
and the editions run, so what the kit's code takes for granted is listed here
and checked, never only written in a module:

- :data:`RECORDS`: the records the code names by their id (the places the maps
  mark, the countries they draw...); renaming one in ``data/`` is a check error,
  not a traceback in a lesson;
- :data:`SELECTIONS`: every list of ``selections.csv`` a lesson shows, and the
  tables its records may come from (a lesson's list of resolutions shows events,
  not glossary entries);
- :data:`MAP_COUNTRIES`: the countries the maps draw and their descriptions name,
  whose outlines ``shapes.csv`` must hold (with the border between the two Koreas);
- :data:`FRAMING_TABLES`, and at least two framings of the drills;
- the rounds of the role-play follow each other without overlapping;
- no two ids, and no two glossary terms, look the same while being different
  texts (a Cyrillic "А" in "KCNA"), and no id or term mixes alphabets;
- for every lesson of ``notebooks/toc.json`` (:func:`lesson_problems`): the quiz
  questions and the open question its cells show, its 45- and 90-minute plans,
  and the records its cells name by id.

A test reads the package's code and fails on an id of the data written there
but not declared here.

>>> skeleton("KCNA") == skeleton("KCN\\u0410"), skeleton("KCNA") == skeleton("KNCA")
(True, False)
"""

from __future__ import annotations

import ast
import json
import re
import unicodedata
from pathlib import Path

from korea_kit.errors import Problem
from korea_kit.data.schema import ParsedTable

__all__ = [
    "RECORDS",
    "SELECTIONS",
    "MAP_COUNTRIES",
    "FRAMING_TABLES",
    "PLAN_SUFFIXES",
    "skeleton",
    "scripts",
    "check_needs",
    "lesson_problems",
]

#: The records the kit's code names by id, by table (the maps' places and countries, a resolution a view
#: shows by default, the offer of talks the role-play's outcome names).
RECORDS = {
    "places": ("pyongyang", "kaesong", "seoul"),
    "actors": ("dprk", "rok", "china", "japan", "russia"),
    "events": ("resolution-2094",),
    "demands": ("kaesong-talks",),
    "sides": ("usa",),  # the role-play's outcome names the US's record on the sanctions
    "quotes": ("kcna-annual-defensive", "usfk-non-provocative"),  # the allies' words on the drills, in the outcome
}

#: Every list of ``selections.csv`` a lesson shows, as ``(lesson, selection)``, and the tables its records may
#: come from.
SELECTIONS = {
    ("01-background", "division"): ("events", "glossary"),
    ("01-background", "armistice"): ("events", "figures", "glossary"),
    ("01-background", "cheonan"): ("events", "quotes"),
    ("01-background", "council"): ("figures", "glossary"),
    ("01-background", "launch-2012"): ("events", "quotes"),
    ("01-background", "leaders"): ("events", "quotes"),
    ("01-background", "leap-day"): ("events", "quotes"),
    ("01-background", "march-2013"): ("events",),
    ("01-background", "six-party"): ("events", "quotes"),
    ("01-background", "timeline"): ("events",),
    ("01-background", "withdraw"): ("figures", "glossary", "quotes"),
    ("02-sanctions", "demand"): ("demands",),
    ("02-sanctions", "why"): ("events",),
    ("02-sanctions", "glossary"): ("glossary",),
    ("02-sanctions", "resolutions"): ("events",),
    ("02-sanctions", "rt-checks"): ("claims",),
    ("03-drills", "calendar"): ("events",),
    ("03-drills", "exercises"): ("glossary",),
    ("03-drills", "figures"): ("figures",),
    ("03-drills", "rt-errors"): ("events",),
    ("03-drills", "states"): ("actors",),
    ("04-kaesong", "distances"): ("figures",),
    ("04-kaesong", "places"): ("places",),
    ("04-kaesong", "sequence-extra"): ("events",),
    ("04-kaesong", "sources"): ("figures", "glossary", "quotes"),
    ("05-exchange-of-demands", "answers"): ("quotes",),
    ("05-exchange-of-demands", "statement"): ("quotes",),
    ("05-exchange-of-demands", "statement-kcna"): ("quotes",),
    ("06-reading-the-sources", "articles"): ("sources",),
    ("07-negotiation-role-play", "aftermath"): ("events",),
}

#: The countries whose land outlines the maps draw and their descriptions name (with the places' countries).
MAP_COUNTRIES = ("dprk", "rok")

#: The tables a framing of the drills (``framings.csv``) may show words of.
FRAMING_TABLES = ("quotes", "events", "figures")

#: Each lesson's plans in ``lesson_plans.csv``: ``LESSON-45`` and ``LESSON-90``.
PLAN_SUFFIXES = ("45", "90")

# Letters of Cyrillic and Greek that look like Latin ones (the usual lookalikes of Unicode's confusables).
_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "γ": "y", "η": "n", "ω": "w",
})


def skeleton(text: str) -> str:
    """What ``text`` looks like: compatibility forms folded (NFKC), lower case, and Cyrillic and Greek
    lookalikes read as the Latin letters they look like. Two texts with one skeleton look the same.

    >>> skeleton("ＫＣＮＡ"), skeleton("Κ\\u0421NA")
    ('kcna', 'kcna')
    """
    return unicodedata.normalize("NFKC", text).casefold().translate(_LOOKALIKES)


def scripts(word: str) -> set[str]:
    """The alphabets of the letters of ``word`` (the first word of each letter's Unicode name).

    >>> sorted(scripts("KCN\\u0410")), sorted(scripts("Kaesong"))
    (['CYRILLIC', 'LATIN'], ['LATIN'])
    """
    return {unicodedata.name(c, "?").split(" ")[0] for c in word if c.isalpha()}


def _rows(tables: dict[str, ParsedTable], name: str):
    table = tables.get(name)
    return (table, table.rows) if table is not None else (None, [])


def _check_records(tables, problems) -> None:
    for name, wanted in RECORDS.items():
        table, rows = _rows(tables, name)
        if table is None:
            continue
        key = table.schema.get("primaryKey")
        have = {row.values.get(key) for row in rows}
        for record in wanted:
            if record not in have:
                problems.append(Problem(table.file, None, key, f"a record with the id {record!r} (the kit's code "
                                        "names it: see RECORDS in korea_kit/data/needs.py)", "none"))


def _check_selections(tables, problems) -> None:
    table, rows = _rows(tables, "selections")
    if table is None:
        return
    seen = set()
    for row in rows:
        lesson, name, ref = (row.values.get(k) for k in ("lesson", "selection", "record_ref"))
        if lesson is None or name is None:
            continue
        allowed = SELECTIONS.get((lesson, name))
        seen.add((lesson, name))
        if allowed is None:
            known = sorted(n for l, n in SELECTIONS if l == lesson)
            problems.append(Problem(table.file, row.line, "selection", f"a list lesson {lesson} shows: "
                                    + (", ".join(known) if known else "none"), name))
        elif ref and ref.partition(":")[0] not in allowed:
            problems.append(Problem(table.file, row.line, "record_ref", f"a record of {' or '.join(allowed)} "
                                    f"(the list {name} of lesson {lesson} shows these)", ref))
    for lesson, name in SELECTIONS:
        if (lesson, name) not in seen:
            problems.append(Problem(table.file, None, "selection", f"rows for the list {name} of lesson {lesson} "
                                    "(the lesson shows it)", "none"))


def _check_map(tables, problems) -> None:
    table, rows = _rows(tables, "shapes")
    if table is None:
        return
    drawn = {row.values.get("country_id") for row in rows if row.values.get("kind") == "land"}
    places = {row.values.get("place_id"): row.values for row in _rows(tables, "places")[1]}
    wanted = list(MAP_COUNTRIES)
    for place in RECORDS["places"]:
        country = (places.get(place) or {}).get("country_id")
        if country and country not in wanted:
            wanted.append(country)
    for country in wanted:
        if country not in drawn:
            problems.append(Problem(table.file, None, "country_id", f"land outlines of {country} (the maps draw it "
                                    "and their descriptions name it)", "none"))
    if not any(row.values.get("kind") == "border" for row in rows):
        problems.append(Problem(table.file, None, "kind", "the land border between the two Koreas (kind border: "
                                "the maps draw it and their descriptions name it)", "none"))


def _check_rounds(tables, problems) -> None:
    table, rows = _rows(tables, "rounds")
    dated = sorted((row for row in rows if row.values.get("from_date") and row.values.get("to_date")),
                   key=lambda r: (r.values["from_date"], r.line))
    for before, row in zip(dated, dated[1:]):
        if row.values["from_date"] <= before.values["to_date"]:
            problems.append(Problem(table.file, row.line, "from_date", f"a date after "
                                    f"{before.values['to_date'].isoformat()}, when round {before.values.get('round')} "
                                    f"(line {before.line}) ends: rounds may not overlap",
                                    row.values["from_date"].isoformat()))


def _check_framings(tables, problems) -> None:
    table, rows = _rows(tables, "framings")
    if table is None:
        return
    names = []
    for row in rows:
        ref = row.values.get("record_ref") or ""
        if ref and ref.partition(":")[0] not in FRAMING_TABLES:
            problems.append(Problem(table.file, row.line, "record_ref",
                                    f"a record of {', '.join(FRAMING_TABLES)} (a framing shows words)", ref))
        if row.values.get("framing") and row.values["framing"] not in names:
            names.append(row.values["framing"])
    if len(names) < 2:
        problems.append(Problem(table.file, None, "framing", "at least two framings of the drills (the lesson "
                                "sets one against another)", f"{len(names)}: {', '.join(names)}"))


def _check_lookalikes(tables, problems) -> None:
    """No id (primary key) and no glossary term mixes alphabets in one word, and no two that are different
    texts look the same."""
    columns = [(name, t.schema.get("primaryKey")) for name, t in tables.items()
               if isinstance(t.schema.get("primaryKey"), str)] + [("glossary", "term")]
    for name, column in columns:
        table, rows = _rows(tables, name)
        first: dict[str, tuple[int, str]] = {}
        for row in rows:
            value = row.values.get(column)
            if not isinstance(value, str):
                continue
            for match in re.finditer(r"\w+", value):
                if len(scripts(match.group())) > 1:
                    problems.append(Problem(table.file, row.line, column, "letters of one alphabet in each word "
                                            f"(character {match.start() + 1}: {', '.join(sorted(scripts(match.group())))} "
                                            "letters mixed, which look alike)", value))
                    break
            look = skeleton(value)
            if look in first and first[look][1] != value:
                problems.append(Problem(table.file, row.line, column, f"a {column} that does not look like "
                                        f"{first[look][1]!r} on line {first[look][0]} (they differ only in "
                                        "letters that look the same)", value))
            first.setdefault(look, (row.line, value))


def check_needs(tables: dict[str, ParsedTable]) -> list[Problem]:
    """Every problem with what the kit's code needs from the tables (see the module's description)."""
    problems: list[Problem] = []
    for check in (_check_records, _check_selections, _check_map, _check_rounds, _check_framings, _check_lookalikes):
        check(tables, problems)
    return problems


# ---------------------------------------------------------------------------
# What each lesson's cells ask of the data

#: The calls of a lesson's cells that show a lesson's rows, and the table those rows are in.
_LESSON_CALLS = {"quiz": "quiz", "quiz_key": "quiz", "open_question": "open_questions",
                 "open_question_key": "open_questions"}


def _calls(source: str):
    """``(function name, arguments)`` of every call in a cell's code (nothing if it is not Python)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if name:
                yield name, node.args


def _literal_refs(args, default_table: str | None):
    """The ``(table, id)`` pairs written as literals in a call's arguments: ``("events", "x")`` tuples, and for
    the views of one table (``events_view``) the ids of a literal list."""
    for arg in args:
        for node in ast.walk(arg):
            if isinstance(node, ast.Tuple) and len(node.elts) == 2 and \
                    all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
                yield node.elts[0].value, node.elts[1].value
            elif default_table and isinstance(node, ast.List) and \
                    all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
                for e in node.elts:
                    yield default_table, e.value


def lesson_problems(tables: dict[str, ParsedTable], lessons: list[str], folder: Path) -> list[Problem]:
    """What the lessons of ``folder`` (the notebooks of ``lessons``, by name) ask of the tables and do not find:
    the quiz questions and open questions their cells show, their 45- and 90-minute plans, and the records
    their cells name by id."""
    problems: list[Problem] = []
    ids = {name: {row.values.get(t.schema["primaryKey"]) for row in t.rows}
           for name, t in tables.items() if isinstance(t.schema.get("primaryKey"), str)}
    having = {name: {row.values.get("lesson") for row in tables[name].rows} for name in set(_LESSON_CALLS.values())
              if name in tables}
    plans = {row.values.get("plan_id") for row in tables["lesson_plans"].rows} if "lesson_plans" in tables else set()
    for lesson in lessons:
        if "lesson_plans" in tables:
            for suffix in PLAN_SUFFIXES:
                if f"{lesson}-{suffix}" not in plans:
                    problems.append(Problem(tables["lesson_plans"].file, None, "plan_id", f"the {suffix}-minute "
                                            f"plan of lesson {lesson}, {lesson}-{suffix} (the teacher's guide shows it)",
                                            "none"))
        try:
            nb = json.loads((folder / f"{lesson}.ipynb").read_text(encoding="utf-8"))
            cells = [c for c in nb["cells"] if c.get("cell_type") == "code"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue  # the lesson itself is checked where it is read
        for number, cell in enumerate(cells, 1):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            for name, args in _calls(source):
                table = _LESSON_CALLS.get(name)
                if table in having and args and isinstance(args[-1], ast.Constant) and isinstance(args[-1].value, str):
                    named = args[-1].value
                    if named not in having[table]:
                        problems.append(Problem(tables[table].file, None, "lesson", f"rows for lesson {named} "
                                                f"(its notebook, {lesson}.ipynb, calls {name})", "none"))
                default = name[:-5] if name.endswith("_view") and name[:-5] in ids else None
                for target, record in _literal_refs(args, default):
                    if target in ids and record not in ids[target]:
                        problems.append(Problem(tables[target].file, None, tables[target].schema["primaryKey"],
                                                f"a record with the id {record!r} (the notebook {lesson}.ipynb "
                                                f"names it in a call of {name})", "none"))
    return problems
