"""Quizzes as data, their checks, the quiz widget and the learner's progress file."""

from __future__ import annotations

import html
import json
import os
import stat
import tomllib
from pathlib import Path

import pytest

import korea_kit as kk
from korea_kit.progress import ProgressError, ProgressStore
from korea_kit.render.quizzes import check_answer, longest_answer_share, questions, quiz_view
from korea_kit.teacher import quiz_key
from korea_kit.widgets import QuizWidget

from conftest import ROOT

HEADER = ["quiz_id", "lesson", "position", "kind", "question", "choices", "answer", "feedback", "explanation",
          "fact_refs"]
FEEDBACK = ["No: 1718 answered the first nuclear test, in October 2006.",
            "Yes: 2094 came on 7 March 2013, after the third nuclear test.",
            "No: 1874 answered the second nuclear test, in June 2009."]
DEMO = [
    ["demo-choice", "99-demo", "1", "choice", "Which resolution came in March 2013?",
     "1718 | 2094 | 1874", "2094", " | ".join(FEEDBACK), "Resolution 2094 was adopted on 7 March 2013.",
     "events:resolution-2094"],
    ["demo-order", "99-demo", "2", "order", "Oldest first?",
     "Resolution 2094 | Resolution 1718 | Resolution 2087", "Resolution 1718 | Resolution 2087 | Resolution 2094", "",
     "1718 in 2006, 2087 in January 2013, 2094 in March 2013.",
     "events:resolution-1718;events:resolution-2087;events:resolution-2094"],
    ["demo-match", "99-demo", "3", "match", "Who said it?",
     "at least a beginning gambit | clear signals", "John Kerry | Josh Earnest", "",
     "Kerry spoke at a Senate hearing; Earnest for the White House.",
     "quotes:kerry-gambit;quotes:earnest-signals"],
]
EXPLANATION = HEADER.index("explanation")


@pytest.fixture
def demo(data_copy):
    """A data copy whose quiz table holds three demo questions, one of each kind."""
    data_copy.write_rows("quiz", [HEADER, *DEMO])
    return data_copy


def problems_for(data_copy, row_changes):
    rows = [HEADER, *[list(r) for r in DEMO]]
    for index, column, value in row_changes:
        rows[index][HEADER.index(column)] = value
    data_copy.write_rows("quiz", rows)
    return [(p.line, p.column, p.expected) for p in kk.check_data(data_copy.dir)]


@pytest.mark.parametrize(
    "change, column, expected",
    [
        ((1, "answer", "2087"), "answer", "one of the choices, spelled as there"),
        ((1, "choices", "2094"), "choices", "at least two options separated by ' | '"),
        ((2, "answer", "Resolution 1718 | Resolution 2087"), "answer", "the same items as choices, in the right order"),
        ((2, "choices", "Resolution 1718 | Resolution 2087 | Resolution 2094"), "choices",
         "the items in an order other than the answer's"),
        ((3, "answer", "John Kerry"), "answer", "2 partners separated by ' | ', one per item"),
        ((1, "fact_refs", "events:no-such-event"), "fact_refs", "an id from events.csv"),
        ((1, "fact_refs", "shapes:border"), "fact_refs", "table:id with a table of facts (e.g. events)"),
        ((2, "position", "1"), "position", "a position not used twice in 99-demo (line 2 has it)"),
        ((1, "kind", "essay"), "kind", "one of choice, order, match"),
        ((1, "feedback", "No. | Yes."), "feedback",
         "3 non-empty feedback texts separated by ' | ', one per option in the order of choices"),
        ((1, "feedback", "No. |  | No."), "feedback",
         "3 non-empty feedback texts separated by ' | ', one per option in the order of choices"),
        ((1, "feedback", ""), "feedback",
         "3 non-empty feedback texts separated by ' | ', one per option in the order of choices"),
        ((2, "feedback", "Well done."), "feedback", "empty (the feedback of an order question is computed)"),
    ],
)
def test_a_malformed_question_is_reported_with_its_line_and_column(data_copy, change, column, expected):
    found = problems_for(data_copy, [change])
    assert (change[0] + 1, column, expected) in found


def test_the_shipped_questions_are_well_formed_and_belong_to_lessons():
    tables = kk.load_tables()
    lessons = {lesson.name for lesson in kk.toc()}
    for q in questions(tables):
        assert q.lesson in lessons, f"{q.quiz_id}: lesson {q.lesson} is not in notebooks/toc.json"
        assert q.explanation.strip()
        if q.kind == "choice":  # every option has feedback of its own, not a bare verdict
            assert len(q.feedback) == len(q.choices), q.quiz_id
            assert all(len(f.split()) >= 6 for f in q.feedback), q.quiz_id
            assert len(set(q.feedback)) == len(q.feedback), q.quiz_id
        else:
            assert q.feedback == (), q.quiz_id
    # every lesson with a quiz has at least five questions, in more than one form
    by_lesson = {}
    for q in questions(tables):
        by_lesson.setdefault(q.lesson, []).append(q.kind)
    for lesson, kinds in by_lesson.items():
        assert len(kinds) >= 5, lesson
        assert len(set(kinds)) >= 2, lesson


def test_check_answer_for_each_kind(demo):
    choice, order, match = questions(kk.load_tables(demo.dir), "99-demo")
    assert check_answer(choice, "2094").correct
    assert not check_answer(choice, "1718").correct
    assert check_answer(order, list(order.answer)).correct
    assert check_answer(order, list(order.choices)).marks == (False, False, False)
    assert check_answer(match, ["John Kerry", "Josh Earnest"]).correct
    wrong = check_answer(match, ["Josh Earnest", "Josh Earnest"])
    assert (wrong.correct, wrong.marks) == (False, (False, True))
    assert wrong.message == "Not quite: 1 of 2 matched rightly (clear signals → Josh Earnest). Try again."
    assert check_answer(match, [None, None]).message == "Choose an answer for each item first."


def test_a_choice_gives_the_feedback_of_the_option_chosen(demo):
    choice = questions(kk.load_tables(demo.dir), "99-demo")[0]
    for option, feedback in zip(choice.choices, FEEDBACK):
        result = check_answer(choice, option)
        assert result.feedback == feedback
        assert result.message == ("Correct." if option == "2094" else "Not quite. Try again.")


def test_order_feedback_names_the_items_already_in_place(demo):
    order = questions(kk.load_tables(demo.dir), "99-demo")[1]
    message = check_answer(order, ["Resolution 1718", "Resolution 2094", "Resolution 2087"]).message
    assert "Resolution 1718, 1st" in message and "1 of 3 in the right place" in message
    assert "Resolution 2094" not in message and "Resolution 2087" not in message
    both = check_answer(order, ["Resolution 1718", "Resolution 2087", None]).message
    assert "2 of 3" in both and "Resolution 1718, 1st" in both and "Resolution 2087, 2nd" in both
    none = check_answer(order, list(order.choices)).message
    assert "none of the 3" in none


def test_the_shipped_quiz_does_not_reward_picking_the_longest_option():
    longest, choice = longest_answer_share(questions(kk.load_tables()))
    assert choice >= 10
    assert longest / choice <= 0.4, f"the right answer is the longest option in {longest} of {choice} choice questions"


def test_the_longest_answer_share_counts_what_it_says(demo):
    rows = demo.rows("quiz")
    rows[1][HEADER.index("choices")] = "1718 | 2094 | 1874 and 1718"
    demo.write_rows("quiz", rows)
    assert longest_answer_share(questions(kk.load_tables(demo.dir))) == (0, 1)
    rows[1][HEADER.index("choices")] = "1718 | 2094 | 1874"
    demo.write_rows("quiz", rows)
    assert longest_answer_share(questions(kk.load_tables(demo.dir))) == (1, 1)  # a tie counts as longest


def test_the_shipped_quiz_asks_about_the_history_not_the_kits_bookkeeping():
    texts = [" ".join([q.question, *q.choices, *q.answer]) for q in questions(kk.load_tables())]
    for text in texts:
        lowered = text.lower()
        for word in ("graded", "verified", "how sure", "the kit", "four preconditions", "translation"):
            assert word not in lowered, (word, text)


def test_the_key_is_its_own_view_and_the_quiz_never_renders_it(demo):
    tables = kk.load_tables(demo.dir)
    key = quiz_key(tables, "99-demo")
    assert key.html.count('<details class="kk-key">') == 3
    assert "Resolution 2094 was adopted on 7 March 2013." in key.html
    assert "UN Security Council resolutions; ROK Foreign Ministry on 2087" in key.text
    for feedback in FEEDBACK:  # the key shows every option's feedback
        assert feedback in key.text and html.escape(feedback) in key.html
    assert "2094 (right): " + FEEDBACK[1] in key.text and "1718 (wrong): " + FEEDBACK[0] in key.text

    static = quiz_view(tables, "99-demo")  # the quiz's static rendering, in every edition
    bundle = QuizWidget(tables, "99-demo", store=None)._repr_mimebundle_()  # what a notebook stores
    for view_html, view_text in ((static.html, static.text), (bundle["text/html"], bundle["text/plain"])):
        assert "kk-key" not in view_html and "Answer:" not in view_text
        assert "Which resolution came in March 2013?" in view_text
        for row in DEMO:
            assert row[EXPLANATION] not in view_html and row[EXPLANATION] not in view_text
        for feedback in FEEDBACK:
            assert feedback not in view_text and html.escape(feedback) not in view_html


def test_static_view_escapes_text_from_the_data(demo):
    rows = demo.rows("quiz")
    rows[1][4] = "Which <script>alert(1)</script> one?"
    demo.write_rows("quiz", rows)
    for view in (quiz_view(kk.load_tables(demo.dir), "99-demo"), quiz_key(kk.load_tables(demo.dir), "99-demo")):
        assert "<script>" not in view.html and "&lt;script&gt;" in view.html


def test_widget_gives_feedback_allows_retries_and_saves_progress(demo, tmp_path):
    tables = kk.load_tables(demo.dir)
    store = ProgressStore(tmp_path / "progress.json")
    widget = QuizWidget(tables, "99-demo", store=store)
    assert "kk-quiz" in widget._dom_classes and "kk-widget" in widget._dom_classes
    choice, order, match = widget.boxes
    choice.controls[0].value = "1718"
    choice.check.click()
    assert "Not quite" in choice.feedback.value and "Resolution 2094 was adopted" not in choice.feedback.value
    assert html.escape(FEEDBACK[0]) in choice.feedback.value  # why 1718 is wrong
    choice.controls[0].value = "1874"
    choice.check.click()
    assert html.escape(FEEDBACK[2]) in choice.feedback.value and html.escape(FEEDBACK[0]) not in choice.feedback.value
    assert choice.reveal.layout.display is None  # the learner may now ask for the answer
    choice.controls[0].value = "2094"
    choice.check.click()
    assert "Correct." in choice.feedback.value and "Resolution 2094 was adopted on 7 March 2013." in choice.feedback.value
    assert html.escape(FEEDBACK[1]) in choice.feedback.value
    for control, item in zip(order.controls, order.question.answer):
        control.value = item
    order.check.click()
    assert "Correct." in order.feedback.value
    saved = store.answers()
    assert saved["demo-choice"]["tries"] == 3 and saved["demo-choice"]["correct"] is True
    assert saved["demo-order"]["response"] == list(order.question.answer)
    assert "demo-match" not in saved
    match.reveal.click()
    assert "Kerry spoke at a Senate hearing" in match.feedback.value
    # a new session sees what was saved
    again = QuizWidget(tables, "99-demo", store=store)
    assert "3 tries, right" in again.boxes[0].status.value
    assert again.boxes[2].status.value == ""


def test_progress_view_lists_lessons_and_questions(demo, tmp_path):
    tables = kk.load_tables(demo.dir)
    store = ProgressStore(tmp_path / "p.json")
    store.record("demo-choice", "99-demo", ["2094"], True)
    store.record("demo-order", "99-demo", ["x", "y", "z"], False)
    view = kk.progress_view(tables, store.answers(), lessons=["99-demo"])
    assert view.text.splitlines()[0] == "99-demo: 2 of 3 answered, 1 right  ✓ ✗ ·"


def test_a_corrupt_progress_file_is_kept_aside_and_answers_are_saved_again(demo, tmp_path):
    path = tmp_path / "progress.json"
    path.write_text('{"version": 1, "answers": {', encoding="utf-8")
    store = ProgressStore(path)
    assert store.answers() == {}
    assert "progress.json, line 1, column 28: expected JSON" in store.problem
    widget = QuizWidget(kk.load_tables(demo.dir), "99-demo", store=store)
    assert "line 1, column 28" in widget.children[0].value
    widget.boxes[0].controls[0].value = "2094"
    widget.boxes[0].check.click()
    assert "Correct." in widget.boxes[0].feedback.value
    assert "Your answer is saved." in widget.boxes[0].status.value and "kept as" in widget.boxes[0].status.value
    (backup,) = tmp_path.glob("progress-damaged-*.json")
    assert backup.read_text(encoding="utf-8") == '{"version": 1, "answers": {'
    assert list(ProgressStore(path).answers()) == ["demo-choice"]


GOOD = {"lesson": "01-x", "response": ["a"], "correct": True, "tries": 1, "when": "2026-01-01T00:00:00+00:00"}


@pytest.mark.parametrize("text, expected", [
    (json.dumps({"version": 1, "answers": {"q0": GOOD, "q1": {**GOOD, "response": "a"}}}, indent=1),
     "expected 'response' as a list of texts for question 'q1'"),
    (json.dumps({"version": 1, "answers": {"q1": {**GOOD, "tries": "many"}}}), "expected 'tries' as a whole number"),
    (json.dumps({"version": 1, "answers": {"q1": {**GOOD, "tries": None}}}), "expected 'tries' as a whole number"),
    ('{"version": 1, "answers": {"q1": {"lesson": "01-x", "response": ["a"], "correct": true, "tries": NaN}}}',
     "expected a number, not NaN"),
    ('{"version": 1, "answers": {"q1": {"lesson": "01-x", "response": ["a"], "correct": true, "tries": 1e400}}}',
     "expected a finite number, not 1e400"),
    (json.dumps({"version": 1, "answers": {"q1": {**GOOD, "correct": "false"}}}), "expected 'correct' as true or false"),
    ("[" * 100_000 + "]" * 100_000, "expected JSON nested a few levels deep"),
    (json.dumps(["not", "an", "object"]), "expected an object with 'answers'"),
], ids=["string-response", "tries-many", "tries-null", "nan", "1e400", "correct-string", "deep", "list"])
def test_a_progress_file_of_the_wrong_shape_is_reported_and_saving_goes_on(tmp_path, text, expected):
    path = tmp_path / "progress.json"
    path.write_text(text, encoding="utf-8")
    store = ProgressStore(path)
    store.answers()
    assert expected in store.problem and "line " in store.problem and "column " in store.problem
    # the line and column of the question whose answer is wrong, or of the number that is not one
    needle = next((n for n in ("NaN", "1e400") if n in expected), '"q1"' if "for question" in expected else None)
    if needle:
        before = text[:text.index(needle)]
        assert f"line {before.count(chr(10)) + 1}, column {len(before) - before.rfind(chr(10))}:" in store.problem
    store.record("q1", "01-x", ["b"], False)  # never raises: the answer is saved
    assert store.answers()["q1"]["response"] == ["b"] and store.problem is None
    (backup,) = tmp_path.glob("progress-damaged-*.json")
    assert backup.read_text(encoding="utf-8") == text


def test_the_file_keeps_its_mode_and_its_link_and_stale_temporary_files_go(tmp_path):
    real = tmp_path / "real" / "progress.json"
    ProgressStore(real).record("q0", "01-x", ["a"], True)
    os.chmod(real, 0o640)
    link = tmp_path / "progress.json"
    link.symlink_to(real)
    leftover = real.parent / ".progress.json-abc.tmp"
    leftover.write_text("{", encoding="utf-8")
    ProgressStore(link).record("q1", "01-x", ["b"], True)
    assert link.is_symlink() and stat.S_IMODE(real.stat().st_mode) == 0o640
    assert set(ProgressStore(real).answers()) == {"q0", "q1"}
    assert not leftover.exists()


def test_a_read_only_file_is_never_overwritten(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.record("q0", "01-x", ["a"], True)
    before = path.read_bytes()
    # root may write any file: os.access tells the kit the file is read-only, as it would for a learner
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: not (mode & os.W_OK and Path(p) == path))
    with pytest.raises(ProgressError, match="read-only"):
        store.record("q1", "01-x", ["b"], True)
    assert path.read_bytes() == before


def test_a_crash_while_saving_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.record("q1", "01-x", ["a"], True)
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("kernel killed")

    monkeypatch.setattr(json, "dump", crash)
    with pytest.raises(KeyboardInterrupt):
        store.record("q2", "01-x", ["b"], False)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_tests_never_use_a_learners_own_progress_file():
    assert "korea-kit-test-progress" in str(kk.progress_path())


def test_the_progress_plugin_is_registered_by_the_test_configuration_not_as_an_entry_point():
    from importlib.metadata import entry_points

    assert not [ep for ep in entry_points(group="pytest11") if ep.value.startswith("korea_kit")], \
        "installing the kit must not load its plugin into every pytest run"
    addopts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "korea_kit._pytest_plugin" in " ".join(addopts["addopts"]).replace("-p ", "")
