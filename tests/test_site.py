"""The static site, opened page by page in a real browser with the network shut.

Both websites are built once per session from the lessons folder that
``test_editions.py`` writes: the student site runs the lessons afresh (as
``korea-kit build`` does, so its charts are SVG), the teacher site keeps the
stored outputs (``--reuse-outputs``, so its charts are the stored PNGs). Every
page is served from 127.0.0.1 and every request elsewhere is blocked and
counted as a failure. Every page is opened at a phone's width (390 × 844
pixels), then shown at a desktop's (1280 × 720), and axe-core checks it at
both: at the phone's width no page scrolls sideways and no chart is drawn
smaller than it was made, unless it is an SVG. A page of the
teacher site whose content is the same as in the student site is not opened
twice, and on a teacher's lesson page axe-core checks what the teacher edition
adds.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from korea_kit.publish.editions import GUIDE
from korea_kit.publish.site import GUIDE_PAGE, build

from browser import artifact, chromium
from conftest import made_once
from test_editions import KEY_TEXT, TEACHER_NOTE, appears, quiz_explanations, lessons_folder

#: What the teacher edition adds to a lesson page.
TEACHER_ONLY = [".kk-key", ".celltag_teacher", ".celltag_solution"]


#: A phone's screen, in CSS pixels.
PHONE = {"width": 390, "height": 844}


_SITES: dict[str, Path] = {}


def built_site(tmp_path_factory, edition: str) -> Path:
    """The website of ``edition``, built once per test run (shared by the test workers) from the lessons
    folder: run afresh for the student, stored outputs for the teacher (``test_pages.py`` shares them)."""
    if edition not in _SITES:
        folder = lessons_folder(tmp_path_factory)
        made = made_once(tmp_path_factory, f"site-{edition}", lambda base: str(
            build(base / "site", edition, folder, reuse_outputs=edition == "teacher")))
        _SITES[edition] = Path(made)
    return _SITES[edition]


@pytest.fixture(scope="session")
def student_site(tmp_path_factory):
    return built_site(tmp_path_factory, "student")


@pytest.fixture(scope="session")
def teacher_site(tmp_path_factory):
    return built_site(tmp_path_factory, "teacher")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(folder: Path):
    """The folder on a local web server in a thread; yields its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def offline_context(browser, base: str, **options):
    """A browser context that lets through requests to ``base`` only; yields it and the list of problems."""
    context = browser.new_context(**options)
    problems: list[str] = []

    def route(request_route):
        if request_route.request.url.startswith(base):
            request_route.continue_()
        else:
            problems.append(f"request outside the site: {request_route.request.url}")
            request_route.abort()

    context.route("**/*", route)
    try:
        yield context, problems
    finally:
        context.close()


def open_page(context, problems: list[str], url: str):
    """Open ``url``, recording console errors, failed requests and error responses as problems."""
    page = watched_page(context, problems)
    visit(page, url)
    return page


def watched_page(context, problems: list[str]):
    """A new page that records console errors, script errors, failed requests, error responses and dialogs
    as problems, each named by the address the page was sent to last (:func:`visit`)."""
    page = context.new_page()
    at = lambda: getattr(page, "kk_url", page.url)  # noqa: E731
    page.on("console", lambda m: m.type == "error" and problems.append(f"{at()}: console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"{at()}: script error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"{at()}: failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{at()}: HTTP {r.status}: {r.url}"))
    page.on("dialog", lambda d: (problems.append(f"{at()}: dialog: {d.message}"), d.dismiss()))
    return page


def visit(page, url: str) -> None:
    """Send ``page`` to ``url`` and wait until it has loaded."""
    page.kk_url = url
    page.goto(url, wait_until="load")


def main_content(path: Path) -> str:
    """The ``<main>`` element of a page, as written."""
    text = path.read_text(encoding="utf-8")
    return text[text.find("<main"):text.find("</main>")]


def check_site(folder: Path, name: str, skip=(), axe_only=None) -> None:
    """Open the pages of a built site (all but ``skip``) in the browser and check them, at a phone's
    width and then at a desktop's (:func:`check_phone`, :func:`check_desktop`).

    Each page is loaded once, at the phone's width, then shown at the desktop's
    width (the page runs no script: nothing but the layout depends on the
    width, and the browser lays it out again). One browser tab goes from page
    to page, as a reader's would, so the browser compiles axe-core's script
    once for the whole site; axe-core is put in each page once and checks it
    at both widths. ``axe_only`` maps a page to the CSS
    selectors that axe-core checks on it (when the page has such elements;
    else the whole page). Saves screenshots of the index and of the first
    lesson in ``test-artifacts/``.
    """
    pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html")
                   if p.relative_to(folder).as_posix() not in skip)
    problems = []
    with chromium() as browser, served(folder) as base, \
            offline_context(browser, base, viewport=PHONE) as (context, blocked):
        page = watched_page(context, problems)
        for page_name in pages:
            selectors = (axe_only or {}).get(page_name, [])
            page.set_viewport_size(PHONE)
            visit(page, base + page_name)
            check_phone(page, page_name, name, selectors)
            page.set_viewport_size(DESKTOP)
            check_desktop(page, page_name, name, selectors, screenshot=page_name in ("index.html", pages[0],
                                                                                     "04-kaesong.html"))
        page.close()
    assert problems + blocked == []


#: A desktop's screen, in CSS pixels.
DESKTOP = {"width": 1280, "height": 720}


def check_desktop(page, page_name: str, name: str, selectors, screenshot: bool = False) -> None:
    """A page at a desktop's width: language, one H1 and no skipped level, landmarks, images, no script,
    a visible skip link first in the tab order, and no serious or critical axe-core violation."""
    assert page.viewport_size["width"] == DESKTOP["width"]
    facts = page.evaluate("""() => ({
        lang: document.documentElement.lang,
        headings: [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1])),
        mains: document.querySelectorAll('main').length,
        navs: document.querySelectorAll('nav').length,
        images: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 60)),
        noAlt: [...document.images].filter(i => !i.hasAttribute('alt')).length,
        scripts: document.scripts.length,
    })""")
    where = f"{name}/{page_name}"
    assert facts["lang"] == "en", where
    assert facts["headings"].count(1) == 1 and facts["headings"][0] == 1, f"{where}: one H1, first"
    steps = [b - a for a, b in zip(facts["headings"], facts["headings"][1:])]
    assert max(steps, default=0) <= 1, f"{where}: a heading level is skipped: {facts['headings']}"
    assert facts["mains"] == 1 and facts["navs"] >= 1, f"{where}: landmarks"
    assert facts["images"] == [] and facts["noAlt"] == 0, f"{where}: images {facts['images']}"
    assert facts["scripts"] == 0, f"{where}: the pages run no script"

    if screenshot:
        shot = {"index.html": "index", "04-kaesong.html": "lesson-1280"}.get(page_name, "lesson")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(artifact(f"site-{name}-{shot}.png")), full_page=True)
    page.keyboard.press("Tab")  # the first stop is the skip link, and it shows
    focus = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {text: e.textContent, visible: e.getBoundingClientRect().top >= 0, outline: s.outlineStyle}; }""")
    assert focus["text"].startswith("Skip") and focus["visible"] and focus["outline"] != "none", where

    assert axe_violations(page, selectors) == [], f"{where} at {DESKTOP['width']} px"


def _axe_script() -> str:
    """axe-core's script, as axe-playwright-python ships it."""
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


#: Run axe-core on the page (or on the given selectors); keep the violations of serious or critical impact.
AXE_RUN_JS = """async scope => {
    const report = await axe.run(scope.length ? {include: scope.map(s => [s])} : document,
                                 {resultTypes: ['violations']});
    return report.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.id} (${v.impact}): ${v.help} ${JSON.stringify(v.nodes.slice(0, 3).map(n => n.target))}`);
}"""


def axe_violations(page, selectors) -> list[str]:
    """axe-core's violations of serious or critical impact on the page (or on ``selectors``, where it has them).

    axe-core is put in the page the first time; it stays there while the page is shown at another width.
    """
    if page.evaluate("() => typeof window.axe") == "undefined":
        page.evaluate(_axe_script())
    scope = [selector for selector in selectors if page.query_selector(selector)]
    return page.evaluate(AXE_RUN_JS, scope)


#: In the browser: how wide the page is, and each chart's kind and how it is shown against its own size.
PHONE_FACTS = """() => ({
    scrollWidth: document.documentElement.scrollWidth,
    wide: [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 391
             && !e.closest('.kk-scroll, figure.kk-chart-png')).map(e => e.tagName + '.' + e.className).slice(0, 5),
    charts: [...document.querySelectorAll('main img')].map(i => ({
        svg: i.src.startsWith('data:image/svg+xml'), png: i.src.startsWith('data:image/png'),
        shown: i.getBoundingClientRect().width, natural: i.naturalWidth})),
})"""


def check_phone(page, page_name: str, name: str, selectors) -> None:
    """A page at a phone's width: nothing wider than the screen, every chart SVG or at its own size, axe-core content."""
    assert page.viewport_size == PHONE
    facts = page.evaluate(PHONE_FACTS)
    where = f"{name}/{page_name} at {PHONE['width']} px"
    assert facts["scrollWidth"] <= PHONE["width"], f"{where} scrolls sideways: {facts['wide']}"
    for chart in facts["charts"]:  # an 11-point label is at least 9 CSS pixels high: SVG at 46rem or more, PNG unshrunk
        assert (chart["svg"] and chart["shown"] >= 736 - 1) or (chart["png"] and chart["shown"] >= chart["natural"] - 1), \
            f"{where}: {chart}"
    if page_name == "04-kaesong.html":
        page.screenshot(path=str(artifact(f"site-{name}-lesson-390.png")), full_page=True)
    assert axe_violations(page, selectors) == [], where


class _Anchors(HTMLParser):
    """The ids and the link targets of a page."""

    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def broken_links(folder: Path) -> list[str]:
    """The links between the pages of a site that lead to no file, or to no element with that id."""
    anchors = {}
    for page in folder.rglob("*.html"):
        name = page.relative_to(folder).as_posix()
        anchors[name] = _Anchors()
        anchors[name].feed(page.read_text(encoding="utf-8"))
    broken = []
    for name, found in anchors.items():
        for href in found.hrefs:
            url, fragment = urldefrag(urljoin(f"http://site.test/{name}", href))
            if not url.startswith("http://site.test/"):
                continue  # a link to another website: not followed
            target = unquote(urlsplit(url).path).lstrip("/") or "index.html"
            if not (folder / target).is_file():
                broken.append(f"{name} -> {href}")
            elif fragment and target in anchors and unquote(fragment) not in anchors[target].ids:
                broken.append(f"{name} -> {href}")
    return broken


#: The table of downloads of the data page (the tables of data/README.md are inside ``.kk-readme``).
DOWNLOADS = "main > .kk-scroll"
_DOWNLOADS = re.compile(r'<div class="kk-scroll"[^>]*><table class="kk-table">.*?</table></div>', re.S)


def test_every_page_works_offline_and_is_accessible(student_site, teacher_site):
    # A teacher page whose content is the same in the student site (the glossary, say) is checked
    # there. A teacher's lesson page is the student's plus the teacher cells and the answer keys:
    # axe-core checks those on it. The teacher's data page is the student's plus two rows of its
    # table of downloads (the quiz, the open questions): axe-core checks that table on it, if the
    # rest of the page is the student's to the letter (else the whole page).
    both = [p.relative_to(teacher_site).as_posix() for p in teacher_site.rglob("*.html")
            if (student_site / p.relative_to(teacher_site)).is_file()]
    same = [n for n in both if main_content(teacher_site / n) == main_content(student_site / n)]
    lessons = [n for n in both if n not in same and 'class="kk-lesson"' in main_content(teacher_site / n)]
    axe_only = dict.fromkeys(lessons, TEACHER_ONLY)
    data = [main_content(site / "data.html") for site in (teacher_site, student_site)]
    if all(len(_DOWNLOADS.findall(page)) == 1 for page in data) and data[0] != data[1] and \
            _DOWNLOADS.sub("", data[0]) == _DOWNLOADS.sub("", data[1]):
        axe_only["data.html"] = [DOWNLOADS]
    with ThreadPoolExecutor(max_workers=2) as pool:  # one browser per site, side by side
        checks = [pool.submit(check_site, student_site, "student"),
                  pool.submit(check_site, teacher_site, "teacher", same, axe_only)]
        for check in checks:
            check.result()


def test_every_link_between_pages_resolves(student_site, teacher_site):
    assert broken_links(student_site) == []
    assert broken_links(teacher_site) == []


def test_site_has_every_lesson_and_page(student_site, teacher_site, tmp_path_factory):
    folder = lessons_folder(tmp_path_factory)
    lessons = [p.stem for p in folder.glob("*.ipynb") if p.name != GUIDE]
    for site in (student_site, teacher_site):
        for name in lessons + ["index", "glossary", "sources", "data", "style"]:
            assert (site / f"{name}.html").is_file() or (site / f"{name}.css").is_file(), name
        assert (site / "data" / "datapackage.json").is_file() and (site / "data" / "events.csv").is_file()
    assert (teacher_site / GUIDE_PAGE).is_file() and not (student_site / GUIDE_PAGE).exists()


def test_student_site_has_no_answers_and_teacher_site_keeps_them_folded(student_site, teacher_site):
    student = "\n".join(p.read_text(encoding="utf-8") for p in student_site.rglob("*.html"))
    teacher = "\n".join(p.read_text(encoding="utf-8") for p in teacher_site.rglob("*.html"))
    assert "kk-key" not in student and KEY_TEXT not in student and TEACHER_NOTE not in student
    assert '<details class="kk-key">' in teacher and KEY_TEXT in teacher and TEACHER_NOTE in teacher


def test_no_file_of_the_student_site_holds_a_quiz_answer_or_explanation(student_site):
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in student_site.rglob("*") if p.is_file())
    explanations = [e for found in quiz_explanations().values() for e in found]
    assert explanations and not [e for e in explanations if appears(e, everything)]
    assert not (student_site / "data" / "quiz.csv").exists() and "kk-key" not in everything
    assert not (student_site / "data" / "open_questions.csv").exists()  # model answers and rubrics
    published = json.loads((student_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert "quiz" not in [r["name"] for r in published["resources"]]


def test_lesson_pages_keep_one_rendering_per_output(student_site):
    for page in student_site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "widget-view+json" not in text and "widget-state+json" not in text, page.name
        assert text.count("data:image/png;base64,") <= text.count("<img"), page.name
        assert not re.search(r'href="[^"]*\.ipynb', text), f"{page.name} links to a notebook"


PAYLOADS = ['<script>window.__pwned = 1</script>', '<img src=x onerror="window.__pwned=1;alert(1)">']
TITLE = "<img src=x onerror=window.__pwned=1>"  # an event title has at most 40 characters


def _column(rows, name):
    return rows[0].index(name)


def test_text_from_the_data_is_shown_literally_and_runs_nothing(data_copy, monkeypatch, tmp_path):
    term = data_copy.rows("glossary")[1][0]
    data_copy.set("glossary", term, "definition", f"Means {PAYLOADS[0]} and {PAYLOADS[1]}.")
    event = data_copy.rows("events")[1][0]
    data_copy.set("events", event, "title", TITLE)
    data_copy.set("events", event, "summary", f"It happened {PAYLOADS[0]}.")
    sources, quotes = data_copy.rows("sources"), data_copy.rows("quotes")
    kind = {row[0]: row[_column(sources, "kind")] for row in sources[1:]}
    quote = next(row[0] for row in quotes[1:] if kind[row[_column(quotes, "source_id")]] == "reference")
    data_copy.set("quotes", quote, "text", f"We said {PAYLOADS[1]}.")  # from a reference: not checked word for word
    monkeypatch.setenv("KOREA_KIT_DATA", str(data_copy.dir))

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    (notebooks / "toc.json").write_text('{"lessons": ["00-payload.ipynb"]}', encoding="utf-8")
    nbformat.write(new_notebook(cells=[
        new_markdown_cell("# Payload\n\nThe data, with markup in it."),
        new_markdown_cell("## Overview\n\n1. Show the data.\n\n- **Time to learn**: 1 minutes"),
        new_code_cell("import korea_kit as kk\ntables = kk.load_tables()"),
        new_code_cell(f'kk.events_view(tables, ["{event}"])'),
    ], metadata={"korea_kit": {"title": "Payload", "lead": "The data, with markup in it.", "minutes": 1,
                               "objectives": ["Show the data"]}}), notebooks / "00-payload.ipynb")
    site = build(tmp_path / "site", "student", notebooks)  # runs the lesson on the changed data

    with chromium() as browser, served(site) as base, offline_context(browser, base, bypass_csp=True) as (context, blocked):
        problems = []  # the pages' own policy is bypassed: escaping alone must keep the payloads inert
        for page_name, shown in (("glossary.html", PAYLOADS), ("sources.html", [PAYLOADS[1], TITLE]),
                                 ("00-payload.html", PAYLOADS[:1]), ("index.html", [])):
            page = open_page(context, problems, base + page_name)
            text = page.inner_text("main")
            assert [p for p in shown if p not in text] == [], page_name
            assert page.evaluate("() => window.__pwned") is None, page_name
            assert page.evaluate("() => document.querySelectorAll('main script, main img[src=x]').length") == 0
            page.close()
    assert problems + blocked == []


def test_the_link_check_finds_broken_links(tmp_path):
    (tmp_path / "index.html").write_text('<h1 id="top">Hi</h1><a href="#top">up</a><a href="#gone">x</a>'
                                         '<a href="missing.html">y</a><a href="https://example.org/">z</a>',
                                         encoding="utf-8")
    assert broken_links(tmp_path) == ["index.html -> #gone", "index.html -> missing.html"]


def test_build_command_and_a_student_site_from_stored_outputs(tmp_path, capsys):
    from korea_kit.cli import main

    assert main(["build", "--out", str(tmp_path / "site"), "--reuse-outputs"]) == 0
    assert (tmp_path / "site" / "index.html").is_file() and "student edition" in capsys.readouterr().out
    # the lessons' stored outputs are the teacher edition's: the cells that hold the keys must go
    pages = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").glob("*.html"))
    assert "kk-key" not in pages
    assert not [e for found in quiz_explanations().values() for e in found if appears(e, pages)]
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    assert main(["build", "--out", str(tmp_path / "mine"), "--reuse-outputs"]) == 1
    assert "not made by korea-kit" in capsys.readouterr().err
