"""Records of ``data/`` in words, shared by several lessons: actors' names, a demand's answers, a quote's version, any record as a line.

A lesson module never imports another lesson module; what two lessons both
need of a record is written once here. Everything is a pure function from the
tables (:func:`korea_kit.data.load_tables`) to a string or a DataFrame.

>>> from korea_kit import load_tables
>>> tables = load_tables()
>>> actor_names(tables, ["usa", "rok"])
'the United States and South Korea'
>>> short_label("stop-rhetoric"), list(articles(tables).values())
('Stop rhetoric', ['IBTimes', 'RT'])
"""
from __future__ import annotations

from korea_kit.data import selection
from korea_kit.dates import format_date
from korea_kit.render.views import event_dates
from korea_kit.text import cell_text, format_number, join_words

__all__ = ["ARTICLES_LESSON", "BODIES", "articles", "source_short_name", "quote_version", "actor_names", "capitalized",
           "short_label", "state_of", "actor_name", "id_list", "answers_to", "answer_line", "record_text"]

#: The lesson whose selection (``selections.csv``, part ``articles``) names the two articles and their short names.
ARTICLES_LESSON = "06-reading-the-sources"

def articles(tables) -> dict[str, str]:
    """The two articles, in the order the lesson shows them, with their short names (``selections.csv``).

    >>> from korea_kit import load_tables
    >>> articles(load_tables())
    {'ibtimes-2013-04-18': 'IBTimes', 'rt-2013-04-18': 'RT'}
    """
    rows = selection(tables, ARTICLES_LESSON, "articles")
    return {str(i): str(n) for i, n in zip(rows["record_id"], rows["label"])}


def source_short_name(tables, source_id: str) -> str:
    """A source's short name: an article's (``IBTimes``, ``RT``), else its publisher."""
    return articles(tables).get(source_id) or str(tables.record("sources", source_id)["publisher"])


def quote_version(tables, quote) -> str:
    """Whose wording a quote is: its ``version``, else the source that quotes it."""
    return cell_text(quote["version"]) or f"as quoted by {source_short_name(tables, quote['source_id'])}"


#: Kinds of actor whose names take “the” in a sentence (the National Defense Commission).
BODIES = ("government body", "international body", "legislature", "news agency")


def actor_names(tables, ids) -> str:
    """Actors' names joined as in a sentence, with “the” where English wants it (the United States)."""
    actors = tables.indexed("actors")
    ids = [i for i in (ids.split(";") if isinstance(ids, str) else ids) if i]
    names = []
    for i in ids:
        name, kind = str(actors.loc[i, "name"]), actors.loc[i, "kind"]
        names.append(f"the {name}" if kind in BODIES or name.startswith("United ") else name)
    return join_words(names) if ids else ""


def capitalized(text: str) -> str:
    """``text`` with its first letter a capital, the rest as it is (``the United States`` → ``The United States``)."""
    return text[:1].upper() + text[1:]


def short_label(demand_id: str) -> str:
    """A demand's short label for charts and lists: its readable id as words.

    >>> short_label("no-nuclear-war-rehearsal")
    'No nuclear war rehearsal'
    """
    return str(demand_id).replace("-", " ").capitalize()


def state_of(tables, actor_id: str) -> str:
    """The actor at the top of ``actor_id``'s ``part_of`` chain (the state or body it speaks for)."""
    parent = tables.derived("actor parents", lambda t: {a: cell_text(p) for a, p in zip(t.actors["actor_id"], t.actors["part_of"])})
    seen = [actor_id]
    while parent[seen[-1]] and parent[seen[-1]] not in seen:
        seen.append(parent[seen[-1]])
    return seen[-1]


def _abbreviations(tables) -> list[tuple[str, str]]:
    """The glossary's ``(abbreviation, expansion)`` pairs."""
    glossary = tables.glossary.dropna(subset=["expansion"])
    return list(zip(glossary["term"], glossary["expansion"]))


def actor_name(tables, actor_id: str, short: bool = False, state: bool = False) -> str:
    """An actor's name from actors.csv; ``short`` puts the glossary's abbreviations in,
    ``state`` adds the state (or body) it belongs to in brackets.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> actor_name(tables, "ndc-policy", short=True, state=True)
    'Policy Department of the NDC (North Korea)'
    >>> actor_name(tables, "cprk", short=True), actor_name(tables, "usa", state=True)
    ('CPRK', 'United States')
    >>> actor_name(tables, "rok-unification-ministry", state=True)  # the state is in the name already
    'Unification Ministry (South Korea)'
    """
    names = tables.derived("actor names", lambda t: dict(zip(t.actors["actor_id"], t.actors["name"])))
    name = str(names[actor_id])
    if short:
        for abbreviation, expansion in tables.derived("abbreviations", _abbreviations):
            if expansion in name and f"({abbreviation})" not in name:
                name = name.replace(expansion, abbreviation)
    top = state_of(tables, actor_id) if state else actor_id
    return name if top == actor_id or f"({names[top]})" in name else f"{name} ({names[top]})"


def id_list(cell) -> list[str]:
    """The ids of a ``;``-separated cell, in order (an empty cell has none)."""
    return [part for part in cell_text(cell).split(";") if part]


def answers_to(tables, demand_id: str):
    """The rows of ``answers.csv`` that answer ``demand_id``, earliest first (the file's order on a tie).

    >>> from korea_kit import load_tables
    >>> list(answers_to(load_tables(), "stop-rhetoric")["by_id"])
    ['cho-tai-young', 'hua-chunying']
    >>> list(answers_to(load_tables(), "clear-signals")["answer_id"])
    []
    """
    rows = tables.derived("answer rows by demand", _answer_rows).get(demand_id, [])
    answers = tables.answers.iloc[rows]
    return answers.sort_values("said_on", kind="stable")


def _answer_rows(tables) -> dict[str, list[int]]:
    """The positions in ``answers.csv`` of each demand's answers, in the file's order."""
    found: dict[str, list[int]] = {}
    for position, ids in enumerate(tables.answers["demand_ids"]):
        for demand_id in dict.fromkeys(id_list(ids)):
            found.setdefault(demand_id, []).append(position)
    return found


def answer_line(tables, answer, *, quote: bool = True) -> str:
    """One answer as a line of text: who (and for whom), when, the stance, the kit's words, the quote.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> print(answer_line(tables, tables.record("answers", "hua-urges-calm")))
    ... # doctest: +NORMALIZE_WHITESPACE
    Hua Chunying (China), 18 April 2013, urges dialogue: Said dialogue and negotiation were the only correct way, urged all sides to remain calm and exercise restraint, and called for the denuclearization of the Peninsula and for pressing ahead with the Six-Party Talks. In their own words: “dialogue and negotiation is the only correct way to solve the Peninsula issue”
    """
    who = actor_name(tables, answer["by_id"], state=True)
    line = f"{who}, {format_date(answer['said_on'])}, {answer['stance']}: {answer['answer']}"
    if quote and cell_text(answer["quote_id"]):
        words = tables.record("quotes", answer["quote_id"])["text"]
        line += f" In their own words: “{words}”"
    return line


def record_text(tables, table: str, record_id: str) -> str:
    """One record of ``data/`` as a line of plain text: the kit's words, or the quote's own words.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> record_text(tables, "events", "key-resolve-2013")
    '11 to 21 March 2013: US and South Korean commanders held the Key Resolve command-post exercise.'
    >>> record_text(tables, "quotes", "kerry-gambit")
    'John Kerry, 18 April 2013: “at least a beginning gambit”'
    >>> print(record_text(tables, "demands", "withdraw-nuclear-assets"))  # doctest: +ELLIPSIS
    The Policy Department of the National Defense Commission asked the United States (and, in some reports, South Korea), a precondition: Withdraw all nuclear weapons assets (nuclear war means) from South Korea and the region. (Answers: John Kerry rejects, 18 April 2013; Cho Tai-young rejects, 18 April 2013; Hua Chunying urges dialogue, 18 April 2013.)
    >>> print(record_text(tables, "answers", "ndc-rejects-us"))  # doctest: +ELLIPSIS
    The Policy Department of the National Defense Commission, 18 April 2013, rejects (answering Abandon nuclear ambitions; Meaningful steps; Seoul meaningful steps): In the same statement, called the US and South Korean preconditions (a demonstration of the intention to denuclearize, a halt to missile launches) absurd.
    """
    row = tables.record(table, record_id)
    if table == "events":
        return f"{event_dates(row)}: {row['summary']}"
    if table == "quotes":
        version = f" ({row['version']})" if cell_text(row["version"]) else ""
        return f"{capitalized(actor_names(tables, [row['speaker_id']]))}, {format_date(row['said_on'])}{version}: “{row['text']}”"
    if table in ("demands", "answers"):
        if table == "answers":
            about = "; ".join(short_label(d) for d in str(row["demand_ids"]).split(";") if d)
            return (f"{capitalized(actor_names(tables, [row['by_id']]))}, {format_date(row['said_on'])}, {row['stance']} "
                    f"(answering {about}): {row['answer']}")
        answers = [f"{actor_names(tables, [a['by_id']])} {a['stance']}, {format_date(a['said_on'])}"
                   for _, a in answers_to(tables, record_id).iterrows()]
        outcome = f"Answers: {'; '.join(answers)}." if answers else "No answer reported."
        of = actor_names(tables, row["of_ids"])
        if cell_text(row["disputed_of_ids"]):
            of += f" (and, in some reports, {actor_names(tables, row['disputed_of_ids'])})"
        kind = f"{'an' if str(row['kind'])[:1] in 'aeiou' else 'a'} {row['kind']}"
        return f"{capitalized(actor_names(tables, [row['by_id']]))} asked {of}, {kind}: {row['demand']} ({outcome})"
    if table == "actors":
        return f"{row['name']}: {row['role']}"
    if table == "figures":
        return f"{row['subject']}: {format_number(row['value'], bool(row['approximate']))} {row['unit']}"
    if table == "glossary":
        expansion = f" ({row['expansion']})" if cell_text(row["expansion"]) else ""
        return f"{row['term']}{expansion}: {row['definition']}"
    if table == "places":
        where = f"in {actor_names(tables, [row['country_id']])}" if cell_text(row["country_id"]) else "outside the two Koreas"
        return f"{row['name']}: a {row['kind']} {where}"
    return str(row["measure"])
