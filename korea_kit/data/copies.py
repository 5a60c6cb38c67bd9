"""Stale copies: a number or a date in free text that differs from the record it names.

A figure of ``figures.csv`` (a count, a distance) and the date of an event of ``events.csv``
are often repeated in the kit's free text: a quiz's explanation, a simulation's interest, a
citation's note, a lesson's Markdown, the teacher's guide. Correcting the record must not leave
an old copy behind, so :func:`check_copies` reads every such text and reports each number or
date that differs from the record it names:

- **figures**: a number (``123``, ``53,000``, ``7.5`` or a word from ``two`` to ``twenty``)
  names a figure when it comes just before the figure's *noun*, at most four words apart
  (``123 South Korean firms``, ``nine of 15 votes``, ``all 15 of its members``). A figure's nouns
  are its ``unit`` (``km`` also as kilometres) and the plural noun that heads its ``subject``
  (``South Koreans``, ``jets``, with a model's name such as ``F-22s``). A number written in
  digits names one too when its sentence holds a figure's noun and nothing else is counted by it
  (``the BBC counted 479 the same day``). Of the figures with that noun, the ones whose
  subject's words and date the sentence shares most are the ones it names; it is a copy if it
  equals one of them, and stale otherwise. A tally (``adopted 15 to 0``) names a figure of votes, and
  a number in the note of a citation of a figure (or in the notes of a source cited only for one
  figure) names that figure;
- **events**: a date (``7 March``, ``31 March 2013``) names an event when the event's name
  stands in the same sentence before it, with no other name or date between them: the name is
  ``Resolution 2094``, a phrase of the title in quotation marks (``'state of war'``) or the
  whole title (``Third nuclear test``). It is stale when it is neither the event's date nor, for
  an event of several days, its ``end_date``.

What is not read: words in quotation marks (a source's own words, which stay what the source
printed), verbatim columns (a quote's text, a citation's quote, the words a lesson looks for),
ids and references, code and links in Markdown; a number written as four digits (a year, a
resolution's number); a number of a list (``1.``), of a name (``F-22``, ``B-2``) or after
``Article``, ``Art.``, ``No.``, ``line``, ``lesson``, ``step``, ``round`` or ``cell``.

The texts are the tables' free-text columns, the Markdown cells of the lessons of
``notebooks/toc.json`` and of the teacher's guide. The places are a table's file, line, column
and character, or a notebook's file, cell (counted from 1), line and column in the cell.

>>> from korea_kit.data.demo import demo_parsed
>>> tables = demo_parsed(
...     figures=[{"figure_id": "demo-firms", "subject": "South Korean firms at the demo site", "value": 124,
...               "unit": "firms"}],
...     interests=[{"side_id": "rok", "interest_id": "demo", "interest": "The demo site: about 123 South Korean firms."}])
>>> for problem in check_copies(tables, notebooks=()):
...     print(problem)
interests.csv, line 2, column 'interest', character 22: says 123 firms but figures:demo-firms is 124
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from korea_kit.dates import format_date
from korea_kit.errors import Problem

__all__ = [
    "NUMBER_WORDS",
    "VERBATIM_COLUMNS",
    "StaleCopy",
    "Text",
    "Mention",
    "free_texts",
    "notebook_texts",
    "figure_nouns",
    "find_mentions",
    "check_copies",
    "lesson_notebooks",
]

#: Numbers written as words that can name a figure (``one`` is left out: "one of the ten members").
NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split()) if n >= 2}

#: Columns that hold a source's own words, checked verbatim elsewhere: never a copy of a record.
VERBATIM_COLUMNS = {
    ("quotes", "text"), ("citations", "quote"), ("phrases", "words"), ("terms", "words"),
    ("terms", "evidence"), ("date_clues", "words"), ("claims", "focus"),
    ("sources", "title"), ("sources", "reference"), ("sources", "published"),
}

_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December" \
         r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?"
_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:\s*(?:–|-|to|and)\s*(\d{{1,2}}))?\s+({_MONTH})(?:,?\s+(\d{{4}}))?")
_MONTH_FIRST = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})\b(?:,?\s+(\d{{4}}))?")
_NUMBER = re.compile(r"(?<![\w/.,-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w-]|,\d|\.\d)")
_WORD = re.compile(r"\b(%s)\b" % "|".join(NUMBER_WORDS), re.I)
_BEFORE = re.compile(r"(?:\b(?:Art|Article|Articles|Chapter|No|Nos|line|lines|lesson|lessons|step|steps|round|rounds|"
                     r"cell|cells|Resolution|Resolutions|question|questions|page|pages|part|id|SC)\.?\s*|#)$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(*]*[A-Z0-9])|\s\|\s|\n\s*\n|\n(?=\s*(?:[-*+]|\d+\.|#+)\s)")
_QUOTED = re.compile(r"\"(?:[^\"\n]|\n(?!\s*\n))*\"|“[^”]*”|‘[^’]*’|(?<![\w’'])'(?=\S)[^'\n]*?(?<=\S)'(?![\w])")
_MARKUP = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>]*>|https?://\S+")
_LIST_MARKER = re.compile(r"(?m)^\s*\d+\.\s")
_STOP = set("a an and the of in at on to for by from with as its it their his her this that these those is are was "
            "were be been has had have who which what when where how than then there here about some all any no not "
            "or but if so over under into onto out up down each every one other others same".split())


@dataclass(frozen=True)
class StaleCopy(Problem):
    """A number or date of free text that differs from the record it names.

    ``position`` is the character in the text (from 1): in a table's cell, or in the line
    ``line`` of a notebook's cell (``file`` then names the notebook and the cell).

    >>> print(StaleCopy("interests.csv", 10, "interest", "says 123 firms but figures:kaesong-firms is 124", "123", 38))
    interests.csv, line 10, column 'interest', character 38: says 123 firms but figures:kaesong-firms is 124
    >>> print(StaleCopy("notebooks/04-kaesong.ipynb, cell 43", 3, None, "says 123 firms but figures:kaesong-firms is 124",
    ...                 "123", 17))
    notebooks/04-kaesong.ipynb, cell 43, line 3, column 17: says 123 firms but figures:kaesong-firms is 124
    """

    position: int = 0

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}', character {self.position}")
        else:
            where.append(f"column {self.position}")
        return f"{', '.join(where)}: {self.expected}"


@dataclass(frozen=True)
class Text:
    """One free text: where it is, its words, the records its row cites (``table:id``), the words that
    tell what it counts (read for nouns, never for numbers: a matching question's partner item, a
    choice question's question for its answer), for a record's own description the record, and for
    a citation's note or a source's notes the one figure it is about (``about``)."""

    file: str
    line: int | None
    column: str | None
    text: str
    cited: frozenset = frozenset()
    context: str = ""
    notebook: bool = False
    offset: int = 0
    own: str = ""
    about: str = ""


@dataclass(frozen=True)
class Mention:
    """A number or date of a text, the records it may name (``table:id``) and the ones it equals."""

    text: Text
    start: int
    written: str
    value: object
    names: tuple
    equals: tuple
    kind: str = "figure"

    def place(self) -> tuple:
        """``(file, line, column, position)`` as :class:`StaleCopy` reports it."""
        before = self.text.text[: self.start]
        if self.text.notebook:
            line = before.count("\n") + 1
            return self.text.file, line, None, self.start - (before.rfind("\n") + 1) + 1
        return self.text.file, self.text.line, self.text.column, self.start + self.text.offset + 1


def _refs(values: dict, columns) -> frozenset:
    refs = set()
    for column in columns:
        for ref in str(values.get(column) or "").split(";"):
            if ":" in ref:
                refs.add(ref)
    return frozenset(refs)


def free_texts(tables) -> list[Text]:
    """The free texts of the tables (parsed tables by name): every string column with no ``enum`` or
    ``pattern`` that is not a key, an id, a reference or a source's own words."""
    from korea_kit.data.schema import QUIZ_SEPARATOR, REF_COLUMNS

    refs_of = {}
    for name, column in REF_COLUMNS:
        refs_of.setdefault(name, []).append(column)
    refs_of.setdefault("handouts", []).append("record_ref")
    by_source = {}  # the figures each source is cited for
    for row in tables["citations"].rows if "citations" in tables else []:
        if row.values.get("table") == "figures":
            by_source.setdefault(row.values.get("source_id"), set()).add(f"figures:{row.values.get('record_id')}")
    texts = []
    for name, table in tables.items():
        schema = table.schema
        keys = schema.get("primaryKey")
        keys = set(keys if isinstance(keys, list) else [keys])
        keys |= {fk["fields"] for fk in schema.get("foreignKeys", [])}
        keys |= set(refs_of.get(name, ()))
        columns = [f["name"] for f in schema.get("fields", []) if f.get("type", "string") == "string"
                   and not f.get("constraints", {}).get("enum") and not f.get("constraints", {}).get("pattern")
                   and f["name"] not in keys and (name, f["name"]) not in VERBATIM_COLUMNS]
        for row in table.rows:
            v = row.values
            cited = _refs(v, refs_of.get(name, ()))
            if name == "citations" and v.get("table") and v.get("record_id"):
                cited |= {f"{v['table']}:{v['record_id']}"}
            about = ""  # the one figure a citation's note or a source's notes is about
            if name == "citations" and v.get("table") == "figures":
                about = f"figures:{v.get('record_id')}"
            elif name == "sources" and len(by_source.get(v.get("source_id"), ())) == 1:
                about = next(iter(by_source[v.get("source_id")]))
            own = f"{name}:{v.get(schema.get('primaryKey'))}" if name in ("figures", "events") else ""
            for column in columns:
                text = v.get(column)
                if not isinstance(text, str) or not text:
                    continue
                if name == "quiz" and v.get("kind") in ("match", "choice") and column in ("choices", "answer"):
                    other = v.get("answer" if column == "choices" else "choices") or ""
                    partners = other.split(QUIZ_SEPARATOR)
                    offset = 0
                    for i, item in enumerate(text.split(QUIZ_SEPARATOR)):
                        if v["kind"] == "match":
                            context = partners[i] if i < len(partners) else ""
                        else:  # the right answer counts what the question asks; a wrong one is wrong on purpose
                            context = v.get("question") or "" if item.strip() == (v.get("answer") or "").strip() else ""
                        texts.append(Text(table.file, row.line, column, item, cited, context, offset=offset))
                        offset += len(item) + len(QUIZ_SEPARATOR)
                    continue
                texts.append(Text(table.file, row.line, column, text, cited, own=own, about=about))
    return texts


def notebook_texts(paths) -> list[Text]:
    """The Markdown cells of the notebooks ``paths``, one text per cell (cells counted from 1)."""
    texts = []
    for path in paths:
        path = Path(path)
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue  # the lessons' own checks report an unreadable notebook
        for number, cell in enumerate(cells, 1):
            if cell.get("cell_type") != "markdown":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            texts.append(Text(f"notebooks/{path.name}, cell {number}", None, None, source, notebook=True))
    return texts


def _words(text: str) -> set:
    return {w for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower()) if w not in _STOP and len(w) > 1}


_HEAD_END = re.compile(r"[,(;:]|\s(?:of|in|at|from|to|for|by|on|with|who|that|which|as|when|sent|hit|stationed|"
                       r"elected)\s")


def figure_nouns(subject: str, unit: str) -> set:
    """The nouns that name a figure in free text, lower-case: its unit (``km`` also as kilometres) and
    the plural noun heading its subject (with the word before it when both are capitalised, as in
    ``South Koreans``; with a model's name, as ``F-22s``).

    >>> sorted(figure_nouns("South Koreans at the Kaesong complex", "people"))
    ['people', 'south koreans']
    >>> sorted(figure_nouns("F-22 fighter jets sent to Osan Air Base", "aircraft"))
    ['aircraft', 'f-22s', 'jets']
    >>> sorted(figure_nouns("Distance from the Kaesong complex to Seoul", "km"))
    ['kilometers', 'kilometres', 'km']
    """
    unit = unit.strip().lower()
    nouns = {"km", "kilometres", "kilometers"} if unit in ("km", "kilometres", "kilometers") else {unit}
    head = _HEAD_END.split(" " + subject.strip() + " ")[0].split()
    nouns |= {word.lower() + "s" for word in head if re.fullmatch(r"[A-Za-z]+-\d+", word)}  # F-22 jets: F-22s
    for i in range(len(head) - 1, -1, -1):
        word = head[i]
        if word.lower().endswith("s") and word.lower() not in _STOP and len(word) > 3:
            phrase = word.lower()
            if word[0].isupper() and i > 0 and head[i - 1][0].isupper() and head[i - 1].lower() not in _STOP:
                phrase = head[i - 1].lower() + " " + phrase  # South Koreans
            nouns.add(phrase)
            break
    return {n for n in nouns if n}


def topic_words(subject: str, nouns=()) -> set:
    """The words of a figure's subject before its first comma, colon or bracket, but its nouns and numbers:
    a sentence names the figure only if it has one of them.

    >>> sorted(topic_words("Width of the DMZ, 2 km each side", {"km"}))
    ['dmz', 'width']
    """
    head = re.split(r"[,(;:]", subject, maxsplit=1)[0]
    noun_words = {w for n in nouns for w in n.split()}
    return {w for w in _words(head) if w not in noun_words and not w[0].isdigit()}


def _masked(text: str) -> str:
    """The text with quoted words, code, links and tags blanked out (the same length, so places hold)."""
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731
    text = _MARKUP.sub(blank, text)
    return _QUOTED.sub(blank, text)


def _sentences(text: str):
    """``(start, end)`` of each sentence of ``text``."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _dates(sentence: str, base: int):
    """``(start, end, written, (day, month, year or None), end_day)`` of each date of a sentence."""
    found = []
    for m in _DAY_FIRST.finditer(sentence):
        month = _MONTHS[m.group(3).rstrip(".").lower()]
        year = int(m.group(4)) if m.group(4) else None
        found.append((base + m.start(), base + m.end(), m.group(0), (int(m.group(1)), month, year),
                      int(m.group(2)) if m.group(2) else None))
    for m in _MONTH_FIRST.finditer(sentence):
        if any(s <= base + m.start() < e for s, e, *_ in found):
            continue
        month = _MONTHS[m.group(1).rstrip(".").lower()]
        found.append((base + m.start(), base + m.end(), m.group(0), (int(m.group(2)), month,
                      int(m.group(3)) if m.group(3) else None), None))
    return found


def _number(written: str) -> float:
    word = NUMBER_WORDS.get(written.lower())
    return float(word) if word is not None else float(written.replace(",", ""))


def _show(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


class _Figures:
    """The figures of ``figures.csv`` with their nouns and words, and the finder of their nouns."""

    def __init__(self, table):
        self.rows = {}
        for row in table.rows if table is not None else []:
            v = row.values
            if v.get("figure_id") is None or v.get("value") is None:
                continue
            subject = v.get("subject") or ""
            nouns = figure_nouns(subject, v.get("unit") or "")
            full = {w for w in _words(subject) if not w[0].isdigit()}
            self.rows[v["figure_id"]] = (v, nouns, topic_words(subject, nouns), full)
        by_noun = {}
        for fid, (_, nouns, _, _) in self.rows.items():
            for noun in nouns:
                by_noun.setdefault(noun, set()).add(fid)
        self.by_noun = by_noun
        ordered = sorted(by_noun, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w-])(%s)(?![\w-])" % "|".join(re.escape(n) for n in ordered), re.I) \
            if ordered else None

    def nouns_in(self, text: str):
        return list(self.pattern.finditer(text)) if self.pattern else []

    def ids(self, nouns) -> set:
        return set().union(set(), *(self.by_noun[n.group(1).lower()] for n in nouns))


_CLAUSE = re.compile(r",(?!\d{3}\b)|[;:]|\s(?:but|while|whereas)\s")  # not the comma of 28,500
#: What may stand between a number and its noun: "of", "of its" or "of the" and a second number
#: (the whole: "nine of its 15 votes"), then up to four words.
_GAP = re.compile(r"(?:\s+of(?:\s+(?:its|the))?(?:\s+\d[\d,]*)?)?(?:\s+[A-Za-z][\w’'-]*){0,4}\s+")
_TALLY = re.compile(rf"\s+to\s+\d+\b(?![\d,.]|\s+{_MONTH})")


def _clause(sentence: str, at: int) -> tuple[int, int]:
    """``(start, end)`` of the clause of ``sentence`` that holds the character ``at``."""
    start, end = 0, len(sentence)
    for m in _CLAUSE.finditer(sentence):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return start, end


def _day(date) -> tuple | None:
    return (date.day, date.month) if isinstance(date, dt.date) else None


def _tier(figures: _Figures, ids: set, phrase: set, clause: set, clause_days: set, days: set) -> list:
    """The figures of ``ids`` that the words between the number and its noun, then its clause (its date
    counting two), then its sentence's dates match best."""
    def score(fid):
        v, _, _, full = figures.rows[fid]
        day = _day(v.get("as_of"))
        return len(full & phrase), len(full & clause) + 2 * (day in clause_days), day in days
    best = max(score(f) for f in ids)
    return sorted(f for f in ids if score(f) == best)


def _paragraphs(text: str):
    start = 0
    for m in re.finditer(r"\n\s*\n|\s\|\s", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _figure_mentions(text: Text, masked: str, figures: _Figures) -> list[Mention]:
    mentions = []
    if figures.pattern is None:
        return mentions
    context = _masked(text.context)
    context_nouns, context_words = figures.nouns_in(context), _words(context)
    # The one figure a citation's note or a source's notes is about: a number there, with no noun, names it.
    only = text.about.partition(":")[2] if text.about.partition(":")[2] in figures.rows else None
    for p_start, p_end in _paragraphs(masked):
        paragraph = masked[p_start:p_end]
        paragraph_nouns = figures.nouns_in(paragraph) + context_nouns
        if not paragraph_nouns and not re.search(r"\d\s+to\s+\d", paragraph) and not only:
            continue
        paragraph_words = _words(paragraph) | context_words
        for s, e in _sentences(paragraph):
            s, e = s + p_start, e + p_start
            sentence = masked[s:e]
            nouns = figures.nouns_in(sentence)
            dates = _dates(sentence, s)
            taken = [(a, b) for a, b, *_ in dates]
            days = {d[3][:2] for d in dates}
            sentence_words = _words(sentence) | context_words
            numbers = [(m.start(1), m.group(1), False) for m in _NUMBER.finditer(sentence)]
            numbers += [(m.start(1), m.group(1), True) for m in _WORD.finditer(sentence)]
            for start, written, is_word in sorted(numbers):
                at, tail = s + start, start + len(written)
                before, after = sentence[:start], sentence[tail:]
                if any(a <= at < b for a, b in taken) or _BEFORE.search(before):
                    continue
                if not is_word and (re.fullmatch(r"\d{4}", written) or (len(written) > 1 and written[0] == "0")
                                    or re.match(r"\.\s", after) and not before.strip(" *")
                                    or re.match(r"\s*(?:%|°|\))", after) and not re.match(r"\s*\)", after)):
                    continue  # a year or a resolution's number, a lesson's number, a list's number, a share, an angle
                if re.search(r"(?:\b(?:%s)|\d)\s+of(?:\s+(?:its|the))?\s+$" % "|".join(NUMBER_WORDS), before, re.I):
                    continue  # the whole of "nine of its 15 votes"
                own = next((n for n in nouns if n.start() >= tail and _GAP.fullmatch(sentence[tail:n.start()])
                            and not re.search(r"\s(?:and|or|but|than)\s", sentence[tail:n.start()])), None)
                if own is not None and re.match(r"\s+(?:each|per|apiece)\b", sentence[own.end():]):
                    continue  # "2 km each side": a share, not the figure
                tally = own is None and not is_word and _TALLY.match(after) and "votes" in figures.by_noun
                if tally:
                    ids, phrase = set(figures.by_noun["votes"]), set()  # passed 15 to 0
                elif own is not None:
                    ids, phrase = set(figures.by_noun[own.group(1).lower()]), _words(sentence[tail:own.start()])
                elif is_word:
                    continue  # a number in words names a figure only just before its noun
                elif paragraph_nouns:
                    ids, phrase = figures.ids(paragraph_nouns), set()
                elif only:  # and the figures of its unit whose subject's words the clause has ("Reuters")
                    unit = figures.rows[only][0].get("unit")
                    clause_words = _words(sentence[slice(*_clause(sentence, start))])
                    ids = {only} | {f for f, (v, _, _, full) in figures.rows.items()
                                    if v.get("unit") == unit and f != only and full & clause_words}
                    named = tuple(f"figures:{f}" for f in sorted(ids))
                    equal = tuple(f"figures:{f}" for f in sorted(ids)
                                  if abs(figures.rows[f][0]["value"] - _number(written)) < 1e-9)
                    mentions.append(Mention(text, at, written, _number(written), named, equal))
                    continue
                else:
                    continue
                c_start, c_end = _clause(sentence, start)
                clause = sentence[c_start:c_end]
                clause_words = _words(clause) | context_words
                clause_nouns = {n.group(1).lower() for n in figures.nouns_in(clause) + context_nouns}
                words = sentence_words if own is not None or tally else paragraph_words
                ids = {f for f in ids if figures.rows[f][2] & words and f"figures:{f}" != text.own}
                clause_days = {d[3][:2] for d in dates if c_start <= d[0] - s < c_end} | \
                    {d[3][:2] for d in _dates(text.context, 0)}
                if own is None and not tally:  # a bare number: its clause holds the noun, words of the subject or its date
                    ids = {f for f in ids if clause_nouns & figures.rows[f][1] or figures.rows[f][3] & clause_words
                           or _day(figures.rows[f][0].get("as_of")) in clause_days}
                if not ids:
                    continue
                named = _tier(figures, ids, phrase, clause_words, clause_days, days)
                value = _number(written)
                equal = tuple(f"figures:{f}" for f in named if abs(figures.rows[f][0]["value"] - value) < 1e-9)
                mentions.append(Mention(text, at, written, value, tuple(f"figures:{f}" for f in named), equal))
    return mentions


class _Events:
    """The events of ``events.csv`` and the names a text gives them."""

    def __init__(self, table):
        self.rows, names = {}, {}
        for row in table.rows if table is not None else []:
            v = row.values
            if v.get("event_id") is None or not isinstance(v.get("date"), dt.date):
                continue
            self.rows[v["event_id"]] = v
            title = str(v.get("title") or "").strip()
            own = {title.lower()} if len(title.split()) >= 2 else set()
            own |= {m.lower() for m in re.findall(r"\bResolution \d{3,4}\b", title)}
            own |= {m.strip().lower() for m in re.findall(r"'([^']{4,})'", title)}
            for name in own:
                names.setdefault(name, set()).add(v["event_id"])
        self.names = {n: ids.pop() for n, ids in names.items() if len(ids) == 1}
        ordered = sorted(self.names, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w-])(%s)(?![\w-])" % "|".join(re.escape(n) for n in ordered), re.I) \
            if ordered else None


#: What may stand between an event's name and its date: a few words, an opening bracket or a comma
#: ("Resolution 2094 on 7 March", "the 'state of war' (30 March)", "Third nuclear test, 12 February 2013").
_BETWEEN = re.compile(r"(?:\s*[^\s,;:|()\[\]]+){0,6}\s*\(?\s*|\s*,\s*")


def _event_mentions(text: Text, raw: str, masked: str, events: _Events) -> list[Mention]:
    """Dates that follow an event's name in a sentence, with no other name or date between them."""
    mentions = []
    if events.pattern is None:
        return mentions
    plain = _MARKUP.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), raw)  # quoted titles count as names
    for s, e in _sentences(plain):
        names = [(m.start() + s, m.end() + s, events.names[m.group(1).lower()]) for m in events.pattern.finditer(plain[s:e])]
        if not names:
            continue
        dates = _dates(masked[s:e], s)
        for start, end, written, (day, month, year), end_day in dates:
            before = [n for n in names if n[1] <= start]
            if not before:
                continue
            name_end, event_id = before[-1][1], before[-1][2]
            between = plain[name_end:start]
            if any(name_end <= d[0] < start for d in dates) or not _BETWEEN.fullmatch(between) \
                    or re.search(r"\s(?:and|but|then|after|before|until|since|later|earlier)\s", between):
                continue
            v = events.rows[event_id]
            first, last = v["date"], v.get("end_date") if isinstance(v.get("end_date"), dt.date) else v["date"]
            if v.get("date_precision") in ("year", "month"):
                continue  # a date known only to the month or the year is not compared with a day
            days = [dt.date(year or first.year, month, d) for d in (day, end_day) if d is not None
                    if 1 <= d <= 31 and _valid(year or first.year, month, d)]
            ok = any(d in (first, last) for d in days)  # its first or last day ("12 and 15 April": one of them)
            mentions.append(Mention(text, start, written, days[0] if days else None, (f"events:{event_id}",),
                                    (f"events:{event_id}",) if ok else (), kind="event"))
    return mentions


def _valid(year, month, day) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def find_mentions(tables, texts) -> list[Mention]:
    """Every number that names a figure and every date that names an event in ``texts``
    (:class:`Text`), read against the parsed ``tables`` (by name)."""
    figures, events = _Figures(tables.get("figures")), _Events(tables.get("events"))
    mentions = []
    for text in texts:
        masked = _masked(text.text)
        mentions += _figure_mentions(text, masked, figures)
        mentions += _event_mentions(text, text.text, masked, events)
    return mentions


def _message(mention: Mention, tables) -> str:
    if mention.kind == "event":
        event_id = mention.names[0].partition(":")[2]
        v = next(r.values for r in tables["events"].rows if r.values.get("event_id") == event_id)
        when = format_date(v["date"])
        if isinstance(v.get("end_date"), dt.date) and v["end_date"] != v["date"]:
            when += " to " + format_date(v["end_date"])
        return f"says {mention.written} but {mention.names[0]} is {when}"
    values = {r.values.get("figure_id"): r.values for r in tables["figures"].rows}
    # Of the figures it may name, the one nearest in value (a correction is small).
    ref = min(mention.names, key=lambda r: abs(values[r.partition(":")[2]]["value"] - mention.value))
    figure = values[ref.partition(":")[2]]
    return f"says {mention.written} {figure.get('unit')} but {ref} is {_show(figure['value'])}"


def check_copies(tables, notebooks=None) -> list[StaleCopy]:
    """Every number or date of the kit's free text that differs from the record it names.

    ``tables`` are the parsed tables (by name, as :func:`korea_kit.data.load.check_data` reads
    them, or :func:`korea_kit.data.demo.demo_parsed` makes them); ``notebooks`` the notebooks
    whose Markdown is read (default: the lessons of ``notebooks/toc.json`` and the teacher's guide).
    """
    if notebooks is None:
        notebooks = lesson_notebooks()
    texts = free_texts(tables) + notebook_texts(notebooks)
    problems = []
    for mention in find_mentions(tables, texts):
        if mention.equals or not mention.names or mention.value is None and mention.kind == "figure":
            continue
        file, line, column, position = mention.place()
        problems.append(StaleCopy(file, line, column, _message(mention, tables), mention.written, position))
    return problems


def lesson_notebooks() -> list[Path]:
    """The lessons of ``notebooks/toc.json`` and the teacher's guide, where they are."""
    from korea_kit.data.toc import notebooks_dir

    folder = notebooks_dir()
    try:
        names = json.loads((folder / "toc.json").read_text(encoding="utf-8"))["lessons"]
    except (OSError, ValueError, KeyError, TypeError):
        names = []
    paths = [folder / name for name in names] + [folder / "teachers-guide.ipynb"]
    return [p for p in paths if p.is_file()]
