"""The kit's own rules across tables, beyond what ``datapackage.json`` can say.

Every reference names a record that exists (foreign keys, lists of ids,
``table:id`` cells), every fact is cited, every quote and every citation of an
article is found verbatim in the article's seed file, dates follow each other,
each quiz question's answer fits its choices, the words a lesson looks for are
there, every lesson plan's steps follow each other minute by minute and fill
its 45 or 90 minutes, and every lesson's rows belong to a lesson of
``notebooks/toc.json``.

>>> from korea_kit.data.demo import demo_parsed
>>> parsed = demo_parsed(events=[{"event_id": "demo-drill", "date": "2013-03-11", "end_date": "2013-03-01"}])
>>> for problem in check_tables(parsed, Path(".")):
...     if problem.file == "events.csv" and problem.line:
...         print(problem)
events.csv, line 2, column 'event_id': expected at least one row citing it in citations.csv, found 'demo-drill'
events.csv, line 2, column 'end_date': expected a date on or after 2013-03-11, found '2013-03-01'
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

from korea_kit.errors import Problem
from korea_kit.data.needs import check_needs, lesson_problems
from korea_kit.data.schema import CITED_TABLES, QUIZ_SEPARATOR, REF_COLUMNS, ParsedRow, ParsedTable, default_data_dir

__all__ = ["PLAN_LENGTHS", "seed_bytes", "check_tables", "check_lessons"]

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
    ("moves", "meets"): "demands",
    ("moves", "undoes"): "demands",
}

def _ids(table: ParsedTable | None, column: str) -> set:
    if table is None:
        return set()
    return {row.values.get(column) for row in table.rows if row.values.get(column) is not None}


def _regular_inside(top: Path, relative: Path) -> Path | None:
    """``top / relative`` if every step of it below ``top`` is a plain folder or, last, a regular file: no
    symbolic link on the way (a link to a file outside is not the kit's article); else None."""
    path = top
    for number, part in enumerate(relative.parts, 1):
        path = path / part
        info = path.lstat()  # FileNotFoundError: missing
        if stat.S_ISLNK(info.st_mode):
            return None
        if number < len(relative.parts) and not stat.S_ISDIR(info.st_mode):
            raise FileNotFoundError(path)
    return path if stat.S_ISREG(path.lstat().st_mode) else None


def seed_bytes(folder: Path, seed_file: str, sha256: str | None) -> tuple[bytes | None, str | None]:
    """The bytes of an article's text, and None; or None and what was expected instead.

    ``seed_file`` is relative to the data folder and stays within its parent
    folder by the plain route: it may start with one ``../`` and then only
    goes down (``../seeds/name.txt``), never up again, and no step of it is a
    symbolic link. If the data folder is a copy without the articles beside
    it, the kit's own copy of the article is used when its SHA-256 is
    ``sha256``; otherwise the message says what to copy where.
    """
    relative = Path(seed_file)
    parts = seed_file.replace("\\", "/").split("/")
    if relative.is_absolute() or re.match(r"^[A-Za-z]:", seed_file) or seed_file.startswith(("/", "\\")):
        return None, "a path relative to the data folder (such as ../seeds/name.txt), not an absolute one"
    climbs = 1 if parts[:1] == [".."] else 0
    if any(part in ("", ".", "..") for part in parts[climbs:]) or not parts[climbs:]:
        return None, ("a path inside the data folder's parent folder by the plain route (such as ../seeds/name.txt): "
                      "at most one ../ at the start, then only folder and file names")
    below = Path(*parts[climbs:])
    where = "the data folder's parent folder" if climbs else "the data folder"
    try:
        top = folder.parent if climbs else folder
        try:
            path = _regular_inside(top, below)
        except FileNotFoundError:
            path = False
        if path is None:
            return None, f"a regular file inside {where}, not a symbolic link (or a folder) on the way"
        if path:
            return path.read_bytes(), None
        kit = default_data_dir()
        try:
            kit_copy = _regular_inside(kit.parent if climbs else kit, below)
        except FileNotFoundError:
            kit_copy = None
        if kit_copy:
            raw = kit_copy.read_bytes()
            if hashlib.sha256(raw).hexdigest() == sha256:
                return raw, None
    except (OSError, RuntimeError) as exc:
        return None, f"a readable file, relative to the data folder ({getattr(exc, 'strerror', None) or exc})"
    return None, (f"a file that exists, relative to the data folder: copy the kit's {below.parent.name or 'seeds'}/ "
                  f"folder to {(folder.parent if climbs else folder) / below.parent}")


def _check_references(tables: dict[str, ParsedTable], folder: Path, problems: list[Problem]) -> None:
    from korea_kit.data.sources import find_in_seed  # local: sources imports this module (seed_bytes)

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

    def check_evidence(table: ParsedTable, row: ParsedRow, text_col: str) -> None:
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


def _check_dates(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
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


def _check_quiz(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
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


def _check_open_questions(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    """No two open questions of a lesson share a position."""
    questions = tables.get("open_questions")
    positions: dict[tuple, int] = {}
    for row in questions.rows if questions else []:
        key = (row.values.get("lesson"), row.values.get("position"))
        if None in key:
            continue
        if key in positions:
            problems.append(Problem(questions.file, row.line, "position",
                                    f"a position not used twice in {key[0]} (line {positions[key]} has it)", str(key[1])))
        positions.setdefault(key, row.line)


def _check_record_refs(tables: dict[str, ParsedTable], problems: list[Problem], columns=REF_COLUMNS) -> None:
    """Every ``table:id`` of ``columns`` (:data:`REF_COLUMNS`) names a record that exists, in a table with a one-column key."""
    for name, column in columns:
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


def _check_words(tables: dict[str, ParsedTable], seeds: dict[str, str | None], problems: list[Problem]) -> None:
    """The words a lesson looks for inside a quote, a citation or an article are there
    (up to typography and white space)."""
    from korea_kit.data.sources import find_in_seed, sentences_holding  # local: sources imports this module (seed_bytes)

    def rows(name: str, key: str) -> dict:
        return {row.values.get(key): row.values for row in tables[name].rows}

    quotes, cites, records = rows("quotes", "quote_id"), rows("citations", "citation_id"), {}
    sources = rows("sources", "source_id")

    def look(table: ParsedTable, row: ParsedRow, column: str, text, where: str) -> None:
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


#: The lengths a plan may have: one period of 45 minutes, or two.
PLAN_LENGTHS = (45, 90)


def _minutes(count: int) -> str:
    """``count`` minutes, in words.

    >>> _minutes(1), _minutes(45)
    ('1 minute', '45 minutes')
    """
    return f"{count} minute{'' if count == 1 else 's'}"


def _check_plans(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    """Each plan of ``lesson_plans.csv`` is 45 or 90 minutes long (as its id says, for ``LESSON-45`` and
    ``LESSON-90``), its steps are numbered 1, 2, 3 … in file order, each starts where the one before it ends
    (the first at minute 0), ends after it starts, and the last ends at the plan's length."""
    plans = tables.get("lesson_plans")
    if plans is None:
        return
    steps: dict[str, list[ParsedRow]] = {}
    for row in plans.rows:
        if row.values.get("plan_id") is not None:
            steps.setdefault(row.values["plan_id"], []).append(row)
    for plan, rows in steps.items():
        first = rows[0]
        length = first.values.get("length")
        named = re.search(r"-(\d+)$", plan)
        if length is not None and length not in PLAN_LENGTHS:
            problems.append(Problem(plans.file, first.line, "length", "45 or 90 (one period or two)", str(length)))
            length = None
        elif length is not None and named and named[1].lstrip("0") in {str(n) for n in PLAN_LENGTHS} \
                and int(named[1]) != length:
            problems.append(Problem(plans.file, first.line, "length",
                                    f"{named[1]}, the length the id {plan} names", str(length)))
            length = None
        numbers = [row.values.get("step") for row in rows]
        wrong = next((n for n, found in enumerate(numbers, 1) if found is not None and found != n), None)
        if wrong is not None:  # the first step out of place: one problem, not one per step after it
            problems.append(Problem(plans.file, rows[wrong - 1].line, "step", f"step {wrong} of plan {plan} (its "
                                    "steps numbered 1, 2, 3 … in file order)", str(numbers[wrong - 1])))
        rows = sorted(rows, key=lambda r: (r.values.get("step") is None, r.values.get("step") or 0, r.line))
        previous = None
        for number, row in enumerate(rows, 1):
            v, where = row.values, (plans.file, row.line)
            if v.get("length") is not None and length is not None and v["length"] != length:
                problems.append(Problem(*where, "length", f"{length}, the length of plan {plan} on line {first.line}",
                                        str(v["length"])))
            start, end = v.get("start"), v.get("end")
            if start is not None:
                if number == 1 and start != 0:
                    problems.append(Problem(*where, "start", f"0 (the first step of plan {plan} starts the class)",
                                            str(start)))
                elif previous is not None and start > previous:
                    problems.append(Problem(*where, "start", f"minute {previous}, where the step before it ends "
                                            f"(a gap of {_minutes(start - previous)} in plan {plan})", str(start)))
                elif previous is not None and start < previous:
                    problems.append(Problem(*where, "start", f"minute {previous}, where the step before it ends "
                                            f"(an overlap of {_minutes(previous - start)} in plan {plan})", str(start)))
            if start is not None and end is not None and end <= start:
                problems.append(Problem(*where, "end", f"a minute after the start, {start}", str(end)))
                end = None  # the next step is not measured against a wrong end
            previous = end
        last = rows[-1]
        end = last.values.get("end")
        spans = [(r.values.get("start"), r.values.get("end")) for r in rows]
        total = sum(b - a for a, b in spans if a is not None and b is not None)
        if length is not None and end is not None and end != length:
            problems.append(Problem(plans.file, last.line, "end", f"minute {length}, the length of plan {plan} "
                                    f"(its steps add up to {_minutes(total)})", str(end)))


def check_tables(tables: dict[str, ParsedTable], folder: Path) -> list[Problem]:
    """Every problem of the cross-table rules in ``tables``, read from ``folder`` (each with a correct header)."""
    problems: list[Problem] = []
    _check_references(tables, folder, problems)
    _check_dates(tables, problems)
    _check_quiz(tables, problems)
    _check_open_questions(tables, problems)
    _check_record_refs(tables, problems)
    _check_simulation(tables, problems)
    _check_roleplay_rules(tables, problems)
    _check_plans(tables, problems)
    _check_handouts(tables, problems)
    problems.extend(check_needs(tables))  # what the kit's code takes for granted (korea_kit/data/needs.py)
    return problems


def _check_simulation(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    """Lesson 07's moves are moves a side can make: a vote only by a side with a Security Council seat, a veto
    only by a permanent member,
    a met precondition one that was asked of the side, a crossed red line and a round that exist;
    a round ends on or after the day it starts."""
    if not all(name in tables for name in ("sides", "red_lines", "rounds", "moves", "demands")):
        return
    seats = {r.values.get("side_id"): r.values.get("council_seat") for r in tables["sides"].rows}
    red_lines = {f"{r.values.get('side_id')}:{r.values.get('red_line_id')}" for r in tables["red_lines"].rows}
    rounds = {str(r.values.get("round")) for r in tables["rounds"].rows}
    demands = {r.values.get("demand_id"): r.values for r in tables["demands"].rows}
    moves = tables["moves"]
    by_vote = {d for r in moves.rows if r.values.get("kind") == "vote" for d in (r.values.get("meets") or "").split(";") if d}
    for row in moves.rows:
        v, where = row.values, (moves.file, row.line)
        side, kind = v.get("side_id"), v.get("kind")
        if kind == "vote" and side in seats and seats[side] == "none":
            problems.append(Problem(*where, "kind", f"a move a side can make ({side} has no Security Council seat "
                                    "in sides.csv, so it cannot vote on a Council decision)", kind))
        if kind == "veto" and side in seats and seats[side] != "permanent":
            problems.append(Problem(*where, "kind", f"a move a side can make ({side} has no permanent seat "
                                    "in sides.csv, so its vote against a Council decision is no veto)", kind))
        if kind != "vote":
            for demand_id in sorted(set((v.get("meets") or "").split(";")) & by_vote):
                problems.append(Problem(*where, "meets", f"a demand the side can meet by itself ({demand_id} is met "
                                        "only by a Security Council decision: a move of kind vote)", demand_id))
        if kind == "meet":
            for demand_id in (v.get("meets") or "").split(";"):
                demand = demands.get(demand_id)
                if demand is None:
                    continue
                if demand.get("kind") != "precondition" or side not in (demand.get("of_ids") or "").split(";"):
                    problems.append(Problem(*where, "meets", f"a precondition asked of {side} (demands.csv of_ids)",
                                            demand_id))
        for ref in (v.get("crosses") or "").split(";"):
            if ref and ref not in red_lines:
                problems.append(Problem(*where, "crosses", "side_id:red_line_id of red_lines.csv", ref))
        for number in (v.get("played_in") or "").split(";"):
            if number and number not in rounds:
                problems.append(Problem(*where, "played_in", "rounds of rounds.csv", number))
    for row in tables["rounds"].rows:
        start, end = row.values.get("from_date"), row.values.get("to_date")
        if start and end and end < start:
            problems.append(Problem(tables["rounds"].file, row.line, "to_date", f"a date on or after {start.isoformat()}",
                                    end.isoformat()))

def _check_roleplay_rules(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    """Lesson 07's rules name what exists: a pause stops a standing move of its own side; the conditions of
    interests and of the solo rules, the moves those rules play or drop and the what-if cards' variants name
    moves (side:move) and demands of the data."""
    if not all(name in tables for name in ("moves", "demands", "interests", "responses", "roleplay_cards")):
        return
    moves = {f"{r.values.get('side_id')}:{r.values.get('move_id')}": r.values for r in tables["moves"].rows}
    demands = {r.values.get("demand_id") for r in tables["demands"].rows}
    words = {"talks", "kaesong", "dialogue", "calm", "drills-stopped", "drills-off"}

    def token_problem(token: str) -> str | None:
        kind, _, rest = token.partition(":")
        if (kind in ("made", "start", "bar") and rest in moves) or (kind == "met" and rest in demands) or \
                (not rest and token in words):
            return None
        return ("a condition: talks, kaesong, dialogue, calm, drills-stopped, met:DEMAND (demands.csv) or "
                "made:SIDE:MOVE (moves.csv)")

    for row in tables["moves"].rows:
        v = row.values
        if v.get("stops"):
            target = moves.get(f"{v.get('side_id')}:{v.get('stops')}")
            if v.get("kind") != "pause" or target is None or not target.get("lasting"):
                problems.append(Problem(tables["moves"].file, row.line, "stops",
                                        "for a move of kind pause, a lasting move of the same side", v.get("stops")))
    checks = [("interests", "when", None), ("interests", "advanced_when", None), ("responses", "when", None), ("responses", "plays", "side"),
              ("responses", "drops", "side"), ("roleplay_cards", "variant", None)]
    for table, column, own in checks:
        for row in tables[table].rows:
            cell = row.values.get(column) or ""
            for token in (t for group in cell.split(";") for t in group.split("+") if t):
                if column in ("plays", "drops"):
                    bad = None if token in moves and token.split(":")[0] == row.values.get("side_id") else \
                        f"a move of {row.values.get('side_id')} (side:move of moves.csv)"
                elif column == "variant":
                    bad = None if token == "drills-off" or (token.partition(":")[0] in ("start", "bar")
                                                             and token.partition(":")[2] in moves) else \
                        "drills-off, start:SIDE:MOVE or bar:SIDE:MOVE (moves.csv)"
                else:
                    bad = token_problem(token)
                if bad:
                    problems.append(Problem(tables[table].file, row.line, column, bad, token))


#: For each part of a handout (``handouts.csv``), the tables its ``record_ref`` may name.
_HANDOUT_PARTS = {"facts": ("events", "figures"), "excerpt": ("quotes", "demands"), "question": ("quiz",), "exit": ()}


def _check_handouts(tables: dict[str, ParsedTable], problems: list[Problem]) -> None:
    """Each part of a handout names a record of the right table (the exit ticket a prompt instead),
    and a lesson's handout has three to five questions and one exit ticket."""
    table = tables.get("handouts")
    counts: dict[str, dict[str, int]] = {}
    for row in table.rows if table else []:
        part, ref, text = (row.values.get(k) or "" for k in ("part", "record_ref", "text"))
        allowed = _HANDOUT_PARTS.get(part)
        if allowed is None:
            continue  # the enum of datapackage.json has said so
        counts.setdefault(row.values.get("lesson") or "", {}).setdefault(part, 0)
        counts[row.values.get("lesson") or ""][part] += 1
        if allowed and ref.partition(":")[0] not in allowed:
            problems.append(Problem(table.file, row.line, "record_ref",
                                    f"for part {part}: a record of {' or '.join(allowed)} as table:id", ref))
        if not allowed and ref:
            problems.append(Problem(table.file, row.line, "record_ref", "nothing for the exit ticket", ref))
        if bool(text) != (part == "exit"):
            problems.append(Problem(table.file, row.line, "text", "the prompt of the exit ticket (part exit), "
                                    "and no text for the other parts", text))
    for lesson, parts in counts.items():
        if not 3 <= parts.get("question", 0) <= 5 or parts.get("exit", 0) != 1:
            problems.append(Problem(table.file, None, "part", f"for lesson {lesson}: three to five questions and "
                                    "one exit ticket", f"{parts.get('question', 0)} questions, "
                                    f"{parts.get('exit', 0)} exit tickets"))

#: Tables whose ``lesson`` column names a lesson of ``notebooks/toc.json``.
_LESSON_TABLES = ("quiz", "misconceptions", "selections", "lesson_plans", "open_questions", "handouts")


def check_lessons(tables: dict[str, ParsedTable]) -> list[Problem]:
    """Every row of :data:`_LESSON_TABLES` belongs to a lesson of ``toc.json``, and every lesson has a handout."""
    from korea_kit.data.toc import notebooks_dir, toc

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
    problems.extend(lesson_problems(tables, lessons, notebooks_dir()))  # what each lesson's cells ask of the data
    # The handouts name records of the other tables, the quiz among them: checked with the lessons, so
    # that a copy of the data with a quiz of its own still loads (its handouts are then reported here).
    _check_record_refs(tables, problems, [("handouts", "record_ref")])
    handouts = tables["handouts"]
    with_handout = {row.values.get("lesson") for row in handouts.rows}
    for lesson in lessons:
        if lesson not in with_handout:
            problems.append(Problem(handouts.file, None, "lesson", f"rows for the handout of {lesson}, "
                                    "a lesson of notebooks/toc.json", "none"))
    return problems

