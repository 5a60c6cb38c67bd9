"""The kit's speed: lessons against a floor, widget latency, import time and the test run.

Run from the project folder::

    .venv/bin/python benchmarks/run.py [--repeats 3] [--updates 50] [--pytest] [LESSON ...]

It prints figures, and ratios against these goals:

- a lesson runs (nbclient, one fresh kernel) in at most 1.5 times the floor: a
  generated notebook that only imports korea_kit, pandas, matplotlib and
  ipywidgets, run alternately with the lesson in the same folder (medians);
- a lesson's main widget (the first kit widget, not a quiz, that the lesson
  shows) redraws its view within 100 ms at the 95th percentile, in-process:
  its first control is changed ``--updates`` times and each change is timed
  until the widget's pictures or texts hold the new view;
- ``import korea_kit`` and ``load_tables()`` take at most 1.3 times
  ``import pandas``, each in a fresh interpreter (medians);
- with ``--pytest``, the whole ``pytest`` run takes at most 2 minutes on a
  2-core machine.

The exit code is 0 when every goal measured is met, 1 otherwise. LESSON names
(e.g. ``00-start-here``) limit the run to those lessons.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

LESSON_GOAL, LATENCY_GOAL_MS, IMPORT_GOAL, PYTEST_GOAL_S = 1.5, 100.0, 1.3, 120.0

FLOOR_CODE = "import korea_kit as kk\nimport pandas\nimport matplotlib\nimport ipywidgets"
IMPORT_CODE = "import korea_kit\nkorea_kit.load_tables()"
PANDAS_CODE = "import pandas"

# How long a change may take to reach the view before it counts as lost (seconds).
UPDATE_WAIT = 5.0


def lessons(names: list[str]) -> list[str]:
    listed = json.loads((NOTEBOOKS / "toc.json").read_text(encoding="utf-8"))["lessons"]
    if not names:
        return listed
    wanted = [n if n.endswith(".ipynb") else f"{n}.ipynb" for n in names]
    unknown = [n for n in wanted if n not in listed]
    if unknown:
        raise SystemExit(f"not in notebooks/toc.json: {', '.join(unknown)}")
    return wanted


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# --- running notebooks ---------------------------------------------------------

def run_notebook(nb) -> float:
    """Seconds to execute ``nb`` in a fresh kernel, start and shutdown included."""
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=600, kernel_name="python3", extra_arguments=["--log-level=ERROR"],
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def slowest_cells(nb, count: int = 3) -> list[tuple[float, int, str]]:
    """The cells that took longest in the kernel: ``(seconds, cell number, first line)``."""
    from datetime import datetime

    cells = []
    for number, cell in enumerate(nb.cells, start=1):
        stamps = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in stamps and "shell.execute_reply" in stamps:
            begin, end = (datetime.fromisoformat(stamps[k]) for k in ("iopub.execute_input", "shell.execute_reply"))
            cells.append(((end - begin).total_seconds(), number, cell.source.splitlines()[0]))
    return sorted(cells, reverse=True)[:count]


def bench_lessons(names: list[str], repeats: int) -> tuple[list[tuple], bool]:
    import nbformat

    floor_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CODE)])
    floor, runs, last = [], {name: [] for name in names}, {}
    for _ in range(repeats):
        for name in names:  # floor and lesson alternate, so that both meet the same machine load
            floor.append(run_notebook(nbformat.from_dict(floor_nb)))
            last[name] = nbformat.read(NOTEBOOKS / name, as_version=4)
            runs[name].append(run_notebook(last[name]))
    floor_s = statistics.median(floor)
    rows = [(name, statistics.median(times), statistics.median(times) / floor_s) for name, times in runs.items()]
    print(f"Lesson run time (nbclient, fresh kernel; median of {repeats})")
    print(f"{'notebook':<36}{'seconds':>9}{'x floor':>9}   goal <= {LESSON_GOAL}x")
    print(f"{'floor: imports only':<36}{floor_s:>9.2f}{1:>9.2f}")
    ok, slow = True, []
    for name, seconds, ratio in rows:
        ok &= ratio <= LESSON_GOAL
        print(f"{name.removesuffix('.ipynb'):<36}{seconds:>9.2f}{ratio:>9.2f}   {verdict(ratio <= LESSON_GOAL)}")
        if ratio > LESSON_GOAL:
            slow.append(name)
    for name in slow:
        cells = "; ".join(f"cell {n} {s:.2f} s `{line[:50]}`" for s, n, line in slowest_cells(last[name]))
        print(f"  {name.removesuffix('.ipynb')}, slowest cells: {cells}")
    print()
    return rows, ok


# --- widget latency (runs in a subprocess per lesson) --------------------------------

def main_widget(path: Path):
    """Run the lesson's code cells in this process until one shows a kit widget that is not a quiz."""
    import nbformat

    from korea_kit.widgets import KitWidget

    path = path.resolve()
    os.chdir(path.parent)  # as a kernel started beside the notebook
    namespace = {"__name__": "__main__"}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, str(path), "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), str(path), "eval"), namespace)
            if isinstance(value, KitWidget) and "kk-quiz" not in value._dom_classes:
                return value
    return None


def walk(widget):
    """The widget and its descendants, in the order they appear on the page."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def first_control(widget):
    """The first control a learner meets in ``widget``, or None."""
    import ipywidgets as w
    from ipywidgets.widgets.widget_bool import _Bool
    from ipywidgets.widgets.widget_selection import _MultipleSelection, _Selection

    kinds = (_Selection, _MultipleSelection, _Bool, w.Button, w.IntSlider, w.FloatSlider,
             w.IntRangeSlider, w.FloatRangeSlider)
    return next((c for c in walk(widget) if isinstance(c, kinds)), None)


def changes(control):
    """An endless series of changes to ``control``, each to a state other than the current one."""
    import ipywidgets as w
    from ipywidgets.widgets.widget_bool import _Bool
    from ipywidgets.widgets.widget_selection import _MultipleSelection, _Selection

    if isinstance(control, w.Button):
        while True:
            yield control.click
    elif isinstance(control, _Bool):
        while True:
            yield lambda: setattr(control, "value", not control.value)
    elif isinstance(control, w.SelectionRangeSlider):  # move the lower end across the range
        while True:
            lo, hi = control.index
            yield lambda lo=lo, hi=hi: setattr(control, "index", ((lo + 1) % hi if hi else 0, max(hi, 1)))
    elif isinstance(control, _MultipleSelection):  # one option at a time, in turn
        k = 0
        while True:
            k += control.index == (k % len(control.options),)
            yield lambda k=k % len(control.options): setattr(control, "index", (k,))
            k += 1
    elif isinstance(control, _Selection):
        while True:
            yield lambda: setattr(control, "index", ((control.index or 0) + 1) % len(control.options))
    else:  # a numeric slider: step up, and back to the start at the end
        while True:
            value = control.value[0] if isinstance(control.value, tuple) else control.value
            nxt = value + control.step if value + control.step <= control.max else control.min
            new = (nxt, control.value[1]) if isinstance(control.value, tuple) else nxt
            yield lambda new=new: setattr(control, "value", new)


def widget_latency(path: Path, updates: int) -> dict:
    """Time ``updates`` changes of the first control of the lesson's main widget (milliseconds)."""
    import ipywidgets as w

    widget = main_widget(path)
    if widget is None:
        return {"error": "no kit widget (other than a quiz)"}
    control = first_control(widget)
    if control is None:
        return {"widget": type(widget).__name__, "error": "no control"}
    views = [v for v in walk(widget) if isinstance(v, (w.Image, w.HTML, w.HTMLMath, w.Label))]
    seen = []
    for view in views:
        view.observe(lambda change: seen.append(time.perf_counter()), names="value")
    times, lost = [], 0
    for _, change in zip(range(updates), changes(control)):
        seen.clear()
        start = time.perf_counter()
        change()
        deadline = start + UPDATE_WAIT
        while not seen and time.perf_counter() < deadline:  # a view updated from another thread
            time.sleep(0.001)
        if seen:
            times.append((max(seen) - start) * 1000)
        else:
            lost += 1
    return {"widget": type(widget).__name__, "control": type(control).__name__, "times": times, "lost": lost}


def bench_widgets(names: list[str], updates: int) -> tuple[list[tuple], bool]:
    print(f"Main widget update latency (in-process, {updates} changes of its first control)")
    print(f"{'lesson':<26}{'widget (control)':<40}{'median ms':>10}{'p95 ms':>9}"
          f"   goal p95 <= {LATENCY_GOAL_MS:.0f} ms")
    rows, ok = [], True
    for name in names:
        result = subprocess.run(
            [sys.executable, __file__, "--widget-of", str(NOTEBOOKS / name), "--updates", str(updates)],
            capture_output=True, text=True, cwd=ROOT,
        )
        lesson = name.removesuffix(".ipynb")
        if result.returncode != 0:
            tail = (result.stderr.strip().splitlines() or ["?"])[-1]
            print(f"{lesson:<26}failed: {tail}")
            rows.append((name, None, None))
            ok = False
            continue
        data = json.loads(result.stdout.strip().splitlines()[-1])
        if "error" in data or not data["times"]:
            print(f"{lesson:<26}{data.get('error', 'the view never changed')}")
            rows.append((name, None, None))
            ok = False
            continue
        median, high = statistics.median(data["times"]), p95(data["times"])
        lost = f", {data['lost']} changes never shown" if data["lost"] else ""
        good = high <= LATENCY_GOAL_MS and not data["lost"]
        ok &= good
        label = f"{data['widget']} ({data['control']})"
        print(f"{lesson:<26}{label:<40}{median:>10.1f}{high:>9.1f}   {verdict(good)}{lost}")
        rows.append((name, median, high))
    print()
    return rows, ok


# --- import time ---------------------------------------------------------------------

def fresh_python(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - start


def bench_import(repeats: int) -> tuple[tuple, bool]:
    kit, pandas = [], []
    for _ in range(repeats):
        kit.append(fresh_python(IMPORT_CODE))
        pandas.append(fresh_python(PANDAS_CODE))
    kit_s, pandas_s = statistics.median(kit), statistics.median(pandas)
    ratio = kit_s / pandas_s
    print(f"Import time (fresh interpreter, median of {repeats})")
    print(f"{'import pandas':<44}{pandas_s:>9.2f} s")
    print(f"{'import korea_kit + load_tables()':<44}{kit_s:>9.2f} s   {ratio:.2f}x   goal <= {IMPORT_GOAL}x: "
          f"{verdict(ratio <= IMPORT_GOAL)}")
    print()
    return (kit_s, pandas_s, ratio), ratio <= IMPORT_GOAL


def bench_pytest() -> tuple[float, bool]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summary = (result.stdout.strip().splitlines() or ["?"])[-1]
    print(f"Whole test run: {seconds:.0f} s on {os.cpu_count()} cores ({summary})   goal <= {PYTEST_GOAL_S:.0f} s "
          f"on 2 cores: {verdict(seconds <= PYTEST_GOAL_S)}")
    return seconds, seconds <= PYTEST_GOAL_S


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", metavar="LESSON", help="lessons to measure (default: all in toc.json)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each notebook and import (default 3)")
    parser.add_argument("--updates", type=int, default=50, help="widget changes timed per lesson (default 50)")
    parser.add_argument("--pytest", action="store_true", help="also time the whole pytest run (slow)")
    parser.add_argument("--widget-of", type=Path, help=argparse.SUPPRESS)  # one lesson's latency, as JSON
    args = parser.parse_args(argv)
    os.environ.pop("KOREA_KIT_DATA", None)  # measure the kit's own data
    if args.widget_of:
        print(json.dumps(widget_latency(args.widget_of, args.updates)))
        return 0
    names = lessons(args.lessons)
    with tempfile.TemporaryDirectory() as scratch:
        # quizzes answered while measuring must not reach a learner's progress file
        os.environ["KOREA_KIT_PROGRESS"] = str(Path(scratch) / "progress.json")
        print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
        ok = bench_lessons(names, args.repeats)[1]
        ok &= bench_widgets(names, args.updates)[1]
        ok &= bench_import(max(3 * args.repeats, 9))[1]
        if args.pytest:
            ok &= bench_pytest()[1]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
