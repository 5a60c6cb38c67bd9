"""The student edition does not offer the keys: a learner who runs a lesson of the student edition and
explores ``kk`` with Tab finds no key function, and the student website neither names one nor offers the
teacher's tables for download.

What a determined student can still reach (the data ship with the kit) is said in the teacher's guide;
the last test here checks that it says so.
"""

from __future__ import annotations

import json
import os
import re
import sys

import nbformat
import pytest

from conftest import ROOT

from korea_kit.publish.editions import for_edition
from korea_kit.teacher import KEY_FUNCTIONS

#: A lesson with a quiz, an open question and the "spot the error" key: three key functions in its teacher cells.
LESSON = "06-reading-the-sources.ipynb"


def _run_and_complete(edition: str, tmp_path) -> dict:
    """Run the code cells of LESSON's ``edition`` in a fresh kernel, then ask the kernel, as Tab does, to complete
    ``kk.`` and ``kk.reading.``; also which korea_kit modules it imported."""
    from jupyter_client.manager import start_new_kernel

    nb = for_edition(nbformat.read(ROOT / "notebooks" / LESSON, as_version=4), edition)
    env = {**os.environ, "KOREA_KIT_PROGRESS": str(tmp_path / f"{edition}.json"), "MPLBACKEND": "Agg"}
    km, kc = start_new_kernel(kernel_name="python3", env=env, cwd=str(ROOT / "notebooks"))
    try:
        for cell in nb.cells:
            if cell.cell_type == "code":
                reply = kc.execute_interactive(cell.source, timeout=180, output_hook=lambda msg: None)
                assert reply["content"]["status"] == "ok", f"{edition}: a cell failed: {cell.source}"
        found = {}
        for code in ("kk.", "kk.reading."):
            reply = kc.complete(code, len(code), reply=True, timeout=60)
            found[code] = reply["content"]["matches"]
        modules = []
        kc.execute_interactive("import sys; print(sorted(m for m in sys.modules if m.startswith('korea_kit')))",
                               timeout=60, output_hook=lambda msg: modules.append(msg["content"].get("text", "")))
        found["modules"] = "".join(modules)
        return found
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def _keys_in(names) -> list[str]:
    return [n for n in names if n.rsplit(".", 1)[-1] in KEY_FUNCTIONS or n.endswith("_key")]


@pytest.mark.skipif(sys.platform == "win32", reason="the kernel's environment is set the POSIX way")
def test_a_student_running_a_lesson_finds_no_key_function_with_tab_and_a_teacher_does(tmp_path):
    student = _run_and_complete("student", tmp_path)
    assert "load_tables" in student["kk."], student["kk."]  # the completion works
    assert not _keys_in(student["kk."]), student["kk."]
    assert student["kk.reading."] and not _keys_in(student["kk.reading."]), student["kk.reading."]
    assert "korea_kit.teacher" not in student["modules"], "the student edition imported the teachers' module"
    # the same lesson in the teacher edition imports the keys in its teacher cells: the check above can fail
    teacher = _run_and_complete("teacher", tmp_path)
    assert "korea_kit.teacher" in teacher["modules"]


@pytest.fixture(scope="module")
def student_site(tmp_path_factory):
    """The student website, from the outputs stored in the lessons (as test_page_budgets.py builds it)."""
    from korea_kit.publish.site import build

    return build(tmp_path_factory.mktemp("student-keys") / "site", "student", ROOT / "notebooks", reuse_outputs=True)


def test_the_student_site_names_no_key_function_and_offers_no_teacher_table(student_site):
    from korea_kit.publish.site import STUDENT_HIDDEN_TABLES

    assert {"quiz", "open_questions", "lesson_plans", "misconceptions"} <= STUDENT_HIDDEN_TABLES
    site = student_site
    data = (site / "data.html").read_text(encoding="utf-8")
    offered = set(re.findall(r'href="data/([\w-]+)\.csv"', data))
    assert offered, "the data page offers the tables"
    assert not offered & STUDENT_HIDDEN_TABLES, offered & STUDENT_HIDDEN_TABLES
    assert not [name for name in STUDENT_HIDDEN_TABLES if (site / "data" / f"{name}.csv").exists()]
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert not {r["name"] for r in package["resources"]} & STUDENT_HIDDEN_TABLES
    readme = (site / "data" / "README.md").read_text(encoding="utf-8")
    assert "### `events.csv`" in readme and not [n for n in STUDENT_HIDDEN_TABLES if f"### `{n}.csv`" in readme]
    for page in sorted(site.rglob("*")):
        if page.suffix in (".html", ".md", ".json", ".csv"):
            text = page.read_text(encoding="utf-8")
            named = [name for name in (*KEY_FUNCTIONS, "korea_kit.teacher") if name in text]
            assert not named, f"{page.relative_to(site)} names {named}"


def test_the_teachers_guide_says_what_a_student_can_still_find():
    nb = nbformat.read(ROOT / "notebooks" / "teachers-guide.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    said = re.search(r"\*\*What a student can still find\.\*\*(.+?)(?:\n\n|\Z)", text, re.S)
    assert said, "the guide has a paragraph on what a determined student can still find"
    words = " ".join(said.group(1).split())
    for needed in ("quiz.csv", "open_questions.csv", "korea_kit.teacher", "printed handouts", "open questions",
                   "graded work"):
        assert needed in words, needed
