"""Every lesson page of the student website fits its time: what a reader faces is measured in Chromium.

The words *shown* on a lesson page are the words of its ``<article>`` as the browser lays it out
(``innerText``): running text and tables included, a closed fold's content left out (its summary line
counts). Each lesson page shows at most 2,500 of them, reading them at 200 words a minute takes at most
half of the lesson's stated time, and the stated time (``metadata.korea_kit.minutes``, the **Time to
learn**) is the estimate of :func:`korea_kit.data.toc.time_to_learn` from the words shown, the lesson's
widgets, its quiz questions and its open question, or at most five minutes more.

Each lesson is a test of its own (``07-negotiation-role-play`` included), so the report names the page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browser import chromium
from korea_kit.data import load_tables
from korea_kit.data.toc import READING_WPM, time_to_learn
from korea_kit.publish.site import build

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
MAX_SHOWN = 2500
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_WIDGET = "application/vnd.jupyter.widget-view+json"
LESSONS = [Path(f).stem for f in json.loads((NOTEBOOKS / "toc.json").read_text(encoding="utf-8"))["lessons"]]


def shown_words(text: str) -> int:
    """The words of a text as the page shows it.

    >>> shown_words("North Korea's list, 18 April 2013: U.S. and South Korea.")
    10
    """
    return len(_WORD.findall(text))


def lesson_activities(lesson: str) -> tuple[int, int, int]:
    """``(widgets, quiz questions, open questions)`` of a lesson: the widgets are the cells whose stored
    output is a widget, other than the quiz and the open question."""
    nb = json.loads((NOTEBOOKS / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    widgets = 0
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and "kk.quiz(" not in source and "kk.open_question(" not in source \
                and any(_WIDGET in out.get("data", {}) for out in cell.get("outputs", [])):
            widgets += 1
    tables = load_tables()
    questions = int((tables.quiz["lesson"] == lesson).sum())
    open_questions = int((tables.open_questions["lesson"] == lesson).sum())
    return widgets, questions, open_questions


@pytest.fixture(scope="module")
def shown(tmp_path_factory):
    """The words shown on every lesson page of the student site, measured in Chromium at 1366×768."""
    site = build(tmp_path_factory.mktemp("time") / "site", "student", NOTEBOOKS, reuse_outputs=True)
    found = {}
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        for lesson in LESSONS:
            page.goto((site / f"{lesson}.html").as_uri())
            found[lesson] = shown_words(page.eval_on_selector("article.kk-lesson", "e => e.innerText"))
        # the measure is not blind: a closed fold hides its content, an opened one shows it
        page.set_content("<article class='kk-lesson'><p>one two</p><details><summary>three</summary>"
                         "<table><tr><td>four five</td></tr></table></details></article>")
        closed = shown_words(page.eval_on_selector("article", "e => e.innerText"))
        page.eval_on_selector("details", "e => e.open = true")
        opened = shown_words(page.eval_on_selector("article", "e => e.innerText"))
        found["(fold check)"] = (closed, opened)
    return found


def test_the_measure_counts_tables_and_leaves_out_closed_folds(shown):
    assert shown["(fold check)"] == (3, 5)


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_lesson_page_fits_its_time(shown, lesson):
    from korea_kit.data.toc import read_lesson

    minutes = read_lesson(NOTEBOOKS / f"{lesson}.ipynb").minutes
    words = shown[lesson]
    reading = words / READING_WPM
    estimate = time_to_learn(words, *lesson_activities(lesson))
    problems = []
    if words > MAX_SHOWN:
        problems.append(f"{words} words shown (at most {MAX_SHOWN})")
    if reading > minutes / 2:
        problems.append(f"{reading:.1f} minutes of reading in a {minutes}-minute lesson (at most half)")
    if not estimate <= minutes <= estimate + 5:
        problems.append(f"stated {minutes} minutes, estimated {estimate} (reading, widgets, quiz, open question)")
    assert not problems, f"{lesson}: " + "; ".join(problems)


def test_the_readme_table_states_each_lesson_s_time():
    from korea_kit.data.toc import read_lesson

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for lesson in LESSONS:
        found = re.findall(rf"^\| `{re.escape(lesson)}\.ipynb` \|.*\| (\d+) min \|$", readme, flags=re.M)
        assert found == [str(read_lesson(NOTEBOOKS / f"{lesson}.ipynb").minutes)], lesson
