"""Voilà: one lesson of the student edition served as a dashboard, its widgets used in chromium.

Voilà runs the notebook in a kernel and shows its outputs and widgets without
its code. The test writes the student edition with ``korea-kit copy`` into a
temporary folder, serves one lesson from there with Voilà on 127.0.0.1 (its
own Jupyter folders and progress file), opens it in chromium, checks that no
code is shown and no answer key rendered, and operates the first control of
the lesson's main kit widget, as the JupyterLab test does, until its view
changes. Then axe-core checks the outputs (no serious or critical violation),
every chart of a kit widget has alt text, and each kind of kit control the
lesson has is operated by keyboard (``tests/access_checks.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import socket
import time

import pytest

from access_checks import axe_outputs, check_charts_alt, describe, operate_by_keyboard
from browser import artifact, chromium, free_port, require_browser
from test_lab_browser import use_main_widget

from korea_kit.publish.editions import copy_edition

#: The lesson served: its main widget steps through the days of April 2013.
LESSON = "04-kaesong.ipynb"
START_TIMEOUT = 90


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """The address of the lesson served by Voilà from a copy of the student edition."""
    require_browser()
    pytest.importorskip("voila", reason="Voilà is among the test extras: pip install -e '.[test]'")
    base = tmp_path_factory.mktemp("voila")
    folder = copy_edition(base / "lessons", "student").folder
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(base / "config"), "JUPYTER_DATA_DIR": str(base / "data"),
           "JUPYTER_RUNTIME_DIR": str(base / "runtime"), "IPYTHONDIR": str(base / "ipython"),
           "KOREA_KIT_PROGRESS": str(base / "progress.json")}
    log = base / "voila.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "voila", LESSON, "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
             "--Voila.port_retries=0"],
            cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()  # listening: the page would run
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Voilà did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_voila_shows_a_lesson_without_code_and_its_widgets_work(voila):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.set_default_timeout(START_TIMEOUT * 1000)
        page.goto(voila)
        # Voilà shows the page once every cell has run
        page.locator(".jp-OutputArea-output .kk-widget").first.wait_for()
        body = page.locator("body").inner_text()
        assert "kk.load_tables()" not in body and "import korea_kit" not in body, "no code is shown"
        assert page.locator(".jp-InputArea-editor:visible, .jp-CodeMirrorEditor:visible").count() == 0
        assert "Traceback" not in body and "Error displaying widget" not in body
        assert page.locator(".kk-key").count() == 0, "no answer key in the student edition"
        use_main_widget(page, LESSON, scope="body")
        stem = LESSON.removesuffix(".ipynb")
        violations = axe_outputs(page, "body", f"voila-{stem}")
        assert not violations, f"Voilà, {LESSON}: axe-core finds in the outputs:\n{describe(violations)}"
        check_charts_alt(page, "body", LESSON)
        done = operate_by_keyboard(page, "body", LESSON)
        artifact(f"keyboard-voila-{stem}.json").write_text(json.dumps(done, indent=1), encoding="utf-8")
        page.screenshot(path=str(artifact(f"voila-{stem}.png")), full_page=True)
