"""Pages and prints for readers: a site without code, the cell tags lab-only and page-only, printable
quizzes, handouts of at most two A4 pages, and the print stylesheet.

The two websites are those of ``test_site.py`` (the student's run afresh, the teacher's from the stored
outputs); the browser checks use Debian's chromium, as there.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import korea_kit as kk
from korea_kit.publish.editions import LAB_ONLY, PAGE_ONLY, copy_edition, for_edition, write_editions
from korea_kit.publish.handouts import handout_rows, handout_view, lessons_without_handouts
from korea_kit.publish.site import build
from korea_kit.render.quizzes import questions

from browser import artifact, chromium
from conftest import ROOT
from test_editions import lessons_folder
from test_site import offline_context, open_page, served, student_site, teacher_site  # noqa: F401 (fixtures)

LAB_WORDS = "Press Shift + Enter to run the cell below."
PAGE_WORDS = "On paper: write the three dates in the table below."
LAB_CODE = "print('only in JupyterLab')"
PAGE_CODE = "print('only on the page')"


def _tagged_lesson(folder: Path) -> Path:
    """A lessons folder with one lesson whose cells are tagged lab-only and page-only (and no handout)."""
    folder.mkdir(parents=True)
    (folder / "toc.json").write_text('{"lessons": ["98-tags.ipynb"]}', encoding="utf-8")
    nbformat.write(new_notebook(cells=[
        new_markdown_cell("# Tags\n\nA lesson with cells for one medium each."),
        new_markdown_cell("## Overview\n\n1. Read it.\n\n- **Time to learn**: 1 minutes"),
        new_markdown_cell(LAB_WORDS, metadata={"tags": [LAB_ONLY]}),
        new_code_cell(LAB_CODE, metadata={"tags": [LAB_ONLY]}),
        new_markdown_cell(PAGE_WORDS, metadata={"tags": [PAGE_ONLY]}),
        new_code_cell(PAGE_CODE, metadata={"tags": [PAGE_ONLY]}),
        new_code_cell("print('in both')"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                 "korea_kit": {"title": "Tags", "lead": "A lesson with cells for one medium each.", "minutes": 1,
                               "objectives": ["Read it"]}}), folder / "98-tags.ipynb")
    return folder


def _sources(nb) -> str:
    return "\n".join(cell.source for cell in nb.cells) + "\n".join(
        output.get("text", "") for cell in nb.cells for output in cell.get("outputs", []))


def test_lab_only_cells_stay_in_the_notebooks_and_page_only_cells_on_the_site(tmp_path):
    folder = _tagged_lesson(tmp_path / "notebooks")
    nb = nbformat.read(folder / "98-tags.ipynb", as_version=4)
    for edition in ("student", "teacher"):
        lab, page = _sources(for_edition(nb, edition, "lab")), _sources(for_edition(nb, edition, "page"))
        assert LAB_WORDS in lab and LAB_CODE in lab and PAGE_WORDS not in lab and PAGE_CODE not in lab
        assert PAGE_WORDS in page and PAGE_CODE in page and LAB_WORDS not in page and LAB_CODE not in page

    copied = copy_edition(tmp_path / "lab", "student", folder)  # korea-kit copy and korea-kit lab
    lab = _sources(nbformat.read(copied.folder / "98-tags.ipynb", as_version=4))
    assert LAB_WORDS in lab and PAGE_WORDS not in lab and PAGE_CODE not in lab
    written = write_editions(tmp_path / "editions", folder, editions=("student",))  # korea-kit editions, run
    ran = nbformat.read(written["student"] / "98-tags.ipynb", as_version=4)
    assert "only in JupyterLab" in _sources(ran) and "only on the page" not in _sources(ran)

    site = build(tmp_path / "site", "student", folder)  # runs the lesson for the page
    page = (site / "98-tags.html").read_text(encoding="utf-8")
    assert PAGE_WORDS in page and "only on the page" in page and "in both" in page
    assert LAB_WORDS not in page and "only in JupyterLab" not in page
    assert "print(" not in page  # no code input, only outputs
    assert not (site / "handouts").exists() and "Handout" not in page  # a lesson without handout rows: none


def _code_lines(nb) -> list[str]:
    """The lines of a notebook's code cells long enough to be recognised on a page."""
    return [line.strip() for cell in nb.cells if cell.cell_type == "code"
            for line in cell.source.splitlines() if len(line.strip()) >= 24]


def test_no_site_page_shows_code(student_site, teacher_site, tmp_path_factory):
    folder = lessons_folder(tmp_path_factory)
    for site in (student_site, teacher_site):
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assert "class=\"kk-code\"" not in text, page.name
            notebook = folder / f"{page.stem}.ipynb"
            if notebook.is_file():
                nb = nbformat.read(notebook, as_version=4)
                shown = [line for line in _code_lines(nb) if html.escape(line, quote=False) in text]
                assert shown == [], f"{page.name} shows code: {shown[:3]}"
    assert "Shift + Enter" not in (student_site / "02-sanctions.html").read_text(encoding="utf-8")


def test_every_lesson_tags_its_progress_cell_lab_only_and_the_site_leaves_it_out(student_site):
    for lesson in kk.toc():
        nb = nbformat.read(ROOT / "notebooks" / lesson.file, as_version=4)
        progress = [cell for cell in nb.cells if cell.cell_type == "code" and "my_progress(" in cell.source]
        assert all(LAB_ONLY in cell.metadata.get("tags", []) for cell in progress), lesson.file
        page = (student_site / f"{lesson.name}.html").read_text(encoding="utf-8")
        assert "Your quiz progress" not in page and "No quiz answers saved yet" not in page, lesson.name


def test_a_quiz_on_the_page_is_a_printable_exercise_without_answers(student_site, teacher_site):
    tables = kk.load_tables()
    for lesson in kk.toc():
        qs = questions(tables, lesson.name)
        if not qs:
            continue
        page = (student_site / f"{lesson.name}.html").read_text(encoding="utf-8")
        assert page.count('class="kk-question" id="exercise-') == len(qs), lesson.name
        assert "\u2610" in page and 'class="kk-exercise' in page
        assert "kk-answer" not in page and not [q for q in qs if html.escape(q.explanation, quote=False) in page]
    teacher = (teacher_site / "02-sanctions.html").read_text(encoding="utf-8")
    assert "kk-exercise" in teacher and '<details class="kk-key">' in teacher  # the key, for the teacher only


def test_every_lesson_of_the_toc_has_a_handout():
    # a lesson added to toc.json needs rows in data/handouts.csv: korea-kit check names it until then
    assert lessons_without_handouts(kk.load_tables(), kk.toc()) == []


def test_check_names_a_lesson_without_a_handout_and_a_handout_record_that_does_not_exist(data_copy):
    rows = data_copy.rows("handouts")
    kept = [rows[0]] + [r for r in rows[1:] if r[0] != "04-kaesong"]
    first = next(i for i, r in enumerate(kept) if r[2] == "question")
    kept[first][3] = "quiz:no-such-question"
    data_copy.write_rows("handouts", kept)
    found = [str(p) for p in kk.check_data(data_copy.dir)]
    assert any("rows for the handout of 04-kaesong" in p for p in found), found
    assert any(f"line {first + 1}, column 'record_ref'" in p and "no-such-question" in p for p in found), found


def test_a_handout_part_must_name_a_record_of_its_own_kind(data_copy):
    rows = data_copy.rows("handouts")
    line = next(i for i, r in enumerate(rows) if r[2] == "excerpt")
    rows[line][3] = "events:resolution-2094"
    data_copy.write_rows("handouts", rows)
    with pytest.raises(kk.KitDataError, match=rf"handouts.csv, line {line + 1}, column 'record_ref': expected for "
                                              "part excerpt: a record of quotes"):
        kk.load_tables(data_copy.dir)


def test_handouts_on_the_sites_and_their_answers_only_for_the_teacher(student_site, teacher_site):
    tables = kk.load_tables()
    for lesson in kk.toc():
        rows = handout_rows(tables, lesson.name)
        ids = [r["ref"].split(":", 1)[1] for r in rows if r["part"] == "question"]
        assert 3 <= len(ids) <= 5 and sum(r["part"] == "exit" for r in rows) == 1, lesson.name
        explanations = [html.escape(q.explanation) for q in questions(tables) if q.quiz_id in ids]
        student = (student_site / "handouts" / f"{lesson.name}.html").read_text(encoding="utf-8")
        teacher = (teacher_site / "handouts" / f"{lesson.name}-teacher.html").read_text(encoding="utf-8")
        assert not (student_site / "handouts" / f"{lesson.name}-teacher.html").exists()
        assert "Answer:" not in student and not [e for e in explanations if e in student], lesson.name
        assert student.count('class="kk-lines"') >= len(ids) + 3  # lines for each question and the exit ticket
        assert teacher.count("<strong>Answer:</strong>") == len(ids) and all(e in teacher for e in explanations)
        for site in (student_site, teacher_site):  # linked from its lesson and the index
            for page in (f"{lesson.name}.html", "index.html"):
                assert f'href="handouts/{lesson.name}.html"' in (site / page).read_text(encoding="utf-8"), page
        assert f'href="handouts/{lesson.name}-teacher.html"' in (teacher_site / "teachers-guide.html").read_text(
            encoding="utf-8")
    pages = "".join(p.read_text(encoding="utf-8") for p in student_site.rglob("*.html"))
    links = re.findall(r'href="[^"]*-teacher\.html"', pages)
    assert links == [] and not list(student_site.rglob("*-teacher.html"))


def test_a_handout_shows_its_records_and_their_sources():
    tables = kk.load_tables()
    view = handout_view(tables, "05-exchange-of-demands", "The exchange")
    cho = tables.record("quotes", "cho-incomprehensible")
    assert cho["text"] in view.text and "Cho Tai-young, 18 April 2013" in view.text
    assert "18 April 2013: North sets preconditions for talks." in view.text
    assert view.text.split("\nSources\n")[1].count("\n") >= 2  # a list of the sources
    assert handout_view(tables, "99-none", "None").text.endswith("This lesson has no handout yet.")


def _pdf_pages(pdf: bytes) -> int:
    """How many pages a PDF has (its page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_every_handout_prints_on_at_most_two_a4_pages(teacher_site):
    handouts = sorted((teacher_site / "handouts").glob("*.html"))
    assert len(handouts) == 2 * len(kk.toc())
    counts = {}
    with chromium() as browser, served(teacher_site) as base, offline_context(browser, base) as (context, blocked):
        problems = []
        for path in handouts:
            page = open_page(context, problems, f"{base}handouts/{path.name}")
            pdf = page.pdf(format="A4", print_background=True)
            counts[path.stem] = _pdf_pages(pdf)
            if path.stem == "04-kaesong":
                (artifact("handout-04-kaesong.pdf")).write_bytes(pdf)
                page.emulate_media(media="print")
                page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 pixels to the inch
                page.screenshot(path=str(artifact("handout-04-kaesong-print.png")), full_page=True)
            page.close()
        assert problems + blocked == []
    assert all(1 <= n <= 2 for n in counts.values()), counts
    assert _pdf_pages(b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page >>") == 2


def test_the_print_stylesheet_hides_navigation_opens_folds_and_starts_each_section_on_a_page(teacher_site):
    with chromium() as browser, served(teacher_site) as base, offline_context(browser, base) as (context, blocked):
        problems = []
        # a lesson page (the teacher's guide has print rules of its own: tests/test_guide_print.py)
        page = open_page(context, problems, base + "02-sanctions.html")
        page.emulate_media(media="print")
        facts = page.evaluate("""() => {
            const h2 = [...document.querySelectorAll('main h2')];
            const folded = [...document.querySelectorAll('main details:not([open])')];
            const inside = folded.map(d => [...d.children].find(c => c.tagName !== 'SUMMARY')).filter(Boolean);
            return {
                nav: getComputedStyle(document.querySelector('nav')).display,
                breaks: h2.slice(1).map(h => getComputedStyle(h).breakBefore),
                folded: folded.length,
                hidden: inside.filter(c => c.getBoundingClientRect().height === 0).length,
                tables: [...document.querySelectorAll('main table')].map(t => getComputedStyle(t).breakInside),
                code: document.querySelectorAll('pre.kk-code').length,
            };
        }""")
        page.screenshot(path=str(artifact("guide-print.png")), full_page=False)
        pdf = page.pdf(format="A4")
        assert problems + blocked == []
    assert facts["nav"] == "none" and facts["code"] == 0
    assert facts["breaks"] and set(facts["breaks"]) == {"page"}, facts["breaks"]
    assert facts["folded"] > 0 and facts["hidden"] == 0  # the answer keys print open
    assert set(facts["tables"]) <= {"avoid"}
    assert _pdf_pages(pdf) > len(facts["breaks"])  # each section on a page of its own


def test_the_student_site_draws_its_charts_as_svg_and_the_matrix_is_a_table(student_site):
    images = []
    for page in student_site.glob("*.html"):
        images += re.findall(r'<img src="data:([^;"]+)', page.read_text(encoding="utf-8"))
    assert images and set(images) == {"image/svg+xml"}, set(images)
    matrix = kk.demands.matrix_table(kk.load_tables()).html  # lesson 05 tells the exchange once, without it
    table = re.search(r'<table class="kk-table kk-matrix">.*?</table>', matrix, re.S).group(0)
    assert "<caption>" in table and table.count('scope="col"') >= 3 and table.count('scope="row"') >= 5


def test_the_build_asks_for_svg_only_when_it_runs_and_charts_stay_png_in_jupyterlab(monkeypatch):
    from korea_kit.charts.style import CHART_FORMAT_ENV, Chart, new_figure

    chart = Chart(new_figure(2, 1), "An empty chart")
    monkeypatch.delenv(CHART_FORMAT_ENV, raising=False)
    assert set(chart._repr_mimebundle_()) == {"image/png", "text/html", "text/plain"}
    monkeypatch.setenv(CHART_FORMAT_ENV, "svg")
    bundle = chart._repr_mimebundle_()
    assert "image/png" not in bundle and 'src="data:image/svg+xml;base64,' in bundle["text/html"]
    import base64
    svg = base64.b64decode(re.search(r"base64,([^\"]+)", bundle["text/html"]).group(1).replace("%2F", "/"))
    assert b"<svg" in svg and b"<dc:date>" not in svg
    assert json.dumps(bundle["text/plain"]) == '"An empty chart"'
