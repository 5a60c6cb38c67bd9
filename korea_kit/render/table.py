"""One structure for every view: a :class:`Table` of :class:`Row`\\ s of :class:`Cell`\\ s, with its
:class:`SourceNotes`, rendered to HTML by the Jinja2 templates in ``templates/`` (which escape every
value) and to plain text by :func:`render_text`, both from the same structure.

A cell is plain text; it carries markup only as an explicit :class:`~markupsafe.Markup` ``html``.

>>> view = table_view(Table("Demo", ["Name"], [Row([Cell("<b> & 'quotes'")]), Row([Cell("bold", Markup("<b>bold</b>"))])]))
>>> print(view.text)
Demo
- <b> & 'quotes'
- bold
>>> "<td style=\\"text-align:left;vertical-align:top\\">&lt;b&gt; &amp; &#x27;quotes&#x27;</td>" in view.html
True
>>> "<b>bold</b>" in view.html
True
"""

from __future__ import annotations

import dataclasses
import functools
import html
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from korea_kit.data.sources import cite, item_text

__all__ = ["HTMLView", "Cell", "Row", "Table", "SourceNotes", "html_list", "render_html", "render_template", "render_text", "table_view"]


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


@dataclass(frozen=True)
class Cell:
    """One cell: its ``text``, and optionally its ``html`` (deliberate markup, only as :class:`Markup`).

    >>> Cell("a < b").markup
    'a < b'
    >>> Cell("x", "<i>x</i>")
    Traceback (most recent call last):
    ...
    TypeError: a cell's html must be Markup, not str
    """

    text: str
    html: Markup | None = None

    def __post_init__(self) -> None:
        if self.html is not None and not isinstance(self.html, Markup):
            raise TypeError(f"a cell's html must be Markup, not {type(self.html).__name__}")

    @property
    def markup(self) -> Markup | str:
        """What the HTML template shows: the ``html`` if given, else the ``text`` (escaped by the template)."""
        return self.text if self.html is None else self.html

    @classmethod
    def of(cls, value: Any) -> Cell:
        """A :class:`Cell` as given, or plain text from any other value (never a pair: markup is explicit).

        >>> Cell.of(3)
        Cell(text='3', html=None)
        """
        if isinstance(value, tuple):
            raise TypeError("a cell is text or a Cell; give markup as Cell(text, Markup(html)), not a pair")
        return value if isinstance(value, Cell) else cls(str(value))


@dataclass(frozen=True)
class Row:
    """A row of cells; ``text`` is its plain-text line (by default ``- cell | cell``)."""

    cells: list[Cell]
    text: str | None = None

    def line(self) -> str:
        """The row as one line of text."""
        return self.text if self.text is not None else "- " + " | ".join(c.text for c in self.cells)


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

    def numbered(self) -> list[tuple[int, str]]:
        """The notes as ``(number, text)`` pairs, in the order they were first cited."""
        return [(n, item_text(dict(key))) for key, n in self.numbers.items()]

    def lines(self) -> list[str]:
        """The notes as text lines, ``[n] source: “words” (confidence). Note: …``."""
        return [f"[{n}] {line}" for n, line in self.numbered()]

    def html(self) -> str:
        """The notes as an ordered list, every value escaped."""
        return _template("notes.html.j2").render(notes=self.numbered())

    def text(self) -> list[str]:
        """``Sources:`` and the notes, as text lines."""
        return ["Sources:", *self.lines()]

    def view(self, body_html: str, lines: list[str]) -> HTMLView:
        """An :class:`HTMLView` of a body (HTML, and text lines) with these notes under it."""
        return HTMLView(body_html + self.html(), "\n".join([*lines, *self.text()]))


@dataclass
class Table:
    """A view: a ``caption``, column ``headers``, ``rows``, the ``notes`` the rows cite, an ``intro``
    sentence above the table and an ``outro`` sentence under it."""

    caption: str
    headers: list[str]
    rows: list[Row]
    notes: SourceNotes | None = None
    intro: str = ""
    outro: str = ""


def _finalize(value: Any) -> Any:
    """Escape as :func:`html.escape` does (``'`` as ``&#x27;``), so the HTML is the kit's as before."""
    return value if hasattr(value, "__html__") else Markup(html.escape(str(value)))


@functools.cache
def _environment():
    """The templates' environment, built on first use; it escapes every value (``autoescape``)."""
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("korea_kit.render", "templates"), autoescape=True,
                              finalize=_finalize, undefined=jinja2.StrictUndefined)


def _template(name: str):
    return _environment().get_template(name)


def render_template(name: str, **context: Any) -> str:
    """Render one of the templates in ``templates/``; every value is escaped unless it is :class:`Markup`.

    >>> render_template("options_key.html.j2", options=[("A & B", "right", "<yes>")])
    '<ul class="kk-option-key"><li><strong>A &amp; B</strong> (right): &lt;yes&gt;</li></ul>'
    """
    return _template(name).render(**context)


def html_list(items: list[str], tag: str = "ol") -> Markup:
    """Plain-text items as an HTML list (``ol`` or ``ul``), every item escaped: markup for a :class:`Cell`.

    >>> html_list(["a < b", "c"])
    Markup('<ol><li>a &lt; b</li><li>c</li></ol>')
    """
    if tag not in ("ol", "ul"):
        raise ValueError(f"tag must be 'ol' or 'ul', not {tag!r}")
    return Markup(render_template("list.html.j2", items=items, tag=tag))


def render_html(table: Table) -> str:
    """The table as HTML: intro paragraph, table, outro paragraph and notes; every value escaped unless it is :class:`Markup`."""
    notes = table.notes.numbered() if table.notes is not None else None
    return _template("table.html.j2").render(table=table, notes=notes)


def render_text(table: Table) -> str:
    """The table as plain text: caption, intro, one line per row, outro, then ``Sources:`` and the notes."""
    notes = table.notes.text() if table.notes is not None else []
    return "\n".join([table.caption, *([table.intro] if table.intro else []), *(r.line() for r in table.rows),
                      *([table.outro] if table.outro else []), *notes])


def table_view(table: Table) -> HTMLView:
    """The :class:`HTMLView` of a table: :func:`render_html` and :func:`render_text`."""
    return HTMLView(render_html(table), render_text(table))
