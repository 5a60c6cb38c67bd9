"""JupyterLab, driven like a learner: every lesson run and its widgets used in chromium.

One JupyterLab server and one browser page serve the whole module. The server
runs on 127.0.0.1 with a token, in a temporary folder holding a copy of
``notebooks/`` (the lessons on disk are never touched), with its own Jupyter
configuration, settings, workspace, IPython folder and progress file, so that
a contributor's own settings and a learner's progress stay as they are.

For every lesson in ``notebooks/toc.json`` the test opens the notebook from
the file browser, clears its stored outputs and runs all cells from the "Run"
menu, waits until every code cell has run (or one has failed) and the kernel
is idle, checks that no cell shows an error or a traceback and that every cell
ran, then uses the lesson's main widget as a learner would: it operates the
first control of the first kit widget (``.kk-widget``) that is not a quiz, and
checks that the chart or text the learner sees changes. If the lesson has a
quiz (``.kk-quiz``), it answers the first question, presses "Check" and
checks that feedback appears. A lesson without a kit widget fails. In lesson
07 it then plays a round of the simulation alone and a round as a class
(:func:`play_one_round`). In the same run of the lesson, axe-core checks every
output (no serious or critical violation), every chart image of a kit widget
must have alt text, and each kind of kit control the lesson has is operated by
keyboard alone (``tests/access_checks.py``; what was done is saved to
``test-artifacts/``), and, at 1366×768, each control of each widget is operated and must fit one screen
with the views it changes (``tests/screen_fit.py``; lessons 00 to 06). A screenshot of each lesson is saved to
``test-artifacts/``; then the kernel is shut down and the tab closed without
saving.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from access_checks import axe_outputs, check_charts_alt, describe, operate_by_keyboard
from browser import artifact, chromium, free_port, require_browser
from conftest import ROOT
from screen_fit import controls_beside_views, misfits

LESSONS = json.loads((ROOT / "notebooks" / "toc.json").read_text(encoding="utf-8"))["lessons"]

TOKEN = "kit-browser-test"

# Settings for the test's own JupyterLab: attach every cell to the page (no
# windowing, so cells below the fold exist too), never autosave, never ask
# about news or updates.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}

# Front-end options: no check for a needed rebuild, no news, and no export
# menu (whose list of formats keeps the server busy while a lesson opens).
PAGE_CONFIG = {
    "buildCheck": False,
    "buildAvailable": False,
    "disabledExtensions": {
        "@jupyterlab/apputils-extension:announcements": True,
        "@jupyterlab/notebook-extension:export": True,
        "@jupyterlab/notebook-extension:tools": True,
    },
}

# Seconds. Generous, since a shared machine can be slow; a wait ends as soon as
# its condition holds.
START_TIMEOUT = 90
LOAD_TIMEOUT = 60
RUN_TIMEOUT = 180
CHANGE_TIMEOUT = 30

# The controls of a widget, in the order a learner meets them on the page.
CONTROLS = ", ".join([
    "select",
    ".noUi-handle",
    ".widget-toggle-buttons button",
    ".widget-radio-box input",
    ".widget-checkbox input",
    "button.jupyter-button",
])

# The notebook in front of the learner (a hidden tab would not count).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

# What a learner sees of a widget: its pictures and its texts.
VIEW_JS = """w => JSON.stringify([
    ...[...w.querySelectorAll('.widget-image')].map(img => img.getAttribute('src')),
    ...[...w.querySelectorAll('.widget-html')].map(html => html.innerText),
])"""

# The prompts of the code cells: [ ] not run, [*] running or queued, [3] run.
PROMPTS_JS = f"[...document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputArea-prompt')].map(p => p.innerText)"

# Run All has finished: every cell has run, or a cell failed and the rest were dropped.
SETTLED_JS = f"""() => {{
    const prompts = {PROMPTS_JS};
    const allRun = prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p));
    const failed = document.querySelector('{PANEL} [data-mime-type="application/vnd.jupyter.stderr"]');
    return allRun || (failed !== null && !prompts.some(p => p.includes('*')));
}}"""

# Error outputs (tracebacks and stderr), and widgets that could not be shown.
ERRORS_JS = f"""() => [
    ...[...document.querySelectorAll('{PANEL} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .map(e => e.innerText.slice(0, 2000)),
    ...[...document.querySelectorAll('{PANEL} .jp-OutputArea-output')]
        .map(e => e.innerText).filter(t => /Error displaying widget|Failed to load model class/.test(t)),
]"""


class Lab:
    """A JupyterLab server on 127.0.0.1 serving a copy of the lessons."""

    def __init__(self, base: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        work = base / "work"
        self.notebooks = work / "notebooks"  # what the server serves, as it was when the tests began
        shutil.copytree(ROOT / "notebooks", self.notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        settings = base / "settings"
        for plugin, values in LAB_SETTINGS.items():
            path = settings / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values), encoding="utf-8")
        labconfig = base / "config" / "labconfig"
        labconfig.mkdir(parents=True)
        (labconfig / "page_config.json").write_text(json.dumps(PAGE_CONFIG), encoding="utf-8")
        command = [
            sys.executable, "-m", "jupyterlab",
            f"--ServerApp.root_dir={work}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            "--ServerApp.open_browser=False",
            f"--IdentityProvider.token={TOKEN}",
            "--ServerApp.terminals_enabled=False",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={base / 'workspaces'}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ]
        if getattr(os, "geteuid", lambda: None)() == 0:
            command.append("--allow-root")  # as korea-kit lab does, e.g. in containers
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(base / "config"),
            "JUPYTER_DATA_DIR": str(base / "data"),
            "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
            "IPYTHONDIR": str(base / "ipython"),  # the kernels' history
            "KOREA_KIT_PROGRESS": str(base / "progress.json"),
        }
        self.log = base / "lab.log"
        self._start = command, env, work
        self.start()

    def start(self) -> None:
        """Start the server (again, after :meth:`stop`: same port, folder, settings and progress file)."""
        command, env, work = self._start
        with self.log.open("a") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                self.api("GET", "status")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start:\n{self.log.read_text()[-3000:]}")
                time.sleep(0.3)

    def api(self, method: str, path: str):
        request = urllib.request.Request(
            f"{self.url}/api/{path}", method=method, headers={"Authorization": f"token {TOKEN}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        for session in self.api("GET", "sessions"):
            self.api("DELETE", f"sessions/{session['id']}")

    def folder_url(self) -> str:
        """JupyterLab at the lessons' folder, in a workspace of its own, emptied (nothing reopened)."""
        return f"{self.url}/lab/workspaces/kk-lab-test/tree/notebooks?reset&token={TOKEN}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    require_browser()  # before starting anything
    server = Lab(tmp_path_factory.mktemp("lab"))  # starts while the browser does
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(lab):
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def page(lab, browser):
    """One JupyterLab page for every lesson, at the lessons' folder, as a learner keeps it open."""
    lab.wait_until_up()
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(LOAD_TIMEOUT * 1000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # leaving with unsaved changes, if it comes to that
    page.goto(lab.folder_url())
    yield page
    context.close()


def _menu(page, menu: str, item: str) -> None:
    """Choose ``item`` from the menu bar's ``menu``, as a learner would."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def open_and_run(page, lab: Lab, lesson: str) -> None:
    """Open the lesson from the file browser, clear its stored outputs, Run All, wait for the end."""
    from playwright.sync_api import TimeoutError

    cells = len(json.loads((lab.notebooks / lesson).read_text(encoding="utf-8"))["cells"])
    page.locator(".jp-DirListing-content").get_by_text(lesson, exact=True).dblclick()
    try:
        page.wait_for_function(
            f"n => {{ const p = document.querySelectorAll('{PANEL}');"
            f" return p.length === 1 && p[0].querySelectorAll('.jp-Cell').length === n; }}", arg=cells,
        )
        # its kernel has started: the status bar names it, and its state
        page.locator(".jp-StatusBar-Widget", has_text="Idle").first.wait_for()
    except TimeoutError:
        pytest.fail(f"{lesson} did not open with its {cells} cells and an idle kernel in {LOAD_TIMEOUT} s")
    # outputs stored in the file would hide whether this run made them
    _menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(f"() => {PROMPTS_JS}.every(p => !/\\d/.test(p))")
    _menu(page, "Run", "Run All Cells")
    try:
        page.wait_for_function(SETTLED_JS, timeout=RUN_TIMEOUT * 1000)
        idle = page.locator(f'{PANEL} .jp-Notebook-ExecutionIndicator[data-status="idle"]')
        idle.wait_for(timeout=RUN_TIMEOUT * 1000)
    except TimeoutError:
        prompts = page.evaluate(f"() => {PROMPTS_JS}")
        pytest.fail(f"{lesson} was still running {RUN_TIMEOUT} s after Run All: {prompts}")


def close_lesson(page, lab: Lab) -> None:
    """Shut the lesson's kernel down and close its tab without saving, ready for the next one."""
    lab.shut_down_kernels()
    try:
        if page.locator(".jp-Dialog").count():  # left open by a failure
            page.keyboard.press("Escape")
        page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabCloseIcon").click()
        page.wait_for_function(
            "() => document.querySelector('.jp-Dialog') || !document.querySelector('.jp-NotebookPanel')"
        )
        if page.locator(".jp-Dialog").count():  # unsaved changes: the cleared outputs
            page.locator(".jp-Dialog").get_by_role("button", name="Discard").click()
        page.wait_for_function("() => !document.querySelector('.jp-NotebookPanel')")
    except Exception:  # start afresh rather than leave the next lesson a page in disorder
        page.goto(lab.folder_url())


def _operate(control) -> str:
    """Operate one control as a learner would; returns what was done, for messages."""
    kind = control.evaluate("""c => c.tagName === 'SELECT' ? 'list'
        : c.classList.contains('noUi-handle') ? 'slider'
        : c.closest('.widget-toggle-buttons') ? 'toggles'
        : c.type === 'radio' ? 'radio' : c.type === 'checkbox' ? 'checkbox' : 'button'""")
    if kind == "list":  # a list box, several-choice list or dropdown: pick one other option
        options = control.evaluate("s => [...s.options].map(o => [o.label, o.selected])")
        chosen = {label for label, selected in options if selected}
        label = next(label for label, _ in options if {label} != chosen)
        control.select_option(label=label)
        return f"chose {label!r} in a list"
    if kind == "slider":
        at_end = control.evaluate("h => h.getAttribute('aria-valuenow') === h.getAttribute('aria-valuemax')")
        key = "ArrowLeft" if at_end else "ArrowRight"
        control.focus()
        control.press(key)
        return f"pressed {key} on a slider"
    if kind == "toggles":  # a row of toggle buttons: press one that is not pressed
        control = control.locator("xpath=ancestor::*[contains(@class, 'widget-toggle-buttons')][1]").locator(
            "button:not(.mod-active)").first
    elif kind in ("radio", "checkbox"):
        control.click()
        return f"clicked a {kind} button"
    text = control.inner_text()
    control.click()
    return f"clicked {text!r}"


def use_main_widget(page, lesson: str, scope: str = PANEL):
    """Operate the first control of the lesson's first kit widget; assert that its view changes.

    ``scope`` is the selector of the part of the page that shows the lesson (JupyterLab's notebook panel).
    """
    # widget views are the outputs JupyterLab's own renderers do not tag with a MIME type
    outputs = page.locator(f"{scope} .jp-OutputArea-output:not([data-mime-type])")
    widgets = page.locator(f"{scope} .kk-widget:not(.kk-quiz):not(.kk-quiz *)")
    if outputs.count() == 0:
        pytest.fail(f"{lesson} shows no widget: every lesson needs a kit widget (.kk-widget) to explore")
    try:
        widgets.first.wait_for(timeout=CHANGE_TIMEOUT * 1000)
    except Exception:
        pytest.fail(f"{lesson} shows no kit widget (.kk-widget) other than a quiz: every lesson needs one")
    widget = widgets.first
    widget.evaluate("w => w.scrollIntoView({block: 'start'})")
    controls = widget.locator(CONTROLS)
    assert controls.count() > 0, f"the first kit widget of {lesson} has no control a learner can use"
    before = widget.evaluate(VIEW_JS)
    action = _operate(controls.first)
    try:
        page.wait_for_function(
            f"([w, before]) => ({VIEW_JS})(w) !== before",
            arg=[widget.element_handle(), before], timeout=CHANGE_TIMEOUT * 1000,
        )
    except Exception:
        pytest.fail(f"{lesson}: {action}, but the widget's picture and text did not change")
    return widget


def answer_quiz(page, lesson: str) -> None:
    """If the lesson has a quiz, answer its first question, press Check and expect feedback."""
    from playwright.sync_api import expect

    quizzes = page.locator(f"{PANEL} .kk-quiz")
    if quizzes.count() == 0:
        return
    question = quizzes.first.locator(".kk-question").first
    question.scroll_into_view_if_needed()
    radios = question.locator(".widget-radio-box input")
    if radios.count():
        radios.first.click()
    else:  # one list per item (order or match questions): give each a different option
        lists = question.locator("select")
        for i in range(lists.count()):
            labels = lists.nth(i).evaluate("s => [...s.options].map(o => o.label)")
            lists.nth(i).select_option(label=labels[(i + 1) % len(labels)])
    feedback = quizzes.first.locator(".kk-feedback", has_text=re.compile(r"Correct|Not quite"))
    assert feedback.count() == 0, f"{lesson}: the quiz shows feedback before any answer is checked"
    question.locator("button", has_text=re.compile(r"^\s*Check\s*$")).first.click()
    expect(feedback.first).to_be_visible(timeout=CHANGE_TIMEOUT * 1000)


#: The lesson whose simulation :func:`play_one_round` plays.
SIMULATION = "07-negotiation-role-play.ipynb"


def play_one_round(page) -> None:
    """Lesson 07's simulation, played one round alone and one round as a class.

    In the simulation widget (``.kk-negotiation``) of the lesson run in front of the learner:

    - solo: pick the United States, tick "Pause the joint drills", press "End round 1"; the round's
      table shows the move, the other sides' moves of April 2013 and the computer's answers by its rules
      (Seoul pauses too, the North takes up the offer), the button moves on to round 2 and the move's
      box is free again;
    - class: press "Start again", untick Solo, tick one move for South Korea and one for North Korea,
      end the round; both count, and the side buttons stay free for the teacher.

    A screenshot is saved to ``test-artifacts/``.
    """
    from playwright.sync_api import expect

    timeout = CHANGE_TIMEOUT * 1000
    widget = page.locator(f"{PANEL} .kk-negotiation").first
    widget.wait_for(timeout=timeout)
    try:
        widget.evaluate("w => w.scrollIntoView({block: 'start'})")
        report = widget.locator(".kk-report")
        assert "Round 1" not in report.inner_text()  # nothing played yet
        widget.locator("select").first.select_option(index=0)  # no what-if card: April 2013 as it was

        widget.locator(".widget-toggle-buttons button", has_text="United States").click()
        expect(widget.locator(".widget-html", has_text="You play the United States")).to_be_visible(timeout=timeout)

        move = widget.locator(".widget-checkbox:visible", has_text="Pause the joint drills with South Korea")
        expect(move).to_have_count(1)
        move.locator("input").click()
        expect(move.locator("input")).to_be_checked()

        widget.locator("button", has_text=re.compile(r"^\s*End round 1\s*$")).click()
        expect(report).to_contain_text("Round 1 (11 to 15 April 2013)", timeout=timeout)
        expect(report).to_contain_text("paused its part in the drills")  # the move, as the round's table tells it
        # solo: the computer answers by its rules from the record
        expect(report).to_contain_text("(the computer)")
        expect(report).to_contain_text("Foal Eagle was a joint exercise")
        expect(report).to_contain_text("The drills are paused.")
        expect(widget.locator("button", has_text=re.compile(r"^\s*End round 2\s*$"))).to_be_visible()
        expect(move.locator("input")).not_to_be_checked()  # a move made once stands; the box is free again

        # class play: the teacher enters two groups' moves
        widget.locator("button", has_text=re.compile(r"^\s*Start again\s*$")).click()
        expect(report).not_to_contain_text("Round 1", timeout=timeout)
        solo = widget.locator(".widget-checkbox", has_text="Solo")
        solo.locator("input").click()
        expect(solo.locator("input")).not_to_be_checked()
        widget.locator(".widget-toggle-buttons button", has_text="South Korea").click()
        widget.locator(".widget-checkbox:visible", has_text="Offer the North talks on the Kaesong complex") \
            .locator("input").click()
        widget.locator(".widget-toggle-buttons button", has_text="North Korea").click()
        widget.locator(".widget-checkbox:visible", has_text="Accept the South's offer of talks") \
            .locator("input").click()
        widget.locator("button", has_text=re.compile(r"^\s*End round 1\s*$")).click()
        expect(report).to_contain_text("offered talks on Kaesong", timeout=timeout)
        expect(report).to_contain_text("took up the offer of talks on Kaesong")
        expect(report).not_to_contain_text("(the computer)")
        expect(widget.locator(".widget-toggle-buttons button", has_text="China")).to_be_enabled()
    finally:
        widget.evaluate("w => w.scrollIntoView({block: 'start'})")
        page.screenshot(path=artifact("lab-07-simulation-round.png"))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda name: name.removesuffix(".ipynb"))
def test_lesson_runs_in_jupyterlab_and_its_widgets_respond(page, lab, lesson):
    shown = None
    try:
        open_and_run(page, lab, lesson)
        errors = page.evaluate(ERRORS_JS)
        assert not errors, f"{lesson} shows errors after Run All:\n" + "\n---\n".join(errors)
        prompts = page.evaluate(f"() => {PROMPTS_JS}")
        assert all(re.fullmatch(r"\[\d+\]:", p) for p in prompts), f"{lesson}: not every cell ran: {prompts}"
        shown = use_main_widget(page, lesson)
        answer_quiz(page, lesson)
        if lesson == SIMULATION:  # the same run of the lesson: JupyterLab runs it once
            play_one_round(page)
        # the same run again: axe-core on every output, then each kind of kit control by keyboard
        stem = lesson.removesuffix(".ipynb")
        violations = axe_outputs(page, PANEL, f"lab-{stem}")
        assert not violations, f"{lesson}: axe-core finds in the outputs:\n{describe(violations)}"
        check_charts_alt(page, PANEL, lesson)
        done = operate_by_keyboard(page, PANEL, lesson)
        artifact(f"keyboard-lab-{stem}.json").write_text(json.dumps(done, indent=1), encoding="utf-8")
        if lesson != SIMULATION:  # at 1366×768, each control of each widget and the views it changes (screen_fit.py)
            fit = controls_beside_views(page, PANEL, lesson, _operate, CONTROLS)
            assert [m for m in fit if m["changed"]], f"{lesson}: no widget control changed a view"
            assert not misfits(fit), f"{lesson}: a control and the view it changes do not fit one screen: {misfits(fit)}"
    finally:
        if shown is not None:  # the screenshot shows the widget as the learner left it
            shown.evaluate("w => w.scrollIntoView({block: 'start'})")
        page.screenshot(path=artifact(f"lab-{lesson.removesuffix('.ipynb')}.png"))
        close_lesson(page, lab)


def test_the_simulation_is_a_lesson_of_the_toc():
    # play_one_round runs within the JupyterLab test of its lesson: the lesson must be among those tested
    assert SIMULATION in LESSONS
