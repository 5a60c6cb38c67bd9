"""Handouts that match their plans: a question asks only about what its handout shows, the key facts stand
in date order, and the excerpt of lesson 05 lists every demand of North Korea's statement of 18 April, which
the plans ask students to list from it.

Lesson 07's handout is left to the work on the role-play (it is checked for the date order only).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import korea_kit as kk
from korea_kit.lessons import guide
from korea_kit.publish.handouts import handout_rows, handout_view, key_facts, unshown_facts

TABLES = kk.load_tables()
LESSONS = [lesson.name for lesson in kk.toc()]


@pytest.mark.parametrize("lesson", [name for name in LESSONS if not name.startswith("07-")])
def test_a_question_asks_only_about_what_the_handout_shows(lesson):
    assert unshown_facts(TABLES, lesson) == []


def test_a_question_about_a_fact_not_shown_is_found():
    rows = TABLES.handouts
    lesson = "04-kaesong"
    kept = rows[~((rows["lesson"] == lesson) & (rows["record_ref"] == "events:kaesong-no-show-2013"))]
    found = unshown_facts(dataclasses.replace(TABLES, handouts=kept), lesson)
    assert found == [("kaesong-april-order", ("events", "kaesong-no-show-2013"))]


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_key_facts_stand_in_date_order(lesson):
    facts = key_facts(TABLES, lesson)
    days = []
    for table, record in facts:
        row = TABLES.record(table, record)
        value = row["date"] if table == "events" else row["as_of"]
        days.append(pd.Timestamp(value) if isinstance(value, str) and value or not pd.isna(value) else None)
    dated = [d for d in days if d is not None]
    assert dated == sorted(dated), f"{lesson}: {facts}"
    assert all(d is None for d in days[len(dated):]), f"{lesson}: an undated figure before a dated fact"
    # the handout shows them in that order
    text = handout_view(TABLES, lesson, lesson).text
    section = text.split("\nKey facts\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(section) == len(facts)
    events = [TABLES.record(t, r)["title"] for t, r in facts if t == "events"]
    shown = [line for line in section if any(f": {title}." in line for title in events)]
    assert [next(t for t in events if f": {t}." in line) for line in shown] == events


def test_the_05_excerpt_lists_every_demand_the_plans_ask_students_to_list():
    lesson = "05-exchange-of-demands"
    steps = [s for plan in (f"{lesson}-45", f"{lesson}-90", "preconditions-18-april-45")
             for s in guide.plan_steps(TABLES, plan)]
    assert any("list its preconditions" in s.students.lower() and "handout" in s.where for s in steps)
    demands = TABLES.demands
    listed = demands[(demands["by_id"] == "ndc-policy") & (demands["kind"] == "precondition")]
    assert len(listed) == 5
    text = handout_view(TABLES, lesson, lesson).text.split("\nThe excerpt\n", 1)[1].split("\nQuestions\n")[0]
    for _, d in listed.iterrows():
        assert d["demand"] in text, d["demand_id"]
    excerpt = [r["ref"] for r in handout_rows(TABLES, lesson) if r["part"] == "excerpt"]
    assert sum(ref.startswith("demands:") for ref in excerpt) == 5
