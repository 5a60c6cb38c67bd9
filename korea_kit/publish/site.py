"""The lessons as a static website (``korea-kit build``), complete offline.

:func:`build` runs every lesson of ``notebooks/toc.json`` for an edition (see
:mod:`korea_kit.publish.editions`), or keeps the stored outputs, and writes with
nbconvert and the kit's own templates (``korea_kit/publish/site_templates/``):

- ``index.html``: the course, and each lesson with its time and objectives (its
  metadata: see :mod:`korea_kit.data.toc`);
- one page per lesson, with links to the previous and next lessons;
- ``glossary.html``, ``sources.html`` (what each source supports) and
  ``data.html``, with the kit's tables copied to ``data/`` for download (only
  regular files of the data folder; the student edition leaves out the quiz
  and open-question tables, which hold the answers);
- ``handouts/LESSON.html``, each lesson's handout to print (at most two A4
  pages: see :mod:`korea_kit.publish.handouts`), linked from its lesson page and
  the index; in the teacher edition also ``handouts/LESSON-teacher.html``, with
  the answers, linked from the teacher's guide too. A lesson without rows in
  ``handouts.csv`` gets no handout (``korea-kit check`` names it);
- ``teachers-guide.html``, the teacher's guide, in the teacher edition only;
- ``style.css``, for the screen (one column that never scrolls sideways on a
  phone: a wide table scrolls inside its own box, long words break) and for
  print (no navigation, folds opened, each H2 on a new page, tables and cards
  kept whole).

The site is made for reading: a lesson page shows no code, only the text and
the outputs. Cells tagged ``lab-only`` are left out and cells tagged
``page-only`` kept (see :func:`~korea_kit.publish.editions.for_edition`). The
lessons run with ``KOREA_KIT_CHART_FORMAT=svg``
(:data:`~korea_kit.charts.style.CHART_FORMAT_ENV`), so their charts are SVG,
sharp at any size; with ``--reuse-outputs`` the charts are the PNGs stored in
the notebooks. A narrow screen shows a chart in a box that scrolls sideways:
an SVG at least 46rem wide (its labels then at least 9 CSS pixels high), a PNG
at its own size, so that no label is drawn smaller than it was made.

The pages load nothing from elsewhere and run no script. Each output keeps
one rendering (a chart's HTML figure, not its PNG twice); widgets show their
static HTML. Every text taken from ``data/`` is HTML-escaped, and the links of
``data/README.md`` lead only to web, mail or relative addresses. The output
folder is written with :func:`~korea_kit.publish.editions.output_folder`: only what an
earlier build wrote is ever replaced.

>>> print(outline("<h1>A</h1><h3>B</h3><h1>C</h1>"))
<h1>A</h1><h2>B</h2><h2>C</h2>
>>> rewrite_links('<a href="02-sanctions.ipynb#Overview">Sanctions</a>')
'<a href="02-sanctions.html#Overview">Sanctions</a>'
"""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
from pathlib import Path

from korea_kit.charts.style import CHART_FORMAT_ENV
from korea_kit.publish.editions import GUIDE, KEY_MARKERS, check_output_folder, output_folder, prepare
from korea_kit.publish.handouts import handout_problems, handout_view, lessons_without_handouts
from korea_kit.data.toc import notebooks_dir
from korea_kit.text import cell_text


__all__ = ["SITE_TITLE", "GUIDE_PAGE", "TEMPLATES", "STUDENT_HIDDEN_TABLES", "SiteError", "one_rendering",
           "rewrite_links", "outline", "scroll_tables", "card_tables", "png_charts", "missing_alt", "markdown_html", "safe_links", "source_uses", "without_sections", "published_resources", "build"]

#: The name of the site, in every page's header and title.
SITE_TITLE = "Korea, April 2013"

#: The page of the teacher's guide (teacher edition only).
GUIDE_PAGE = GUIDE.removesuffix(".ipynb") + ".html"

#: The kit's templates: ``lesson/`` for nbconvert, the rest for the pages around it.
TEMPLATES = Path(__file__).resolve().parent / "site_templates"

_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# One rendering per output, the first of these that it has.
_ORDER = ("text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "text/plain")
_WIDGET_HINT = ('<p class="kk-hint"><em>Here the lesson has an interactive control; the page shows what it '
                'starts with. The lesson runs interactively in JupyterLab or on Binder.</em></p>')
_REPR = re.compile(r"<[^<>]*>")  # a default repr, such as <Figure size 640x480 with 1 Axes>
_IPYNB_LINK = re.compile(r'href="(?:\./)?([\w.-]+)\.ipynb(#[^"]*)?"')
_ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="#[^"]*">(?:¶|&#182;)</a>')  # nbconvert's, after headings
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.I)
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)[^>]*>", re.I)
#: Tables left out of the student site's data: the quiz and the open questions hold every answer, explanation,
#: model answer and rubric; the lesson plans and the misconceptions are the teacher's guide's; the claims hold
#: the verdicts of lesson 06's spot-the-error exercise.
STUDENT_HIDDEN_TABLES = frozenset({"quiz", "open_questions", "lesson_plans", "misconceptions", "claims"})

_URL_ATTR = re.compile(r'\s(href|src)="([^"]*)"', re.I)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
# Columns that name a record, in order of preference (else its id, the first column).
_LABELS = ("title", "name", "term", "subject", "demand", "measure", "text", "question")


class SiteError(Exception):
    """A lesson cannot be published as it is, e.g. a chart without a description."""


def one_rendering(output, where: str = "an output"):
    """The output with one rendering only, as HTML, Markdown or text; None if none can be shown.

    Images become an ``<img>`` whose alt text is the output's text, which
    must describe it: :class:`SiteError` otherwise. A widget without a
    static HTML rendering becomes a hint to open the lesson in JupyterLab.

    >>> out = {"output_type": "display_data", "metadata": {},
    ...        "data": {"image/png": "iVBORw0KGgo=", "text/plain": "Two bars: 3 and 5."}}
    >>> one_rendering(out)["data"]
    {'text/html': '<img src="data:image/png;base64,iVBORw0KGgo=" alt="Two bars: 3 and 5.">'}
    >>> one_rendering({**out, "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 640x480>"}})
    Traceback (most recent call last):
    ...
    korea_kit.publish.site.SiteError: an output: an image with no description ...
    """
    data = output.get("data")
    if data is None:
        return output  # a stream or an error
    mime = next((m for m in _ORDER if m in data), None)
    if mime is None:
        return None
    value = data[mime]
    if mime.startswith("image/"):
        alt = data.get("text/plain", "").strip()
        if not alt or _REPR.fullmatch(alt):
            raise SiteError(f"{where}: an image with no description to serve as its alt text; "
                            "show charts with korea_kit's Chart, which carries its description")
        if mime == "image/svg+xml":
            value = base64.b64encode(value.encode("utf-8")).decode("ascii")
        mime, value = "text/html", f'<img src="data:{mime};base64,{value.strip()}" alt="{html.escape(alt)}">'
    elif mime == "text/plain" and _WIDGET_VIEW in data:
        mime, value = "text/html", _WIDGET_HINT
    return {**output, "metadata": {}, "data": {mime: value}}


def rewrite_links(page: str) -> str:
    """Links to notebooks (``NN-name.ipynb``) made links to their pages (``NN-name.html``)."""
    return _IPYNB_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', page)


def outline(page: str) -> str:
    """The headings renumbered so that a page has one H1 and never skips a level.

    The first H1 stays; any later one becomes an H2; every other heading
    goes at most one level deeper than the one before it.
    """
    levels, previous = [], 0

    def renumber(match):
        nonlocal previous
        if match.group(1):
            return f"</h{levels.pop() if levels else match.group(2)}"
        wanted = int(match.group(2))
        level = 1 if wanted == 1 and previous == 0 else max(2, min(wanted, previous + 1))
        levels.append(level)
        previous = level
        return f"<h{level}"

    return _HEADING.sub(renumber, page)


_TABLE = re.compile(r"<table\b.*?</table>", re.I | re.S)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.I | re.S)
_PNG_FIGURE = re.compile(r'<figure(?: class="kk-chart kk-chart-png")?>(\s*<img src="data:image/png)', re.I)
_SVG_FIGURE = re.compile(r'<figure class="kk-chart kk-chart-svg">', re.I)


def scroll_tables(page: str) -> str:
    """Every table put in a box of its own that scrolls sideways when the table is wider than the screen.

    The box can take the focus (so it scrolls from the keyboard) and is named by the table's caption.

    >>> print(scroll_tables('<table><caption>The <b>votes</b></caption><tr><td>15</td></tr></table>'))
    <div class="kk-scroll" role="region" tabindex="0" aria-label="The votes"><table><caption>The <b>votes</b></caption><tr><td>15</td></tr></table></div>
    """
    def wrap(match) -> str:
        caption = _CAPTION.search(match.group(0))
        name = " ".join(_REPR.sub("", caption.group(1)).split()) if caption else ""
        label = html.escape(html.unescape(name) or "A table", quote=True)
        return f'<div class="kk-scroll" role="region" tabindex="0" aria-label="{label}">{match.group(0)}</div>'

    return _TABLE.sub(wrap, page)


_THEAD = re.compile(r"<thead\b.*?</thead>", re.I | re.S)
_TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.I | re.S)
_TBODY = re.compile(r"<tbody\b.*?</tbody>", re.I | re.S)
_ROW = re.compile(r"<tr\b.*?</tr>", re.I | re.S)
_TD = re.compile(r"<td\b", re.I)

#: A table with at least this many columns reads as a stack of cards on a narrow screen.
CARD_COLUMNS = 3


def card_tables(page: str) -> str:
    """Every table of at least :data:`CARD_COLUMNS` columns marked ``kk-cards``, each of its cells labelled with
    its column's heading (``data-label``): on a narrow screen the style sheet shows each row as a card, its
    cells one under another, each after its heading, instead of a table wider than the screen.

    >>> print(card_tables('<table><thead><tr><th>When</th><th>Who</th><th><b>Said</b></th></tr></thead>'
    ...                   '<tbody><tr><td>18 Apr</td><td>Kerry</td><td>"No"</td></tr></tbody></table>'))
    <table class="kk-cards"><thead><tr><th>When</th><th>Who</th><th><b>Said</b></th></tr></thead><tbody><tr><td data-label="When">18 Apr</td><td data-label="Who">Kerry</td><td data-label="Said">"No"</td></tr></tbody></table>
    >>> card_tables('<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>')
    '<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>'
    """
    def cards(match) -> str:
        table = match.group(0)
        head = _THEAD.search(table)
        headers = [" ".join(_REPR.sub("", h).split()) for h in _TH.findall(head.group(0))] if head else []
        if len(headers) < CARD_COLUMNS:
            return table
        labels = [html.escape(html.unescape(h), quote=True) for h in headers]

        def label_row(row) -> str:
            cells = iter(labels)
            return _TD.sub(lambda td: f'{td.group(0)} data-label="{next(cells, "")}"', row.group(0))

        body = _TBODY.sub(lambda b: _ROW.sub(label_row, b.group(0)), table)
        if re.match(r"<table\b[^>]*\bclass=\"", body, re.I):
            return re.sub(r'^(<table\b[^>]*\bclass=")', r"\1kk-cards ", body, count=1, flags=re.I)
        return re.sub(r"^<table\b", '<table class="kk-cards"', body, count=1, flags=re.I)

    return _TABLE.sub(cards, page)


def png_charts(page: str) -> str:
    """Every chart made a box that takes the focus, a chart drawn as PNG marked as such: a narrow
    screen shows a chart large enough to read its labels (a PNG at its own size), in a box that scrolls.

    >>> png_charts('<figure><img src="data:image/png;base64,AAAA" alt="A chart"></figure>')
    '<figure class="kk-chart kk-chart-png" tabindex="0"><img src="data:image/png;base64,AAAA" alt="A chart"></figure>'
    """
    page = _SVG_FIGURE.sub('<figure class="kk-chart kk-chart-svg" tabindex="0">', page)
    return _PNG_FIGURE.sub(r'<figure class="kk-chart kk-chart-png" tabindex="0">\1', page)


def missing_alt(page: str) -> list[str]:
    """The ``<img>`` tags of a page that have no alt attribute.

    >>> missing_alt('<img src="a.png" alt="A map"><img src="b.png">')
    ['<img src="b.png">']
    """
    return _IMG_WITHOUT_ALT.findall(page)


def safe_links(page: str) -> str:
    """``page`` with every link or image address that is not http(s), mailto or relative taken out.

    What remains is inert: a link without an address is plain text.

    >>> safe_links('<a href="https://example.org/">a</a> <a href="JavaScript:alert(1)">b</a> <a href="sources.html">c</a>')
    '<a href="https://example.org/">a</a> <a>b</a> <a href="sources.html">c</a>'
    >>> safe_links('<a href="java&#9;script:x">d</a><img src="//evil.example/x.png" alt="e">')
    '<a>d</a><img alt="e">'
    """
    def keep(match) -> str:
        url = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(match.group(2)))
        scheme = _SCHEME.match(url)
        if scheme:
            allowed = match.group(1).lower() == "href" and scheme.group(1).lower() in ("http", "https", "mailto")
        else:
            allowed = not url.startswith(("//", "\\", "/\\", "\\/"))
        return match.group(0) if allowed else ""

    return _URL_ATTR.sub(keep, page)


def _row_label(frame, row) -> str:
    column = next((c for c in _LABELS if c in frame.columns), frame.columns[0])
    return cell_text(row[column]) or cell_text(row[frame.columns[0]])


def source_uses(tables, package: dict) -> dict[str, list[tuple[str, str]]]:
    """For each source id, the records it supports as ``(table title, record label)``, sorted, without repeats.

    Read from every foreign key to ``sources`` in ``datapackage.json``: the
    citations (which point at a record of another table), and the tables
    that name their own source (quotes, coordinates, shapes).

    >>> from korea_kit import load_tables
    >>> tables = load_tables()
    >>> package = json.loads((tables.data_dir / "datapackage.json").read_text(encoding="utf-8"))
    >>> source_uses(tables, package)["globalsecurity-kr-fe-2013"][:2]
    [('Events', 'Foal Eagle field exercise'), ('Events', 'Key Resolve command-post exercise')]
    """
    titles = {r["name"]: r.get("title", r["name"]) for r in package["resources"]}
    uses: dict[str, dict] = {}
    for resource in package["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            if key["reference"]["resource"] != "sources":
                continue
            frame = tables[resource["name"]]
            for _, row in frame.iterrows():
                if resource["name"] == "citations":
                    target = tables[row["table"]]
                    found = target[target[target.columns[0]] == row["record_id"]]
                    use = (titles[row["table"]], _row_label(target, found.iloc[0]) if len(found) else row["record_id"])
                else:
                    use = (titles[resource["name"]], _row_label(frame, row))
                uses.setdefault(row[key["fields"]], {})[use] = None
    return {source: sorted(found, key=lambda use: (use[0], use[1].casefold())) for source, found in uses.items()}


def _duration(minutes: int) -> str:
    """``3 hours 45 minutes``, or '' for no time at all."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' * (hours != 1)}"] if hours else []
    return " ".join(parts + [f"{rest} minute{'s' * (rest != 1)}"] * bool(rest))


def markdown_html(text: str, escape: bool = False) -> str:
    """Markdown as HTML with nbconvert's renderer (heading ids); ``escape`` turns raw HTML into text."""
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    return MarkdownWithMath(renderer=IPythonRenderer(escape=escape)).render(text)


def _summary(lesson) -> dict:
    """A lesson for the index, from its metadata: its lead paragraph and its objectives, as HTML."""
    from markupsafe import Markup

    objectives = "\n".join(f"{number}. {objective}" for number, objective in enumerate(lesson.objectives, 1))
    return {"name": lesson.name, "title": lesson.title, "minutes": lesson.minutes,
            "lead": Markup(markdown_html(lesson.lead)) if lesson.lead else "",
            "objectives": Markup(markdown_html(objectives)) if objectives else ""}


class _Site:
    """Writes the pages of one build: the frame, links, headings and checks common to all."""

    def __init__(self, folder: Path, edition: str, lessons: list):
        import jinja2

        self.folder, self.edition, self.lessons = folder, edition, lessons
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                      trim_blocks=True, lstrip_blocks=True)
        self.menu = [("index.html", "Lessons"), ("glossary.html", "Glossary"),
                     ("sources.html", "Sources"), ("data.html", "Data")]
        if edition == "teacher":
            self.menu.append((GUIDE_PAGE, "Teacher's guide"))

    def page(self, name: str, template: str, title: str, **context) -> Path:
        """Render ``template`` to ``name``; :class:`SiteError` if an image has no alt text."""
        root = "../" * name.count("/")
        page = self.env.get_template(template).render(
            site_title=SITE_TITLE, edition=self.edition, menu=self.menu, page=name, title=title, guide_page=GUIDE_PAGE,
            lessons=self.lessons, root=root, **context)
        page = png_charts(scroll_tables(card_tables(outline(_ANCHOR_LINK.sub("", rewrite_links(page))))))
        if missing_alt(page):
            raise SiteError(f"{name}: images without alt text: {', '.join(t[:80] for t in missing_alt(page))}")
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
        return path


def _exporter():
    """nbconvert's HTML exporter with the kit's lesson template."""
    from nbconvert import HTMLExporter, TemplateExporter

    class LessonExporter(HTMLExporter):
        # Without HTMLExporter's last pass (BeautifulSoup over the page): it would give an image
        # with no alt text a placeholder one, hiding it from the check, and it takes a second.
        def from_notebook_node(self, nb, resources=None, **kw):
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return LessonExporter(template_name="lesson", extra_template_basedirs=[str(TEMPLATES)])


def _lesson_html(exporter, lesson, nb, folder: Path) -> str:
    """The body of a lesson page: the notebook through the kit's nbconvert template."""
    nb.metadata.pop("widgets", None)
    for number, cell in enumerate(nb.cells, 1):
        if cell.cell_type == "code":
            where = f"{lesson.file}, cell {number}"
            cell.outputs = [o for o in (one_rendering(o, where) for o in cell.outputs) if o is not None]
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"path": str(folder)}})
    if "<h1" not in body:
        raise SiteError(f"{lesson.file} has no title: its first cell should start with '# '")
    return body


def build(out: str | Path = "site", edition: str = "student", notebooks: str | Path | None = None, *,
          reuse_outputs: bool = False, timeout: int = 120) -> Path:
    """Write the website of ``edition`` to ``out``, replacing only what an earlier build wrote there
    (see :func:`~korea_kit.publish.editions.output_folder`).

    ``notebooks`` is the lessons folder (default: the kit's ``notebooks/``);
    ``reuse_outputs`` keeps the stored outputs instead of running the
    lessons (the student edition still drops the cells tagged ``teacher`` or ``solution``),
    except for a lesson whose outputs were made from other data than
    today's, which runs again (see :func:`~korea_kit.publish.editions.stale`).
    The data is the kit's, or the folder in ``$KOREA_KIT_DATA``.
    Returns the folder written.
    """
    from markupsafe import Markup

    from korea_kit.data import check_data, load_tables
    from korea_kit.errors import KitDataError

    folder = Path(notebooks or notebooks_dir())
    check_output_folder(out, probe=True)  # before any lesson runs
    problems = check_data()  # everything the lessons and the pages need, before any lesson runs
    if problems:
        raise KitDataError(problems)
    tables = load_tables()
    if handout_problems(tables):
        raise SiteError("The handouts name records that do not exist:\n" + "\n".join(handout_problems(tables)))
    prepared = prepare(edition, folder, run=not reuse_outputs, timeout=timeout, medium="page",
                       env={CHART_FORMAT_ENV: "svg"})
    lessons = [lesson for lesson, _ in prepared if lesson.file != GUIDE]
    exporter = _exporter()
    missing = set(lessons_without_handouts(tables, lessons))
    handouts = {lesson.name: _handout_links(lesson, edition) for lesson in lessons if lesson.name not in missing}
    with output_folder(out) as scratch:
        site = _Site(scratch, edition, lessons)
        summaries = []
        for lesson, nb in prepared:
            body = Markup(f'<article class="kk-lesson">{_lesson_html(exporter, lesson, nb, folder)}</article>')
            if edition == "student" and any(marker in body for marker in KEY_MARKERS):
                raise SiteError(f"{lesson.file}: its page in the student edition would show an answer key "
                                f"({', '.join(m for m in KEY_MARKERS if m in body)}); tag the cell that shows it "
                                "'teacher'. Nothing was published.")
            if lesson.file == GUIDE:
                site.page(GUIDE_PAGE, "page.html.j2", lesson.title, body=body, guide=True,
                          guide_handouts=[(other, handouts[other.name]) for other in lessons if other.name in handouts])
                continue
            index = lessons.index(lesson)
            summaries.append({**_summary(lesson), "handouts": handouts.get(lesson.name, [])})
            site.page(f"{lesson.name}.html", "page.html.j2", lesson.title, body=body, position=index + 1,
                      previous=lessons[index - 1] if index else None,
                      next=lessons[index + 1] if index + 1 < len(lessons) else None,
                      handouts=handouts.get(lesson.name, []))
            for href, _label, teacher in handouts.get(lesson.name, []):
                view = handout_view(tables, lesson.name, lesson.title, teacher=teacher)
                site.page(href, "handout.html.j2", f"Handout: {lesson.title}", body=Markup(view.html),
                          lesson=lesson, body_class="kk-handout-page")
        minutes = sum(lesson.minutes or 0 for lesson in lessons)
        site.page("index.html", "home.html.j2", "Lessons", summaries=summaries, total=_duration(minutes),
                  terms=len(tables.glossary), sources=len(tables.sources))
        _write_reference_pages(site, tables)
        shutil.copy2(TEMPLATES / "style.css", site.folder / "style.css")
    return check_output_folder(out)


def _handout_links(lesson, edition: str) -> list[tuple[str, str, bool]]:
    """A lesson's handout pages as ``(path, label, teacher)``: the student's, and in the teacher edition the teacher's."""
    links = [(f"handouts/{lesson.name}.html", "Handout to print", False)]
    if edition == "teacher":
        links.append((f"handouts/{lesson.name}-teacher.html", "Handout with the answers (teacher)", True))
    return links


def without_sections(readme: str, tables) -> str:
    r"""``data/README.md`` without the sections (``### `NAME.csv`: ...``) of ``tables``, for the student site.

    >>> print(without_sections("# Data\n### `quiz.csv`: quiz\nAnswers.\n### `events.csv`: events\nDates.", {"quiz"}))
    # Data
    ### `events.csv`: events
    Dates.
    """
    kept, skipping = [], False
    for line in readme.splitlines():
        heading = re.match(r"(#{1,3}) ", line)
        if heading:
            skipping = len(heading.group(1)) == 3 and any(line.startswith(f"### `{name}.csv`") for name in tables)
        if not skipping:
            kept.append(line)
    return "\n".join(kept) + ("\n" if readme.endswith("\n") else "")


def published_resources(tables, edition: str) -> dict:
    """The data package the site publishes: the kit's own tables only, each a regular file inside the data folder.

    The student edition leaves out :data:`STUDENT_HIDDEN_TABLES`. The
    resources are those of the kit's ``datapackage.json`` (never extra ones
    from a teacher's copy); a file that is a symbolic link, or lies outside
    the data folder, stops the build with :class:`SiteError`.
    """
    from korea_kit.data import TABLES, kit_package

    package = kit_package()
    folder = Path(tables.data_dir)
    hidden = STUDENT_HIDDEN_TABLES if edition == "student" else frozenset()
    resources = [r for r in package["resources"] if r["name"] in TABLES and r["name"] not in hidden]
    for name in [r["path"] for r in resources] + ["README.md"]:
        path = folder / name
        if path.is_symlink() or not path.is_file() or folder.resolve() not in path.resolve().parents:
            raise SiteError(f"{path}: the site copies only regular files inside the data folder; "
                            "this is a symbolic link, not a file, or outside the folder")
    return {**package, "resources": resources}


def _write_reference_pages(site: _Site, tables) -> None:
    """The glossary, sources and data pages, and the data files for download."""
    from markupsafe import Markup

    from korea_kit.data.sources import cite

    data_dir = Path(tables.data_dir)
    package = published_resources(tables, site.edition)
    glossary = tables.glossary.sort_values("term", key=lambda terms: terms.str.casefold())
    entries = [{"term_id": g["term_id"], "term": g["term"], "expansion": cell_text(g["expansion"]),
                "definition": g["definition"], "citation": Markup(cite(tables, "glossary", g["term_id"]).html)}
               for _, g in glossary.iterrows()]
    site.page("glossary.html", "glossary.html.j2", "Glossary", entries=entries)

    uses = source_uses(tables, package)
    sources = [{**{k: cell_text(v) for k, v in s.items()}, "uses": uses.get(s["source_id"], [])}
               for _, s in tables.sources.iterrows()]
    site.page("sources.html", "sources.html.j2", "Sources", sources=sources)

    (site.folder / "data").mkdir()
    resources = []
    for resource in package["resources"]:
        shutil.copyfile(data_dir / resource["path"], site.folder / "data" / resource["path"])
        resources.append({**resource, "title": resource.get("title", resource["name"]),
                          "rows": len(tables[resource["name"]])})
    (site.folder / "data" / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n",
                                                           encoding="utf-8")
    text = (data_dir / "README.md").read_text(encoding="utf-8")
    if site.edition == "student":
        text = without_sections(text, STUDENT_HIDDEN_TABLES)
    (site.folder / "data" / "README.md").write_text(text, encoding="utf-8")
    readme = safe_links(markdown_html(text, escape=True))
    site.page("data.html", "data.html.j2", "Data", package=package, resources=resources, readme=Markup(readme))
