"""What passes the check builds: each edit of the data that used to pass ``korea-kit check`` and then break the
build (or make a lesson silently wrong) is now a check error naming the file, line and column, and both websites
refuse to build with that error before running any lesson. Also: invisible and lookalike text, a
``datapackage.json`` with NaN or a key given twice, seed paths that leave the kit, and the editions (a student
folder never holds a teacher's file or key; nothing is written inside the installed kit).
"""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from korea_kit import cli
from korea_kit.data import TABLES, check_data
from korea_kit.publish import editions
from korea_kit.publish.editions import GUIDE, MANIFEST, EditionError, for_edition

from conftest import ROOT


def _rows(data_copy, table):
    return data_copy.rows(table)


def _drop(data_copy, table, keep) -> None:
    rows = data_copy.rows(table)
    header = rows[0]
    data_copy.write_rows(table, [header] + [r for r in rows[1:] if keep(dict(zip(header, r)))])


def _edit(data_copy, table, change) -> None:
    """Apply ``change(row_dict)`` (returning the new dict, or None to leave it) to every row of ``table``."""
    rows = data_copy.rows(table)
    header = rows[0]
    out = [header]
    for row in rows[1:]:
        values = dict(zip(header, row))
        new = change(values) or values
        out.append([new[c] for c in header])
    data_copy.write_rows(table, out)


def _delete_selection(d):
    _drop(d, "selections", lambda r: (r["lesson"], r["selection"]) != ("02-sanctions", "resolutions"))


def _move_quiz(d):
    _edit(d, "quiz", lambda r: {**r, "lesson": "00-start-here"} if r["lesson"] == "03-drills" else None)


def _delete_open_question(d):
    _drop(d, "open_questions", lambda r: r["lesson"] != "04-kaesong")


def _delete_plan(d):
    _drop(d, "lesson_plans", lambda r: r["plan_id"] != "05-exchange-of-demands-90")


def _rename_seoul(d):
    for table in TABLES:
        def rename(r):
            return {k: ("seoul-city" if v == "seoul" else v.replace("places:seoul", "places:seoul-city"))
                    for k, v in r.items()}
        _edit(d, table, rename)


def _delete_south_korea_outlines(d):
    _drop(d, "shapes", lambda r: r["country_id"] != "rok")


def _selection_of_a_glossary_row(d):
    first = [True]

    def change(r):
        if (r["lesson"], r["selection"]) == ("02-sanctions", "resolutions") and first[0]:
            first[0] = False
            return {**r, "record_ref": "glossary:kcna"}
    _edit(d, "selections", change)


def _overlapping_rounds(d):
    _edit(d, "rounds", lambda r: {**r, "from_date": "2013-04-14"} if r["round"] == "2" else None)


def _single_framing(d):
    name = d.rows("framings")[1][0]
    _edit(d, "framings", lambda r: {**r, "framing": name})


#: Each case: how it breaks the data, and the file and column the check must name (and a word of its message).
BREAKING = {
    "a selection a lesson uses deleted": (_delete_selection, "selections.csv", "selection", "resolutions"),
    "a lesson's quiz questions moved": (_move_quiz, "quiz.csv", "lesson", "03-drills"),
    "a lesson's open question deleted": (_delete_open_question, "open_questions.csv", "lesson", "04-kaesong"),
    "a lesson's plan deleted": (_delete_plan, "lesson_plans.csv", "plan_id", "05-exchange-of-demands-90"),
    "the place seoul renamed": (_rename_seoul, "places.csv", "place_id", "seoul"),
    "South Korea's outlines deleted": (_delete_south_korea_outlines, "shapes.csv", "country_id", "rok"),
    "a selection pointing to a glossary row": (_selection_of_a_glossary_row, "selections.csv", "record_ref", "events"),
    "overlapping rounds": (_overlapping_rounds, "rounds.csv", "from_date", "overlap"),
    "a single framing": (_single_framing, "framings.csv", "framing", "two framings"),
}


def _builds_refuse(data_dir: Path, tmp_path: Path, capsys, expected: list[str]) -> None:
    """Both websites refuse to build from ``data_dir``, with the check's message, before running any lesson."""
    os.environ["KOREA_KIT_DATA"] = str(data_dir)
    try:
        for edition in ("student", "teacher"):
            out = tmp_path / f"site-{edition}"
            capsys.readouterr()
            code = cli.main(["build", "--reuse-outputs", "--edition", edition, "--out", str(out)])
            err = capsys.readouterr().err
            assert code == 1 and "Traceback" not in err, err
            assert all(word in err for word in expected), err
            assert not out.exists()
    finally:
        del os.environ["KOREA_KIT_DATA"]


@pytest.mark.parametrize("case", list(BREAKING))
def test_what_passes_the_check_builds(case, data_copy, tmp_path, capsys, monkeypatch):
    from korea_kit.publish import site

    monkeypatch.setattr(site, "prepare", lambda *a, **k: pytest.fail("the build ran the lessons before the check"))
    change, file, column, word = BREAKING[case]
    change(data_copy)
    problems = check_data(data_copy.dir)
    found = [p for p in problems if p.file == file and p.column == column]
    assert found and any(word in str(p) for p in found), "\n".join(map(str, problems)) or "the check passed"
    code = cli.main(["check", str(data_copy.dir)])
    assert code == 1 and file in capsys.readouterr().err
    _builds_refuse(data_copy.dir, tmp_path, capsys, [file, f"column '{column}'"])


def test_every_id_the_package_writes_in_code_is_declared_for_the_check():
    """No place, actor or record id is written in the kit's code unless korea_kit/data/needs.py declares it (and the
    check then makes sure it exists). Docstrings, made-up demonstration rows (functions named ``_demo...``) and
    words that are also values of a category (a topic such as ``kaesong``) are not ids."""
    from korea_kit import load_tables
    from korea_kit.data.needs import RECORDS, SELECTIONS

    tables = load_tables()
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    categories = {v for r in package["resources"] for f in r["schema"]["fields"]
                  for v in f.get("constraints", {}).get("enum", [])}
    facts = ("places", "actors", "events", "demands", "quotes", "figures", "measures", "claims", "answers", "sides")
    ids = {str(v): name for name in facts for v in tables[name][tables.keys[name]]}
    declared = {v for values in RECORDS.values() for v in values} | {n for _, n in SELECTIONS}
    undeclared = []
    for path in sorted((ROOT / "korea_kit").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
                    skip.add(id(node.body[0].value))
                if isinstance(node, ast.FunctionDef) and node.name.startswith("_demo"):
                    skip.update(id(n) for n in ast.walk(node))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                if node.value in ids and node.value not in categories and node.value not in declared:
                    undeclared.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ids[node.value]}:{node.value}")
    assert undeclared == []


def test_a_record_a_notebook_names_by_id_is_checked(data_copy, tmp_path, monkeypatch):
    import importlib

    toc_module = importlib.import_module("korea_kit.data.toc")

    folder = _lessons_with(tmp_path, new_code_cell('kk.events_view(tables, ["no-such-event"], caption="x")\n'
                                                   'kk.kaesong.facts_view(tables, [("figures", "no-such-figure")])'))
    monkeypatch.setattr(toc_module, "notebooks_dir", lambda: folder)
    problems = [str(p) for p in check_data(data_copy.dir)]
    assert any(p.startswith("events.csv") and "'no-such-event'" in p and "03-drills.ipynb" in p for p in problems)
    assert any(p.startswith("figures.csv") and "'no-such-figure'" in p for p in problems), problems


# ---------------------------------------------------------------------------
# Invisible and lookalike text

INVISIBLE = {
    "a C1 control": "\x85",
    "a right-to-left override": "\u202e",
    "a zero-width space": "\u200b",
    "a line separator": "\u2028",
}


@pytest.mark.parametrize("name", list(INVISIBLE))
def test_invisible_and_direction_changing_characters_are_refused(name, data_copy, tmp_path, capsys):
    char = INVISIBLE[name]
    line = data_copy.set("events", "key-resolve-2013", "title", f"Resolution {char}4002 adopted")
    problems = [p for p in check_data(data_copy.dir) if p.file == "events.csv"]
    assert [(p.line, p.column) for p in problems] == [(line, "title")], problems
    assert f"U+{ord(char):04X}" in problems[0].expected and "at character 12" in problems[0].expected
    _builds_refuse(data_copy.dir, tmp_path, capsys, ["events.csv", f"line {line}", "column 'title'"])


def test_a_lookalike_duplicate_of_a_glossary_term_is_refused(data_copy, tmp_path, capsys):
    rows = data_copy.rows("glossary")
    other = next(r for r in rows[1:] if r[0] != "kcna")
    line = data_copy.set("glossary", other[0], "term", "KCN\u0410")  # a Cyrillic A
    problems = [p for p in check_data(data_copy.dir) if p.file == "glossary.csv"]
    assert problems and all((p.line, p.column) == (line, "term") for p in problems), problems
    assert any("'KCNA'" in str(p) for p in problems) and any("CYRILLIC" in str(p) for p in problems)
    _builds_refuse(data_copy.dir, tmp_path, capsys, ["glossary.csv", f"line {line}", "column 'term'"])


@pytest.mark.parametrize("edit, expected", [
    (lambda t: t.replace('"minimum": 1', '"minimum": NaN', 1), "NaN"),
    (lambda t: t.replace('"name": "sources",', '"name": "sources", "name": "sources",', 1), "given twice"),
], ids=["nan", "duplicate-key"])
def test_nan_and_duplicate_keys_in_datapackage_json_are_refused(edit, expected, data_copy):
    path = data_copy.dir / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    assert edit(text) != text
    path.write_text(edit(text), encoding="utf-8")
    problems = check_data(data_copy.dir)
    assert problems and problems[0].file == "datapackage.json" and problems[0].line and expected in str(problems[0])


# ---------------------------------------------------------------------------
# Seeds that leave the kit


def _seed_row(data_copy):
    rows = data_copy.rows("sources")
    header = rows[0]
    number, row = next((n, r) for n, r in enumerate(rows[1:], 2) if r[header.index("kind")] == "article")
    return rows, header, number, row


@pytest.mark.skipif(os.name != "posix", reason="a route through the root folder")
def test_a_seed_path_that_climbs_out_and_back_is_refused(data_copy, tmp_path, capsys):
    """``../../../etc/../tmp/.../file.txt``: out of the kit to the root folder, and back down to a file beside the
    data (its checksum right), which the site would then publish."""
    rows, header, number, row = _seed_row(data_copy)
    article = (data_copy.dir / row[header.index("seed_file")]).read_bytes()
    beside = data_copy.dir.parent / "file.txt"
    beside.write_bytes(article)
    climb = "../" * (len(data_copy.dir.parts) + 1)  # above the root folder, where the climb stops
    for route in (climb + "etc/../" + beside.as_posix().lstrip("/"), "../seeds/../file.txt", "./../file.txt"):
        row[header.index("seed_file")] = route
        data_copy.write_rows("sources", rows)
        problems = [p for p in check_data(data_copy.dir) if p.file == "sources.csv"]
        assert [(p.line, p.column) for p in problems] == [(number, "seed_file")], (route, problems)
    _builds_refuse(data_copy.dir, tmp_path, capsys, ["sources.csv", f"line {number}", "column 'seed_file'"])


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
@pytest.mark.parametrize("where", ["outside the kit", "beside the data"])
def test_a_seed_that_is_a_symbolic_link_is_refused(where, data_copy, tmp_path, tmp_path_factory, capsys):
    rows, header, number, row = _seed_row(data_copy)
    seed = (data_copy.dir / row[header.index("seed_file")])
    folder = tmp_path_factory.mktemp("outside") if where == "outside the kit" else tmp_path / "elsewhere"
    folder.mkdir(exist_ok=True)
    target = folder / "file.txt"
    target.write_bytes(seed.read_bytes())
    seed.unlink()
    seed.symlink_to(target)
    problems = [p for p in check_data(data_copy.dir) if p.file == "sources.csv"]
    assert [(p.line, p.column) for p in problems] == [(number, "seed_file")] and "symbolic link" in str(problems[0])
    _builds_refuse(data_copy.dir, tmp_path, capsys, ["sources.csv", f"line {number}"])


# ---------------------------------------------------------------------------
# Editions: a student folder never holds a teacher's file or key


def _manifest(folder: Path) -> dict:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def _holds_teacher_content(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        if path.name == GUIDE or "kk-key" in text or "quiz_key(" in text or "open_question_key(" in text:
            found.append(path.name)
    return found


def test_copy_refuses_to_change_a_folders_edition_without_the_flag(tmp_path, capsys):
    folder = tmp_path / "lessons"
    assert cli.main(["copy", str(folder), "--edition", "teacher"]) == 0
    assert (folder / GUIDE).is_file() and _manifest(folder)["edition"] == "teacher"
    capsys.readouterr()
    assert cli.main(["copy", str(folder), "--edition", "student"]) == 1
    err = capsys.readouterr().err
    assert "--change-edition" in err and "teacher edition" in err and "Traceback" not in err
    assert (folder / GUIDE).is_file() and _manifest(folder)["edition"] == "teacher"  # untouched, and true

    assert cli.main(["copy", str(folder), "--edition", "student", "--change-edition"]) == 0
    assert _holds_teacher_content(folder) == [] and _manifest(folder)["edition"] == "student"
    assert GUIDE not in _manifest(folder)["files"]


def test_a_changed_teachers_file_stops_the_change_to_the_student_edition(tmp_path, capsys):
    folder = tmp_path / "lessons"
    assert cli.main(["copy", str(folder), "--edition", "teacher"]) == 0
    guide = folder / GUIDE
    guide.write_text(guide.read_text(encoding="utf-8").replace("Teacher", "Teacher (my notes)", 1), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    capsys.readouterr()
    assert cli.main(["copy", str(folder), "--edition", "student", "--change-edition"]) == 1
    assert GUIDE in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_teachers_guide_put_in_a_student_folder_by_hand_stops_the_copy(tmp_path, capsys):
    folder = tmp_path / "lessons"
    assert cli.main(["copy", str(folder)]) == 0
    shutil.copy2(ROOT / "notebooks" / GUIDE, folder / GUIDE)
    capsys.readouterr()
    assert cli.main(["copy", str(folder)]) == 1 and GUIDE in capsys.readouterr().err


def test_lab_refuses_to_change_a_folders_edition(tmp_path, monkeypatch, capsys):
    import subprocess

    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: pytest.fail("JupyterLab was started"))
    monkeypatch.chdir(tmp_path)
    assert cli.main(["copy", "lessons"]) == 0
    capsys.readouterr()
    assert cli.main(["lab", "--edition", "teacher", "--folder", "lessons", "--no-browser"]) == 1
    assert "--change-edition" in capsys.readouterr().err
    assert not (tmp_path / "lessons" / GUIDE).exists() and _manifest(tmp_path / "lessons")["edition"] == "student"


@pytest.mark.parametrize("tag", ["Solution", "TEACHER", " teacher "])
def test_tags_are_compared_in_any_case(tag):
    nb = nbformat.v4.new_notebook(cells=[new_markdown_cell("# A lesson"),
                                         new_markdown_cell("The answer is 2094.", metadata={"tags": [tag]})])
    assert [c.source for c in for_edition(nb, "student").cells] == ["# A lesson"]


def _lessons_with(tmp_path: Path, cell) -> Path:
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder)
    path = folder / "03-drills.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(3, cell)
    nbformat.write(nb, path)
    return folder


@pytest.mark.parametrize("cell", [
    new_code_cell('kk.quiz_key(tables, "03-drills")'),
    new_code_cell("kk.open_question_key(tables, '03-drills')", metadata={"tags": ["not-for-teachers"]}),
    new_code_cell("1 + 1", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": '<details class="kk-key"><summary>Answer</summary></details>'})]),
], ids=["quiz-key", "open-question-key", "stored-key"])
def test_the_student_site_and_copy_refuse_an_untagged_key(cell, tmp_path):
    from korea_kit.publish.site import build

    folder = _lessons_with(tmp_path, cell)
    with pytest.raises(EditionError, match="03-drills.ipynb, cell 4"):
        build(tmp_path / "site", "student", folder, reuse_outputs=True)
    assert not (tmp_path / "site").exists()
    with pytest.raises(EditionError, match="answer key"):
        editions.copy_edition(tmp_path / "copy", "student", folder)


def test_nothing_is_written_inside_the_installed_kit(tmp_path, monkeypatch, capsys):
    import sysconfig

    import korea_kit

    package = Path(korea_kit.__file__).parent
    installed = Path(sysconfig.get_paths()["purelib"]) / "korea_kit" / "bundled" / "notebooks"
    monkeypatch.setattr(editions, "notebooks_dir", lambda: installed)  # as a wheel's kit finds its lessons
    assert cli.main(["run"]) == 1
    err = capsys.readouterr().err
    assert "installed kit" in err and "Traceback" not in err
    monkeypatch.undo()
    for command in (["copy", str(package / "my-lessons")], ["copy", str(installed.parent / "my-lessons")],
                    ["build", "--reuse-outputs", "--out", str(package / "my-site")]):
        assert cli.main(command) == 1, command
        assert "installed" in capsys.readouterr().err
    assert not (package / "my-lessons").exists() and not (package / "my-site").exists()
