"""The kit as a wheel: built from a copy of the repository, installed in a fresh environment outside it.

The new environment gets the wheel and nothing else: the kit's dependencies
(pandas, JupyterLab...) come from the environment running the tests, through
a ``.pth`` file that adds its ``site-packages`` after the new environment's
own. A ``.pth`` line only adds a folder; the editable install of the
checkout in the running environment is not loaded, so ``korea_kit`` is the
wheel's copy (each step checks it). Everything runs in a temporary folder
outside the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, published_copy

LESSON = "00-start-here.ipynb"
#: The lesson the test runs: one with a quiz, whose answer key the teacher edition would render.
QUIZ_LESSON = "04-kaesong.ipynb"


def _run(args, cwd: Path, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``(venv, work, env)``: a fresh environment holding the kit's wheel, an empty folder, and the environment."""
    base = tmp_path_factory.mktemp("wheel")
    source = published_copy(base / "repo")
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("korea_kit-*.whl"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    (purelib / "running-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    work = base / "work"
    work.mkdir()
    env = {name: value for name, value in os.environ.items()
           if name not in ("KOREA_KIT_DATA", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
               KOREA_KIT_PROGRESS=str(base / "progress.json"), JUPYTER_RUNTIME_DIR=str(base / "runtime"))
    return {"wheel": wheel, "venv": venv, "python": python, "work": work, "env": env}


def test_the_wheel_carries_the_facts_the_articles_and_the_lessons_and_no_pytest_plugin(installed):
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        names = set(wheel.namelist())
        entry_points = next((wheel.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt")), "")
    for folder, pattern in (("data", "*"), ("seeds", "*"), ("notebooks", "*.ipynb")):
        for path in (ROOT / folder).glob(pattern):
            assert f"korea_kit/bundled/{folder}/{path.name}" in names, path
    assert "korea_kit/bundled/notebooks/toc.json" in names
    code = [path.relative_to(ROOT).as_posix() for path in (ROOT / "korea_kit").rglob("*")
            if path.is_file() and "__pycache__" not in path.parts]
    assert any(path.startswith("korea_kit/publish/site_templates/") for path in code)
    assert [path for path in code if path not in names] == [], "every module and template of korea_kit/ is in the wheel"
    assert "pytest11" not in entry_points and "[console_scripts]" in entry_points


def test_installed_kit_checks_its_data_and_loads_the_tables(installed):
    venv, work, env = installed["venv"], installed["work"], installed["env"]
    check = _run([venv / "bin" / "korea-kit", "check"], work, env)
    assert check.stdout.startswith("OK: ")
    assert f" in {venv.resolve()}" in check.stdout, "the wheel's own copy of data/ is checked"
    code = ("import json, korea_kit; t = korea_kit.load_tables(); "
            "print(json.dumps([korea_kit.__file__, str(t.data_dir), len(t.events)]))")
    module, data_dir, events = json.loads(_run([installed["python"], "-c", code], work, env).stdout)
    assert Path(module).is_relative_to(venv) and Path(data_dir).is_relative_to(venv.resolve())
    assert not Path(module).resolve().is_relative_to(ROOT)
    assert events > 0


def test_copy_writes_the_student_edition_and_one_lesson_runs_there(installed):
    venv, work, env = installed["venv"], installed["work"], installed["env"]
    copied = _run([venv / "bin" / "korea-kit", "copy", "class-7b", "--edition", "student"], work, env)
    folder = work / "class-7b"
    assert "student edition" in copied.stdout
    lessons = json.loads((folder / "toc.json").read_text(encoding="utf-8"))["lessons"]
    assert sorted(p.name for p in folder.glob("*.ipynb")) == sorted(lessons)
    assert LESSON in lessons and not (folder / "teachers-guide.ipynb").exists()
    # run it as a learner would, in its folder: the student edition has no cell that renders a key
    code = f"""
import json, nbformat
from nbclient import NotebookClient
nb = nbformat.read({QUIZ_LESSON!r}, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell("import korea_kit; print(korea_kit.__file__)"))
NotebookClient(nb, timeout=120, kernel_name="python3", resources={{"metadata": {{"path": "."}}}}).execute()
print(json.dumps(nb))
"""
    nb = json.loads(_run([installed["python"], "-c", code], folder, env, timeout=300).stdout)
    where = nb["cells"][-1]["outputs"][0]["text"].strip()
    assert Path(where).is_relative_to(venv), "the kernel imports the wheel's korea_kit"
    outputs = json.dumps([cell.get("outputs", []) for cell in nb["cells"]])
    assert "kk-quiz-static" in outputs and "application/vnd.jupyter.widget-view+json" in outputs, \
        "the lesson's quiz and widgets were drawn"
    assert "kk-key" not in outputs, "no answer key in a learner's run of the student edition"
    assert '"output_type": "error"' not in outputs


def test_a_second_copy_keeps_the_lessons_a_learner_changed(installed):
    venv, work, env = installed["venv"], installed["work"], installed["env"]
    folder = work / "keep"
    _run([venv / "bin" / "korea-kit", "copy", "keep"], work, env)
    lesson = folder / LESSON
    mine = lesson.read_text(encoding="utf-8").replace("Start here", "Start here (my notes)", 1)
    lesson.write_text(mine, encoding="utf-8")
    (folder / "toc.json").unlink()
    again = _run([venv / "bin" / "korea-kit", "copy", "keep"], work, env)
    assert lesson.read_text(encoding="utf-8") == mine
    assert LESSON in again.stdout and "Kept" in again.stdout
    assert (folder / "toc.json").is_file(), "a missing file is written again"
