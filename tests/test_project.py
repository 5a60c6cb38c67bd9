"""The project as a whole: commands, environments, notebooks and hygiene."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

import korea_kit as kk
from korea_kit.data.toc import toc
from korea_kit.render.nav import lesson_nav

from browser import free_port
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: The teacher's guide is a notebook too, but not a lesson: it is not in the table of contents.
GUIDE = ROOT / "notebooks" / "teachers-guide.ipynb"
LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("_") and p != GUIDE]
SKELETON = [p for p in NOTEBOOKS if p != GUIDE]


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", readme, flags=re.S)


def test_readme_has_the_two_commands_and_ci_runs_the_test_command_exactly():
    commands = readme_commands()
    open_kit = next(c for c in commands if "korea-kit lab" in c)
    run_tests = next(c for c in commands if "pytest" in c)
    assert open_kit.startswith("python3 -m venv .venv && ")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert run_tests in ci


def _requirement_names(specs) -> dict[str, str]:
    out = {}
    for spec in specs:
        name = re.match(r"[A-Za-z0-9_.-]+", spec).group(0).lower()
        out[name] = spec.replace(" ", "")
    return out


def test_environment_yml_has_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = _requirement_names(project["dependencies"] + project["optional-dependencies"]["test"])
    lines = (ROOT / "environment.yml").read_text(encoding="utf-8").split("\ndependencies:\n", 1)[1].splitlines()
    conda = [l.strip()[2:] for l in lines if re.match(r"^( {2}| {6})- [a-z]", l)]
    have = _requirement_names(s for s in conda if not s.startswith(("python", "pip")))
    assert have == wanted
    assert any(l.strip() == "- --editable ." for l in lines), "environment.yml must install the kit itself"


def test_korea_kit_all_is_explicit_and_complete():
    for name in kk.__all__:
        assert hasattr(kk, name), name
    lesson_modules = set(kk._LESSON_MODULES)
    public = {n for n in dir(kk) if not n.startswith("_") and n not in lesson_modules and callable(getattr(kk, n))}
    assert public <= set(kk.__all__) | {"data", "errors", "dates", "text", "progress", "render", "charts", "widgets", "lessons", "publish", "cli"}
    for name in lesson_modules:  # kk.<topic> is each lesson's module, with an explicit __all__ of its own
        module = getattr(kk, name)
        assert module.__all__ and all(hasattr(module, n) for n in module.__all__), name


def test_no_module_imports_another_modules_underscore_names():
    """Private names stay private: a name another module needs is made public where it belongs."""
    import ast

    found = []
    for path in sorted((ROOT / "korea_kit").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.level > 0 or (node.module or "").startswith("korea_kit")):
                found += [f"{path.relative_to(ROOT)}: {node.module}.{alias.name}" for alias in node.names
                          if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert not found, "imports of another module's underscore names:\n" + "\n".join(found)


#: The layers of the package, lowest first: a module imports only from its own layer or the
#: layers below it, and a lesson module never from another lesson module. The one place the
#: order is written down (CONTRIBUTING.md draws the same map).
LAYERS = {
    "korea_kit.errors": 0, "korea_kit.dates": 0, "korea_kit.text": 0, "korea_kit.progress": 0,  # the base
    "korea_kit.data": 1,      # load, check, sources, bundled folders, table of contents
    "korea_kit.model": 2,     # pure models (lesson 07's negotiation), no views
    "korea_kit.render": 3,    # views (HTML + text), shared record sentences, quiz marking, navigation
    "korea_kit.charts": 4,    # the one chart style and the timeline
    "korea_kit.widgets": 5,   # ipywidgets
    "korea_kit.lessons": 6,   # one module per lesson
    "korea_kit.publish": 7,   # editions, site and the teacher's pack
    "korea_kit": 8,           # the public API (__init__), cli, the pytest plugin
}


def _layer(module: str) -> str:
    """The key of :data:`LAYERS` that holds ``module`` (its longest prefix)."""
    keys = [key for key in LAYERS if module == key or module.startswith(key + ".")]
    assert keys, f"{module} is in no layer of LAYERS"
    return max(keys, key=len)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(tree, module: str, package: bool) -> list[str]:
    """Every korea_kit module ``tree`` imports, at module level or inside a function, relative imports resolved."""
    import ast

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "korea_kit"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (1 if package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "korea_kit":  # the module, and each name as if a submodule
                found += [target, *(f"{target}.{alias.name}" for alias in node.names)]
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant)):
            found += [str(node.args[0].value)]
    return found


def _layer_violations(module: str, source: str, package: bool = False) -> list[str]:
    import ast

    mine = _layer(module)
    bad = []
    for target in _imported(ast.parse(source), module, package):
        theirs = _layer(target)
        if LAYERS[theirs] > LAYERS[mine]:
            bad.append(f"{module} imports {target}, a higher layer ({theirs} above {mine})")
        elif mine == theirs == "korea_kit.lessons" and module != mine:
            lesson, other = module.split(".")[2], target.split(".")[2:3]
            if other and other != [lesson]:
                bad.append(f"{module} imports {target}, another lesson's module")
    return bad


def test_the_layer_check_finds_an_upward_import_and_a_lesson_importing_a_lesson():
    assert _layer_violations("korea_kit.data.load", "def f():\n    from korea_kit.data.toc import toc\n") == []
    assert _layer_violations("korea_kit.data.load", "def f():\n    from korea_kit.lessons.guide import x\n")
    assert _layer_violations("korea_kit.widgets.panels", "from ..lessons import sanctions\n")
    assert _layer_violations("korea_kit.render", "import korea_kit.charts.style\n", package=True)
    assert _layer_violations("korea_kit.model.negotiation", "from korea_kit.render.table import Table\n")
    assert _layer_violations("korea_kit.lessons.roleplay", "from korea_kit.lessons.reading import record_text\n")
    assert _layer_violations("korea_kit.lessons.roleplay", "from korea_kit.lessons import reading\n")
    assert _layer_violations("korea_kit.lessons.roleplay", "from . import demands\n")
    assert _layer_violations("korea_kit.lessons.roleplay", "from korea_kit.render.records import record_text\n") == []
    with pytest.raises(AssertionError, match="in no layer"):
        _layer("korea_kit_extra.thing")


def test_every_module_imports_only_from_its_own_layer_or_below_and_no_lesson_from_another():
    modules = sorted((ROOT / "korea_kit").rglob("*.py"))
    assert len(modules) > 20
    bad = []
    for path in modules:
        bad += _layer_violations(_module_name(path), path.read_text(encoding="utf-8"), package=path.name == "__init__.py")
    assert bad == [], "imports against the layer order (tests/test_project.py LAYERS):\n" + "\n".join(bad)


def test_every_name_the_notebooks_call_is_reachable():
    """``kk.<lesson>.<name>``, ``kk.<name>`` and ``from korea_kit import <name>`` in the lessons' code cells
    resolve, wherever the module lives in the package."""
    import importlib

    found = set()
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                code = "".join(cell["source"])
                found |= {tuple(m.split(".")[1:]) for m in re.findall(r"\bkk(?:\.[A-Za-z_]\w*)+", code)}
                for names in re.findall(r"^from korea_kit import (.+)$", code, flags=re.M):
                    found |= {(n.strip(),) for n in names.split(",")}
    assert ("reading", "records_view") in found and ("guide",) in found
    missing = []
    for parts in sorted(found):
        value = importlib.import_module("korea_kit")
        for part in parts:
            if not hasattr(value, part):
                missing.append(".".join(("korea_kit",) + parts))
                break
            value = getattr(value, part)
    assert missing == [], missing

def test_import_changes_no_global_state():
    code = """
import json, sys, warnings
import matplotlib, pandas
before = (matplotlib.rcParams.copy(), matplotlib.get_backend(auto_select=False), list(warnings.filters), pandas.get_option('display.max_rows'), 'matplotlib.pyplot' in sys.modules)
import korea_kit, korea_kit.charts, korea_kit.widgets, korea_kit.render.views, korea_kit.data.toc, korea_kit.cli
korea_kit.load_tables()
after = (matplotlib.rcParams.copy(), matplotlib.get_backend(auto_select=False), list(warnings.filters), pandas.get_option('display.max_rows'), 'matplotlib.pyplot' in sys.modules)
print(json.dumps(before == after))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "true"


def test_notebook_names_and_no_leftovers():
    for path in NOTEBOOKS:
        assert re.fullmatch(r"(\d\d-[a-z0-9]+(-[a-z0-9]+)*|_template|teachers-guide)\.ipynb", path.name), path.name
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.splitlines()
    assert not [f for f in tracked if "Untitled" in f or ".ipynb_checkpoints" in f or "__pycache__" in f]
    assert (ROOT / "notebooks" / "_template.ipynb").is_file()


def test_toc_lists_every_lesson_once_in_order():
    listed = json.loads((ROOT / "notebooks" / "toc.json").read_text(encoding="utf-8"))["lessons"]
    assert sorted(listed) == [p.name for p in LESSONS]
    assert listed == sorted(listed), "lessons are listed in the order of their numbers"
    assert listed[0] == "00-start-here.ipynb"


@pytest.mark.parametrize("path", SKELETON, ids=lambda p: p.name)
def test_notebook_follows_the_skeleton(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    markdown = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    assert markdown[0].startswith("# ")
    headings = [l for m in markdown for l in m.splitlines() if l.startswith("#")]
    assert sum(1 for h in headings if h.startswith("# ")) == 1, "one H1 title"
    for section in ("## Overview", "## Prerequisites", "## Summary", "### What's next", "## Sources"):
        assert section in headings, f"{path.name} has no '{section}'"
    assert any("**Time to learn**" in m for m in markdown)
    overview = next(m for m in markdown if m.startswith("## Overview"))
    assert re.search(r"^1\. ", overview, flags=re.M), "objectives are numbered"
    prereq = next(m for m in markdown if m.startswith("## Prerequisites"))
    assert "| Concepts | Importance | Notes |" in prereq and ("Necessary" in prereq or "Helpful" in prereq)
    code = [c for c in cells if c["cell_type"] == "code"]
    assert "import korea_kit as kk" in "".join(code[0]["source"]), "imports come first"
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), "run top to bottom in a fresh kernel"
    assert "".join(cells[-1]["source"]).strip(), "no trailing empty cell"
    # Stored widget state would only weigh the file down and, in exported HTML, pull in a remote
    # widget script; the kit's widgets carry a static rendering instead.
    assert "widgets" not in nb.get("metadata", {}), "run with --ExecutePreprocessor.store_widget_state=False"
    for c in code:
        assert len("".join(c["source"]).splitlines()) <= 4, "cells are short calls into korea_kit"
        assert "execution" not in c.get("metadata", {}), "run with --ExecutePreprocessor.record_timing=False"
        for out in c.get("outputs", []):
            assert out["output_type"] != "error"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), "no warnings shown to learners"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_ends_with_generated_navigation(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    last_code = [c for c in nb["cells"] if c["cell_type"] == "code"][-1]
    assert "".join(last_code["source"]).strip() == f'kk.lesson_nav("{path.stem}")'


def test_toc_reads_titles_and_times():
    lessons = toc()
    assert lessons[0].title.startswith("Start here")
    assert all(lesson.minutes for lesson in lessons)
    nav = lesson_nav(lessons[0].name)
    assert 'aria-current="page"' in nav.html
    with pytest.raises(KeyError):
        lesson_nav("99-no-such-lesson")


def test_lab_command_opens_the_first_lesson_in_the_learners_folder(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "korea_kit.cli", "lab", "--print-command"], capture_output=True, text=True, check=True,
        cwd=tmp_path,
    )
    words = result.stdout.split()
    assert f"--LabApp.default_url=/lab/tree/{toc()[0].file}" in words
    assert f"--ServerApp.root_dir={tmp_path / 'korea-kit-lessons'}" in words
    assert not (tmp_path / "korea-kit-lessons").exists(), "--print-command writes nothing"


def test_lab_writes_the_student_edition_and_starts_a_real_jupyterlab_server_there(tmp_path):
    port = free_port()
    command = [
        sys.executable, "-m", "korea_kit.cli", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
        "--IdentityProvider.token=kit-test",
    ]  # no --allow-root: when run as root (as CI is), korea-kit lab adds it itself
    log = tmp_path / "lab.log"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log.open("w"), env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                url = f"http://127.0.0.1:{port}/api/contents/00-start-here.ipynb?content=0&token=kit-test"
                with urllib.request.urlopen(url, timeout=2) as response:
                    info = json.load(response)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        assert info["type"] == "notebook" and info["name"] == "00-start-here.ipynb"
        # the address printed for the learner opens the first lesson
        address = f"http://127.0.0.1:{port}/lab/tree/00-start-here.ipynb?token="
        while address not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert address in log.read_text()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token=kit-test", timeout=5) as response:
            assert b"JupyterLab" in response.read()
        # the learner's folder holds the student edition: every lesson, no teacher's guide
        folder = tmp_path / "korea-kit-lessons"
        assert sorted(p.name for p in folder.glob("*.ipynb")) == sorted(lesson.file for lesson in toc())
        assert json.loads((folder / ".korea-kit-manifest.json").read_text(encoding="utf-8"))["edition"] == "student"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _notebook_text(path: Path) -> str:
    """Every cell's source and every text output of a notebook, as one string."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        parts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            for mime in ("text/html", "text/plain", "text/markdown"):
                if mime in data:
                    parts.append("".join(data[mime]))
    return "\n".join(parts)


def test_teachers_guide_covers_every_lesson_with_its_answer_key():
    import html as html_lib

    from korea_kit.render.quizzes import questions

    assert GUIDE.is_file(), "notebooks/teachers-guide.ipynb"
    text = html_lib.unescape(_notebook_text(GUIDE))
    tables = kk.load_tables()
    for lesson in toc():
        assert lesson.title in text, f"the guide has no section on {lesson.file}"
        lesson_text = html_lib.unescape(_notebook_text(ROOT / "notebooks" / lesson.file))
        for q in questions(tables, lesson.name):
            # the guide prints each question with its answer; the full key (the explanation) is under the lesson's quiz
            assert q.question in text and q.answer[0] in text, f"the guide's key lacks {q.quiz_id}"
            assert q.explanation in lesson_text, f"the teacher's key of {lesson.file} lacks {q.quiz_id}"
    for part in ("45-minute", "90-minute", "korea-kit check"):
        assert part in text, part


def test_month_and_day_names_are_english_whatever_the_locale():
    import locale

    import pandas as pd

    from korea_kit.dates import day_name, format_date, month_name

    # No module formats a month or a day name through the locale (strftime's %b, %B, %a, %A).
    pattern = re.compile(r"strftime\([^)]*%[bBaA]|\.(month|day)_name\(|ConciseDateFormatter\(")
    found = [f"{path.name}:{number}" for path in sorted((ROOT / "korea_kit").rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line)]
    assert found == [], "format month and day names with korea_kit.dates"
    days = pd.date_range("2013-01-07", "2013-12-31", freq="7D")
    previous = locale.setlocale(locale.LC_TIME)
    others = [name for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "ko_KR.UTF-8") if _has_locale(name)]
    try:
        for name in others or [previous]:
            locale.setlocale(locale.LC_TIME, name)
            assert [month_name(d) for d in days] == [d.month_name() for d in days]  # pandas: English always
            week = pd.date_range("2013-04-15", periods=7)
            assert [day_name(d) for d in week] == [d.day_name() for d in week]
            assert format_date(pd.Timestamp("2013-03-07")) == "7 March 2013"
    finally:
        locale.setlocale(locale.LC_TIME, previous)


def _has_locale(name: str) -> bool:
    import locale

    previous = locale.setlocale(locale.LC_TIME)
    try:
        locale.setlocale(locale.LC_TIME, name)
        return True
    except locale.Error:
        return False
    finally:
        locale.setlocale(locale.LC_TIME, previous)
