"""Voilà, as a visitor of a lesson's page meets it: the page reads right and saves no one's answers.

The student edition is written with ``korea-kit copy`` (which puts Voilà's settings, ``voila.json``,
beside the lessons) and one lesson is served by Voilà from there, as the README says, in chromium. The page
shows none of the cells tagged ``lab-only`` (JupyterLab's instructions: "press Shift + Enter", "run the
cell"); its quiz and open question work, say that nothing is saved, and no progress file is written: the
file would be the server account's, shared by every visitor.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time

import nbformat
import pytest

from browser import artifact, chromium, free_port, require_browser

from korea_kit.publish.editions import LAB_ONLY, VOILA_SETTINGS, copy_edition

LESSON = "02-sanctions.ipynb"
START_TIMEOUT = 90


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    require_browser()
    pytest.importorskip("voila", reason="Voilà is among the test extras: pip install -e '.[test]'")
    base = tmp_path_factory.mktemp("voila-learner")
    folder = copy_edition(base / "lessons", "student").folder
    progress = base / "progress.json"
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(base / "config"), "JUPYTER_DATA_DIR": str(base / "data"),
           "JUPYTER_RUNTIME_DIR": str(base / "runtime"), "IPYTHONDIR": str(base / "ipython"),
           "KOREA_KIT_PROGRESS": str(progress)}
    env.pop("JUPYTER_CONFIG_PATH", None)
    log = base / "voila.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "voila", LESSON, "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
             "--Voila.port_retries=0"], cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Voilà did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
        yield {"url": f"http://127.0.0.1:{port}/", "folder": folder, "progress": progress}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_the_lessons_folder_tells_voila_to_leave_out_the_lab_only_cells(served):
    settings = json.loads((served["folder"] / "voila.json").read_text(encoding="utf-8"))
    assert settings == VOILA_SETTINGS and LAB_ONLY in settings["TagRemovePreprocessor"]["remove_cell_tags"]


def test_a_lesson_page_in_voila_reads_right_and_saves_no_answers(served):
    from playwright.sync_api import expect

    nb = nbformat.read(served["folder"] / LESSON, as_version=4)
    lab_only = [cell.source for cell in nb.cells if LAB_ONLY in cell.metadata.get("tags", [])
                and cell.cell_type == "markdown"]
    assert any("Shift + Enter" in text for text in lab_only), "the lesson has JupyterLab-only instructions"
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.set_default_timeout(START_TIMEOUT * 1000)
        try:
            page.goto(served["url"])
            page.locator(".jp-OutputArea-output .kk-quiz").first.wait_for()
            body = " ".join(page.locator("body").inner_text().split())
            for text in ("Shift + Enter", "Run it first", "Your progress when this cell last ran"):
                assert text not in body, f"the page shows JupyterLab's instruction {text!r}"
            assert "Error displaying widget" not in body and "Traceback" not in body

            quiz = page.locator(".kk-quiz").first
            assert "not saved" in quiz.inner_text()
            question = quiz.locator(".kk-question:has(.widget-radio-box)").first
            question.scroll_into_view_if_needed()
            question.locator(".widget-radio-box input").first.click()
            question.locator("button", has_text=re.compile(r"^\s*Check\s*$")).click()
            expect(question.locator(".kk-feedback")).to_contain_text(re.compile("Correct|Not quite"))
            area = page.locator(".kk-open-question textarea").first
            area.scroll_into_view_if_needed()
            area.fill("A visitor's answer.")
            expect(page.locator(".kk-open-question .kk-saved").first).to_contain_text("not saved")
            time.sleep(1)  # a save, were there one, would have happened by now
            assert not served["progress"].exists(), "a page every visitor shares wrote a progress file"
        finally:
            page.screenshot(path=str(artifact("voila-learner.png")), full_page=True)
