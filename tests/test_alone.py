"""Every task can be done alone: a learner gets feedback on each misplaced item of an order or match question,
a verdict of their own on each claim of "spot the error", an alone alternative to every "discuss", and a
timeline that labels the days a short window asks about."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import korea_kit as kk
from korea_kit.charts.timeline import DAY_LABELS, timeline_chart
from korea_kit.lessons import reading
from korea_kit.render.quizzes import check_answer, feedback_view, questions

ROOT = Path(__file__).resolve().parent.parent
TABLES = kk.load_tables()
ORDER_MATCH = [q for q in questions(TABLES) if q.kind in ("order", "match")]


@pytest.mark.parametrize("question", ORDER_MATCH, ids=lambda q: q.quiz_id)
def test_order_and_match_feedback_explains_each_misplaced_item(question):
    # the answer turned by one place: every item is misplaced (when the items differ)
    response = list(question.answer[1:]) + [question.answer[0]]
    result = check_answer(question, response)
    wrong = [i for i, ok in enumerate(result.marks) if not ok]
    assert wrong and not result.correct
    view = feedback_view(TABLES, question, result)
    for i in wrong:
        if question.kind == "order":
            assert f"“{response[i]}” comes" in view.text or "chosen twice" in view.text, view.text
        else:
            assert f"“{question.choices[i]}” → {response[i]}: not its partner" in view.text, view.text
    assert question.explanation not in view.text  # the explanation waits for a right answer


def test_spot_the_error_checks_every_verdict_against_the_claims_table():
    w = reading.spot_the_error(TABLES)
    for claim in reading.claims(TABLES):
        w.claim.value = claim.claim_id
        assert w.verdict.value is None and "Verdict:" not in w.record.value
        for _, verdict in reading.VERDICT_LABELS:
            w.verdict.value = verdict
            right = verdict == claim.verdict
            assert ("Right:" in w.record.value) is right and ("Not quite:" in w.record.value) is not right
            assert f"Verdict: {claim.verdict}." in w.record.value
        w.verdict.value = None
    assert {v for _, v in reading.VERDICT_LABELS} == set(reading.VERDICTS) >= set(TABLES.claims["verdict"])


def test_every_discuss_has_an_alone_alternative():
    found = []
    for path in sorted((ROOT / "notebooks").glob("0[0-6]-*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            tags = cell["metadata"].get("tags", [])
            text = "".join(cell["source"])
            if cell["cell_type"] != "markdown" or "teacher" in tags:
                continue
            for line in text.splitlines():
                if re.search(r"\b(discuss|with a partner|in pairs)\b", line, re.I):
                    found.append(line)
                    assert re.search(r"alone|on your own", line, re.I), f"{path.name}: {line}"
    assert found  # the rule is not blind: there are such lines


def test_a_short_window_of_the_timeline_labels_every_day():
    start, end = pd.Timestamp("2013-04-14"), pd.Timestamp("2013-04-18")
    chart = timeline_chart(TABLES.events, None, start, end, None, width=10.0)
    figure = chart.figure if hasattr(chart, "figure") else chart.fig
    figure.canvas.draw()
    labels = [t.get_text() for t in figure.axes[0].get_xticklabels() if t.get_text()]
    assert [f"{d} Apr" for d in range(14, 19)] <= labels, labels
    longer = timeline_chart(TABLES.events, None, start, start + pd.Timedelta(days=DAY_LABELS + 10), None, width=10.0)
    fig = longer.figure if hasattr(longer, "figure") else longer.fig
    fig.canvas.draw()
    assert len([t for t in fig.axes[0].get_xticklabels() if t.get_text()]) < DAY_LABELS  # a week apart


def test_the_explorer_tasks_name_windows_whose_days_the_chart_labels():
    nb = json.loads((ROOT / "notebooks" / "00-start-here.ipynb").read_text(encoding="utf-8"))
    task = next("".join(c["source"]) for c in nb["cells"] if "lab-only" in c["metadata"].get("tags", [])
                and "date slider" in "".join(c["source"]))
    asks_day = [line for line in task.splitlines() if re.search(r"which day|on those days", line)]
    windows = re.findall(r"dates to (\d+) to (\d+) (\w+)", task)
    assert asks_day and windows
    for first, last, _ in windows:
        assert int(last) - int(first) + 1 <= DAY_LABELS
