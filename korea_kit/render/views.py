"""Tables for the lessons: facts from ``data/`` rendered with their sources.

Each view is a pure function from the tables to an :class:`HTMLView`, which
shows as an HTML table in JupyterLab and in the static site, and as plain text
everywhere else. A view builds one :class:`~korea_kit.render.table.Table`; its
templates escape every value that comes from the data.
"""

from __future__ import annotations

import dataclasses

from korea_kit.dates import format_date, format_range
from korea_kit.data.sources import source_label, source_ids
from korea_kit.render.table import HTMLView, Cell, Row, SourceNotes, Table, table_view
from korea_kit.text import cell_text

__all__ = ["HTMLView", "SourceNotes", "cited_view", "events_view", "sources_view", "sources_used_view",
           "event_dates"]


def event_dates(row) -> str:
    """An event's dates as the lessons write them: one day, a range, or a month or year."""
    if cell_text(row["end_date"]):
        return format_range(row["date"], row["end_date"])
    return format_date(row["date"], row["date_precision"])


def cited_view(tables, headers, rows, caption: str, *, kinds=None, intro: str = "") -> HTMLView:
    """A table whose rows each end with the numbers of their sources, the notes under it.

    ``rows`` are ``(cells, refs)``: cells are plain text (escaped) or
    :class:`~korea_kit.render.table.Cell` objects (deliberate markup as their ``html``); refs are the
    ``(table, id)`` records behind the row.
    ``intro`` is a plain-text sentence shown above the table.

    >>> from korea_kit import load_tables
    >>> view = cited_view(load_tables(), ["Event"], [(["Key <Resolve>"], [("events", "key-resolve-2013")])], "Demo")
    >>> print(view.text)
    Demo
    - Key <Resolve> | [1]
    Sources:
    [1] GlobalSecurity.org, "Key Resolve / Foal Eagle 2013" (verified)
    >>> "Key &lt;Resolve&gt;" in view.html
    True
    """
    notes = SourceNotes(tables, kinds)
    body = [Row([*(Cell.of(c) for c in cells), Cell(notes.refs(refs))]) for cells, refs in rows]
    return table_view(Table(caption, [*headers, "Sources"], body, notes, intro))


def events_view(tables, event_ids=None, start=None, end=None, caption: str = "Events") -> HTMLView:
    """The chosen events in date order, each with numbered references to its sources.

    ``event_ids`` picks events by id (in date order); otherwise ``start`` and
    ``end`` (inclusive, ``YYYY-MM-DD``) bound the dates. Under the table,
    the numbered notes give each citation as :func:`~korea_kit.cite` does:
    the source, an article's words, the confidence and any correction.

    >>> from korea_kit import load_tables
    >>> view = events_view(load_tables(), ["key-resolve-2013"], caption="Key Resolve")
    >>> print(view.text)
    Key Resolve
    - 11 to 21 March 2013 (drills): US and South Korean commanders held the Key Resolve command-post exercise. [1]
    Sources:
    [1] GlobalSecurity.org, "Key Resolve / Foal Eagle 2013" (verified)
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
    notes = SourceNotes(tables)
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


def sources_used_view(tables, refs, caption: str = "The sources of this lesson") -> HTMLView:
    """:func:`sources_view` of only the sources behind some ``(table, id)`` records (see
    :func:`~korea_kit.data.sources.source_ids`): a lesson's list of sources.

    >>> from korea_kit import load_tables
    >>> print(sources_used_view(load_tables(), [("events", "key-resolve-2013")], "Used").text)
    Used
    - GlobalSecurity.org, "Key Resolve / Foal Eagle 2013"
    """
    used = tables.sources["source_id"].isin(source_ids(tables, refs))
    return sources_view(dataclasses.replace(tables, sources=tables.sources[used]), None, caption)
