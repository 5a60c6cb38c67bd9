"""Lesson plans (``data/lesson_plans.csv``): ``korea-kit check`` keeps each plan's minutes in order, and the
teacher's guide shows a 45- and a 90-minute plan for every lesson, in the teacher edition only.

The malformed cases break a private copy of ``data/`` in one way each, as ``tests/test_malformed.py``
does, and expect one clear problem naming the file, the line and the column.
"""

from __future__ import annotations

import json

import pytest

import korea_kit as kk
from korea_kit import check_data
from korea_kit.cli import main
from korea_kit.data.toc import toc
from korea_kit.lessons import guide
from korea_kit.publish.editions import GUIDE, prepare

from conftest import ROOT

PLAN = "02-sanctions-45"


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


def plan_lines(copy, plan: str = PLAN) -> tuple[list[list[str]], list[int]]:
    """The rows of lesson_plans.csv and the indexes (0 is the header) of the rows of ``plan``."""
    rows = copy.rows("lesson_plans")
    return rows, [i for i, row in enumerate(rows) if i and row[0] == plan]


def change(step: int, column: str, value: str | None = None, shift: int = 0):
    """Set (or shift by ``shift``) one cell of a step of :data:`PLAN`; the problem is on that step's line."""
    def apply(copy):
        rows, mine = plan_lines(copy)
        col = rows[0].index(column)
        row = rows[mine[step - 1]]
        row[col] = value if value is not None else str(int(row[col]) + shift)
        copy.write_rows("lesson_plans", rows)
        return mine[step - 1] + 1
    return apply


def every_step(column: str, value: str):
    def apply(copy):
        rows, mine = plan_lines(copy)
        for i in mine:
            rows[i][rows[0].index(column)] = value
        copy.write_rows("lesson_plans", rows)
        return mine[0] + 1
    return apply


def swap_steps(first: int, second: int):
    def apply(copy):
        rows, mine = plan_lines(copy)
        a, b = mine[first - 1], mine[second - 1]
        rows[a], rows[b] = rows[b], rows[a]
        copy.write_rows("lesson_plans", rows)
        return a + 1
    return apply


def last_step_ends(shift: int):
    def apply(copy):
        rows, mine = plan_lines(copy)
        row = rows[mine[-1]]
        row[rows[0].index("end")] = str(int(row[rows[0].index("end")]) + shift)
        copy.write_rows("lesson_plans", rows)
        return mine[-1] + 1
    return apply


#: (id, how the copy is broken (returns the line of the problem), column named, words of the message)
CASES = [
    ("minutes-do-not-add-up", last_step_ends(-2), "end",
     f"expected minute 45, the length of plan {PLAN} (its steps add up to 43 minutes), found '43'"),
    ("minutes-run-over", last_step_ends(5), "end", "(its steps add up to 50 minutes), found '50'"),
    ("gap", change(2, "start", shift=1), "start",
     f"where the step before it ends (a gap of 1 minute in plan {PLAN})"),
    ("overlap", change(3, "start", shift=-3), "start",
     f"where the step before it ends (an overlap of 3 minutes in plan {PLAN})"),
    ("first-step-late", change(1, "start", "2"), "start", "0 (the first step of plan"),
    ("ends-before-it-starts", change(2, "end", "5"), "end", "a minute after the start, 5"),
    ("steps-out-of-order", swap_steps(1, 2), "step", f"step 1 of plan {PLAN} (its steps numbered 1, 2, 3"),
    ("length-not-a-period", every_step("length", "60"), "length", "45 or 90 (one period or two), found '60'"),
    ("length-against-the-id", every_step("length", "90"), "length", f"45, the length the id {PLAN} names"),
    ("lengths-differ", change(3, "length", "90"), "length", f"45, the length of plan {PLAN} on line"),
    ("unknown-lesson", change(2, "lesson", "42-no-such-lesson"), "lesson", "a lesson of notebooks/toc.json"),
    ("unknown-record", change(1, "record_refs", "events:no-such-event"), "record_refs", "an id from events.csv"),
    ("minute-not-a-number", change(2, "end", "ten"), "end", "a whole number"),
]


@pytest.mark.parametrize("break_it, column, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_broken_plan_is_one_clear_problem(data_copy, break_it, column, words):
    line = break_it(data_copy)
    problems = check_data(data_copy.dir)
    assert [(p.file, p.line, p.column) for p in problems] == [("lesson_plans.csv", line, column)], \
        "\n".join(map(str, problems))
    assert words in str(problems[0]), str(problems[0])


def test_a_plan_that_runs_over_fails_the_command_with_file_line_and_column(data_copy, capsys):
    line = last_step_ends(5)(data_copy)
    assert main(["check", str(data_copy.dir)]) == 1
    err = capsys.readouterr().err
    assert f"lesson_plans.csv, line {line}, column 'end': expected minute 45" in err
    assert "Traceback" not in err


def test_shifting_a_whole_plan_by_a_minute_is_two_problems_not_a_cascade(data_copy):
    # Every step one minute later: the start is late and the end over; the steps between still meet.
    rows, mine = plan_lines(data_copy)
    for i in mine:
        for col in ("start", "end"):
            rows[i][rows[0].index(col)] = str(int(rows[i][rows[0].index(col)]) + 1)
    data_copy.write_rows("lesson_plans", rows)
    problems = check_data(data_copy.dir)
    assert [(p.line, p.column) for p in problems] == [(mine[0] + 1, "start"), (mine[-1] + 1, "end")]


def test_every_lesson_has_a_45_and_a_90_minute_plan_that_fills_its_time(tables):
    for lesson in toc():
        for minutes in (45, 90):
            steps = guide.plan_steps(tables, guide.plan_id(lesson.name, minutes))
            assert steps[0].start == 0 and steps[-1].end == minutes
            assert all(a.end == b.start for a, b in zip(steps, steps[1:]))
            assert all(s.teacher and s.students and s.where for s in steps)


def test_the_preconditions_class_draws_on_the_exchange_of_demands_and_the_simulation(tables):
    steps = guide.plan_steps(tables, "preconditions-18-april-45")
    assert steps[-1].end == 45
    assert {"05-exchange-of-demands", "07-negotiation-role-play"} <= {s.lesson for s in steps}
    view = guide.plan_view(tables, "preconditions-18-april-45")
    # a step outside the plan's own lesson names its lesson
    assert "| 07-negotiation-role-play: " in view.text


def test_plan_view_shows_each_step_with_its_minutes_and_its_sources(tables):
    view = guide.plan_view(tables, PLAN)
    steps = guide.plan_steps(tables, PLAN)
    lines = view.text.splitlines()
    body = [line for line in lines if line.startswith("- ")]
    assert [line.split(" | ")[0] for line in body] == [f"- {s.start}–{s.end}" for s in steps]
    assert [line.endswith("]") for line in body] == [bool(s.refs) for s in steps]  # a step's sources' marks
    # the marks link to the guide's list of sources; the sources' words stay in the lessons (a short guide)
    assert "Evidence:" not in lines and 'href="#source-' in view.html and "[]" not in view.html
    assert view.html.count("<tr>") == len(steps) + 1  # the header and one row per step
    with pytest.raises(KeyError, match="no plan '02-sanctions-60'"):
        guide.plan_view(tables, "02-sanctions-60")


def test_plan_view_escapes_what_a_teacher_writes(data_copy):
    rows, mine = plan_lines(data_copy)
    rows[mine[0]][rows[0].index("question")] = "Is <b>this</b> bold?"
    data_copy.write_rows("lesson_plans", rows)
    view = guide.plan_view(kk.load_tables(data_copy.dir), PLAN)
    assert "Is &lt;b&gt;this&lt;/b&gt; bold?" in view.html and "<b>this</b>" not in view.html


# --- the guide notebook ----------------------------------------------------------------------

def _guide() -> dict:
    return json.loads((ROOT / "notebooks" / GUIDE).read_text(encoding="utf-8"))


def _sections(notebook: dict) -> dict[str, str]:
    """The plain-text outputs of the guide, by ``##`` section (the heading's line)."""
    sections: dict[str, list[str]] = {}
    heading = ""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            heading = next((line for line in "".join(cell["source"]).splitlines() if line.startswith("## ")), heading)
        else:
            sections.setdefault(heading, []).extend(
                "".join(out.get("data", {}).get("text/plain", "")) for out in cell.get("outputs", []))
    return {h: "\n".join(texts) for h, texts in sections.items()}


def test_the_guide_shows_a_45_and_a_90_minute_plan_for_every_lesson_under_its_own_heading(tables):
    sections = _sections(_guide())
    for lesson in toc():
        heading = next((h for h in sections if h.startswith(f"## Lesson {lesson.name[:2]}: ")), None)
        assert heading, f"no ## heading of its own for {lesson.name}"
        assert lesson.title in sections[heading], f"the section {heading} is not on {lesson.name}"
        for minutes in (45, 90):
            text = guide.plan_view(tables, guide.plan_id(lesson.name, minutes)).text
            assert text in sections[heading], f"{heading} lacks the plan {lesson.name}-{minutes}"
    plan = guide.plan_view(tables, "preconditions-18-april-45").text
    assert plan in sections["## A one-period class: the preconditions of 18 April"]


def test_the_guide_opens_with_before_class_and_reads_without_code():
    notebook = _guide()
    markdown = [("".join(c["source"]), c) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    sections = [line for text, _ in markdown for line in text.splitlines() if line.startswith("## ")]
    assert sections[0] == "## Before class"
    before = markdown[[i for i, (text, _) in enumerate(markdown) if text.startswith("## Before class")][0]][0]
    for part in ("teacher edition", "handout", "role brief", "rubric", "quiz"):
        assert part in before.lower(), part
    for text, _ in markdown:
        lowered = text.lower()
        for words in ("code cell", "the cell below", "the cell above", "run this cell", "from python"):
            assert words not in lowered, f"a markdown cell speaks of code: {words!r} in {text[:80]!r}"


def test_the_guide_stays_in_the_teacher_edition_only():
    # The editions (and the sites built from them) take the guide into the teacher edition alone.
    student = [lesson.file for lesson, _ in prepare("student", run=False)]
    teacher = [lesson.file for lesson, _ in prepare("teacher", run=False)]
    assert GUIDE not in student and teacher[-1] == GUIDE
    assert GUIDE not in {lesson.file for lesson in toc()}
