"""Tables for the lessons: facts from ``data/`` rendered with their sources.

Each view is a pure function from the tables to an :class:`HTMLView`, which
shows as an HTML table in JupyterLab and in the static site, and as plain text
everywhere else. Every value that comes from the data is HTML-escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .dates import format_date, format_range
from .sources import _label, _text, cite, item_text

__all__ = ["HTMLView", "events_view", "sources_view"]


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


def _event_dates(row) -> str:
    if _text(row["end_date"]):
        return format_range(row["date"], row["end_date"])
    return format_date(row["date"], row["date_precision"])


def _table(headers: list[str], rows: list[list[str]], caption: str) -> str:
    # Inline alignment: notebook styles right-align table cells, which suits numbers, not sentences.
    left = 'style="text-align:left;vertical-align:top"'
    head = "".join(f'<th scope="col" {left}>{html.escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td {left}>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f'<table class="kk-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


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
    notes: dict[tuple, int] = {}
    rows_html, rows_text = [], []
    for _, event in events.iterrows():
        numbers = []
        for item in cite(tables, "events", event["event_id"]).items:
            numbers.append(notes.setdefault(tuple(item.items()), len(notes) + 1))
        refs = " ".join(f"[{n}]" for n in sorted(set(numbers)))
        when = _event_dates(event)
        rows_html.append(
            [html.escape(when), html.escape(str(event["topic"])), html.escape(str(event["summary"])), html.escape(refs)]
        )
        rows_text.append(f"- {when} ({event['topic']}): {event['summary']} {refs}")
    note_lines = [(number, item_text(dict(key))) for key, number in notes.items()]
    html_notes = "".join(
        f'<li value="{n}">{html.escape(line)}</li>' for n, line in note_lines
    )
    body = _table(["Date", "Topic", "What happened", "Sources"], rows_html, caption)
    text = "\n".join([caption, *rows_text, "Sources:", *(f"[{n}] {line}" for n, line in note_lines)])
    return HTMLView(body + f'<ol class="kk-notes">{html_notes}</ol>', text)


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
        label = _label(s)
        title = _text(s["title"])
        notes = _text(s["notes"])
        rows_html.append([html.escape(label), html.escape(title), html.escape(notes)])
        rows_text.append(f"- {label}" + (f": {title}" if title else ""))
    return HTMLView(_table(["Source", "Title", "Notes"], rows_html, caption), "\n".join([caption, *rows_text]))
