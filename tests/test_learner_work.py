"""A learner's work is kept: quiz answers, open answers and the simulation's moves are saved as they go to
the progress file and shown again when a lesson runs another time; where nothing can be saved, the widget
says so. (The same in real JupyterLab, across a restart of the server: tests/test_lab_restart.py.)"""

from __future__ import annotations

import json
import pytest

import korea_kit as kk
from korea_kit.lessons import roleplay
from korea_kit.progress import ProgressStore, default_store, saving_off
from korea_kit.render.quizzes import questions
from korea_kit.widgets.panels import QuizWidget
from korea_kit.widgets.writing import OpenQuestionWidget


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "progress.json")


def test_a_version_1_file_is_read_and_written_as_version_2_with_its_answers(tmp_path):
    path = tmp_path / "progress.json"
    old = {"lesson": "02-sanctions", "response": ["x"], "correct": False, "tries": 3, "when": "2025-01-01T00:00:00+00:00"}
    path.write_text(json.dumps({"version": 1, "answers": {"q1": old}}), encoding="utf-8")
    store = ProgressStore(path)
    assert store.texts() == {} and store.answers() == {"q1": old}
    store.save_text("oq", "02-sanctions", "My answer.")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 2 and data["answers"] == {"q1": old}
    assert data["texts"]["oq"]["text"] == "My answer." and data["games"] == {}
    assert store.problem is None and not list(tmp_path.glob("progress-damaged-*"))


def test_a_damaged_open_answer_is_named_and_the_file_kept_aside_with_the_rest(tmp_path):
    path = tmp_path / "progress.json"
    text = json.dumps({"version": 2, "answers": {}, "texts": {"good": {"lesson": "03-drills", "text": "Kept."},
                                                              "bad": {"lesson": "03-drills", "text": 7}}}, indent=1)
    path.write_text(text, encoding="utf-8")
    store = ProgressStore(path)
    assert list(store.texts()) == ["good"]
    assert "expected 'text' as a text for open question 'bad'" in store.problem
    store.save_game("07-negotiation-role-play", side="usa", solo=True, rounds=[], ticked=[])
    (backup,) = tmp_path.glob("progress-damaged-*.json")
    assert backup.read_text(encoding="utf-8") == text  # the learner's file, as it was
    assert store.texts() == {"good": {"lesson": "03-drills", "text": "Kept."}}


def test_a_quiz_shows_the_choice_and_feedback_saved_in_an_earlier_session(tables, store):
    lesson = "02-sanctions"
    first = QuizWidget(tables, lesson, store=store)
    box = next(b for b in first.boxes if b.question.kind == "choice")
    wrong = next(c for c in box.question.choices if c != box.question.answer[0])
    box.controls[0].value = wrong
    box.submit()
    shown = box.feedback.value
    assert shown and "saved" in box.status.value

    again = QuizWidget(tables, lesson, store=store)  # a kernel restart, a new copy of the lesson: Run All
    box2 = next(b for b in again.boxes if b.question.quiz_id == box.question.quiz_id)
    assert box2.controls[0].value == wrong
    assert box2.feedback.value == shown
    assert box2.reveal.layout.display is None, "after a wrong try the learner can still ask for the answer"
    assert "earlier session: 1 try, not yet right" in box2.status.value
    untouched = [b for b in again.boxes if b.question.quiz_id != box.question.quiz_id]
    assert all(b.feedback.value == "" for b in untouched)


def test_a_quiz_answer_the_data_no_longer_offers_is_not_shown(tables, store):
    q = questions(tables, "02-sanctions")[0]
    store.record(q.quiz_id, q.lesson, ["a choice that is not there"], correct=False)
    box = QuizWidget(tables, "02-sanctions", store=store).boxes[0]
    assert box.feedback.value == "" and "earlier session" in box.status.value


def test_an_open_answer_is_saved_as_it_is_written_and_shown_again(tables, store):
    widget = OpenQuestionWidget(tables, "03-drills", store=store)
    widget.answers[0].value = "Foal Eagle began"
    widget.answers[0].value = "Foal Eagle began on 1 March."
    assert "Saved." in widget.saved[0].value
    (question_id,) = store.texts()
    assert store.texts()[question_id]["text"] == "Foal Eagle began on 1 March."
    again = OpenQuestionWidget(tables, "03-drills", store=store)
    assert again.answers[0].value == "Foal Eagle began on 1 March."
    assert "earlier session" in again.saved[0].value


def test_an_open_answer_that_cannot_be_saved_says_so(tables, tmp_path):
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    widget = OpenQuestionWidget(tables, "03-drills", store=ProgressStore(tmp_path / "a-file" / "progress.json"))
    assert "could not be read" in widget.saved[0].value
    widget.answers[0].value = "Words."
    assert "Not saved" in widget.saved[0].value and "Copy your text" in widget.saved[0].value


def test_the_simulation_is_saved_as_it_is_played_and_played_again(tables, store):
    w = roleplay.negotiation_rounds(tables, store=store)
    w.side.value = "usa"
    move = next(m for m in w.checks if m.startswith("usa:"))
    w.checks[move].value = True
    w.play_round()
    report = w.report.value
    assert move in store.games()[roleplay.LESSON]["rounds"][0]
    later = next(m for m in w.checks if m.startswith("usa:") and m != move)
    w.checks[later].value = True  # ticked for round 2, not yet played
    assert later in store.games()[roleplay.LESSON]["ticked"]

    again = roleplay.negotiation_rounds(tables, store=store)
    assert again.side.value == "usa" and again.report.value == report
    assert again.end_round.description == "End round 2" and again.checks[later].value
    assert "earlier session" in again.saved.value
    again.start_again()
    assert store.games()[roleplay.LESSON]["rounds"] == []


def test_nothing_is_saved_in_a_page_served_by_voila(tables, monkeypatch, tmp_path):
    path = tmp_path / "shared.json"
    monkeypatch.setenv("KOREA_KIT_PROGRESS", str(path))
    assert saving_off() is None and default_store() is not None
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")  # as Voilà sets it in each visitor's kernel
    assert "not saved" in saving_off() and default_store() is None
    quiz = QuizWidget(tables, "02-sanctions")
    assert "not saved" in quiz.children[0].value
    box = quiz.boxes[0]
    box.controls[0].value = box.controls[0].options[0] if box.question.kind == "choice" else None
    box.submit()
    writing = OpenQuestionWidget(tables, "03-drills")
    writing.answers[0].value = "Words."
    assert "not saved" in writing.saved[0].value
    game = roleplay.negotiation_rounds(tables)
    game.play_round()
    assert "not saved" in game.saved.value
    assert not path.exists(), "a page every visitor shares writes no progress file"
