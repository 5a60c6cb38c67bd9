"""The lesson pages of the student website stay readable, and the open questions keep their answers for teachers.

The site is built once (from the stored outputs, ``reuse_outputs``) and every lesson page of
``notebooks/toc.json`` is measured as ``page_measures.py`` does: at most 2,500 words of running text,
at most 30 source notes, and no full reference printed more than twice. Each fact's short source marks
link to the lesson's list of references on the same page.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

import korea_kit as kk
from korea_kit.data.sources import normalize, source_anchor, source_label, source_marks
from korea_kit.publish.editions import prepare
from korea_kit.publish.site import build
from page_measures import MAX_NOTES, MAX_REPEAT, MAX_WORDS, full_references, lesson_pages, measure

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


@pytest.fixture(scope="module")
def student_site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("budgets") / "site", "student", NOTEBOOKS, reuse_outputs=True)


@pytest.fixture(scope="module")
def pages(student_site):
    names = lesson_pages(student_site, NOTEBOOKS)
    assert names and all((student_site / name).is_file() for name in names)
    return {name: (student_site / name).read_text(encoding="utf-8") for name in names}


def test_every_lesson_page_keeps_within_the_budgets(tables, pages):
    references = full_references(tables)
    over = []
    for name, page in pages.items():
        m = measure(page, references)
        assert m.words > 0 and m.notes > 0, name  # a page with its text and its list of sources
        if m.words > MAX_WORDS or m.notes > MAX_NOTES or m.repeat > MAX_REPEAT:
            over.append(f"{name}: {m.words} words, {m.notes} notes, {m.reference!r} printed {m.repeat} times")
    assert not over, "\n".join(over)


def test_the_budgets_see_a_page_that_breaks_them(tables):
    """The measure is not blind: a page with a long text, many notes and a repeated reference breaks all three."""
    reference = str(tables.sources.iloc[0]["reference"])
    notes = "".join(f"<li>{n}</li>" for n in range(MAX_NOTES + 1))
    page = (f'<article class="kk-lesson"><p>{"word " * (MAX_WORDS + 1)}</p><ul class="kk-citations">{notes}</ul>'
            f"{f'<p>{reference}</p>' * (MAX_REPEAT + 1)}</article>")
    m = measure(page, full_references(tables))
    assert m.words > MAX_WORDS and m.notes > MAX_NOTES and m.repeat == MAX_REPEAT + 1


def test_marks_link_to_the_lesson_s_list_of_sources(tables, pages):
    """Every mark links to an entry of the page's list of sources, and every entry is marked on the page."""
    marks = source_marks(tables)
    anchors = {source_anchor(s): s for s in marks}
    for name, page in pages.items():
        soup = BeautifulSoup(page, "html.parser")
        listed = {row["id"] for row in soup.select("table.kk-references tr[id]")}
        assert listed, f"{name} has no list of sources"
        linked = {a["href"][1:] for a in soup.select('a[href^="#source-"]')}
        assert linked <= listed, f"{name}: marks without a source in the list: {sorted(linked - listed)}"
        for table in soup.select("table.kk-references"):
            table.decompose()
        text = normalize(soup.get_text(" "))
        sources = tables.indexed("sources")
        named = {a for a in listed if normalize(marks[anchors[a]]) in text  # by its mark, or in full (a role card's notes)
                 or normalize(str(sources.loc[anchors[a], "reference"])) in text
                 or normalize(source_label({**sources.loc[anchors[a]].to_dict(), "source_id": anchors[a]})) in text}
        unmarked = sorted(set(listed) - linked - named)
        assert not unmarked, f"{name}: sources listed but cited nowhere on the page: {unmarked}"


def _toc_lessons() -> list[str]:
    return [Path(f).stem for f in json.loads((NOTEBOOKS / "toc.json").read_text(encoding="utf-8"))["lessons"]]


def test_every_lesson_asks_an_open_question_and_keys_it_for_teachers(tables):
    for lesson in _toc_lessons():
        assert lesson in set(tables.open_questions["lesson"]), f"{lesson} has no row in open_questions.csv"
        nb = nbformat.read(NOTEBOOKS / f"{lesson}.ipynb", as_version=4)
        asks = [c for c in nb.cells if c.cell_type == "code" and f'kk.open_question(tables, "{lesson}")' in c.source]
        keys = [c for c in nb.cells if c.cell_type == "code" and f'open_question_key(tables, "{lesson}")' in c.source]
        assert asks and keys, f"{lesson}: a cell with the question and one with its key"
        assert all("teacher" not in c.metadata.get("tags", []) for c in asks)
        assert all("teacher" in c.metadata.get("tags", []) for c in keys)


def _teacher_texts(tables) -> list[str]:
    rows = tables.open_questions
    return [str(v) for column in ("model_answer", "strong", "adequate", "weak") for v in rows[column]]


def test_the_student_site_and_edition_hold_no_model_answer_or_rubric(tables, student_site):
    secrets = _teacher_texts(tables)
    texts = {page.name: BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
             for page in student_site.glob("*.html")}
    for name, text in texts.items():
        found = [s for s in secrets if s in text]
        assert not found, f"{name} shows {found[0][:60]!r}"
    questions = set(tables.open_questions["question"])
    site_text = " ".join(texts.values())
    assert all(q in site_text for q in questions)  # the questions themselves are there
    for lesson, nb in prepare("student", NOTEBOOKS, run=False):
        stored = json.dumps(nb)
        assert not [s for s in secrets if json.dumps(s)[1:-1] in stored], lesson.file


def test_the_teacher_edition_holds_every_model_answer_and_rubric(tables):
    stored = " ".join(json.dumps(nb) for _, nb in prepare("teacher", NOTEBOOKS, run=False))
    missing = [s for s in _teacher_texts(tables) if json.dumps(s)[1:-1] not in stored]
    assert not missing, missing[:1]
