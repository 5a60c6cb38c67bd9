"""JupyterLab "Run All" in Chromium, each lesson against the floor notebook (the ``lab`` part of ``run.py``).

One JupyterLab server, set up as the kit's browser tests set it up (the
``Lab`` class of ``tests/test_lab_browser.py``: 127.0.0.1, a token, a
temporary copy of ``notebooks/``, its own settings, progress file and IPython
folder), and one headless Chromium page (``chromium()`` of
``tests/browser.py``, Debian's ``/usr/bin/chromium``). The floor notebook is
written into the server's copy of the lessons, never into ``notebooks/``.

Each run opens the notebook from the file browser (a new kernel), waits until
its kernel is idle, clears the outputs, then chooses Run > Run All Cells and
times from that click until the notebook is done as a learner sees it:

- the kernel is idle and every code cell's prompt shows a number;
- every code cell shows at least as many outputs as the lesson's stored copy
  has (streams left aside), none of them empty;
- every widget output is drawn (its ``.jupyter-widgets`` view is on the page,
  no "Loading widget"), and every picture in an output has loaded.

Then the kernel is shut down and the tab closed without saving. Floor and
lessons alternate (floor, lesson A, floor, lesson B, ...), ``repeats`` times.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"

LAB_GOAL = 1.5
FLOOR_NAME = "benchmark-floor.ipynb"

# Seconds.
OPEN_TIMEOUT = 90
RUN_TIMEOUT = 300


def missing() -> str | None:
    """Why the part cannot run here, or None."""
    reasons = []
    if not Path("/usr/bin/chromium").is_file():
        reasons.append("Debian's chromium at /usr/bin/chromium (apt-get install chromium)")
    for module, hint in (("playwright", "the playwright package"), ("jupyterlab", "jupyterlab"),
                         ("pytest", "pytest")):
        try:
            __import__(module)
        except ImportError:
            reasons.append(f"{hint} (pip install -e '.[test]')")
    return "it needs " + " and ".join(reasons) if reasons else None


def _kit_setup():
    """The browser tests' own set-up, imported from ``tests/`` (not copied, so that both stay alike)."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    import browser
    import test_lab_browser

    return browser, test_lab_browser


def done_js(panel: str) -> str:
    """A page function of the expected output counts: 'done', 'error: ...', or false while running."""
    return f"""expected => {{
    const panel = document.querySelector('{panel}');
    if (!panel) return false;
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.innerText);
    const failed = panel.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
    if (failed && !prompts.some(p => p.includes('*'))) return 'error: ' + failed.innerText.slice(0, 300);
    if (!prompts.length || !prompts.every(p => /\\[\\d+\\]/.test(p))) return false;
    if (!panel.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]')) return false;
    const cells = [...panel.querySelectorAll('.jp-CodeCell')];
    if (cells.length !== expected.length) return false;
    for (let i = 0; i < cells.length; i++) {{
        const outputs = [...cells[i].querySelectorAll('.jp-OutputArea-output')];
        if (outputs.length < expected[i]) return false;
        for (const o of outputs) {{
            if (o.dataset.mimeType === 'application/vnd.jupyter.widget-view+json') {{
                if (!o.querySelector('.jupyter-widgets') || /Loading widget/.test(o.innerText)) return false;
            }} else if (!o.innerText.trim() && !o.querySelector('img, svg, canvas, table, iframe')) {{
                return false;
            }}
        }}
    }}
    const pictures = [...panel.querySelectorAll('.jp-OutputArea-output img')];
    return pictures.every(img => img.complete && img.naturalWidth > 0) ? 'done' : false;
}}"""


def expected_outputs(path: Path) -> list[int]:
    """For each code cell of the stored notebook, how many outputs it shows (streams left aside)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [sum(o.get("output_type") != "stream" for o in c.get("outputs", [])) for c in cells
            if c["cell_type"] == "code"]


def run_all(page, kit, lab, name: str) -> float:
    """Open ``name``, clear its outputs, Run All; seconds from the click until everything is shown."""
    panel = kit.PANEL
    path = lab.notebooks / name
    cells = len(json.loads(path.read_text(encoding="utf-8"))["cells"])
    page.locator(".jp-DirListing-content").get_by_text(name, exact=True).dblclick()
    page.wait_for_function(
        f"n => {{ const p = document.querySelectorAll('{panel}');"
        f" return p.length === 1 && p[0].querySelectorAll('.jp-Cell').length === n; }}", arg=cells,
        timeout=OPEN_TIMEOUT * 1000)
    page.locator(".jp-StatusBar-Widget", has_text="Idle").first.wait_for(timeout=OPEN_TIMEOUT * 1000)
    page.locator(f'{panel} .jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(
        timeout=OPEN_TIMEOUT * 1000)
    kit._menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(f"() => {kit.PROMPTS_JS}.every(p => !/\\d/.test(p))"
                           f" && !document.querySelector('{panel} .jp-OutputArea-output')")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile("^Run$")).click()
    item = page.locator(".lm-Menu-itemLabel", has_text=re.compile("^Run All Cells$"))
    item.wait_for()
    start = time.perf_counter()
    item.click()
    outcome = page.wait_for_function(done_js(panel), arg=expected_outputs(path),
                                     timeout=RUN_TIMEOUT * 1000).json_value()
    seconds = time.perf_counter() - start
    if outcome != "done":
        raise RuntimeError(f"{name}: {outcome}")
    return seconds


def bench_lab(names: list[str], repeats: int, floor_code: str, floor_summary: str) -> bool:
    """Print the JupyterLab table; False when a lesson misses the goal or cannot be run."""
    print(f"JupyterLab Run All in Chromium (click to all outputs shown; fresh kernel per run; median of {repeats}, "
          "floor and lesson in turn)")
    reason = missing()
    if reason:
        print(f"  skipped: {reason}\n")
        return True
    import nbformat

    browser_setup, kit = _kit_setup()
    print(f"The floor ({FLOOR_NAME}) runs one cell: {floor_summary}")
    runs = {FLOOR_NAME: [], **{name: [] for name in names}}
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        lab = kit.Lab(Path(scratch))
        try:
            floor = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(floor_code)])
            floor.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            nbformat.write(floor, lab.notebooks / FLOOR_NAME)
            with browser_setup.chromium() as browser:
                lab.wait_until_up()
                context = browser.new_context(viewport={"width": 1280, "height": 1000})
                context.set_default_timeout(kit.LOAD_TIMEOUT * 1000)
                page = context.new_page()
                page.on("dialog", lambda dialog: dialog.accept())
                page.goto(lab.folder_url())
                try:
                    for _ in range(repeats):
                        for name in names:
                            for notebook in (FLOOR_NAME, name):
                                try:
                                    runs[notebook].append(run_all(page, kit, lab, notebook))
                                except Exception as exc:  # noted; the other notebooks still run
                                    problems.append(f"{notebook}: {type(exc).__name__}: {str(exc)[:300]}")
                                finally:
                                    kit.close_lesson(page, lab)
                finally:
                    context.close()
        finally:
            try:
                lab.shut_down_kernels()
            except OSError:
                pass
            lab.stop()
    ok = not problems
    if not runs[FLOOR_NAME]:
        print("  the floor never ran:")
    else:
        floor_s = statistics.median(runs[FLOOR_NAME])
        print(f"{'notebook':<36}{'seconds':>9}{'x floor':>9}{'runs':>6}   goal <= {LAB_GOAL}x")
        print(f"{'floor':<36}{floor_s:>9.2f}{1:>9.2f}{len(runs[FLOOR_NAME]):>6}")
        for name in names:
            if not runs[name]:
                print(f"{name.removesuffix('.ipynb'):<36}{'-':>9}{'-':>9}{0:>6}   MISSED (never finished)")
                continue
            seconds = statistics.median(runs[name])
            ratio = seconds / floor_s
            ok &= ratio <= LAB_GOAL
            print(f"{name.removesuffix('.ipynb'):<36}{seconds:>9.2f}{ratio:>9.2f}{len(runs[name]):>6}   "
                  f"{verdict(ratio <= LAB_GOAL)}")
    for problem in problems:
        print(f"  failed: {problem}")
    print()
    return ok


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"
