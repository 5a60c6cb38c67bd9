"""The third review's corrections: each wrong or one-sided point of the record, and where it now stands right.

Each test names the fault it guards against; see ``context_facts.md``'s "Third review" for the sources.
"""

from __future__ import annotations

import json
import re

import pytest

import korea_kit as kk
from korea_kit.data.sources import cite, source_marks
from korea_kit.model import negotiation
from korea_kit.render.quizzes import questions

from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


def _markdown(name: str) -> str:
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def _shown(name: str) -> str:
    """Everything a notebook shows: its markdown and its stored outputs' text."""
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    parts = []
    for c in nb["cells"]:
        parts.append("".join(c["source"]) if c["cell_type"] == "markdown" else "")
        for o in c.get("outputs", []):
            parts.append("".join(o.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


# --- the joint statement of 12 April ------------------------------------------------------

def test_meaningful_steps_are_the_joint_statement_s_words_not_kerry_s(tables):
    quote = tables.record("quotes", "kerry-meaningful-steps-seoul")
    assert quote["speaker_id"] == "us-rok-joint-statement"
    assert "not Kerry's own words" in quote["note"]
    assert tables.record("demands", "meaningful-steps")["by_id"] == "usa"
    seoul = tables.record("demands", "seoul-meaningful-steps")
    assert seoul["by_id"] == "rok" and seoul["kind"] == "precondition"
    event = tables.record("events", "kerry-seoul-2013")
    assert "joint statement" in event["summary"] and "Kerry said" not in event["summary"]
    notes = " ".join(i["note"] or "" for i in cite(tables, "events", "kerry-seoul-2013").items)
    assert "12 April" in notes and "13 April" in notes  # Seoul's date and Reuters' date, side by side


def test_washington_and_seoul_can_offer_the_2005_commitments_and_seoul_has_its_precondition(tables):
    offers = {m.side for m in negotiation.moves(tables) if m.ref == ("quotes", "joint-2005-commitments")}
    assert offers == {"usa", "rok"}
    assert "2005 Six-Party" in tables.record("quotes", "joint-2005-commitments")["text"]
    result = negotiation.play(tables, negotiation.historical_rounds(tables))[-1]
    assert result.status["seoul-meaningful-steps"] == "unmet"
    meets = next(m for m in negotiation.moves(tables, "dprk") if m.move_id == "dprk:meaningful-steps").meets
    assert set(meets) == {"meaningful-steps", "seoul-meaningful-steps"}


def test_no_quiz_or_lesson_says_kerry_said_meaningful_steps_in_seoul(tables):
    tour = next(q for q in questions(tables, "05-exchange-of-demands") if q.quiz_id == "demands-kerry-tour")
    assert "joint" in " ".join(tour.answer) and "joint" in tour.explanation
    kinds = next(q for q in questions(tables, "07-negotiation-role-play") if q.quiz_id == "review-call-kinds")
    assert not any("Kerry, 12" in c for c in kinds.choices)
    for name in ("05-exchange-of-demands", "teachers-guide"):
        assert not re.search(r"Kerry (said )?in Seoul", _shown(name)), name


# --- the outlets' wording ---------------------------------------------------------------

def test_no_outlet_is_said_to_match_another_word_for_word(tables):
    texts = [str(tables.record("sources", "bbc-dw-2013-04-18")["notes"]), str(tables.record("quotes", "first-step-ibt")["note"])]
    texts += [c for c in tables.citations["note"].dropna()]
    texts += [_markdown(n) for n in ("02-sanctions", "06-reading-the-sources")]
    assert not any(re.search(r"(BBC|DW)[^.]*word for word|word for word[^.]*(BBC|DW)", t) for t in texts)
    assert "DW printed RT's" in str(tables.record("quotes", "first-step-ibt")["note"])


# --- the cyber-attack count ---------------------------------------------------------------

def test_the_cyber_attack_count_shows_the_conflict_and_its_date(tables):
    figure = tables.record("figures", "cyber-attack-computers")
    assert str(figure["as_of"])[:10] == "2013-04-10"
    items = cite(tables, "figures", "cyber-attack-computers").items
    assert {i["confidence"] for i in items} == {"conflicting"} and len(items) >= 3
    notes = " ".join(i["note"] for i in items)
    assert "32,000" in notes and "48,700" in notes and "48,000" in notes


# --- RT's undated threat and the June offer ---------------------------------------------------------

def test_rt_s_undated_threat_is_not_pinned_to_7_march(tables):
    rt = tables.citations[(tables.citations["source_id"] == "rt-2013-04-18")
                          & tables.citations["quote"].fillna("").str.contains("wage nuclear war")]
    assert list(rt["record_id"]) == ["rockets-standby-2013"]
    assert "likely" in rt["note"].iloc[0] and "gives no date" in rt["note"].iloc[0]
    assert "right to preemptive nuclear\n  attack\", and its note" not in _markdown("03-drills")


def test_the_june_offer_is_not_taught_as_dropping_every_precondition(tables):
    quote = tables.record("quotes", "ndc-no-preconditions")
    assert quote["text"] != "no preconditions" and "paraphrase" not in quote["text"]
    assert "sanctions" in tables.record("events", "no-preconditions-offer-2013")["summary"]
    label = next(m.label for m in negotiation.moves(tables, "dprk") if m.move_id == "dprk:drop-preconditions")
    assert "sanctions" in label
    prose = _markdown("07-negotiation-role-play")
    assert 'offered talks with "no preconditions"' not in prose and "should not mention any pre-conditions" in prose


# --- smaller points ----------------------------------------------------------------------

def test_the_drills_crossing_the_north_s_line_is_labelled_the_kit_s_inference():
    prose = _markdown("07-negotiation-role-play")
    line = prose[prose.index("*Debrief.*"):][:600]
    assert "inference" in line and "annual and defensive" in line


def test_the_cliche_remark_s_target_is_uncertain(tables):
    assert "unification-rejects-ndc" not in set(tables.answers["answer_id"])  # no answer to the five demands
    assert not tables.answers["quote_id"].eq("unification-cliche").any()
    assert "not certain" in tables.record("quotes", "unification-cliche")["note"]


def test_the_unsc_definition_is_cited_to_the_council_s_rules(tables):
    sources = {i["source_id"] for i in cite(tables, "glossary", "unsc").items}
    assert "unsc-rules" in sources
    assert "binding on all UN members" not in tables.record("glossary", "unsc")["definition"]


def test_the_norad_quote_carries_a_norad_mark(tables):
    source = tables.record("quotes", "norad-appeared-orbit")["source_id"]
    assert source_marks(tables)[source].startswith("NORAD")


def test_the_guide_asks_no_unsourced_or_false_question(tables):
    questions_asked = " ".join(tables.lesson_plans["question"].dropna())
    assert "one place where both Koreas worked together" not in questions_asked
    assert "used the same word" not in questions_asked
    assert "preposterous" in questions_asked  # the two translations of Seoul's answer, side by side


# --- what the lessons left out ------------------------------------------------------------------

def test_lesson_02_says_why_the_council_sanctioned_and_the_north_s_answer(tables):
    from korea_kit.lessons import sanctions
    ids = sanctions.why_events(tables)
    assert ids[:4] == ["resolution-1718", "resolution-1874", "resolution-2087", "resolution-2094"]
    assert "dprk-rejects-resolutions-2013" in ids
    assert "no further nuclear test or ballistic-missile launch" in tables.record("events", "resolution-1718")["summary"]
    assert "sovereign right" in tables.record("events", "dprk-rejects-resolutions-2013")["summary"]
    assert "Why the Council sanctioned" in _shown("02-sanctions")


def test_lesson_01_starts_from_the_division_and_the_war(tables):
    from korea_kit.lessons import background
    refs = background.section_refs(tables, "division")
    dates = [str(tables.record("events", r)["date"])[:10] for t, r in refs if t == "events"]
    assert dates[:4] == ["1945-09-08", "1948-08-15", "1948-09-09", "1950-06-25"]
    prose = _markdown("01-background")
    assert prose.index("## Division and war") < prose.index("## The armistice and the DMZ")
    assert "likely" in {i["confidence"] for i in cite(tables, "glossary", "korean-war").items}  # the death toll


@pytest.mark.parametrize("quote_id, words", [
    ("hua-denuclearization", "denuclearization"), ("hua-six-party", "Six-Party Talks"),
    ("dprk-not-oppose-afp", "We do not oppose dialogue"), ("dprk-deterrent-first", "nuclear deterrent"),
    ("usfk-non-provocative", "non-provocative"), ("kcna-annual-defensive", "annual and defensive"),
])
def test_each_side_s_trimmed_words_are_back(tables, quote_id, words):
    assert words in tables.record("quotes", quote_id)["text"]


def test_china_s_whole_answer_is_in_lesson_05_and_its_interests_in_the_simulation(tables):
    shown = _shown("05-exchange-of-demands")
    assert "Six-Party Talks" in shown and "denuclearization" in shown
    interests = set(tables.interests[tables.interests["side_id"] == "china"]["interest_id"])
    assert {"denuclearization", "six-party-talks"} <= interests


def test_the_us_move_on_nuclear_weapons_shows_both_statements(tables):
    move = next(m for m in negotiation.moves(tables, "usa") if m.move_id == "usa:withdraw-nuclear-assets")
    assert "1991" in move.label and ("events", "us-nuclear-withdrawal-1991") in move.context
    note = str(tables.record("demands", "withdraw-nuclear-assets")["note"])
    assert "1991" in note and "in and around" in note


def test_no_table_repeats_a_corrected_error():
    """Free text of every table, after the third review: none of the corrected wordings comes back."""
    import csv

    wrong = ("Kerry's 'meaningful", "Kerry's “meaningful", "Kerry's \"meaningful", "'no preconditions'",
             "“no preconditions”", "under Chapter VII, Article 41, measures without force (UN",
             "concurring votes of all five", "word for word", "called the statement “only a cliché")
    found = []
    for path in sorted((ROOT / "data").glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.reader(fh), 1):
                found += [f"{path.name}:{n}: {w}" for w in wrong for cell in row if w in cell]
    assert found == []
