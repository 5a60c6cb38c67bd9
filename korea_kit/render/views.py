"""Tables for the lessons: facts from ``data/`` rendered with their sources.

Each view is a pure function from the tables to an :class:`HTMLView`, which
shows as an HTML table in JupyterLab and in the static site, and as plain text
everywhere else. A view builds one :class:`~korea_kit.render.table.Table`; its
templates escape every value that comes from the data.
"""

from __future__ import annotations

import dataclasses
from html import escape

from korea_kit.dates import format_date, format_range
from markupsafe import Markup

from korea_kit.data.sources import source_anchor, source_label, source_ids
from korea_kit.render.table import HTMLView, Cell, Row, SourceNotes, Table, render_template, table_view
from korea_kit.text import cell_text

__all__ = ["HTMLView", "SourceNotes", "RECORD_NOUNS", "cited_view", "events_view", "sources_view", "sources_used_view",
           "event_dates", "SourceMarks"]


def event_dates(row) -> str:
    """An event's dates as the lessons write them: one day, a range, or a month or year."""
    if cell_text(row["end_date"]):
        return format_range(row["date"], row["end_date"])
    return format_date(row["date"], row["date_precision"])


def cited_view(tables, headers, rows, caption: str, *, kinds=None, intro: str = "", fold: bool = True) -> HTMLView:
    """A table whose rows each end with the marks of their sources, the folded evidence under it.

    ``rows`` are ``(cells, refs)``: cells are plain text (escaped) or
    :class:`~korea_kit.render.table.Cell` objects (deliberate markup as their ``html``); refs are the
    ``(table, id)`` records behind the row.
    ``intro`` is a plain-text sentence shown above the table; ``fold=False`` shows the evidence open.

    >>> from korea_kit import load_tables
    >>> view = cited_view(load_tables(), ["Event"], [(["Key <Resolve>"], [("events", "key-resolve-2013")])], "Demo")
    >>> print(view.text)
    Demo
    - Key <Resolve> | [GlobalSecurity.org]
    Evidence:
    GlobalSecurity.org (verified)
    >>> "Key &lt;Resolve&gt;" in view.html
    True
    """
    notes = SourceNotes(tables, kinds, fold=fold, marks=True)
    body = [Row([*(Cell.of(c) for c in cells), Cell(notes.refs(refs))]) for cells, refs in rows]
    return table_view(Table(caption, [*headers, "Sources"], body, notes, intro))


def events_view(tables, event_ids=None, start=None, end=None, caption: str = "Events", *, fold: bool = True) -> HTMLView:
    """The chosen events in date order, each with the marks of its sources.

    ``event_ids`` picks events by id (in date order); otherwise ``start`` and
    ``end`` (inclusive, ``YYYY-MM-DD``) bound the dates. Under the table, a
    fold holds the evidence of each citation as :func:`~korea_kit.cite` gives it:
    the source's mark, an article's words, the confidence and any correction
    (``fold=False`` shows it open).

    >>> from korea_kit import load_tables
    >>> view = events_view(load_tables(), ["key-resolve-2013"], caption="Key Resolve")
    >>> print(view.text)
    Key Resolve
    - 11 to 21 March 2013 (drills): US and South Korean commanders held the Key Resolve command-post exercise. [GlobalSecurity.org]
    Evidence:
    GlobalSecurity.org (verified)
    """
    import pandas as pd

    events = tables.events.sort_values(["date", "event_id"])
    if event_ids is not None:
        unknown = set(event_ids) - set(events["event_id"])
        if unknown:
            raise KeyError(f"no event with id {', '.join(sorted(unknown))}")
        events = events[events["event_id"].isin(set(event_ids))]
    if start is not None:
        events = events[events["date"] >= pd.Timestamp(start)]
    if end is not None:
        events = events[events["date"] <= pd.Timestamp(end)]
    notes = SourceNotes(tables, fold=fold, marks=True)
    rows = []
    for _, event in events.iterrows():
        refs = notes.refs([("events", event["event_id"])])
        when = event_dates(event)
        rows.append(Row([Cell(when), Cell(str(event["topic"])), Cell(str(event["summary"])), Cell(refs)],
                        f"- {when} ({event['topic']}): {event['summary']} {refs}"))
    return table_view(Table(caption, ["Date", "Topic", "What happened", "Sources"], rows, notes))


def sources_view(tables, kind: str | None = None, caption: str = "Sources") -> HTMLView:
    """The sources (``kind``: ``article``, ``reference`` or ``None`` for both) as a table.

    >>> from korea_kit import load_tables
    >>> print(sources_view(load_tables(), "article").text.splitlines()[1])
    - International Business Times (IBTimes), 18 or 19 April 2013 [ibtimes-2013-04-18]
    """
    sources = tables.sources
    if kind is not None:
        if kind not in ("article", "reference"):
            raise ValueError(f"kind must be 'article', 'reference' or None, not {kind!r}")
        sources = sources[sources["kind"] == kind]
    rows = []
    for _, s in sources.iterrows():
        label, title = source_label(s), cell_text(s["title"])
        rows.append(Row([Cell(label), Cell(title), Cell(cell_text(s["notes"]))],
                        f"- {label}" + (f": {title}" if title else "")))
    return table_view(Table(caption, ["Source", "Title", "Notes"], rows))


#: What a record of each table is called in a list of references ("used for 2 events").
RECORD_NOUNS = {"events": "event", "quotes": "quote", "demands": "demand", "answers": "answer", "figures": "figure",
                "measures": "measure", "glossary": "term", "actors": "actor", "places": "place",
                "claims": "claim", "phrases": "phrase", "terms": "loaded word", "date_clues": "date clue",
                "misconceptions": "misconception", "moves": "move", "framings": "framing",
                "kaesong_statuses": "status", "sources": "map data source", "shapes": "outline",
                "open_questions": "open question"}


def _uses(tables, refs) -> dict[str, dict[str, None]]:
    """For each source id, where the lesson uses it: section names, or counts of records by table."""
    groups = refs.items() if isinstance(refs, dict) else [(None, refs)]
    uses: dict[str, dict] = {}
    for place, group in groups:
        counts: dict[str, dict[str, set]] = {}
        for table, record_id in dict.fromkeys(group):
            for source_id in source_ids(tables, [(table, record_id)]):
                counts.setdefault(source_id, {}).setdefault(table, set()).add(record_id)
        for source_id, found in counts.items():
            if place is not None:
                uses.setdefault(source_id, {})[place] = None
            else:
                for table, ids in found.items():
                    noun = RECORD_NOUNS.get(table, table.replace("_", " ").rstrip("s"))
                    uses.setdefault(source_id, {})[f"{len(ids)} {noun}{'s' * (len(ids) != 1)}"] = None
    return uses


def sources_used_view(tables, refs, caption: str = "The sources of this lesson") -> HTMLView:
    """A lesson's list of references: every source behind some records, numbered, each once with its full
    reference and its mark, and where the lesson uses it. The marks of the lesson's views link here.

    ``refs`` is a list of ``(table, id)`` records (each source then says for how many records of each
    table it stands), or a dict from the lesson's section headings to such lists (each source then names
    the sections that use it, linked to their headings).

    >>> from korea_kit import load_tables
    >>> view = sources_used_view(load_tables(), [("events", "key-resolve-2013"), ("glossary", "key-resolve")], "Used")
    >>> print(view.text)
    Used
    1. GlobalSecurity.org, "Key Resolve / Foal Eagle 2013" [GlobalSecurity.org]. Used for: 1 event, 1 term.
    >>> print(sources_used_view(load_tables(), {"The drills": [("events", "key-resolve-2013")]}).text)
    The sources of this lesson
    1. GlobalSecurity.org, "Key Resolve / Foal Eagle 2013" [GlobalSecurity.org]. Used in: The drills.
    >>> '<tr id="source-globalsecurity-kr-fe-2013">' in view.html
    True
    """
    from korea_kit.data.sources import source_anchor, source_marks

    all_refs = [r for group in refs.values() for r in group] if isinstance(refs, dict) else list(refs)
    used, uses, marks = source_ids(tables, all_refs), _uses(tables, refs), source_marks(tables)
    sections = isinstance(refs, dict)
    label = "Used in" if sections else "Used for"
    entries, lines = [], [caption]
    for number, source_id in enumerate(used, 1):
        reference, places = str(tables.record("sources", source_id)["reference"]), list(uses.get(source_id, {}))
        links = [(p, "#" + p.replace(" ", "-")) for p in places] if sections else [(p, "") for p in places]
        entries.append({"number": number, "anchor": source_anchor(source_id), "reference": reference,
                        "mark": marks[source_id], "uses": links})
        lines.append(f"{number}. {reference} [{marks[source_id]}]. {label}: {', '.join(places)}.")
    html = render_template("references.html.j2", caption=caption, entries=entries, label=label)
    count = f"{len(entries)} source{'s' if len(entries) != 1 else ''}"
    summary = f"{caption}: {count}, each with its full reference (a mark's link opens this list)"
    return HTMLView(f'<details class="kk-fold kk-sources"><summary>{escape(summary, quote=False)}</summary>{html}</details>',
                    "\n".join(lines))


class SourceMarks:
    """Short source marks: each source gets one number, in the order of a list of sources (e.g. a lesson's),
    so that the full references are printed once, in :meth:`html` / :meth:`lines`.

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> marks = SourceMarks(tables)
    >>> marks.mark([("quotes", "kerry-gambit")])
    '[1, 2]'
    >>> marks.lines()[0]
    '[1] RT, "US rejects N. Korea conditions for nuclear talks, wants ‘clear signals’ from Pyongyang", 18 or 19 April 2013'
    """

    def __init__(self, tables, order=()):
        self.tables, self.numbers = tables, {}
        for source_id in order:
            self.numbers.setdefault(source_id, len(self.numbers) + 1)

    def numbers_of(self, refs) -> list[tuple[str, int]]:
        """``(source_id, number)`` of the sources behind some ``(table, id)`` records, in number order."""
        found = {s: self.numbers.setdefault(s, len(self.numbers) + 1) for s in source_ids(self.tables, list(refs))}
        return sorted(found.items(), key=lambda item: item[1])

    def mark(self, refs) -> str:
        """``[1, 4]``: the numbers of the sources behind some ``(table, id)`` records."""
        found = self.numbers_of(refs)
        return f"[{', '.join(str(n) for _, n in found)}]" if found else ""

    def mark_html(self, refs) -> Markup:
        """The same numbers, each a link to its source's entry in the list of references (escaped markup).

        >>> from korea_kit import load_tables
        >>> print(SourceMarks(load_tables()).mark_html([("quotes", "kerry-gambit")]))
        <span class="kk-marks">[<a href="#source-rt-2013-04-18">1</a>, <a href="#source-kerry-sfrc-2013-04-18">2</a>]</span>
        """
        found = self.numbers_of(refs)
        return Markup(render_template("numbered_marks.html.j2", marks=[(source_anchor(s), n) for s, n in found])) \
            if found else Markup("")

    def cell(self, refs) -> Cell:
        """A table cell of the marks: the numbers as text, linked in HTML."""
        return Cell(self.mark(refs), self.mark_html(refs))

    def entries(self) -> list[tuple[int, str]]:
        """``(number, full reference)`` for every source marked, in number order."""
        sources = self.tables.indexed("sources")
        out = []
        for source_id, n in sorted(self.numbers.items(), key=lambda item: item[1]):
            s = sources.loc[source_id]
            out.append((n, f"{s['reference'].split(' (text in ')[0]}" if s["kind"] == "article" else str(s["reference"])))
        return out

    def lines(self) -> list[str]:
        """The sources as text lines, ``[n] reference``."""
        return [f"[{n}] {text}" for n, text in self.entries()]

    def html(self) -> str:
        """The sources as a numbered list, each entry the anchor its marks link to (every value escaped)."""
        anchors = {n: source_anchor(s) for s, n in self.numbers.items()}
        return render_template("anchored_notes.html.j2", notes=[(n, anchors[n], text) for n, text in self.entries()])
