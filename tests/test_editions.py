"""The student and teacher editions: nothing for teachers leaks into the student one.

The editions are written once per test run, from a copy of the lessons
listed in ``notebooks/toc.json`` plus one lesson made here with a teacher
note, a solution and an answer key, so that the checks never depend on what
the lessons hold today. ``test_site.py`` builds its websites from the same
lessons folder (see :func:`lessons_folder`).

The student edition is run afresh (as ``korea-kit editions`` does), and its
outputs are compared with those stored in the lessons by strict nbval's own
comparison (its rules and the suite's sanitize file): the lessons run without
their teacher and solution cells and show the same outputs. The teacher
edition keeps the outputs stored in the lessons (every cell), and the nbval
run over ``notebooks/`` checks that they are current. The added lesson is run
here.
"""

from __future__ import annotations

import copy
import html
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from korea_kit import load_tables
from korea_kit.render.quizzes import questions
from korea_kit.teacher import quiz_key
from korea_kit.publish.editions import GUIDE, EditionError, execute, for_edition, hidden, output_folder, write_editions
from korea_kit.data.toc import toc

from conftest import ROOT, made_once

#: The lesson this module adds to the copy of the lessons.
EXTRA = "99-edition-check"
TEACHER_NOTE = "Teacher note: ask the class which demand came first before showing the table."
SOLUTION = 'print("Worked answer: the sanctions resolution came first.")'
KEY_TEXT = "Explanation kept for teachers: resolution 2094 predates the conditions."

# Renders like a quiz: the question in one cell, then its key, in <details class="kk-key">, in a cell
# tagged teacher. The key is spelt in hexadecimal, so that only the cell's output gives it away.
QUIZ_CELL = 'from IPython.display import HTML\nHTML("<p>Which came first?</p>")'
_KEY = f'<details class="kk-key"><summary>Answer</summary><p>{KEY_TEXT}</p></details>'.encode().hex()
KEY_CELL = f'HTML(bytes.fromhex("{_KEY}").decode())'

_BUILT: dict = {}


def _extra_lesson():
    return new_notebook(cells=[
        new_markdown_cell("# Edition check\n\nA lesson added by the tests, with cells for teachers only."),
        new_markdown_cell("## Overview\n\n1. See that the student edition holds no answers."),
        new_markdown_cell("## Prerequisites\n\n- **Time to learn**: 5 minutes"),
        new_code_cell("import korea_kit as kk"),
        new_markdown_cell(TEACHER_NOTE, metadata={"tags": ["teacher"]}),
        new_code_cell(SOLUTION, metadata={"tags": ["solution"]}),
        new_code_cell(QUIZ_CELL),
        new_code_cell(KEY_CELL, metadata={"tags": ["teacher"]}),
        new_markdown_cell("## Summary\n\nThe end. Back to [the first lesson](00-start-here.ipynb)."),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                 "korea_kit": {"title": "Edition check", "minutes": 5,
                               "objectives": ["See that the student edition holds no answers"]}})


def lessons_copy(base: Path) -> Path:
    """The lessons of the toc, the guide (or a small one) and the extra lesson, in ``base/notebooks``."""
    folder = base / "notebooks"
    folder.mkdir(parents=True)
    listed = json.loads((ROOT / "notebooks" / "toc.json").read_text(encoding="utf-8"))
    for name in listed["lessons"]:
        shutil.copy2(ROOT / "notebooks" / name, folder / name)
    guide = ROOT / "notebooks" / GUIDE
    if guide.is_file():
        shutil.copy2(guide, folder / GUIDE)
    else:  # until the kit has its own
        nbformat.write(new_notebook(cells=[new_markdown_cell(
            "# Teacher's guide\n\n## Planning\n\nStart with [the first lesson](00-start-here.ipynb).")]),
            folder / GUIDE)
    nbformat.write(execute(_extra_lesson(), "teacher", folder, EXTRA), folder / f"{EXTRA}.ipynb")
    listed["lessons"].append(f"{EXTRA}.ipynb")
    (folder / "toc.json").write_text(json.dumps(listed, indent=2), encoding="utf-8")
    return folder


#: The sanitize rules of the suite's strict nbval runs (``pyproject.toml``).
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


def nbval_differences(session, ran: Path, stored: Path) -> list[str]:
    """Where the outputs of the notebook ``ran`` differ from those of the notebook ``stored``, by strict nbval.

    nbval's own items are made for ``stored`` (strict, with the suite's sanitize
    file) and each compares the outputs of the same code cell of ``ran`` with its
    stored ones, exactly as after running the cell itself: streams coalesced,
    nbval's keys skipped, the sanitize rules applied, per-cell nbval options
    obeyed. ``ran`` must hold the same cells as ``stored``. Returns the failures,
    empty if none.
    """
    from nbval.plugin import IPyNbFile, coalesce_streams, get_sanitize_patterns

    cells = nbformat.read(ran, as_version=4).cells
    reference = nbformat.read(stored, as_version=4).cells
    if [c.source for c in cells] != [c.source for c in reference]:
        return [f"{ran.name}: not the cells of {stored}"]
    notebook = IPyNbFile.from_parent(session, path=stored)
    notebook.compare_outputs = True  # strict, whatever options this run has
    notebook.sanitize_patterns.update(get_sanitize_patterns(SANITIZE.read_text(encoding="utf-8")))
    code = [cell for cell in cells if cell.cell_type == "code"]
    items = list(notebook.collect())
    assert len(items) == len(code)
    problems = []
    for item, cell in zip(items, code):
        if item.options["skip"]:
            continue
        outputs = coalesce_streams(copy.deepcopy(cell.outputs))
        if item.cell.execution_count is None:
            if item.cell.outputs:
                problems.append(f"{ran.name}, cell {item.cell_num}: Unrun reference cell has outputs")
            continue
        if item.options["check"] and item.compare_outputs(
                outputs, coalesce_streams(copy.deepcopy(item.cell.outputs))) is False:
            problems.append(f"{ran.name}, cell {item.cell_num}: Cell outputs differ\n"
                            + "\n".join(item.comparison_traceback))
    return problems


def lessons_folder(tmp_path_factory) -> Path:
    """The copy of the lessons (:func:`lessons_copy`), made once per test run (shared by the test workers):
    the editions here and the websites of test_site.py are made from it."""
    if "folder" not in _BUILT:
        _BUILT["folder"] = Path(made_once(tmp_path_factory, "lessons", lambda base: str(lessons_copy(base))))
    return _BUILT["folder"]


def written_editions(tmp_path_factory) -> dict:
    """The lessons folder and the folder of each edition, written once per test run (shared by the test workers)."""
    if "written" not in _BUILT:
        folder = lessons_folder(tmp_path_factory)

        def make(base: Path) -> dict:
            written = write_editions(base / "editions", folder, editions=("student",))
            written.update(write_editions(base / "editions", folder, editions=("teacher",), run=False))
            return {edition: str(path) for edition, path in written.items()}

        made = made_once(tmp_path_factory, "editions", make)
        _BUILT["written"] = {edition: Path(path) for edition, path in made.items()}
    return _BUILT


@pytest.fixture(scope="session")
def editions(tmp_path_factory):
    built = written_editions(tmp_path_factory)
    return built["folder"], built["written"]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def edition_text(folder: Path, pattern: str = "*") -> str:
    """Every string in the files of an edition (notebooks parsed, so nothing is JSON-escaped)."""
    texts = []
    for path in sorted(folder.rglob(pattern)):
        if path.suffix == ".ipynb":  # nbformat joins the lines of sources and outputs
            texts.extend(_strings(nbformat.read(path, as_version=4)))
        elif path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


def appears(needle: str, text: str) -> bool:
    """Whether ``needle`` is in ``text`` as it is or HTML-escaped."""
    return any(form in text for form in {needle, html.escape(needle), html.escape(needle, quote=False)})


def hidden_sources(folder: Path) -> list[str]:
    """The sources of every cell tagged ``teacher`` or ``solution`` in the lessons of the toc."""
    listed = json.loads((folder / "toc.json").read_text(encoding="utf-8"))["lessons"]
    return [cell.source for name in listed for cell in nbformat.read(folder / name, as_version=4).cells
            if hidden(cell)]


def quiz_explanations() -> dict[str, list[str]]:
    """The teacher's key of the quizzes, by lesson: each question's explanation and the feedback of
    each option of a choice question (which tells which option is right), if the data has a quiz table."""
    tables = load_tables()
    found: dict[str, list[str]] = {}
    for q in (questions(tables) if getattr(tables, "quiz", None) is not None else []):
        found.setdefault(q.lesson, []).extend(text for text in (q.explanation, *q.feedback) if text.strip())
    return found


def test_student_edition_holds_no_answer_key_teacher_note_or_solution(editions):
    folder, written = editions
    student, teacher = edition_text(written["student"]), edition_text(written["teacher"])
    secrets = hidden_sources(folder)
    assert TEACHER_NOTE in secrets and SOLUTION in secrets and KEY_CELL in secrets
    keys = quiz_explanations()
    keys[EXTRA] = [KEY_TEXT]

    assert "kk-key" not in student
    assert not [s for s in secrets if appears(s, student)], "a teacher or solution cell is in the student edition"
    leaked = [e for found in keys.values() for e in found if appears(e, student)]
    assert not leaked, "a quiz explanation or option feedback is in the student edition"
    assert "Worked answer" not in student  # nor the solution's output

    assert all(appears(s, teacher) for s in secrets)
    listed = json.loads((folder / "toc.json").read_text(encoding="utf-8"))["lessons"]
    quizzed = [name.removesuffix(".ipynb") for name in listed
               if "kk-key" in edition_text(written["teacher"], name)]
    assert EXTRA in quizzed
    for lesson in quizzed:  # a lesson that shows its quiz shows every key to teachers
        lesson_text = edition_text(written["teacher"], f"{lesson}.ipynb")
        assert [e for e in keys.get(lesson, []) if not appears(e, lesson_text)] == [], lesson


def test_editions_hold_every_lesson_in_order_run_top_to_bottom(editions):
    folder, written = editions
    listed = json.loads((folder / "toc.json").read_text(encoding="utf-8"))["lessons"]
    for edition, target in written.items():
        assert json.loads((target / "toc.json").read_text(encoding="utf-8"))["lessons"] == listed
        for name in listed:
            nb = nbformat.read(target / name, as_version=4)
            counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
            assert counts == list(range(1, len(counts) + 1)), f"{edition}/{name}"
            errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
            assert not errors, f"{edition}/{name} has an error output"
            if edition == "student":
                assert "widgets" not in nb.metadata, f"{name}: the student edition keeps no widget state"
    assert (written["teacher"] / GUIDE).is_file() and not (written["student"] / GUIDE).exists()


def test_student_edition_passes_nbval(editions, request, tmp_path):
    # Run afresh without its teacher and solution cells, the student edition shows what the lessons
    # store: strict nbval's comparison of each cell, as if nbval had run it (nbval over notebooks/
    # checks that the stored outputs are current).
    folder, written = editions
    listed = json.loads((folder / "toc.json").read_text(encoding="utf-8"))["lessons"]
    problems = []
    for name in listed:
        stored = tmp_path / name  # the lesson's stored outputs, less the cells the student edition leaves out
        nbformat.write(for_edition(nbformat.read(folder / name, as_version=4), "student"), stored)
        problems += nbval_differences(request.session, written["student"] / name, stored)
    assert problems == [], "\n\n".join(problems)[-5000:]


def test_the_nbval_comparison_finds_a_changed_output_and_sanitizes_images(editions, request, tmp_path):
    folder, written = editions
    name = "04-kaesong.ipynb"
    nb = for_edition(nbformat.read(folder / name, as_version=4), "student")
    nbformat.write(nb, tmp_path / "stored.ipynb")
    assert nbval_differences(request.session, tmp_path / "stored.ipynb", tmp_path / "stored.ipynb") == []
    charts = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "data:image/png;base64," in o.get("data", {}).get("text/html", "")]
    assert charts, "a chart's HTML with its PNG"
    charts[0].data["text/html"] = charts[0].data["text/html"].replace("base64,", "base64,AAAA", 1)
    nbformat.write(nb, tmp_path / "other-pixels.ipynb")
    assert nbval_differences(request.session, tmp_path / "other-pixels.ipynb", tmp_path / "stored.ipynb") == []
    shown = next(o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "text/plain" in o.get("data", {}))
    shown.data["text/plain"] += " (changed)"
    nbformat.write(nb, tmp_path / "changed.ipynb")
    found = nbval_differences(request.session, tmp_path / "changed.ipynb", tmp_path / "stored.ipynb")
    assert len(found) == 1 and "Cell outputs differ" in found[0] and "(changed)" in found[0], found


def test_teacher_edition_needs_the_guide(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "toc.json").write_text('{"lessons": []}', encoding="utf-8")
    with pytest.raises(EditionError, match="teacher's guide"):
        write_editions(tmp_path / "out", folder)
    assert not (tmp_path / "out").exists(), "nothing is written before the check"


def test_a_build_replaces_only_what_it_wrote(tmp_path):
    with output_folder(tmp_path / "site") as scratch:
        (scratch / "stale.html").write_text("old", encoding="utf-8")
    with output_folder(tmp_path / "site") as scratch:
        (scratch / "new.html").write_text("new", encoding="utf-8")
    assert not (tmp_path / "site" / "stale.html").exists() and (tmp_path / "site" / "new.html").is_file()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(EditionError, match="not made by korea-kit"):
        with output_folder(mine):
            pass
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep"


def test_copy_writes_an_edition_and_keeps_what_the_learner_changed(tmp_path):
    from korea_kit.publish.editions import copy_edition

    first = copy_edition(tmp_path / "lessons", "student")
    assert sorted(first.written) == sorted([lesson.file for lesson in toc()] + ["toc.json", "voila.json"]) and not first.kept
    lesson = tmp_path / "lessons" / first.written[0]
    lesson.write_text(lesson.read_text(encoding="utf-8") + " ", encoding="utf-8")
    (tmp_path / "lessons" / "notes.txt").write_text("mine", encoding="utf-8")
    second = copy_edition(tmp_path / "lessons", "student")
    assert second.kept == [lesson.name] and lesson.read_text(encoding="utf-8").endswith(" ")
    assert (tmp_path / "lessons" / "notes.txt").read_text(encoding="utf-8") == "mine"
    copied = [nbformat.read(tmp_path / "lessons" / name, as_version=4) for name in second.written if name.endswith(".ipynb")]
    assert copied and not [cell for nb in copied for cell in nb.cells if hidden(cell)]
    assert "kk-key" not in "\n".join(text for nb in copied for text in _strings(nb))


def _untagged_outputs(path: Path) -> str:
    """Every string in the outputs of the cells of a notebook that are not tagged ``teacher`` or ``solution``."""
    nb = nbformat.read(path, as_version=4)
    return "\n".join(text for cell in nb.cells if not hidden(cell) for text in _strings(cell.get("outputs", [])))


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_answers_are_rendered_only_in_tagged_cells(path):
    # The one mechanism for teacher-only material: the quiz, the spot-the-error widget and every other
    # untagged cell store no key, explanation, option feedback or verdict; the key cells are tagged.
    shown = _untagged_outputs(path)
    keys = [e for found in quiz_explanations().values() for e in found]
    assert keys and "kk-key" not in shown
    assert not [e for e in keys if appears(e, shown)], "a quiz explanation or feedback outside a tagged cell"
    assert "Verdict:" not in shown
    nb = nbformat.read(path, as_version=4)
    calls = [cell for cell in nb.cells if "quiz_key(" in cell.source or "spot_the_error_key(" in cell.source]
    assert all(hidden(cell) for cell in calls), "a key is rendered in a cell not tagged teacher"
    if any("kk.quiz(" in cell.source for cell in nb.cells):  # a lesson with a quiz stores its key for teachers
        assert calls and all("kk-key" in "".join(_strings(cell.outputs)) for cell in calls)


def test_the_check_of_tagged_cells_finds_a_key_in_an_untagged_cell(tmp_path):
    tables = load_tables()
    lesson = questions(tables)[0].lesson
    key = quiz_key(tables, lesson)
    nb = new_notebook(cells=[new_code_cell("kk.quiz_key(tables, 'x')", outputs=[new_output(
        "display_data", data={"text/html": key.html, "text/plain": key.text})])])
    nbformat.write(nb, tmp_path / "leaky.ipynb")
    assert "kk-key" in _untagged_outputs(tmp_path / "leaky.ipynb")
    nb.cells[0].metadata["tags"] = ["teacher"]
    nbformat.write(nb, tmp_path / "leaky.ipynb")
    assert _untagged_outputs(tmp_path / "leaky.ipynb") == ""
