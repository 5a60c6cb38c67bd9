"""Lesson 07's simulation played in real JupyterLab, in chromium: one round, as a learner plays it alone.

The test starts its own JupyterLab on a copy of the lessons (as
``tests/test_lab_browser.py`` does, with the same server and helpers), opens
lesson 07, runs all its cells, then in the simulation widget picks the United
States, ticks one move, presses "End round 1" and checks that the round's
table appears with the move in it and the button moves on to round 2. A
screenshot is saved to ``test-artifacts/``.
"""

from __future__ import annotations

import re

import pytest

from browser import artifact, chromium, require_browser
from test_lab_browser import ERRORS_JS, LOAD_TIMEOUT, PANEL, PROMPTS_JS, Lab, close_lesson, open_and_run

LESSON = "07-negotiation-role-play.ipynb"
TIMEOUT = 30_000  # ms


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_browser()
    server = Lab(tmp_path_factory.mktemp("sim-lab"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(lab):
    with chromium() as browser:
        lab.wait_until_up()
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(LOAD_TIMEOUT * 1000)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        page.goto(lab.folder_url())
        yield page
        context.close()


def test_one_round_of_the_simulation_in_jupyterlab(page, lab):
    from playwright.sync_api import expect

    widget = None
    try:
        open_and_run(page, lab, LESSON)
        errors = page.evaluate(ERRORS_JS)
        assert not errors, "lesson 07 shows errors after Run All:\n" + "\n---\n".join(errors)
        prompts = page.evaluate(f"() => {PROMPTS_JS}")
        assert all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), f"not every cell ran: {prompts}"

        widget = page.locator(f"{PANEL} .kk-negotiation").first
        widget.wait_for(timeout=TIMEOUT)
        widget.evaluate("w => w.scrollIntoView({block: 'start'})")
        report = widget.locator(".widget-html").last
        assert "Round 1" not in report.inner_text()  # nothing played yet

        widget.locator(".widget-toggle-buttons button", has_text="United States").click()
        expect(widget.locator(".widget-html", has_text="You play United States")).to_be_visible(timeout=TIMEOUT)

        move = widget.locator(".widget-checkbox:visible", has_text="Drop your preconditions and offer talks without them")
        expect(move).to_have_count(1)
        move.locator("input").click()
        expect(move.locator("input")).to_be_checked()

        widget.locator("button", has_text=re.compile(r"^\s*End round 1\s*$")).click()
        expect(report).to_contain_text("Round 1 (11 to 15 April 2013)", timeout=TIMEOUT)
        expect(report).to_contain_text("Drop your preconditions and offer talks without them")
        # solo play: the other sides played their moves of April 2013
        expect(report).to_contain_text("Turn down the South's offer of talks on Kaesong")
        expect(widget.locator("button", has_text=re.compile(r"^\s*End round 2\s*$"))).to_be_visible()
        expect(move.locator("input")).not_to_be_checked()  # a move made once stands; the box is free again
    finally:
        if widget is not None:
            widget.evaluate("w => w.scrollIntoView({block: 'start'})")
        page.screenshot(path=artifact("lab-07-simulation-round.png"))
        close_lesson(page, lab)
