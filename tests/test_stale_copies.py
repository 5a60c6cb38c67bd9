"""One place for each fact: a figure or an event's date changed in one place is found wherever the free text
still repeats the old value (korea_kit.data.copies), and the docstrings' examples do not depend on the shipped facts."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, DataCopy
from korea_kit.cli import main
from korea_kit.data import check_data, default_data_dir, load_tables
from korea_kit.data.copies import StaleCopy, check_copies, find_mentions, free_texts, lesson_notebooks, notebook_texts
from korea_kit.data.demo import demo_parsed, demo_tables
from korea_kit.data.load import read_tables

FIGURES = [row["figure_id"] for row in csv.DictReader(open(ROOT / "data" / "figures.csv", encoding="utf-8"))]


def _parsed(folder: Path):
    tables, problems = read_tables(folder)
    assert problems == []
    return tables


@pytest.fixture(scope="module")
def today():
    """The mentions of figures and events in today's free text, with the figures' values."""
    tables = _parsed(default_data_dir())
    texts = free_texts(tables) + notebook_texts(lesson_notebooks())
    values = {r.values["figure_id"]: r.values["value"] for r in tables["figures"].rows}
    return find_mentions(tables, texts), values, texts


def _new_value(values: dict, old: float) -> int:
    """A value near ``old`` that no figure has (so the old copies match nothing)."""
    new = int(old) + 1
    while new in values.values():
        new += 1
    return new


def _written(value: float) -> set[str]:
    words = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten",
             15: "fifteen"}
    forms = {f"{int(value)}", f"{int(value):,}"}
    if int(value) in words:
        forms |= {words[int(value)], words[int(value)].capitalize()}
    return forms


def _distinct_copies(texts, figure_id: str, value: float, values: dict) -> set[tuple]:
    """An independent search for the copies of a figure whose value no other figure shares and that is not a
    small number (at least 20): every place where the number stands, written with or without its thousands
    separator, in free text outside quotation marks, a date, a four-digit number, or a wrong option of a
    choice question (wrong on purpose)."""
    if value < 20 or list(values.values()).count(value) > 1:
        return set()
    forms = sorted({f"{int(value)}", f"{int(value):,}"}, key=len, reverse=True)
    number = re.compile(r"(?<![\w.,/-])(%s)(?![\w°%%-]|[.,]\d|\s+(?:January|February|March|April|May|June|July|"
                        r"August|September|October|November|December)\b)" % "|".join(map(re.escape, forms)))
    quoted = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]*’|(?<![\w’'])'[^'\n]*'(?!\w)")
    found = set()
    for text in texts:
        if text.column in ("choices", "answer") and text.file == "quiz.csv" and not text.context:
            continue  # a wrong option of a choice question
        blanked = quoted.sub(lambda m: " " * len(m.group(0)), text.text)
        for m in number.finditer(blanked):
            if text.notebook:
                before = text.text[: m.start()]
                found.add((text.file, before.count("\n") + 1, None, m.start() - before.rfind("\n")))
            else:
                found.add((text.file, text.line, text.column, m.start() + text.offset + 1))
    return found


def _set_figure(copy: DataCopy, figure_id: str, value: int) -> int:
    return copy.set("figures", figure_id, "value", str(value))


def test_no_stale_copy_today():
    """Today's data, lessons and guide: every number and date the check reads agrees with its record."""
    assert [str(p) for p in check_data() if isinstance(p, StaleCopy)] == []


def _line(table: str, record_id: str) -> int:
    """The line of ``data/<table>.csv`` whose first cell is ``record_id`` (the header is line 1)."""
    lines = (ROOT / "data" / f"{table}.csv").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.split(",", 1)[0] == record_id)


def _line_with(table: str, words: str) -> int:
    """The line of ``data/<table>.csv`` that holds ``words``."""
    lines = (ROOT / "data" / f"{table}.csv").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if words in line)


def test_the_known_copies_are_read(today):
    """The copies of 123 firms the issue found (the docstring's is now a demo row), the lesson's summary, and more."""
    mentions, _, _ = today
    places = {(m.place()[0], m.place()[1], m.place()[2]) for m in mentions if "figures:kaesong-firms" in m.equals}
    quiz = _line("quiz", "kaesong-numbers")
    assert {("interests.csv", _line_with("interests", "123 South Korean firms"), "interest"), ("quiz.csv", quiz, "choices"), ("quiz.csv", quiz, "explanation"),
            ("citations.csv", _line("citations", "gl-kaesong-complex-2"), "note")} <= places
    assert any(file == "notebooks/04-kaesong.ipynb, cell 43" for file, _, _ in places)
    by_figure = {f: sum(f"figures:{f}" in m.equals for m in mentions) for f in FIGURES}
    assert by_figure["unsc-votes-needed"] >= 10 and by_figure["f22-count"] >= 5 and by_figure["us-troops-rok"] >= 3


def test_changing_a_figure_in_one_place_names_each_stale_copy(tmp_path, capsys):
    """korea-kit check of a copy in which only figures.csv says 124 firms: one line per stale copy."""
    copy = DataCopy(tmp_path)
    _set_figure(copy, "kaesong-firms", 124)
    assert main(["check", str(copy.dir)]) == 1
    err = capsys.readouterr().err
    quiz, note = _line("quiz", "kaesong-numbers"), _line("citations", "gl-kaesong-complex-2")
    interest = _line_with("interests", "123 South Korean firms")
    for place in (f"interests.csv, line {interest}, column 'interest', character 36",
                  f"quiz.csv, line {quiz}, column 'choices', character 1",
                  f"quiz.csv, line {quiz}, column 'explanation', character 54",
                  f"citations.csv, line {note}, column 'note', character 1",
                  "notebooks/04-kaesong.ipynb, cell 43, line 5, column 24"):
        assert f"{place}: says 123 firms but figures:kaesong-firms is 124" in err
    assert err.count("says 123 firms") == 5


@pytest.mark.parametrize("figure_id", FIGURES)
def test_each_figure(figure_id, today, tmp_path):
    """Every copy of each figure is named when only figures.csv changes: the copies the detector reads today,
    and, for a figure with a value of its own, every place the number stands; and nothing else is named."""
    mentions, values, texts = today
    old = values[figure_id]
    new = _new_value(values, old)
    copy = DataCopy(tmp_path)
    line = _set_figure(copy, figure_id, new)
    problems = check_copies(_parsed(copy.dir))
    named = {(p.file, p.line, p.column, p.position): p for p in problems}
    expected = {m.place() for m in mentions if f"figures:{figure_id}" in m.equals}
    expected |= _distinct_copies(texts, figure_id, old, values)
    assert expected <= set(named), f"figures.csv line {line}: not named: {sorted(expected - set(named), key=str)}"
    for place, problem in named.items():
        assert problem.found in _written(old), place
        assert f"but figures:{figure_id} is {new:,}" in str(problem)
    assert set(named) == expected


def test_a_changed_event_date_names_its_copies(tmp_path, today):
    mentions, _, _ = today
    expected = {m.place() for m in mentions if "events:resolution-2094" in m.equals}
    assert ("quiz.csv", 10, "explanation") in {p[:3] for p in expected} or len(expected) >= 5
    copy = DataCopy(tmp_path)
    copy.set("events", "resolution-2094", "date", "2013-03-08")
    problems = [p for p in check_copies(_parsed(copy.dir)) if "events:resolution-2094" in str(p)]
    assert {(p.file, p.line, p.column, p.position) for p in problems} == expected
    assert all("but events:resolution-2094 is 8 March 2013" in str(p) for p in problems)


@pytest.mark.parametrize("text, found", [
    ("The demo site had 123 South Korean firms.", ["says 123 firms but figures:demo-firms is 124"]),
    ("The demo site had 124 South Korean firms.", []),
    ("A report said \"123 South Korean firms\" at the demo site.", []),       # a source's own words
    ("In 2013 the demo site held firms from Seoul, line 123.", []),           # a year; a number after "line"
    ("Some 800 firms worked in Seoul.", []),                                  # not the demo site's
    ("The demo site: 123 firms, as Demo News put it on 9 April.", ["says 123 firms but figures:demo-firms is 124"]),
])
def test_rules(text, found):
    tables = demo_parsed(
        figures=[{"figure_id": "demo-firms", "subject": "South Korean firms at the demo site", "value": 124,
                  "unit": "firms"}],
        interests=[{"side_id": "rok", "interest_id": "demo", "interest": text}])
    assert [p.expected for p in check_copies(tables, notebooks=())] == found


def test_a_wrong_option_is_not_a_copy():
    """A choice question's wrong options are wrong on purpose; its right answer is read with the question."""
    figures = [{"figure_id": "demo-troops", "subject": "US troops at a demo base", "value": 1200, "unit": "troops"}]
    quiz = [{"quiz_id": "demo", "lesson": "03-drills", "position": 1, "kind": "choice",
             "question": "How many US troops were at the demo base?", "choices": "About 1,100 | About 5,300",
             "answer": "About 1,100", "feedback": "Yes | No"}]
    found = [str(p) for p in check_copies(demo_parsed(figures=figures, quiz=quiz), notebooks=())]
    assert found == ["quiz.csv, line 2, column 'choices', character 7: says 1,100 troops but figures:demo-troops is 1,200",
                     "quiz.csv, line 2, column 'answer', character 7: says 1,100 troops but figures:demo-troops is 1,200"]


def test_demo_tables_are_shaped_as_the_kits():
    """The demo tables have the kit's tables, columns and dtypes, so an example behaves as on the real data."""
    real, demo = load_tables(), demo_tables()
    for name in real.names:
        assert list(demo[name].columns) == list(real[name].columns), name
        assert [str(t) for t in demo[name].dtypes] == [str(t) for t in real[name].dtypes], name
        assert len(demo[name]) == 0


def test_docstrings_do_not_print_the_shipped_figures(tmp_path):
    """Every figure of a copy of the data changed, and KOREA_KIT_DATA pointing at it: the doctests of the
    package still pass (they run on demo rows), while the check names the stale copies."""
    copy = DataCopy(tmp_path)
    values = {r["figure_id"]: float(r["value"]) for r in csv.DictReader(open(copy.path("figures"), encoding="utf-8"))}
    taken = dict(values)
    for figure_id, old in values.items():
        taken[figure_id] = _new_value(taken, old)
        _set_figure(copy, figure_id, taken[figure_id])
    assert any(isinstance(p, StaleCopy) for p in check_data(copy.dir))
    env = {**os.environ, "KOREA_KIT_DATA": str(copy.dir), "KOREA_KIT_CACHE": "off"}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-o", "addopts=", "-p", "no:cacheprovider",
                          "-p", "korea_kit._pytest_plugin", "--doctest-modules", "korea_kit"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:]
    assert re.search(r"\d+ passed", run.stdout)
