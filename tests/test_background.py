"""Lesson 01, before April 2013: its map, its timeline, its facts and their sources, its quiz and its place."""

from __future__ import annotations

import dataclasses
import json
import pathlib
import re

import nbformat
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex

import korea_kit as kk
from korea_kit.charts import regional_map
from korea_kit.data import parse_ref
from korea_kit.data.sources import cite, source_ids, source_marks
from korea_kit.lessons import background
from korea_kit.render.quizzes import questions

from conftest import ROOT

LESSON = "01-background"
NOTEBOOK = ROOT / "notebooks" / f"{LESSON}.ipynb"
NEIGHBOURS = ("china", "japan", "russia")
HEADINGS = ("The armistice and the DMZ", "How the Security Council decides", "The Six-Party Talks",
            "The Leap Day deal", "The Cheonan and Yeonpyeong", "New leaders", "The threats of March 2013")


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


def _notebook():
    return nbformat.read(NOTEBOOK, as_version=4)


# --- the map -------------------------------------------------------------------------------

def _texts(fig):
    return {t.get_gid(): t for t in fig.axes[0].texts if t.get_gid()}


def test_the_map_draws_china_japan_and_russia_named_in_the_frame(tables):
    fig = regional_map.regional_figure(background.regional_data(tables))
    ax = fig.axes[0]
    west, east, south, north = ax.get_xlim() + ax.get_ylim()
    lands = {c.get_gid(): c for c in ax.collections if isinstance(c, PolyCollection)}
    texts = _texts(fig)
    for country in NEIGHBOURS + ("dprk", "rok"):
        paths = lands[f"land:{country}"].get_paths()
        xy = np.concatenate([p.vertices for p in paths])
        inside = (xy[:, 0] > west) & (xy[:, 0] < east) & (xy[:, 1] > south) & (xy[:, 1] < north)
        assert inside.sum() > 20, f"{country}'s outline is not in the frame"
        label = texts[f"country:{country}"]
        name = str(tables.record("actors", country)["name"])
        assert label.get_text() == name.upper()
        x, y = label.get_position()
        assert west < x < east and south < y < north, f"{country}'s name is outside the map"
    for place in ("pyongyang", "seoul"):
        assert texts[f"label:{place}"].get_text() == str(tables.record("places", place)["name"])
        star = next(line for line in ax.lines if line.get_gid() == f"place:{place}")
        assert star.get_xydata()[0].tolist() == pytest.approx([tables.record("places", place)["longitude"],
                                                               tables.record("places", place)["latitude"]])
    assert [line for line in ax.lines if line.get_gid() == "border"], "the border (DMZ) line is drawn"
    assert "DMZ" in texts["label:border"].get_text()


def test_the_map_names_what_the_data_names(tables):
    """The names come from actors.csv, not from the code: a renamed country is drawn renamed."""
    actors = tables.actors.copy()
    actors.loc[actors["actor_id"] == "japan", "name"] = "Nippon"
    renamed = dataclasses.replace(tables, actors=actors)
    texts = _texts(regional_map.regional_figure(background.regional_data(renamed)))
    assert texts["country:japan"].get_text() == "NIPPON"
    assert "Nippon to the east" in background.regional_map(renamed).description


def test_the_sea_is_unlike_every_country_and_the_two_koreas_unlike_each_other(tables):
    fig = regional_map.regional_figure(background.regional_data(tables))
    ax = fig.axes[0]
    sea = to_hex(ax.get_facecolor())
    fills = {c.get_gid().removeprefix("land:"): to_hex(c.get_facecolor()[0]) for c in ax.collections
             if isinstance(c, PolyCollection)}
    assert set(NEIGHBOURS) <= set(fills)
    for country, fill in fills.items():
        assert regional_map.colour_distance(sea, fill) >= 50, f"the sea looks like {country}'s land"
    assert regional_map.colour_distance(fills["dprk"], fills["rok"]) >= 40
    assert {fills["dprk"], fills["rok"]}.isdisjoint({fills[c] for c in NEIGHBOURS})
    assert regional_map.colour_distance("#a9cce8", "#a9cce9") < 50  # the measure can fail


def test_the_map_labels_are_at_least_11_pt_as_shown(tables):
    """Every text is 11 pt or more, and the figure fits a lesson page (52rem, 832 px) at 100 dpi, so
    it is shown at full size."""
    chart = background.regional_map(tables)
    width, _ = chart.figure.get_size_inches()
    assert width * chart.dpi <= 800
    sizes = [t.get_fontsize() for ax in chart.figure.axes for t in ax.texts]
    sizes += [t.get_fontsize() for t in chart.figure.texts]
    assert sizes and min(sizes) >= 11


def test_the_map_has_alt_text_and_a_sources_caption(tables):
    chart = background.regional_map(tables)
    for words in ("China to the northwest", "Japan to the east", "Russia to the northeast", "Pyongyang", "Seoul",
                  "DMZ"):
        assert words in chart.description
    sources = tables.indexed("sources")
    for source_id in ("natural-earth", "geonames"):
        assert str(sources.loc[source_id, "reference"]) in chart.caption
    assert 'alt="Map of the Korean Peninsula' in chart.to_html()


# --- the facts and their sources ---------------------------------------------------------

def _lesson_refs(tables):
    return [ref for name in (*background.SECTIONS, "timeline") for ref in background.section_refs(tables, name)]


def test_every_fact_the_lesson_shows_comes_from_records_with_citations(tables):
    refs = _lesson_refs(tables)
    assert len(refs) > 40
    for table, record_id in refs:
        items = cite(tables, table, record_id).items
        assert items, f"{table}:{record_id} has no citation"
        for item in items:
            assert item["confidence"] in ("reported", "verified", "likely", "conflicting")
            assert item["label"].strip()


def test_each_section_table_shows_its_records_with_their_source_marks(tables):
    marks = source_marks(tables)
    for name in background.SECTIONS:
        view = background.section_view(tables, name, name)
        lines = view.text.splitlines()
        rows = [line for line in lines if line.startswith("- ")]
        refs = background.section_refs(tables, name)
        assert len(rows) == len(refs)
        for row, ref in zip(rows, refs):  # each row ends with the marks of exactly its record's sources
            shown = row.rsplit(" | [", 1)[1].removesuffix("]")
            assert shown == "; ".join(marks[s] for s in source_ids(tables, [ref])), (name, row)
        assert "Evidence:" in lines  # the sources' words, folded under the table
        for source_id in source_ids(tables, refs):  # no full reference spelled out in a section
            assert str(tables.record("sources", source_id)["reference"]) not in view.text


def test_lifting_the_sanctions_rests_on_the_rules_and_on_resolution_2087_itself(tables):
    """Lifting takes a new Council decision: the voting rules and Resolution 2087's own words (para. 19) say so."""
    items = cite(tables, "glossary", "lifting-sanctions").items
    assert {i["confidence"] for i in items} == {"verified"}
    assert any("lift the measures" in i["note"] for i in items)
    assert "lift the measures" in str(tables.record("glossary", "lifting-sanctions")["definition"])
    assert {i["confidence"] for i in cite(tables, "glossary", "veto").items} == {"verified"}
    prose = "\n".join(c.source for c in _notebook().cells if c.cell_type == "markdown")
    assert "lift\nthe measures" in prose or "lift the measures" in prose


def test_no_text_of_the_kit_says_every_permanent_member_must_vote_yes(tables):
    """By the Council's practice an abstention does not block a decision: only a permanent member's no does."""
    import glob
    wrong = re.compile(r"(concurring votes of all five|votes? of all five permanent|including those of all five|"
                       r"all five (permanent members )?must vote|passes without your vote|both permanent members at the table vote)",
                       re.IGNORECASE)
    texts = {path: pathlib.Path(path).read_text(encoding="utf-8")
             for pattern in ("data/*.csv", "notebooks/*.ipynb", "korea_kit/**/*.py")
             for path in glob.glob(str(ROOT / pattern), recursive=True)}
    found = {path: m.group(0) for path, text in texts.items() for m in [wrong.search(text)] if m}
    assert not found
    assert "abstention" in str(tables.record("glossary", "veto")["definition"])


def test_the_march_threats_reuse_the_kits_records(tables):
    """The six dated threats were in the kit already: the lesson shows those records, none copied."""
    threats = {"armistice-invalid-2013": "2013-03-05", "preemptive-nuclear-2013": "2013-03-07",
               "combat-duty-2013": "2013-03-26", "rockets-standby-2013": "2013-03-29",
               "state-of-war-2013": "2013-03-30", "yongbyon-restart-2013": "2013-04-02"}
    events = tables.indexed("events")
    for event_id, day in threats.items():
        assert ("events", event_id) in background.section_refs(tables, "march-2013")
        assert events.loc[event_id, "date"] == pd.Timestamp(day)
        same_day = events[(events["date"] == pd.Timestamp(day)) & (events["topic"].astype(str) == "threats")]
        assert len(same_day) <= 1, f"a copy of {event_id}"


def test_the_timeline_runs_from_the_armistice_to_april_2013_with_source_marks(tables):
    events = background.timeline_events(tables)
    assert events["event_id"].iloc[0] == "armistice-1953"
    assert events["date"].iloc[-1] <= pd.Timestamp("2013-04-30")
    chart = background.background_timeline(tables)
    rows = {t.get_gid().removeprefix("row:"): t.get_text() for t in chart.figure.axes[0].texts
            if (t.get_gid() or "").startswith("row:")}
    assert set(rows) == set(events["event_id"])
    marks = background.source_marks(tables, events["event_id"])
    sources = tables.indexed("sources")
    for event_id, text in rows.items():
        shown = re.search(r"\[([\d, ]+)\]$", text).group(1).split(", ")
        cited = set(tables.citations.loc[(tables.citations["table"] == "events")
                                         & (tables.citations["record_id"] == event_id), "source_id"])
        assert {marks[s].strip("[]") for s in cited} == set(shown), event_id
    legend = background.timeline_sources(tables)
    short = source_marks(tables)
    for source_id, mark in marks.items():  # each number is explained, linked to the lesson's list
        assert f"{mark} {short[source_id]}" in legend.text and f'href="#source-{source_id}"' in legend.html
    assert "Highlighted" not in chart.description
    assert "Highlighted: “Six-Party joint statement”" in background.background_timeline(
        tables, "six-party-statement-2005").description


def test_the_timeline_stepper_shows_the_chosen_event(tables):
    stepper = background.timeline_stepper(tables)
    before = (stepper.image.value, stepper.panel.value)
    stepper.event.value = "cheonan-sinking-2010"
    assert stepper.image.value != before[0]
    assert "The South Korean corvette Cheonan sank" in stepper.panel.value and stepper.panel.value != before[1]
    assert "kk-widget" in stepper._dom_classes
    with pytest.raises(KeyError, match="not-an-event"):
        background.timeline_stepper(tables, value="not-an-event")


# --- quiz, notebook and place in the sequence -----------------------------------------------

def test_the_quiz_rows_are_valid_and_ask_why_the_us_could_not_lift_the_sanctions(tables):
    assert kk.check_data() == []
    quiz = questions(tables, LESSON)
    assert 4 <= len(quiz) <= 6
    assert [q.position for q in quiz] == list(range(1, len(quiz) + 1))
    for q in quiz:
        for ref in q.fact_refs:
            table, record_id = ref if isinstance(ref, tuple) else parse_ref(ref)
            tables.record(table, record_id)
    lifting = [q for q in quiz if "United States" in q.question and "withdraw" in q.question]
    assert len(lifting) == 1
    assert any("lifting-sanctions" in str(ref) for ref in lifting[0].fact_refs)
    assert "no permanent member voting against" in lifting[0].explanation


def test_the_lesson_sits_between_00_and_02_in_the_table_of_contents():
    listed = json.loads((ROOT / "notebooks" / "toc.json").read_text(encoding="utf-8"))["lessons"]
    assert listed.index("01-background.ipynb") == listed.index("00-start-here.ipynb") + 1
    assert listed.index("02-sanctions.ipynb") == listed.index("01-background.ipynb") + 1
    names = [lesson.name for lesson in kk.toc()]
    assert names[1] == LESSON
    nav = kk.lesson_nav(LESSON).html
    assert "00-start-here" in nav and "02-sanctions" in nav


def test_the_notebook_has_the_headings_other_lessons_link_to():
    markdown = [c.source for c in _notebook().cells if c.cell_type == "markdown"]
    headings = [line[3:] for m in markdown for line in m.splitlines() if line.startswith("## ")]
    for heading in HEADINGS:
        assert heading in headings, heading
    minutes = _notebook().metadata["korea_kit"]["minutes"]
    assert 15 <= minutes <= 35


def test_the_notebook_keeps_lab_instructions_and_answers_in_tagged_cells():
    cells = _notebook().cells
    tags = [c.metadata.get("tags", []) for c in cells]
    for cell, cell_tags in zip(cells, tags):
        if re.search(r"\b(Run this cell|Move the slider|press \*\*Check\*\*)", cell.source):
            assert "lab-only" in cell_tags, cell.source[:60]
        if "my_progress" in cell.source:
            assert "lab-only" in cell_tags
        if "**Model answer.**" in cell.source:
            assert "teacher" in cell_tags
            assert all(f"**{grade}**" in cell.source for grade in ("Strong", "Adequate", "Weak"))
    question = next(i for i, c in enumerate(cells) if c.source.startswith("## Open question"))
    assert "teacher" in tags[question + 2] or "teacher" in tags[question + 1]
    assert "teacher" not in tags[question]


def test_the_notebook_shows_every_section_of_the_data_and_only_those():
    code = "\n".join(c.source for c in _notebook().cells if c.cell_type == "code")
    used = re.findall(r'section_view\(tables, "([^"]+)"', code)
    assert sorted(used) == sorted(background.SECTIONS)
