"""Lesson 07 (korea_kit.lessons.roleplay, korea_kit.model.negotiation and korea_kit.render.negotiation): the
negotiation simulation, its outcome function, the role briefs and the widget."""

from __future__ import annotations

import re

import ipywidgets
import pytest

import korea_kit as kk
from korea_kit.data import parse_refs
from korea_kit.data.sources import cite, source_ids
from korea_kit.lessons import roleplay
from korea_kit.model import negotiation as model
from korea_kit.render import negotiation

from test_data import only_problem


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


def _every(tables):
    return [m.move_id for m in model.moves(tables)]


def _crossing_others(tables):
    """The moves that cross another side's red line, read from moves.csv."""
    return {m.move_id for m in model.moves(tables) if any(r.split(":")[0] != m.side for r in m.crosses)}


def _preconditions(tables):
    return set(tables.demands.loc[tables.demands["kind"] == "precondition", "demand_id"])


# --- the outcome function -------------------------------------------------------------------

def test_the_drills_stand_unless_both_allies_pause_them_and_keep_the_north_away(tables):
    assert set(model.standing_moves(tables)) == {"usa:continue-drills", "rok:continue-drills", "usa:veto-lifting"}
    offer = ["rok:offer-kaesong-talks", "dprk:take-up-kaesong-talks"]
    assert model.outcome(tables, [offer], flip_search=False).kind == "open"  # taken up, but the drills go on
    one = model.play(tables, [offer + ["usa:pause-drills"]])[0]
    assert one.drills and one.blocking == (("rok:continue-drills", "dprk:nuclear-stick"),)
    both = offer + ["usa:pause-drills", "rok:pause-drills"]
    assert model.outcome(tables, [both], flip_search=False).kind == "kaesong"
    # or the North sets its own line aside, at a cost, and talks while the drills go on
    aside = model.play(tables, [offer + ["dprk:talk-despite-drills"]])[0]
    assert aside.drills and not aside.blocking and aside.crossed_by_others()
    assert model.outcome(tables, [offer + ["dprk:talk-despite-drills"]], flip_search=False).kind == "kaesong"
    for m in ("usa:pause-drills", "rok:pause-drills", "dprk:talk-despite-drills"):
        assert model.move(tables, m).cost > 0  # a costed choice, shown in the briefs
        assert model.move(tables, m).label in negotiation.brief_view(tables, m.split(":")[0]).text
    # every move of every side: the lines are set aside or the drills paused, and the sides paid for it
    every = [m.move_id for m in model.moves(tables)]
    result = model.outcome(tables, [every] * 3, flip_search=False)
    assert all(r.cost > 0 for s, r in result.results.items() if s != "ban")


def test_the_historical_moves_give_the_historical_outcome_no_talks_in_april_2013(tables):
    game = model.historical_rounds(tables)
    assert len(game) == len(model.rounds(tables)) >= 3
    results = model.play(tables, game)
    assert all(set(r.status.values()) == {"unmet"} for r in results)  # no precondition met, none dropped
    assert [r.offers["kaesong-talks"] for r in results] == ["closed"] * 3  # turned down before Ban's appeal
    result = model.outcome(tables, game)
    assert result.kind == "none" and result.headline == "No talks"
    texts = " ".join(r.text for r in result.reasons)
    assert "kept up the drills. In the kit's reading, that kept North Korea from the table." in texts
    assert "North Korea turned down the offer of talks on Kaesong." in texts
    by_round = {n: set(moves) for n, moves in zip((n for n, _ in model.rounds(tables)), game)}
    assert "dprk:reject-kaesong-offer" in by_round[1] and "rok:offer-kaesong-talks" in by_round[1]
    assert {"usa:reject-conditions", "rok:reject-demands", "china:urge-calm"} <= by_round[3]
    assert "ban:appeal" in by_round[2]


def test_a_mediator_s_call_before_the_north_answers_keeps_the_offer_open(tables):
    early = [["rok:offer-kaesong-talks", "ban:appeal", "dprk:reject-kaesong-offer"], ["dprk:take-up-kaesong-talks"]]
    assert model.play(tables, early)[0].offers["kaesong-talks"] == "open"
    late = [["rok:offer-kaesong-talks", "dprk:reject-kaesong-offer"], ["ban:appeal", "dprk:take-up-kaesong-talks"]]
    assert model.play(tables, late)[-1].offers["kaesong-talks"] == "closed"
    paused = ["usa:pause-drills", "rok:pause-drills"]
    assert model.outcome(tables, [early[0] + paused, early[1]], flip_search=False).kind == "kaesong"
    assert model.outcome(tables, [late[0] + paused, late[1]], flip_search=False).kind == "none"
    for side in ("ban", "china"):  # solo: the mediator who speaks first changes the sequence
        game, _ = model.solo_game(tables, side, [[m for m in ("ban:appeal", "china:urge-calm")
                                                  if m.startswith(side)], [], []])
        assert model.outcome(tables, game, flip_search=False).kind == "open"


def test_washington_cannot_withdraw_a_resolution_only_vote_for_a_council_decision(tables):
    offered = model.moves(tables)
    assert "usa:withdraw-sanctions" not in {m.move_id for m in offered}
    lifting = [m for m in offered if "withdraw-sanctions" in m.meets]
    assert lifting and all(m.kind == "vote" for m in lifting)
    seats = dict(zip(tables.sides["side_id"], tables.sides["council_seat"]))
    assert {m.side for m in lifting} == {s for s, seat in seats.items() if seat != "none"}
    assert all(seats[m.side] != "none" for m in lifting)
    with pytest.raises(ValueError, match="no move 'usa:withdraw-sanctions'"):
        model.play(tables, [["usa:withdraw-sanctions"]])


def test_a_council_decision_passes_unless_a_permanent_member_votes_against(tables):
    """By the Council's practice an abstention does not block a decision; only a permanent member's no does.
    Washington's veto stands, as on the record, unless it abstains or votes for lifting."""
    def status(moves):
        return model.play(tables, [moves])[0]

    assert not status(["rok:vote-lift-sanctions"]).adopted and status(["rok:vote-lift-sanctions"]).vetoed == ("usa",)
    abstains = status(["usa:abstain-lifting", "china:vote-lift-sanctions"])
    assert abstains.adopted and abstains.status["withdraw-sanctions"] == "met"
    # an elected member's yes alone: the members not played follow the permanent members at the table
    assert not status(["usa:abstain-lifting", "rok:vote-lift-sanctions"]).adopted
    assert status(["usa:vote-lift-sanctions"]).adopted  # its own vote for it replaces its veto
    vetoed = status(["usa:vote-lift-sanctions", "rok:vote-lift-sanctions", "china:veto-lifting"])
    assert not vetoed.adopted and vetoed.vetoed == ("china",) and vetoed.status["withdraw-sanctions"] == "unmet"
    assert {m.side for m in model.moves(tables) if m.kind == "veto"} == {
        s for s, seat in zip(tables.sides["side_id"], tables.sides["council_seat"]) if seat == "permanent"}
    blocked = model.outcome(tables, [["china:vote-lift-sanctions"]], flip_search=False)
    assert any("the United States votes no unless it changes its stand" in r.text for r in blocked.reasons)
    nobody = model.outcome(tables, [["usa:abstain-lifting"]], flip_search=False)
    assert any("No side asked it to" in r.text for r in nobody.reasons)


def test_a_precondition_asked_of_two_sides_needs_both_and_its_maker_can_drop_it(tables):
    one = model.play(tables, [["usa:no-nuclear-war-rehearsal"]])[0]
    assert one.status["no-nuclear-war-rehearsal"] == "unmet"
    pledges = ["usa:no-nuclear-war-rehearsal", "rok:no-nuclear-war-rehearsal"]
    two = model.play(tables, [pledges + ["usa:pause-drills", "rok:pause-drills"]])[0]
    assert two.status["no-nuclear-war-rehearsal"] == "met"
    dropped = model.play(tables, [["dprk:drop-preconditions"]])[0]
    maker = {d: model.side_of(tables, b) for d, b in zip(tables.demands["demand_id"], tables.demands["by_id"])}
    assert {d for d, s in dropped.status.items() if s == "dropped"} == {d for d in _preconditions(tables)
                                                                        if maker[d] == "dprk"}


def test_drills_that_go_on_undo_a_pledge_and_a_pause_stands_in_later_rounds(tables):
    pledge = ["usa:no-nuclear-war-rehearsal", "rok:no-nuclear-war-rehearsal"]
    both = model.play(tables, [pledge])[0]  # pledged, but the drills stand
    assert both.status["no-nuclear-war-rehearsal"] == "unmet"
    assert set(both.contradictions) == {("usa:continue-drills", "no-nuclear-war-rehearsal"),
                                        ("rok:continue-drills", "no-nuclear-war-rehearsal")}
    assert "both pledged and did the opposite" in negotiation.round_view(tables, both).text
    first, second = model.play(tables, [["usa:pause-drills", "rok:pause-drills"], []])
    assert not first.drills and not second.drills and not second.crossed_by_others()
    later = model.play(tables, [pledge + ["usa:pause-drills", "rok:pause-drills"], []])[1]
    assert later.status["no-nuclear-war-rehearsal"] == "met"
    assert model.play(tables, [[]], ("drills-off",))[0].drills is False  # the what-if card: Foal Eagle is over


def test_costs_are_paid_once_by_the_side_that_moves_and_add_up(tables):
    move = next(m for m in model.moves(tables, "usa") if m.move_id == "usa:vote-lift-sanctions")
    assert move.cost > 0
    r1, r2 = model.play(tables, [[move.move_id], [move.move_id]])
    assert r1.costs["usa"] == dict(move.costs) and r1.totals["usa"] == dict(move.costs)
    assert sum(r2.costs["usa"].values()) == 0 and r2.totals["usa"] == dict(move.costs)  # not paid twice
    assert all(sum(v.values()) == 0 for s, v in r1.totals.items() if s != "usa")
    view = negotiation.round_view(tables, r1).text
    assert "credibility at home 3" in view and "Costs this round (the kit" in \
        negotiation.round_view(tables, r1).html


def test_talks_on_one_question_need_the_offer_taken_up_and_no_red_line_crossed(tables):
    offer = ["rok:offer-kaesong-talks", "dprk:take-up-kaesong-talks", "usa:pause-drills", "rok:pause-drills"]
    kaesong = model.outcome(tables, [offer])
    assert kaesong.kind == "kaesong" and kaesong.headline == "Talks on Kaesong only"
    assert model.outcome(tables, [offer[1:]], flip_search=False).kind == "none"  # no offer made
    assert model.outcome(tables, [offer[:2]], flip_search=False).kind == "open"  # the drills go on


def test_the_model_shows_that_the_preconditions_contradict_each_other(tables):
    found = model.conflicts(tables)
    pairs = {(c.maker, c.mover) for c in found}
    assert ("dprk", "usa") in pairs and ("usa", "dprk") in pairs  # each asks what the other will not do
    assert {c.demand_id for c in found if c.maker == "dprk"} >= {"withdraw-sanctions", "no-nuclear-war-rehearsal"}
    assert {c.demand_id for c in found if c.maker == "usa"} == {"meaningful-steps", "abandon-nuclear-ambitions"}
    view = roleplay.rules_view(tables).text
    assert "North Korea and the United States each ask what the other said it would not do" in view


def test_solo_play_gives_the_other_sides_their_moves_of_april_2013_unless_a_rule_answers(tables):
    game, answered = model.solo_game(tables, "china", [["china:vote-lift-sanctions"], [], []])
    history = model.historical_rounds(tables)
    assert answered == []
    for mine, played in zip(game, history):
        assert {m for m in mine if not m.startswith("china:")} == {m for m in played if not m.startswith("china:")}
    game, answered = model.solo_game(tables, "rok", [["rok:pause-drills"], [], []])
    assert {(n, r.side, r.response_id) for n, r in answered} == {(1, "usa", "joint-drills"), (1, "dprk", "drills-stop"),
                                                                 (1, "usa", "actions-not-words")}
    with pytest.raises(ValueError, match="'dprk:clear-signals' is not a move of usa"):
        model.solo_game(tables, "usa", [["dprk:clear-signals"]])


def test_every_interest_red_line_and_move_cites_a_record(tables):
    rows = [("interests", r["record_refs"]) for _, r in tables.interests.iterrows()]
    rows += [("red_lines", r["record_refs"]) for _, r in tables.red_lines.iterrows()]
    rows += [("sides", r["record_refs"]) for _, r in tables.sides.iterrows()]
    for name, cell in rows:
        refs = parse_refs(cell)
        assert refs, name
        for ref in refs:
            assert cite(tables, *ref).items, (name, ref)
        assert source_ids(tables, refs), (name, cell)
    for m in model.moves(tables):
        assert source_ids(tables, m.refs), m.move_id
        for ref in m.refs:
            assert cite(tables, *ref).items
    for side in model.side_ids(tables):  # every side has a brief's worth of positions
        assert (tables.interests["side_id"] == side).any()
        assert model.moves(tables, side)


def test_the_check_refuses_moves_a_side_cannot_make(data_copy):
    rows = data_copy.rows("moves")
    head = rows[0]
    for row in rows[1:]:
        if (row[0], row[1]) == ("ban", "appeal"):  # the Secretary-General has no Council vote
            row[head.index("kind")], row[head.index("meets")] = "vote", "withdraw-sanctions"
        if (row[0], row[1]) == ("usa", "stop-provocations-apologize"):  # Washington alone lifting the sanctions
            row[head.index("meets")] = "stop-provocations-apologize;withdraw-sanctions"
        if (row[0], row[1]) == ("china", "urge-calm"):
            row[head.index("crosses")] = "china:no-such-line"
            row[head.index("played_in")] = "9"
    data_copy.write_rows("moves", rows)
    found = {(p.file, p.column, p.found) for p in only_problem(data_copy.dir)}
    assert found == {("moves.csv", "kind", "vote"), ("moves.csv", "meets", "withdraw-sanctions"),
                     ("moves.csv", "crosses", "china:no-such-line"), ("moves.csv", "played_in", "9")}


def test_a_meet_move_must_meet_a_precondition_asked_of_its_side(data_copy):
    rows = data_copy.rows("moves")
    for row in rows[1:]:
        if (row[0], row[1]) == ("dprk", "clear-signals"):
            row[rows[0].index("meets")] = "stop-rhetoric"  # asked of South Korea, not the North
    data_copy.write_rows("moves", rows)
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.column, p.found) == ("moves.csv", "meets", "stop-rhetoric") and "asked of dprk" in p.expected


# --- the briefs --------------------------------------------------------------------------------

def test_a_brief_has_every_section_from_the_data_and_lists_each_source_once(tables):
    for side in model.side_ids(tables):
        text = negotiation.brief_view(tables, side).text
        for heading in ("Who you are:", "What you want, and why:", "What you demand before talks:",
                        "What you will not do:", "What you can offer or do:", "Sources:"):
            assert f"\n{heading}\n" in f"\n{text}\n"
        for interest in tables.interests.loc[tables.interests["side_id"] == side, "interest"]:
            assert interest in text
        for line in tables.red_lines.loc[tables.red_lines["side_id"] == side, "red_line"]:
            assert line in text
        sources = text.split("\nSources:\n")[1].splitlines()
        assert len(sources) == len(set(sources))
        marks = {int(n) for group in re.findall(r"\[([\d, ]+)\]", text.split("\nSources:\n")[0])
                 for n in group.split(", ")}
        assert marks == set(range(1, len(sources) + 1))  # every source marked, every mark listed
    assert "The sources record no red line of yours." in negotiation.brief_view(tables, "china").text
    usa = negotiation.brief_view(tables, "usa").text
    assert "Cost (the kit's model): credibility at home 3" in usa and "permanent seat" in usa
    assert "Carry on the joint drills" not in usa.split("What you can offer or do:")[1]  # a hold, not an offer


def test_brief_document_is_standalone_printable_html(tables):
    doc = negotiation.brief_document(tables, "dprk")
    assert doc.startswith("<!DOCTYPE html>") and "<style>" in doc and "@page { size: A4" in doc
    assert "<script" not in doc and "http" not in doc.split("<body>")[0]
    for source_id in source_ids(tables, [ref for _, items in negotiation.brief_sections(tables, "dprk")
                                         for _, refs in items for ref in refs]):
        reference = tables.record("sources", source_id)["reference"].split(" (text in ")[0]
        assert doc.count(reference.replace('"', "&quot;").replace("'", "&#x27;")) == 1, source_id


def test_briefs_escape_the_data(data_copy):
    data_copy.set("interests", "dprk", "interest", "An end to <b>all</b> sanctions & more.")
    view = negotiation.brief_view(kk.load_tables(data_copy.dir), "dprk")
    assert "<b>all</b>" not in view.html and "An end to &lt;b&gt;all&lt;/b&gt; sanctions &amp; more." in view.html


def test_the_lesson_s_briefs_fold_and_its_marks_match_its_one_list_of_sources(tables):
    briefs = roleplay.role_briefs(tables)
    assert briefs.html.count("<details") == len(model.side_ids(tables)) and "<details open" not in briefs.html
    assert 'class="kk-notes"' not in briefs.html  # the sources are listed once, at the end of the lesson
    listed = roleplay.lesson_sources(tables).text.splitlines()[1:]
    assert len(listed) == len(set(listed)) <= 36
    shown = " ".join(v.text for v in (briefs, roleplay.rules_view(tables), roleplay.example_round(tables),
                                      roleplay.record_of_april(tables), roleplay.aftermath(tables)))
    numbers = {int(n) for group in re.findall(r"\[([\d, ]+)\]", shown) for n in group.split(", ")}
    assert numbers and max(numbers) <= len(listed)


# --- the widget --------------------------------------------------------------------------------

def test_the_widget_plays_rounds_shows_what_they_did_and_the_outcome(tables):
    w = roleplay.negotiation_rounds(tables, store=None)
    assert isinstance(w.side, ipywidgets.ToggleButtons) and w.children[0] is w.side and "kk-widget" in w._dom_classes
    bundle = w._repr_mimebundle_()
    assert roleplay.example_round(tables).html in bundle["text/html"]  # the static rendering: an example round
    assert "Round 1 (11 to 15 April 2013)" in bundle["text/plain"]
    assert not set(model.standing_moves(tables)) & set(w.checks)  # the drills stand: pausing them is a move
    summary = w.summary.value
    w.side.value = "usa"
    assert w.summary.value != summary and "You play the United States" in w.summary.value
    assert "The drills go on unless you pause them" in w.summary.value
    assert w._boxes["usa"].layout.display is None and w._boxes["dprk"].layout.display == "none"
    w.checks["usa:pause-drills"].value = True
    w.checks["dprk:clear-signals"].value = True  # another side's move: ignored in solo play
    assert w.chosen() == ("usa:pause-drills",)
    w.play_round()
    game, answered = model.solo_game(tables, "usa", [["usa:pause-drills"]])
    assert w.report.value == negotiation.round_view(tables, model.play(tables, game)[0], roleplay.lesson_marks(tables),
                                                    answered).html
    assert "(the computer)" in w.report.value and "Foal Eagle was a joint exercise" in w.report.value
    assert w.end_round.description == "End round 2" and w.side.disabled and w.card.disabled
    assert not w.checks["usa:pause-drills"].value  # made once, it stands
    w.play_round()
    w.play_round()
    assert "Outcome: Talks on Kaesong only" in w.report.value and w.end_round.disabled
    assert "What each side gained and gave" in w.report.value and "Your game beside April to September 2013" in \
        w.report.value and "The one change" in w.report.value
    assert w.report.value.count("<caption>Round ") == 3
    w.start_again()
    assert w.report.value == "" and not w.side.disabled and w.game == []
    assert w._repr_mimebundle_()["text/html"] == bundle["text/html"]


def test_the_widget_in_class_play_counts_every_side_s_ticks_and_plays_a_what_if_card(tables):
    w = roleplay.negotiation_rounds(tables, store=None)
    w.solo.value = False
    w.card.value = "drills-over"  # Foal Eagle is over: nobody has to pause the drills
    assert "Foal Eagle is over" in w.card_note.value
    w.checks["rok:offer-kaesong-talks"].value = True
    w.checks["dprk:take-up-kaesong-talks"].value = True
    w.play_round()
    assert not w.side.disabled  # the teacher enters every group's moves
    assert "The drills are paused." in w.report.value
    w.play_round()
    w.play_round()
    assert "Outcome: Talks on Kaesong only" in w.report.value


def test_a_round_must_not_end_before_it_starts(data_copy):
    line = data_copy.set("rounds", "2", "to_date", "2013-04-15")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column, p.found) == ("rounds.csv", line, "to_date", "2013-04-15")


# --- the notebook -----------------------------------------------------------------------------

def _cells():
    import json

    from conftest import ROOT

    nb = json.loads((ROOT / "notebooks" / f"{roleplay.LESSON}.ipynb").read_text(encoding="utf-8"))
    return nb["cells"]


def test_the_lesson_tags_its_lab_only_page_only_and_teacher_cells():
    cells = _cells()
    tags = lambda c: set(c["metadata"].get("tags", []))  # noqa: E731
    text = lambda c: "".join(c["source"])  # noqa: E731
    progress = [c for c in cells if "kk.my_progress" in text(c)]
    assert progress and all("lab-only" in tags(c) for c in progress)
    lab = [c for c in cells if "lab-only" in tags(c)]
    assert any("End round" in text(c) for c in lab) and any("korea-kit pack" in text(c) for c in lab)
    assert any("round sheet" in text(c) for c in cells if "page-only" in tags(c))
    sheet = "".join(text(c) for c in cells if "teacher" in tags(c))
    assert "In 45 minutes" in sheet and "In 90 minutes" in sheet and "between rounds" in sheet.lower()
    student = " ".join(text(c) for c in cells if "teacher" not in tags(c))
    assert "smallest set of moves" not in student.lower() and "all 8 stated preconditions are met" not in student
