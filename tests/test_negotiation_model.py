"""Lesson 07's model (korea_kit.model.negotiation), enumerated and sampled: choices matter.

- The moves of April 2013 give the outcome of April 2013 (no talks), in class play and in solo play as
  each side.
- Solo play as each side reaches at least two different outcomes.
- No side's doing nothing is dominant: for every side some play of the others makes a move worth more
  to it than no move; and no single set of moves is best for a side whatever the others do.
- No set of moves gives talks for free.
- The outcome and the debrief read at grade 9 or below (Flesch–Kincaid, textstat).
The shares of the outcomes are written to ``test-artifacts/negotiation-outcome-shares.md``.
"""

from __future__ import annotations

import collections
import itertools
import random
import re

import pytest

import korea_kit as kk
from korea_kit.model import negotiation as model
from korea_kit.render import negotiation as views

from browser import artifact
from readability import grade

SHARES: dict[str, collections.Counter] = {}


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


def _own_moves(tables, side):
    """A side's moves it may choose (no standing move, no hold: a hold changes nothing in the model)."""
    return [m.move_id for m in model.moves(tables, side)
            if m.move_id not in model.standing_moves(tables) and m.kind != "hold"]


def _record_of(tables, side):
    return [[m for m in r if m.startswith(f"{side}:")] for r in model.historical_rounds(tables)]


def test_the_moves_of_april_2013_give_the_outcome_of_april_2013(tables):
    history = model.historical_rounds(tables)
    result = model.outcome(tables, history)
    assert result.kind == "none" and result.headline == "No talks"
    for side in model.side_ids(tables):  # solo: the learner plays the record, the computer answers nothing new
        game, answered = model.solo_game(tables, side, _record_of(tables, side))
        assert answered == [] and model.outcome(tables, game, flip_search=False).kind == "none", side


def test_solo_play_as_each_side_reaches_at_least_two_outcomes(tables):
    for side in model.side_ids(tables):
        shares = collections.Counter()
        own = _own_moves(tables, side)
        for k in range(0, min(len(own), 5) + 1):
            for combo in itertools.combinations(own, k):
                for n in range(len(model.rounds(tables))):
                    chosen = [[] for _ in model.rounds(tables)]
                    chosen[n] = list(combo)
                    game, _ = model.solo_game(tables, side, chosen)
                    shares[model.outcome(tables, game, flip_search=False).kind] += 1
        SHARES[f"solo as {side}"] = shares
        assert len(shares) >= 2, f"solo as {side} always ends {set(shares)}"


def test_the_computer_answers_by_its_rules_not_a_script(tables):
    game, answered = model.solo_game(tables, "usa", [["usa:pause-drills"], [], []])
    assert {(r.side, r.response_id) for _, r in answered} == {("rok", "joint-drills"), ("dprk", "drills-stop")}
    assert model.outcome(tables, game, flip_search=False).kind == "kaesong"
    late, _ = model.solo_game(tables, "usa", [[], ["usa:pause-drills"], []])  # after the North turned the offer down
    assert model.outcome(tables, late, flip_search=False).kind == "none"
    words, answered = model.solo_game(tables, "dprk", [["dprk:drop-preconditions"], [], []])
    assert [r.response_id for _, r in answered] == ["actions-not-words"]  # words, not actions: Washington keeps its terms
    assert model.play(tables, words)[-1].status["meaningful-steps"] == "unmet"
    for rule in model.responses(tables):
        assert rule.refs and rule.rule


def _profiles(tables, n=160, seed=11):
    rng = random.Random(seed)
    return [model.random_game(tables, rng, rng.choice((0.05, 0.1, 0.2, 0.3))) for _ in range(n)]


def test_no_side_s_doing_nothing_is_dominant_and_no_single_plan_always_wins(tables):
    """Each side's plans (up to three of its moves, in round 1) against sampled plays of the others: some play
    makes a plan worth more than no move, and no plan is best against every play examined (at least 160, and
    until such a play is found, among up to 1,500)."""
    profiles = _profiles(tables, 1500)
    for side in model.side_ids(tables):
        plans = [p for k in range(0, 4) for p in itertools.combinations(_own_moves(tables, side), k)]
        beaten, best_everywhere = 0, None
        for i, game in enumerate(profiles):
            if i >= 160 and beaten:
                break
            others = [tuple(m for m in r if not m.startswith(f"{side}:")) for r in game]
            scores = {p: model.side_results(tables, [others[0] + p, *others[1:]])[side].score for p in plans}
            top = max(scores.values())
            beaten += top > scores[()]
            best = {p for p, v in scores.items() if v == top}
            best_everywhere = best if best_everywhere is None else best_everywhere & best
        assert beaten > 0, f"{side}: doing nothing is never beaten"
        assert not best_everywhere, f"{side}: {sorted(best_everywhere)[:2]} is best whatever the others do"


def test_no_set_of_moves_gives_talks_for_free(tables):
    free = [m.move_id for m in model.moves(tables) if m.cost == 0 and m.move_id not in model.standing_moves(tables)]
    assert len(free) <= 18
    for k in range(len(free) + 1):
        for combo in itertools.combinations(free, k):
            game = [combo] * len(model.rounds(tables))
            assert model.outcome(tables, game, flip_search=False).kind != "talks", combo
    shares = collections.Counter()
    rng = random.Random(5)
    for _ in range(3000):
        game = model.random_game(tables, rng, rng.choice((0.05, 0.1, 0.2)))
        result = model.outcome(tables, game, flip_search=False)
        shares[result.kind] += 1
        if result.kind == "talks":
            assert sum(r.cost for r in result.results.values()) > 0
    SHARES["class, 3,000 random games"] = shares
    assert set(shares) == set(model.OUTCOMES)


def test_the_outcome_and_the_debrief_read_at_grade_9_or_below(tables):
    record = model.outcome(tables, model.historical_rounds(tables), flip_search=False)
    rng = random.Random(9)
    games = [model.historical_rounds(tables)] + [model.random_game(tables, rng, 0.15) for _ in range(40)]
    games += [model.solo_game(tables, "usa", [["usa:pause-drills", "usa:drop-preconditions"], [], []])[0]]
    grades, kinds = [], set()
    for game in games:
        result = model.outcome(tables, game)
        kinds.add(result.kind)
        text = views.outcome_text(tables, result)
        debrief = views.debrief_view(tables, game, result, record).text
        debrief = "\n".join(line.lstrip("- ").replace(" | ", ". ") for line in debrief.splitlines()[1:])
        for name, words in (("outcome", text), ("debrief", debrief)):
            g = grade(words)
            grades.append(g)
            assert g <= 9, f"the {name} reads at grade {g:.1f}:\n{words}"
            assert not re.search(r"^\d{4}\.", words, re.M), "a line that Markdown would number"
    assert len(kinds) >= 3
    artifact("negotiation-grades.txt").write_text(f"highest grade {max(grades):.1f}, mean {sum(grades) / len(grades):.1f}\n",
                                                  encoding="utf-8")


def test_the_grade_measure_sees_a_hard_text():
    assert grade("Notwithstanding the multilateral institutional considerations, the representatives' "
                 "deliberations necessitated comprehensive reconsideration of preconditions.") > 9


def test_a_broken_line_is_said_once_in_the_round_it_is_broken(tables):
    game = [["dprk:meaningful-steps"], [], []]
    texts = [views.round_view(tables, r).text for r in model.play(tables, game)]
    assert "broken by this side this round" in texts[0]
    assert all("broken by this side" not in t for t in texts[1:])


def test_write_the_outcome_shares(tables):
    if len(SHARES) < 6:
        pytest.skip("the shares are gathered by the tests above, run in the same session")
    lines = ["| play | " + " | ".join(model.OUTCOMES.values()) + " |", "|---|" + "---|" * len(model.OUTCOMES)]
    for name, counts in SHARES.items():
        total = sum(counts.values())
        lines.append(f"| {name} | " + " | ".join(f"{100 * counts[k] / total:.0f}%" for k in model.OUTCOMES) + " |")
    artifact("negotiation-outcome-shares.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_check_names_a_rule_or_card_that_names_no_move(data_copy):
    from korea_kit.data import check_data

    data_copy.set("responses", "usa", "plays", "usa:withdraw-sanctions")
    data_copy.set("roleplay_cards", "drills-over", "variant", "start:ban:no-such-move")
    data_copy.set("interests", "rok", "when", "met:no-such-demand")
    found = {(p.file, p.column, p.found) for p in check_data(data_copy.dir)}
    assert found == {("responses.csv", "plays", "usa:withdraw-sanctions"),
                     ("roleplay_cards.csv", "variant", "start:ban:no-such-move"),
                     ("interests.csv", "when", "met:no-such-demand")}
