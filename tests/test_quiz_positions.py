"""The right answer of a choice question is not guessable by its position among the options.

The options of ``data/quiz.csv`` are stored in the order a learner sees them (the quiz and the
teacher's key both follow the file), so the spread is a property of the data, the same every run.
"""

from __future__ import annotations

import collections

import pytest

import korea_kit as kk


def _positions(quiz):
    """``(lesson, quiz_id, position of the answer (1-based), number of options)`` of every choice question."""
    found = []
    for _, row in quiz[quiz["kind"] == "choice"].iterrows():
        options = [c.strip() for c in str(row["choices"]).split(" | ")]
        found.append((row["lesson"], row["quiz_id"], options.index(str(row["answer"]).strip()) + 1, len(options)))
    return found


def spread_problems(found) -> list[str]:
    """What makes the answers guessable by position: one position holding more than a third of the answers
    (plus one), or every choice question of a lesson with three or more of them answered at the same position.

    >>> spread_problems([("a", "q1", 1, 4), ("a", "q2", 1, 4), ("a", "q3", 1, 4), ("b", "q4", 2, 4)])
    ['position 1 holds 3 of 4 answers (at most 2)', 'a: all 3 answers at position 1']
    >>> spread_problems([("a", "q1", 1, 4), ("a", "q2", 2, 4), ("a", "q3", 3, 4), ("b", "q4", 4, 4)])
    []
    """
    problems = []
    counts = collections.Counter(position for _, _, position, _ in found)
    limit = len(found) // 3 + 1
    for position, count in sorted(counts.items()):
        if count > limit:
            problems.append(f"position {position} holds {count} of {len(found)} answers (at most {limit})")
    by_lesson = collections.defaultdict(list)
    for lesson, _, position, _ in found:
        by_lesson[lesson].append(position)
    for lesson, positions in sorted(by_lesson.items()):
        if len(positions) >= 3 and len(set(positions)) == 1:
            problems.append(f"{lesson}: all {len(positions)} answers at position {positions[0]}")
    return problems


@pytest.fixture(scope="module")
def quiz():
    return kk.load_tables().quiz


def test_the_right_answers_are_spread_over_the_positions(quiz):
    found = _positions(quiz)
    assert len(found) >= 20
    assert not spread_problems(found)
    first = sum(1 for f in found if f[2] == 1)
    assert first <= len(found) * 0.3, f"the right answer is the first option in {first} of {len(found)} questions"


def test_the_quiz_shows_the_options_in_the_file_s_order(quiz):
    """The order tested above is the order a learner sees, and the teacher's key keeps it."""
    from korea_kit.teacher import quiz_key

    tables = kk.load_tables()
    row = quiz[quiz["kind"] == "choice"].iloc[0]
    options = [c.strip() for c in str(row["choices"]).split(" | ")]
    shown = kk.questions(tables, row["lesson"])
    question = next(q for q in shown if q.quiz_id == row["quiz_id"])
    assert list(question.choices) == options
    key = quiz_key(tables, row["lesson"]).text
    where = [key.index(option) for option in options]
    assert where == sorted(where)
