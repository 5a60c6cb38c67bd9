"""A learner's answers survive a restart of JupyterLab, in real JupyterLab and chromium.

JupyterLab is started as ``korea-kit lab`` starts it (:func:`korea_kit.lab_settings.lab_environment`: the
widget manager saves the widgets' state in the notebook), with the JupyterLab set-up of
``test_lab_browser.py``. The learner runs a lesson, answers a quiz question and the open question, saves
the notebook (Ctrl+S, here File → Save Notebook), and the server is stopped and started again. Reopened,
the lesson shows both answers and no "Error displaying widget"; run again, its live widgets show them
from the progress file; and a fresh copy of the lesson, opened in the same JupyterLab, shows still
pictures that name the action that brings them back, then, run, the same answers.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from browser import artifact, chromium, require_browser
from conftest import ROOT
from test_lab_browser import ERRORS_JS, PANEL, PROMPTS_JS, SETTLED_JS, Lab, _menu, close_lesson, open_and_run

from korea_kit.lab_settings import lab_environment

LESSON = "02-sanctions.ipynb"
FRESH = "02-sanctions-fresh-copy.ipynb"
WRITTEN = "Both versions ask the Council to withdraw the sanctions; one says 'all'."
TIMEOUT = 60_000  # ms


@pytest.fixture
def lab(tmp_path, monkeypatch):
    require_browser()
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", lab_environment(tmp_path / "kit-settings", {})["JUPYTER_CONFIG_PATH"])
    server = Lab(tmp_path)
    yield server
    server.stop()


def _open(page, lab: Lab, name: str) -> None:
    """Open a notebook from the file browser and wait for its cells and an idle kernel (without running it)."""
    cells = len(json.loads((lab.notebooks / name).read_text(encoding="utf-8"))["cells"])
    page.locator(".jp-DirListing-content").get_by_text(name, exact=True).dblclick()
    page.wait_for_function(
        f"n => {{ const p = document.querySelectorAll('{PANEL}');"
        f" return p.length === 1 && p[0].querySelectorAll('.jp-Cell').length === n; }}", arg=cells)
    page.locator(".jp-StatusBar-Widget", has_text="Idle").first.wait_for()


def _run_all_again(page) -> None:
    _menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(f"() => {PROMPTS_JS}.every(p => !/\\d/.test(p))")
    _menu(page, "Run", "Run All Cells")
    page.wait_for_function(SETTLED_JS, timeout=3 * TIMEOUT)
    page.locator(f'{PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(timeout=3 * TIMEOUT)


def _shown(page) -> dict:
    """What the learner sees of their answers: the checked choice, the feedback under it, the text written."""
    from playwright.sync_api import expect

    quiz = page.locator(f"{PANEL} .kk-quiz .kk-question:has(.widget-radio-box)").first
    area = page.locator(f"{PANEL} .kk-open-question textarea").first
    expect(area).to_be_visible(timeout=TIMEOUT)
    checked = quiz.locator(".widget-radio-box input:checked")
    return {
        "choice": checked.evaluate("i => i.closest('label').innerText.trim()") if checked.count() else None,
        "feedback": quiz.locator(".kk-feedback").inner_text().strip(),
        "text": area.input_value(),
    }


def test_answers_are_shown_again_after_jupyterlab_restarts(lab, tmp_path):
    from playwright.sync_api import expect

    lab.wait_until_up()
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(TIMEOUT)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        try:
            page.goto(lab.folder_url())
            open_and_run(page, lab, LESSON)

            # answer: the first choice question (a wrong choice shows the most: feedback and "Show the answer")
            question = page.locator(f"{PANEL} .kk-quiz .kk-question:has(.widget-radio-box)").first
            question.scroll_into_view_if_needed()
            question.locator(".widget-radio-box input").last.click()
            question.locator("button", has_text=re.compile(r"^\s*Check\s*$")).click()
            expect(question.locator(".kk-feedback")).to_contain_text(re.compile("Correct|Not quite"))
            expect(question).to_contain_text("Your answer is saved")
            area = page.locator(f"{PANEL} .kk-open-question textarea").first
            area.scroll_into_view_if_needed()
            area.fill(WRITTEN)
            expect(page.locator(f"{PANEL} .kk-open-question .kk-saved").first).to_contain_text("Saved.")
            answered = _shown(page)
            assert answered["choice"] and answered["feedback"] and answered["text"] == WRITTEN

            _menu(page, "File", "Save Notebook")  # Ctrl+S
            saved = lab.notebooks / LESSON
            page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')")
            state = json.loads(saved.read_text(encoding="utf-8"))["metadata"].get("widgets", {})
            assert WRITTEN in json.dumps(state), "JupyterLab saved the widgets' state in the notebook"
            close_lesson(page, lab)

            lab.stop()
            lab.start()
            lab.wait_until_up()
            page.goto(lab.folder_url())
            _open(page, lab, LESSON)
            expect(page.locator(f"{PANEL} .kk-open-question textarea").first).to_be_visible()
            page.screenshot(path=artifact("lab-restart-reopened.png"))
            errors = page.evaluate(ERRORS_JS)
            assert not errors, "after a restart the lesson shows:\n" + "\n".join(errors)
            assert _shown(page) == answered, "reopened, the lesson shows the answers as they were left"

            _run_all_again(page)  # live widgets again: the answers come from the progress file
            assert not page.evaluate(ERRORS_JS)
            again = _shown(page)
            assert again == answered
            expect(page.locator(f"{PANEL} .kk-open-question .kk-saved").first).to_contain_text("earlier session")
            close_lesson(page, lab)

            shutil.copyfile(ROOT / "notebooks" / LESSON, lab.notebooks / FRESH)  # a fresh copy of the lesson
            page.goto(lab.folder_url())
            _open(page, lab, FRESH)
            shown = page.locator(f"{PANEL} .jp-OutputArea-output").all_inner_texts()
            text = "\n".join(shown)
            assert "Run All Cells" in text, "the still pictures name the action that brings the widgets back"
            assert "Open this lesson in JupyterLab" not in text, "a learner already in JupyterLab is not sent there"
            assert not page.evaluate(ERRORS_JS)
            _run_all_again(page)
            assert _shown(page) == answered, "a fresh copy of the lesson, run, shows the saved answers"
        finally:
            page.screenshot(path=artifact("lab-restart.png"))
            context.close()
