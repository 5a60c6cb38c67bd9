"""Tables for the lessons: facts from ``data/`` rendered with their sources.

Each view is a pure function from the tables to an :class:`HTMLView`, which
shows as an HTML table in JupyterLab and in the static site, and as plain text
everywhere else. Every value that comes from the data is HTML-escaped.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass

from korea_kit.dates import format_date, format_range
from korea_kit.data.sources import source_label, cite, item_text, source_ids
from korea_kit.text import cell_text

__all__ = ["HTMLView", "SourceNotes", "cited_view", "events_view", "sources_view", "sources_used_view",
           "html_table", "view_cell", "event_dates"]


@dataclass(frozen=True)
class HTMLView:
    """Something to show: ``html`` for rich displays, ``text`` for plain ones."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(self.text)

    def __str__(self) -> str:
        return self.text


def event_dates(row) -> str:
    """An event's dates as the lessons write them: one day, a range, or a month or year."""
    if cell_text(row["end_date"]):
        return format_range(row["date"], row["end_date"])
    return format_date(row["date"], row["date_precision"])


def html_table(headers: list[str], rows: list[list[str]], caption: str) -> str:
    """An HTML table with a caption; ``headers`` are escaped here, ``rows`` hold cells already in HTML."""
    # Inline alignment: notebook styles right-align table cells, which suits numbers, not sentences.
    left = 'style="text-align:left;vertical-align:top"'
    head = "".join(f'<th scope="col" {left}>{html.escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td {left}>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f'<table class="kk-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


class SourceNotes:
    """Numbered source notes shared by the rows of one view, numbered as :func:`~korea_kit.events_view` does.

    ``kinds`` keeps only the citations from sources of those kinds (``article``,
    ``reference``); a quote always keeps its own source.

    >>> from korea_kit import load_tables
    >>> notes = SourceNotes(load_tables())
    >>> notes.refs([("events", "key-resolve-2013"), ("events", "foal-eagle-2013")])
    '[1] [2] [3]'
    >>> notes.refs([("events", "key-resolve-2013")])
    '[1]'
    >>> notes.lines()[0]
    '[1] GlobalSecurity.org, "Key Resolve / Foal Eagle 2013" (verified)'
    """

    def __init__(self, tables, kinds=None):
        if kinds is not None:
            keep = set(tables.sources.loc[tables.sources["kind"].isin(kinds), "source_id"])
            tables = dataclasses.replace(tables, citations=tables.citations[tables.citations["source_id"].isin(keep)])
        self.tables, self.numbers = tables, {}

    def refs(self, refs) -> str:
        """``[1] [3]``: the numbers of the sources of some ``(table, id)`` records."""
        return self.items([item for table, record_id in refs for item in cite(self.tables, table, record_id).items])

    def items(self, items) -> str:
        """``[1] [2]``: the numbers of some citation items (e.g. a :class:`~korea_kit.data.sources.Citation`'s)."""
        found = {self.numbers.setdefault(tuple(item.items()), len(self.numbers) + 1) for item in items}
        return " ".join(f"[{n}]" for n in sorted(found))

    def lines(self) -> list[str]:
        """The notes as text lines, ``[n] source: “words” (confidence). Note: …``."""
        return [f"[{n}] {item_text(dict(key))}" for key, n in self.numbers.items()]

    def html(self) -> str:
        """The notes as an ordered list, every value escaped."""
        items = "".join(f'<li value="{n}">{html.escape(item_text(dict(key)))}</li>' for key, n in self.numbers.items())
        return f'<ol class="kk-notes">{items}</ol>'

    def text(self) -> list[str]:
        """``Sources:`` and the notes, as text lines."""
        return ["Sources:", *self.lines()]

    def view(self, body_html: str, lines: list[str]) -> HTMLView:
        """An :class:`HTMLView` of a body (HTML, and text lines) with these notes under it."""
        return HTMLView(body_html + self.html(), "\n".join([*lines, *self.text()]))


def view_cell(value) -> tuple[str, str]:
    """A cell as ``(html, text)``: plain text is escaped; a pair is taken as given."""
    return value if isinstance(value, tuple) else (html.escape(str(value)), str(value))


def cited_view(tables, headers, rows, caption: str, *, kinds=None, intro: str = "") -> HTMLView:
    """A table whose rows each end with the numbers of their sources, the notes under it.

    ``rows`` are ``(cells, refs)``: cells are plain text (escaped here) or
    ``(html, text)`` pairs; refs are the ``(table, id)`` records behind the row.
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
    body_html, body_text = [], []
    for cells, refs in rows:
        pairs = [view_cell(c) for c in cells] + [view_cell(notes.refs(refs))]
        body_html.append([h for h, _ in pairs])
        body_text.append("- " + " | ".join(t for _, t in pairs))
    lead = f"<p>{html.escape(intro)}</p>" if intro else ""
    return notes.view(lead + html_table([*headers, "Sources"], body_html, caption), [caption, *([intro] if intro else []), *body_text])


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
    rows_html, rows_text = [], []
    for _, event in events.iterrows():
        refs = notes.refs([("events", event["event_id"])])
        when = event_dates(event)
        rows_html.append(
            [html.escape(when), html.escape(str(event["topic"])), html.escape(str(event["summary"])), html.escape(refs)]
        )
        rows_text.append(f"- {when} ({event['topic']}): {event['summary']} {refs}")
    body = html_table(["Date", "Topic", "What happened", "Sources"], rows_html, caption)
    return notes.view(body, [caption, *rows_text])


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
    rows_html, rows_text = [], []
    for _, s in sources.iterrows():
        label = source_label(s)
        title = cell_text(s["title"])
        notes = cell_text(s["notes"])
        rows_html.append([html.escape(label), html.escape(title), html.escape(notes)])
        rows_text.append(f"- {label}" + (f": {title}" if title else ""))
    return HTMLView(html_table(["Source", "Title", "Notes"], rows_html, caption), "\n".join([caption, *rows_text]))


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
