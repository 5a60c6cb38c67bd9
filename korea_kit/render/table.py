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

from korea_kit.data.sources import cite, item_text, source_anchor

__all__ = ["HTMLView", "Cell", "Row", "Table", "Marks", "SourceNotes", "evidence_text", "html_list", "render_html", "render_template", "render_text", "table_view", "folded"]


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


class Marks(str):
    """The short source marks of a fact, as text (``[IBTimes; Yonhap, 9 Apr]``); as HTML each mark links to
    its source's entry in the lesson's list of references (see :func:`~korea_kit.data.sources.source_anchor`).

    >>> marks = Marks([("ibtimes-2013-04-18", "IBTimes"), ("yonhap-2013-04-09", "Yonhap, 9 Apr")])
    >>> str(marks)
    '[IBTimes; Yonhap, 9 Apr]'
    >>> marks.__html__()
    '<span class="kk-marks">[<a href="#source-ibtimes-2013-04-18">IBTimes</a>; <a href="#source-yonhap-2013-04-09">Yonhap, 9 Apr</a>]</span>'
    """

    def __new__(cls, pairs):
        pairs = list(pairs)
        made = super().__new__(cls, "[" + "; ".join(mark for _, mark in pairs) + "]" if pairs else "")
        made.pairs = pairs
        return made

    def __html__(self) -> str:
        return _template("marks.html.j2").render(marks=[(source_anchor(s), m) for s, m in self.pairs])


def _cited_by(tables, kinds):
    """The tables with only the citations of sources of ``kinds``."""
    keep = set(tables.sources.loc[tables.sources["kind"].isin(kinds), "source_id"])
    return dataclasses.replace(tables, citations=tables.citations[tables.citations["source_id"].isin(keep)])


class SourceNotes:
    """The sources of the facts of one view: each fact shows short marks (:meth:`refs`, :meth:`items`), and
    under the view a fold holds the evidence, the sources' own words and how sure each is (:meth:`html`).
    The full references stand once, in the lesson's list of sources (:func:`~korea_kit.sources_used_view`),
    which the marks link to.

    ``kinds`` keeps only the citations from sources of those kinds (``article``,
    ``reference``); a quote always keeps its own source. ``fold=False`` shows the evidence
    open, for a lesson about the wording itself. Without ``marks=True`` they are the older numbered
    notes (``[1] [2]`` after each fact, every note in full under the view), for a view that
    prints them on a page of its own, such as a role card; the lessons' views use marks.

    >>> from korea_kit import load_tables
    >>> notes = SourceNotes(load_tables(), marks=True)
    >>> notes.refs([("events", "key-resolve-2013"), ("events", "nuclear-test-2013")])
    '[GlobalSecurity.org; IBTimes; RT; Wikipedia, “2013 North…”]'
    >>> notes.refs([("events", "key-resolve-2013")])
    '[GlobalSecurity.org]'
    >>> notes.lines()[0]
    'GlobalSecurity.org (verified)'
    >>> notes.html().startswith('<details class="kk-evidence"><summary>')
    True
    >>> numbered = SourceNotes(load_tables())
    >>> numbered.refs([("events", "key-resolve-2013")]), numbered.lines()[0]
    ('[1]', '[1] GlobalSecurity.org, "Key Resolve / Foal Eagle 2013" (verified)')
    """

    def __init__(self, tables, kinds=None, fold: bool = True, marks: bool = False):
        if kinds is not None:  # the same tables for the same kinds, so that their lookups are built once
            tables = tables.derived(("cited by", tuple(sorted(kinds))), lambda t: _cited_by(t, kinds))
        self.tables, self.numbers, self.fold, self.marks = tables, {}, fold, marks

    def refs(self, refs) -> Marks:
        """``[IBTimes; Yonhap, 9 Apr]``: the marks of the sources of some ``(table, id)`` records."""
        return self.items([item for table, record_id in refs for item in cite(self.tables, table, record_id).items])

    def items(self, items) -> Marks:
        """The marks of some citation items (e.g. a :class:`~korea_kit.data.sources.Citation`'s), each source once."""
        pairs, found = {}, set()
        for item in items:
            found.add(self.numbers.setdefault(tuple(item.items()), len(self.numbers) + 1))
            pairs.setdefault(item["source_id"], item["mark"])
        if not self.marks:
            return " ".join(f"[{n}]" for n in sorted(found))
        return Marks(pairs.items())

    def numbered(self) -> list[tuple[int, str]]:
        """The evidence as ``(number, text)`` pairs, in the order it was first cited."""
        show = evidence_text if self.marks else item_text
        return [(n, show(dict(key))) for key, n in self.numbers.items()]

    def lines(self) -> list[str]:
        """The evidence as text lines, ``mark: “words” (confidence). Note: …`` (numbered notes: ``[n] …``)."""
        return [line if self.marks else f"[{n}] {line}" for n, line in self.numbered()]

    def html(self) -> str:
        """The evidence, folded unless ``fold`` is false, every value escaped; nothing when there is none."""
        items = [dict(key) for key in self.numbers]
        if not self.marks:
            return _template("numbered_notes.html.j2").render(notes=self.numbered())
        if not items:
            return ""
        return _template("notes.html.j2").render(
            items=[(source_anchor(i["source_id"]), i["mark"], i["quote"], i["confidence"], i["note"]) for i in items],
            fold=self.fold)

    def text(self) -> list[str]:
        """``Evidence:`` and its lines (numbered notes: ``Sources:``)."""
        if not self.marks:
            return ["Sources:", *self.lines()]
        return ["Evidence:", *self.lines()] if self.numbers else []

    def view(self, body_html: str, lines: list[str]) -> HTMLView:
        """An :class:`HTMLView` of a body (HTML, and text lines) with the evidence under it."""
        return HTMLView(body_html + self.html(), "\n".join([*lines, *self.text()]))


def evidence_text(item: dict) -> str:
    """One citation item as a line of evidence: the source's mark, its words, how sure, and any note.

    >>> evidence_text({"mark": "RT", "quote": "clear signals", "confidence": "reported", "note": ""})
    'RT: “clear signals” (reported)'
    """
    return item_text({**item, "label": item["mark"]})


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
    notes = Markup(table.notes.html()) if table.notes is not None else None
    return _template("table.html.j2").render(table=table, notes=notes)


def render_text(table: Table) -> str:
    """The table as plain text: caption, intro, one line per row, outro, then ``Evidence:`` and its lines."""
    notes = table.notes.text() if table.notes is not None else []
    return "\n".join([table.caption, *([table.intro] if table.intro else []), *(r.line() for r in table.rows),
                      *([table.outro] if table.outro else []), *notes])


def table_view(table: Table) -> HTMLView:
    """The :class:`HTMLView` of a table: :func:`render_html` and :func:`render_text`."""
    return HTMLView(render_html(table), render_text(table))


def folded(view, summary: str) -> HTMLView:
    """A view behind a fold a reader opens when the task needs it: ``<details class="kk-fold">`` with
    ``summary`` as the line shown; the text rendering keeps the summary and the whole view. A link to an
    element inside the fold (a source mark's link to its entry) opens it in the browser, and print
    stylesheets print folds open.

    >>> view = folded(HTMLView("<table><tr><td>x &amp; y</td></tr></table>", "x & y"), "Table: x & y")
    >>> view.html
    '<details class="kk-fold"><summary>Table: x &amp; y</summary><table><tr><td>x &amp; y</td></tr></table></details>'
    >>> print(view.text)
    Table: x & y
    x & y
    """
    body = view._repr_html_() if hasattr(view, "_repr_html_") else html.escape(str(view))
    text = getattr(view, "text", None) or str(view)
    return HTMLView(f'<details class="kk-fold"><summary>{html.escape(summary, quote=False)}</summary>{body}</details>',
                    f"{summary}\n{text}")
