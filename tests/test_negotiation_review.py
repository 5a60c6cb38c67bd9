"""Lesson 07's negotiation after its review: the Council's vote rule as the kit models it, the record's words
kept apart from the model's positions and readings, solo play in which doing nothing has a price, and the
text's grammar (plurals, third person for the computer's sides)."""

from __future__ import annotations

import pytest

import korea_kit as kk
from korea_kit.model import negotiation as model
from korea_kit.render import negotiation as views


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


def _adopted(tables, moves):
    return model.play(tables, [moves])[-1].adopted


def test_one_elected_member_s_yes_does_not_lift_the_sanctions(tables):
    # the US abstains (its standing veto set aside): Seoul's yes alone is not nine votes in the model
    assert not _adopted(tables, ["usa:abstain-lifting", "rok:vote-lift-sanctions"])
    # a permanent member at the table votes for it and none against: the others follow, it passes
    assert _adopted(tables, ["usa:abstain-lifting", "china:vote-lift-sanctions"])
    assert _adopted(tables, ["usa:vote-lift-sanctions"])
    # an abstention does not block; only a permanent member's no does
    assert not _adopted(tables, ["china:vote-lift-sanctions"])  # the US's standing veto
    assert not _adopted(tables, ["usa:vote-lift-sanctions", "china:veto-lifting"])
    assert not _adopted(tables, ["usa:abstain-lifting"])  # nobody proposed it


def test_the_rule_is_written_the_same_in_the_labels_and_the_lesson(tables):
    import json
    from pathlib import Path

    label = model.move(tables, "usa:vote-lift-sanctions").label
    assert "permanent member" in label and "for it" in label, label
    nb = json.loads((Path(kk.__file__).resolve().parents[1] / "notebooks" / "07-negotiation-role-play.ipynb")
                    .read_text(encoding="utf-8"))
    rules = next("".join(c["source"]) for c in nb["cells"] if "".join(c["source"]).startswith("## The rules"))
    assert "follow the permanent members at the table" in rules
    assert "an abstention does not block" in rules.lower()
    assert "only a permanent member's" in rules.lower()


def test_the_veto_is_the_model_s_default_not_a_stated_plan(tables):
    text = views.outcome_text(tables, model.outcome(tables, model.historical_rounds(tables), flip_search=False))
    assert "would veto" not in text and "kit's model" in text and '"not acceptable"' in text
    label = model.move(tables, "usa:veto-lifting")
    assert "kit's default" in label.label and "ready to veto" not in label.done


def test_the_disputed_addressee_of_the_nuclear_assets_demand_is_shown(tables):
    brief = views.brief_view(tables, "dprk").text
    line = next(x for x in brief.splitlines() if "nuclear weapons assets" in x)
    assert "reports differ" in line and "South Korea" in line.split("): ")[0], line
    conflict = views.conflicts_view(tables).text
    line = next(x for x in conflict.splitlines() if "nuclear weapons assets" in x)
    assert "reports differ" in line, line
    assert "reports differ" in model.move(tables, "usa:withdraw-nuclear-assets").label


def test_the_drills_keeping_the_north_away_is_the_kit_s_reading(tables):
    first = model.outcome(tables, model.historical_rounds(tables), flip_search=False).reasons[0]
    assert "In the kit's reading" in first.text and '"cannot sit"' in first.text
    assert "annual and defensive" in first.text
    assert "So North Korea stayed away" not in first.text
