"""Lesson 07 (korea_kit.lessons.roleplay): moves, the verdict, the chart, the role cards and the widget."""

from __future__ import annotations

import ipywidgets
import pandas as pd
import pytest

import korea_kit as kk
from korea_kit.lessons import roleplay
from korea_kit.charts import TOPIC_COLOURS
from korea_kit.render.records import record_text

@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


def _wants(tables, side):
    """A side's stated preconditions, read from demands.csv: rows of kind precondition made by the side."""
    d = tables.demands
    return {i for i, by, kind in zip(d["demand_id"], d["by_id"], d["kind"])
            if kind == "precondition" and roleplay.side_of(tables, by) == side}


@pytest.fixture(scope="module")
def dprk_wants(tables):
    wants = _wants(tables, "dprk")
    assert {"stop-provocations-apologize", "withdraw-sanctions"} <= wants  # the statement's full list
    return wants


@pytest.fixture(scope="module")
def usa_wants(tables):
    wants = _wants(tables, "usa")
    assert {"abandon-nuclear-ambitions", "clear-signals", "meaningful-steps"} <= wants
    return wants


def _preconditions(tables):
    return set(tables.demands.loc[tables.demands["kind"] == "precondition", "demand_id"])


def _meeting(tables, wanted):
    """The moves that meet the preconditions ``wanted`` (every side asked must move)."""
    return [m.move_id for m in roleplay.moves(tables) if m.meets in wanted]


def _side(v, side):
    return next(s for s in v.sides if s.side == side)


def test_sides_follow_the_actors_part_of(tables):
    assert [roleplay.side_of(tables, a) for a in ("ndc-policy", "ndc", "kcna", "kerry", "earnest", "ryoo", "ban",
                                                   "cho-tai-young", "rok-unification-ministry", "hua-chunying")] == [
        "dprk", "dprk", "dprk", "usa", "usa", "rok", "ban", "rok", "rok", "china"]
    assert roleplay.side_of(tables, "unsc") is None and roleplay.side_of(tables, "reuters") is None


def test_every_move_is_backed_by_a_record_and_offered_to_the_side_asked(tables):
    offered = roleplay.moves(tables)
    ids = [m.move_id for m in offered]
    assert len(ids) == len(set(ids))
    demands = tables.demands.set_index("demand_id")
    for m in offered:
        assert record_text(tables, *m.ref)  # the record exists
        for ref in m.context:
            assert record_text(tables, *ref)
        if m.meets:
            assert m.ref == ("demands", m.meets)
            assert demands.loc[m.meets, "kind"] == "precondition"
            asked = {roleplay.side_of(tables, a) for a in demands.loc[m.meets, "of_ids"].split(";")}
            assert m.side in asked
            assert roleplay.side_of(tables, demands.loc[m.meets, "by_id"]) != m.side
    # every demand asked of a side has a move of that side; only a precondition's move meets it
    for demand_id, of_ids, kind in zip(tables.demands["demand_id"], tables.demands["of_ids"], tables.demands["kind"]):
        for side in {roleplay.side_of(tables, a) for a in of_ids.split(";")} - {None}:
            assert f"{side}:{demand_id}" in ids
            move = next(m for m in offered if m.move_id == f"{side}:{demand_id}")
            assert (move.meets == demand_id) == (kind == "precondition")
            if kind != "precondition":
                assert f"{kind}: not a precondition" in move.label and move.takes_up == demand_id
    assert [m.move_id for m in roleplay.moves(tables, "usa") if not m.meets] == ["usa:food-aid"]


def test_verdict_with_no_moves_is_the_record_of_april(tables, dprk_wants, usa_wants):
    v = roleplay.verdict(tables, [])
    assert not v.can_start and v.moves == () and v.extras == ()
    assert set(_side(v, "dprk").unmet) == dprk_wants and _side(v, "dprk").met == ()
    assert set(_side(v, "usa").unmet) == usa_wants
    assert sum(len(s.unmet) for s in v.sides) == len(_preconditions(tables))
    assert "North Korea" in v.waiting and "United States" in v.waiting


def test_verdict_when_all_of_north_koreas_preconditions_are_met(tables, dprk_wants, usa_wants):
    v = roleplay.verdict(tables, _meeting(tables, dprk_wants))
    assert set(_side(v, "dprk").met) == dprk_wants and _side(v, "dprk").unmet == ()
    assert set(_side(v, "usa").unmet) == usa_wants
    assert not v.can_start and "North Korea" not in v.waiting


def test_verdict_when_every_sides_preconditions_are_met(tables):
    every = [m.move_id for m in roleplay.moves(tables) if m.meets]
    v = roleplay.verdict(tables, every)
    assert v.can_start and v.waiting == () and all(not s.unmet for s in v.sides)
    assert roleplay.verdict(tables, every[:-1]).can_start is False  # one move short


def test_a_precondition_asked_of_two_sides_needs_both(tables):
    v = roleplay.verdict(tables, ["usa:withdraw-sanctions", "usa:withdraw-nuclear-assets"])
    assert _side(v, "dprk").met == ("withdraw-nuclear-assets",)
    assert "withdraw-sanctions" in _side(v, "dprk").unmet
    both = roleplay.verdict(tables, ["usa:withdraw-sanctions", "rok:withdraw-sanctions"])
    assert _side(both, "dprk").met == ("withdraw-sanctions",)


def test_moves_that_meet_no_precondition_change_nothing_but_are_listed(tables):
    plain = roleplay.verdict(tables, ["dprk:clear-signals"])
    extra = roleplay.verdict(tables, ["dprk:clear-signals", "usa:food-aid", "dprk:stop-threats"])
    assert [s.met for s in plain.sides] == [s.met for s in extra.sides]
    assert extra.extras == ("dprk:stop-threats", "usa:food-aid")
    view = roleplay.verdict_view(tables, extra)
    ruled_out = "Go back to “a little food aid … then we'll talk”, which Kerry ruled out"
    assert f"No stated precondition. The move: {ruled_out}" in view.text
    assert record_text(tables, "events", "leap-day-deal-2012") in view.text  # its context, with its source
    with pytest.raises(ValueError, match="no move 'usa:abandon-nuclear-ambitions'"):
        roleplay.verdict(tables, ["usa:abandon-nuclear-ambitions"])  # asked of North Korea, not the US


def test_verdict_view_quotes_the_preconditions_and_marks_them_without_colour(tables):
    none = roleplay.verdict_view(tables, roleplay.verdict(tables, []))
    assert none.text.splitlines()[1].startswith("Talks cannot start yet:")
    assert "“The first step will be withdrawing the U.N. Security Council resolutions cooked up on ridiculous grounds”" \
        in none.text
    n = len(_preconditions(tables))
    assert none.text.count("✗ not met") == n
    assert none.text.splitlines()[1].startswith(f"Talks cannot start yet: {n} of {n} stated preconditions")
    every = roleplay.verdict(tables, [m.move_id for m in roleplay.moves(tables) if m.meets])
    done = roleplay.verdict_view(tables, every)
    assert done.text.splitlines()[1] == f"Talks could start: all {n} stated preconditions are met."
    assert done.text.count("✓ met") == n
    half = roleplay.verdict_view(tables, roleplay.verdict(tables, ["rok:no-nuclear-war-rehearsal"]))
    assert "✗ not met (only South Korea moved)" in half.text


def test_preconditions_chart_fills_met_squares_and_hatches_the_others(tables):
    from matplotlib.colors import to_rgba

    chosen = _meeting(tables, {"withdraw-sanctions", "clear-signals"})
    v = roleplay.verdict(tables, chosen)
    fig = roleplay.preconditions_figure(tables, v)
    ax = fig.axes[0]
    squares = {p.get_gid().split(":", 1)[1]: p for p in ax.patches if (p.get_gid() or "").startswith("square:")}
    assert set(squares) == _preconditions(tables)
    topics = tables.demands.set_index("demand_id")["topic"]
    for demand_id, square in squares.items():
        if demand_id in ("withdraw-sanctions", "clear-signals"):
            assert square.get_facecolor() == to_rgba(TOPIC_COLOURS[str(topics[demand_id])]) and not square.get_hatch()
        else:
            assert square.get_facecolor() == to_rgba("white") and square.get_hatch() == "///"
    markers = [l for l in ax.lines if (l.get_gid() or "").startswith("marker:")]
    assert len(markers) == len(squares)
    tallies = {t.get_gid(): t.get_text() for t in ax.texts}
    assert tallies["tally:dprk"] == f"1 of {len(_wants(tables, 'dprk'))} met"
    assert tallies["tally:usa"] == f"1 of {len(_wants(tables, 'usa'))} met"
    assert [t.get_text() for t in ax.get_yticklabels()] == [s.name for s in v.sides]
    assert fig.get_suptitle() == "Stated preconditions met, by the side that set them"
    chart = roleplay.preconditions_chart(tables, chosen)
    assert f"North Korea: 1 of {len(_wants(tables, 'dprk'))} met (Sanctions)." in chart.description
    assert f"United States: 1 of {len(_wants(tables, 'usa'))} met (Diplomacy)." in chart.description
    assert chart.caption.startswith("Sources: ")


def _card_section(card, heading):
    """The lines of one section of a card's text, up to the next heading."""
    after = card.split(f"\n{heading}:\n")[1]
    return [line for line in after.split("\nSources:\n")[0].splitlines() if line.startswith("- ")][
        :next((i for i, line in enumerate(after.splitlines()) if not line.startswith("- ")), None)]


def test_role_cards_print_one_side_a_page_with_their_sources(tables, dprk_wants):
    cards = roleplay.role_cards(tables)
    assert "china" in roleplay.side_ids(tables)
    assert cards.html.count('<section class="kk-role-card"') == len(roleplay.side_ids(tables))
    assert cards.html.count("page-break-after:always") == len(roleplay.side_ids(tables)) and "@media print" in cards.html
    dprk = roleplay.role_card(tables, "dprk").text
    for demand_id in dprk_wants:
        assert tables.demands.set_index("demand_id").loc[demand_id, "demand"] in dprk.split("What the others ask of you")[0]
    assert "“Dialogue and war cannot co-exist”" in dprk and "\nSources:\n[1] " in dprk
    usa = roleplay.role_card(tables, "usa").text
    answered = " ".join(_card_section(usa, "How you answered the others"))
    assert "Withdraw sanctions" in answered and "John Kerry, 18 April 2013, rejects" in answered
    # the North's answers to the US precondition are on both cards
    assert "These are absurd ones." in dprk
    assert "rejects (answering Abandon nuclear ambitions" in " ".join(_card_section(usa, "How the others answered you"))


def test_every_side_speaks_in_its_own_words(tables):
    quotes = tables.quotes.set_index("quote_id")["text"]
    rok = roleplay.role_card(tables, "rok").text
    assert "The sources quote no words of yours." not in rok
    for quote_id in ("cho-incomprehensible", "unification-cliche"):
        assert f"“{quotes[quote_id]}”" in rok
    assert "rejects" in " ".join(_card_section(rok, "How you answered the others"))
    china = roleplay.role_card(tables, "china").text
    assert f"“{quotes['hua-dialogue']}”" in china and "urges dialogue" in china
    assert "Role card: China" in china


def test_what_you_did_holds_only_the_sides_own_acts(tables):
    for side in roleplay.side_ids(tables):
        did = _card_section(roleplay.role_card(tables, side).text, "What you did in April 2013, up to the 18th")
        events = tables.events.set_index("event_id")
        for event_id, row in events.iterrows():
            shown = any(row["summary"] in line for line in did)
            acted = side in {roleplay.side_of(tables, a) for a in row["actor_ids"].split(";")}
            in_april = pd.Timestamp("2013-04-01") <= row["date"] <= pd.Timestamp("2013-04-18")
            assert shown == (acted and in_april), (side, event_id)
    # the North's entry ban is not Seoul's act, and Seoul's formal blame is not the North's
    rok = roleplay.role_card(tables, "rok").text
    dprk = roleplay.role_card(tables, "dprk").text
    ban = record_text(tables, "events", "kaesong-entry-ban-2013").split(": ", 1)[1]
    blame = record_text(tables, "events", "cyber-blame-2013").split(": ", 1)[1]
    assert ban not in " ".join(_card_section(rok, "What you did in April 2013, up to the 18th"))
    assert blame not in " ".join(_card_section(dprk, "What you did in April 2013, up to the 18th"))


def test_a_count_of_preconditions_never_includes_an_appeal_or_an_offer(tables):
    n = len(_preconditions(tables))
    assert n < len(tables.demands)  # the data has appeals and offers
    v = roleplay.verdict(tables, [])
    counted = {d for s in v.sides for d in (*s.met, *s.unmet)}
    assert counted == _preconditions(tables)
    assert not {d for d in counted if tables.demands.set_index("demand_id").loc[d, "kind"] != "precondition"}
    assert _side(v, "ban").unmet == () and _side(v, "rok").unmet == ()  # an appeal, an offer
    assert f"{n} of {n} stated preconditions" in roleplay.verdict_view(tables, v).text
    brief = roleplay.side_brief_view(tables, "rok").text
    assert "You want: no precondition of yours is on record." in brief and "Your offer (not a precondition)" in brief
    assert "Appeal of Ban Ki-moon, not a precondition" in roleplay.side_brief_view(tables, "dprk").text
    # and it follows the data: an offer turned into a precondition is counted
    changed = tables.copy()
    changed.demands.loc[changed.demands["demand_id"] == "kaesong-talks", "kind"] = "precondition"
    changed_view = roleplay.verdict_view(changed, roleplay.verdict(changed, []))
    assert f"{n + 1} of {n + 1} stated preconditions" in changed_view.text


def test_role_cards_escape_the_data(data_copy):
    data_copy.set("actors", "rok", "role", "Ally <b>of</b> the United States & more.")
    html = roleplay.role_card(kk.load_tables(data_copy.dir), "rok").html
    assert "<b>of</b>" not in html and "Ally &lt;b&gt;of&lt;/b&gt; the United States &amp; more." in html


def test_negotiation_table_side_and_moves_rerender_and_the_static_rendering_stays(tables):
    w = roleplay.negotiation_table(tables)
    assert isinstance(w.side, ipywidgets.ToggleButtons) and w.children[0] is w.side and "kk-widget" in w._dom_classes
    bundle = w._repr_mimebundle_()
    default = roleplay.preconditions_chart(tables)
    assert bundle["text/plain"].startswith(default.description) and roleplay.TABLE_HINT in bundle["text/html"]
    assert default.to_html(w.image.value) in bundle["text/html"]
    brief, image, verdict = w.brief.value, w.image.value, w.verdict.value
    assert "You are North Korea." in brief and "Talks cannot start yet" in verdict
    shown = [box for box in w._boxes.values() if box.layout.display != "none"]
    assert shown == [w._boxes["dprk"]]
    w.side.value = "usa"
    assert w.brief.value != brief and "You are the United States." in w.brief.value
    assert w._boxes["usa"].layout.display is None and w._boxes["dprk"].layout.display == "none"
    w.checks["usa:withdraw-nuclear-assets"].value = True
    assert w.verdict.value != verdict and w.image.value != image
    assert w.chosen() == ("usa:withdraw-nuclear-assets",)
    assert w.verdict.value == roleplay.verdict_view(tables, roleplay.verdict(tables, w.chosen())).html
    w.choose(_meeting(tables, set(tables.demands["demand_id"])))
    assert "Talks could start" in w.verdict.value
    w.checks["usa:withdraw-nuclear-assets"].value = False
    assert "Talks cannot start yet" in w.verdict.value
    assert w._repr_mimebundle_()["text/html"] == bundle["text/html"]  # the static rendering is the default state
