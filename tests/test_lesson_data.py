"""The lessons' content lists live in data/ (claims, phrases, terms, date clues, misconceptions,
moves, framings, Kaesong statuses, selections), and ``korea-kit check`` checks them like any fact."""

from __future__ import annotations

import pytest

import korea_kit as kk
from korea_kit import check_data

from test_data import only_problem


def _problems_in(data_copy, file):
    """The problems ``check_data`` finds in one file of the copy (and that loading raises)."""
    return [p for p in only_problem(data_copy.dir) if p.file == file]


def _edit(data_copy, table, match, column, value):
    """Set ``column`` of the first row of ``table`` whose cells include every item of ``match``;
    return the row's line number."""
    rows = data_copy.rows(table)
    for number, row in enumerate(rows[1:], start=2):
        if all(row[rows[0].index(c)] == v for c, v in match.items()):
            row[rows[0].index(column)] = value
            data_copy.write_rows(table, rows)
            return number
    raise KeyError(match)


def test_every_new_table_is_loaded_and_described():
    tables = kk.load_tables()
    package = kk.data.kit_package()
    readme = (kk.data.default_data_dir() / "README.md").read_text(encoding="utf-8")
    for name in ("claims", "phrases", "terms", "date_clues", "misconceptions", "moves", "framings",
                 "kaesong_statuses", "selections"):
        assert len(tables[name]) > 0
        assert name in {r["name"] for r in package["resources"]}
        assert f"`{name}.csv`" in readme, f"data/README.md does not describe {name}.csv"


def test_a_shortened_quote_that_a_lesson_phrase_no_longer_matches_fails_check(data_copy):
    data_copy.set("quotes", "first-step-kcna", "text", "As the first phase, withdraw the resolutions.")
    problems = _problems_in(data_copy, "phrases.csv")
    assert {p.found for p in problems} == {"retracting", "UN Security Council's 'resolutions on sanctions'",
                                           "cooked up under absurd pretexts"}
    assert all(p.column == "words" and p.line and "quote first-step-kcna" in p.expected for p in problems)


def test_a_claim_s_focus_must_be_in_the_sentence_of_its_citation(data_copy):
    line = data_copy.set("claims", "f22-waters", "focus", "into Japanese waters")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column, p.found) == ("claims.csv", line, "focus", "into Japanese waters")
    assert "ev-f22-osan-2013-2" in p.expected


def test_a_claim_s_records_must_exist(data_copy):
    line = data_copy.set("claims", "third-round", "record_refs", "events:resolution-1718;events:resolution-9999")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column, p.found) == ("claims.csv", line, "record_refs", "events:resolution-9999")
    assert p.expected == "an id from events.csv"


def test_a_claim_names_a_table_that_has_records(data_copy):
    data_copy.set("claims", "third-round", "record_refs", "nowhere:resolution-1718")
    (p,) = only_problem(data_copy.dir)
    assert (p.column, p.found) == ("record_refs", "nowhere:resolution-1718")


def test_a_loaded_term_must_be_in_its_quote_and_its_quotes_must_exist(data_copy):
    line = data_copy.set("terms", "belligerent", "words", "warlike")
    data_copy.set("terms", "regime", "quote_ids", "earnest-signals;no-such-quote")
    problems = only_problem(data_copy.dir)
    assert {(p.file, p.column, p.found) for p in problems} == {
        ("terms.csv", "words", "warlike"), ("terms.csv", "quote_ids", "no-such-quote")}
    assert next(p for p in problems if p.found == "warlike").line == line


def test_a_loaded_term_s_evidence_must_be_in_its_record(data_copy):
    line = data_copy.set("terms", "refusing-to-bow", "evidence", "Washington bows")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column) == ("terms.csv", line, "evidence")
    assert "actors:usa" in p.expected


def test_a_date_clue_must_be_in_its_article(data_copy):
    line = _edit(data_copy, "date_clues", {"words": "last month"}, "words", "last year")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column, p.found) == ("date_clues.csv", line, "words", "last year")


def test_a_date_clue_points_to_events_that_exist(data_copy):
    _edit(data_copy, "date_clues", {"words": "last month"}, "event_ids", "cyber-attack-2013;cyber-attack-2099")
    (p,) = only_problem(data_copy.dir)
    assert (p.column, p.found, p.expected) == ("event_ids", "cyber-attack-2099", "ids from events.csv")


def test_a_misconception_belongs_to_a_lesson_and_rests_on_records(data_copy):
    line = _edit(data_copy, "misconceptions", {"lesson": "04-kaesong", "position": "1"}, "record_refs",
                 "places:atlantis")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column, p.found) == ("misconceptions.csv", line, "record_refs", "places:atlantis")
    data_copy.set("misconceptions", "04-kaesong", "record_refs", "places:kaesong")
    data_copy.set("misconceptions", "04-kaesong", "lesson", "07-no-such-lesson")
    (p,) = check_data(data_copy.dir)
    assert (p.file, p.column, p.found) == ("misconceptions.csv", "lesson", "07-no-such-lesson")


def test_a_move_belongs_to_an_actor_and_rests_on_records(data_copy):
    _edit(data_copy, "moves", {"move_id": "food-aid"}, "side_id", "atlantis")
    _edit(data_copy, "moves", {"move_id": "urge-calm"}, "context_refs", "answers:no-such-answer")
    problems = only_problem(data_copy.dir)
    assert {(p.file, p.column, p.found) for p in problems} == {
        ("moves.csv", "side_id", "atlantis"), ("moves.csv", "context_refs", "answers:no-such-answer"),
        ("interests.csv", "when", "made:usa:food-aid")}  # the interest that names the move no longer finds it


def test_a_framing_s_source_must_exist(data_copy):
    _edit(data_copy, "framings", {"record_ref": "events:b2-flight-2013"}, "source_id", "no-such-source")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.column, p.found) == ("framings.csv", "source_id", "no-such-source")


def test_a_kaesong_status_starts_with_an_event_that_exists(data_copy):
    data_copy.set("kaesong_statuses", "shut", "event_id", "kaesong-no-show-2099")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.column, p.found) == ("kaesong_statuses.csv", "event_id", "kaesong-no-show-2099")


def test_a_selection_names_records_that_exist(data_copy):
    line = _edit(data_copy, "selections", {"selection": "resolutions", "position": "2"}, "paired_ref",
                 "events:nuclear-test-2008")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.line, p.column, p.found) == ("selections.csv", line, "paired_ref", "events:nuclear-test-2008")


def test_a_figure_s_event_is_a_declared_reference(data_copy):
    data_copy.set("figures", "resolution-2094-votes", "event_id", "resolution-2095")
    (p,) = only_problem(data_copy.dir)
    assert (p.file, p.column, p.found) == ("figures.csv", "event_id", "resolution-2095")


def test_a_record_a_lesson_selects_still_needs_its_citation(data_copy):
    rows = data_copy.rows("citations")
    key = (rows[0].index("table"), rows[0].index("record_id"))
    kept = [r for r in rows if (r[key[0]], r[key[1]]) != ("events", "fitzgerald-2013")]
    assert len(kept) < len(rows)
    data_copy.write_rows("citations", kept)
    problems = only_problem(data_copy.dir)
    assert [(p.file, p.column, p.found) for p in problems] == [("events.csv", "event_id", "fitzgerald-2013")]


@pytest.mark.parametrize("lesson, name, first", [
    ("02-sanctions", "resolutions", "resolution-1718"), ("03-drills", "calendar", "foal-eagle-2013"),
    ("04-kaesong", "sequence-extra", "ban-appeal-2013"), ("07-negotiation-role-play", "aftermath", "talks-called-off-2013")])
def test_selections_are_read_in_order(lesson, name, first):
    assert kk.data.selection(kk.load_tables(), lesson, name)["record_id"][0] == first


def test_an_unknown_selection_is_a_clear_error():
    with pytest.raises(KeyError, match="no selection 'nothing' of lesson '02-sanctions'"):
        kk.data.selection(kk.load_tables(), "02-sanctions", "nothing")
