"""Tests for korea_kit.lessons.drills: the drills calendar, its widget and the lesson's tables."""
import html

import ipywidgets
import matplotlib.dates as mdates
import pandas as pd
import pytest

import korea_kit as kk
from korea_kit.lessons import drills
from korea_kit.charts import TOPIC_MARKERS

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


@pytest.fixture(scope="module")
def explorer(tables):
    return drills.calendar_explorer(tables)


def _gids(fig):
    ax = fig.axes[0]
    return {a.get_gid() for a in [*ax.lines, *ax.patches, *ax.texts] if a.get_gid()}


def _day_of(x):
    return mdates.num2date(x).date().isoformat()


# --- which events ---------------------------------------------------------------

def test_events_by_state_follow_part_of(tables):
    assert list(drills.calendar_events(tables)["event_id"]) == [
        "foal-eagle-2013", "armistice-invalid-2013", "preemptive-nuclear-2013", "resolution-2094",
        "key-resolve-2013", "combat-duty-2013", "b2-flight-2013", "rockets-standby-2013", "state-of-war-2013",
        "f22-osan-2013", "fitzgerald-2013", "kerry-rejects-2013", "preconditions-2013"]
    us = set(drills.calendar_events(tables, "usa")["event_id"])
    assert "kerry-rejects-2013" in us  # acted by kerry, who is part of usa
    assert "state-of-war-2013" not in us and "preconditions-2013" not in us
    north = set(drills.calendar_events(tables, "dprk")["event_id"])
    assert north == {"resolution-2094", "state-of-war-2013", "preconditions-2013",  # ndc-policy → ndc → dprk
                     "armistice-invalid-2013", "preemptive-nuclear-2013", "combat-duty-2013", "rockets-standby-2013"}
    # both sides' moves of March are on the calendar, each dated by its own reference
    events = tables.events.set_index("event_id")
    threats = [e for e in drills.calendar_ids(tables) if events.loc[e, "topic"] == "threats"]
    assert [events.loc[e, "date"].day for e in threats] == [5, 7, 26, 29, 30]
    with pytest.raises(ValueError, match="unknown state 'un'"):
        drills.calendar_events(tables, "un")


def test_under_way_keeps_ranged_events_on_every_day_they_last(tables):
    assert list(drills.under_way(tables, "2013-03-21")["event_id"]) == ["foal-eagle-2013", "key-resolve-2013"]
    assert list(drills.under_way(tables, "2013-03-22")["event_id"]) == ["foal-eagle-2013"]
    assert set(drills.under_way(tables, "2013-03-31")["event_id"]) == {
        "foal-eagle-2013", "f22-osan-2013", "fitzgerald-2013"}
    assert drills.under_way(tables, "2013-03-15", "dprk").empty


# --- the chart ---------------------------------------------------------------------

def test_calendar_has_the_exercises_as_bars_and_the_escalation_as_marks(tables):
    fig = drills.calendar_figure(tables)
    gids = _gids(fig)
    assert {g for g in gids if g.startswith("bar:")} == {"bar:foal-eagle-2013", "bar:key-resolve-2013"}
    marks = {g.split(":", 1)[1] for g in gids if g.startswith("marker:")}
    assert marks == set(drills.calendar_ids(tables)) - {"foal-eagle-2013", "key-resolve-2013"}
    labels = {t.get_gid(): t.get_text() for t in fig.axes[0].texts}
    assert labels["label:b2-flight-2013"] == "B-2 bombers over South Korea"
    assert "today" not in gids and "today-label" not in gids
    assert fig.get_suptitle() == "Drills and escalation, March–April 2013"
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [  # the order of the story
        "Sanctions", "Drills", "Threats", "Demands", "Diplomacy"]
    # the window is March–April: the Foal Eagle bar spans it exactly
    bar = next(p for p in fig.axes[0].patches if p.get_gid() == "bar:foal-eagle-2013")
    assert (_day_of(bar.get_x()), _day_of(bar.get_x() + bar.get_width())) == ("2013-03-01", "2013-05-01")
    marker = next(line for line in fig.axes[0].lines if line.get_gid() == "marker:state-of-war-2013")
    assert marker.get_marker() == TOPIC_MARKERS["threats"]  # shape as well as colour
    assert fig.get_size_inches()[0] <= 10


def test_the_chosen_day_is_a_shaded_column_with_its_name(tables):
    fig = drills.calendar_figure(tables, day="2013-03-28")
    ax = fig.axes[0]
    column = next(p for p in ax.patches if p.get_gid() == "today")
    left, right = column.get_x(), column.get_x() + column.get_width()
    assert (_day_of(left), _day_of(right)) == ("2013-03-28", "2013-03-29")
    b2 = next(line for line in ax.lines if line.get_gid() == "marker:b2-flight-2013")
    assert left < b2.get_xdata()[0] < right  # the day's event sits in the column
    label = next(t for t in ax.texts if t.get_gid() == "today-label")
    assert label.get_text() == "28 Mar"
    assert column.get_zorder() < min(p.get_zorder() for p in ax.patches if (p.get_gid() or "").startswith("bar:"))


def test_a_state_narrows_the_chart_and_its_title(tables):
    fig = drills.calendar_figure(tables, "dprk")
    assert fig.get_suptitle().endswith(": events involving North Korea")
    assert {g for g in _gids(fig) if g.startswith("bar:")} == set()  # the North held no exercise
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Sanctions", "Threats", "Demands"]
    assert drills.calendar_figure(tables, "usa").get_suptitle().endswith("involving the United States")
    assert drills.calendar_figure(tables, "dprk", width=5).get_suptitle() == "Drills, March–April 2013: North Korea"


def test_description_names_the_state_the_day_and_the_likely_events(tables):
    text = drills.describe_calendar(tables, "usa", "2013-03-31")
    assert text.startswith("Calendar of the drills and the escalation around them, March–April 2013. "
                           "It shows only the events involving the United States.")
    assert "It shows 6 events in 2 topics: Drills (5) and Diplomacy (1)." in text
    assert ("A shaded column marks 31 March 2013; under way that day: “Foal Eagle field exercise”, "
            "“F-22s arrive at Osan” and “USS Fitzgerald kept off Korea”.") in text
    assert "graded likely rather than verified: “USS Fitzgerald kept off Korea” and" in text
    north = drills.describe_calendar(tables, "dprk", "2013-03-15")
    assert "nothing shown was under way that day" in north and "likely" not in north


def test_chart_caption_lists_the_sources_of_the_events_shown(tables):
    chart = drills.calendar_chart(tables, "dprk")
    assert "DW, 30 Mar" in chart.caption  # the state of war
    assert "AFP, 31 Mar to 3 Apr" not in chart.caption  # the Fitzgerald is not shown
    assert "AFP, 31 Mar to 3 Apr" in drills.calendar_chart(tables).caption
    assert chart.description == drills.describe_calendar(tables, "dprk")


# --- tables --------------------------------------------------------------------------

def test_day_view_lists_what_was_under_way_with_numbered_sources(tables):
    view = drills.day_view(tables, "2013-03-31")
    lines = view.text.splitlines()
    assert lines[0] == "31 March 2013: under way or happening that day"
    assert len([line for line in lines if line.startswith("- ")]) == 3
    assert "AFP, 31 Mar to 3 Apr (likely). Note: The exact date of the move is not established." in view.text
    empty = drills.day_view(tables, "2013-03-15", "dprk")
    assert empty.text == "15 March 2013: nothing involving North Korea on the calendar."


def test_exercises_view_gives_kind_dates_and_length(tables):
    text = drills.exercises_view(tables).text
    assert "| 1 March to 30 April 2013 | 61 days |" in text
    assert "| 11 to 21 March 2013 | 11 days |" in text
    assert "command-post exercise" in text


def test_figures_view_shows_the_grades_and_the_ap_note(tables):
    view = drills.figures_view(tables, ["us-troops-rok"])
    assert "- US troops stationed in South Korea | about 28,500 troops | reported, likely | [IBTimes; Stars and Stripes]" in view.text
    assert "AP wrote &#x27;28,000&#x27; in April 2013." in view.html
    assert '<details class="kk-evidence"><summary>' in view.html and 'href="#source-us-troops-rok"' in view.html


def test_framings_view_keeps_the_words_exact_and_escaped(tables):
    view = drills.framings_view(tables)
    quotes = tables.quotes.set_index("quote_id")["text"]
    for _, items in drills.framings(tables):
        for table, record_id, _ in items:
            if table == "quotes":
                assert html.escape(f"“{quotes[record_id]}”") in view.html
    assert "Air &amp; Space Forces Magazine, &quot;B-2s demonstrate extended deterrence&quot;" in view.html
    assert "The Pentagon said the deployment was planned for Foal Eagle." in view.text
    rows = [line for line in view.text.splitlines() if line.startswith("- ")]
    assert len(rows) == sum(len(items) for _, items in drills.framings(tables))
    for framing, items in drills.framings(tables):  # each framing is named once, on its first row
        assert view.text.count(framing) == 1
        assert rows.pop(0).startswith(f"- {framing} | ") and all(rows.pop(0).startswith("-  | ") for _ in items[1:])


def test_rt_errors_view_pairs_rts_words_with_the_correction(tables):
    view = drills.rt_errors_view(tables)
    rows = [line for line in view.text.splitlines() if line.startswith("- ")]
    assert len(rows) == 2
    assert "then followed by" in rows[0] and "before Resolution 2094 of 7 March" in rows[0]
    assert "the F-22s flew to Osan Air Base, on land in Pyeongtaek" in rows[1]
    assert "Imprecise rather than false." in rows[1]
    assert "began March 1" in view.text  # the IBTimes words, among the notes


def test_lesson_sources_are_those_of_its_records(tables):
    text = drills.lesson_sources(tables).text
    assert "Stars and Stripes, Oct 2008; Korea Herald, 2018" in text
    assert "Yonhap, 9 Apr 2013" not in text  # Kaesong belongs to another lesson


# --- the widget ----------------------------------------------------------------------

def test_widget_structure_and_default_state(tables, explorer):
    assert isinstance(explorer, kk.KitWidget) and "kk-widget" in explorer._dom_classes
    assert explorer.children[0] is explorer.actor  # the first control: toggle buttons
    assert isinstance(explorer.actor, ipywidgets.ToggleButtons)
    assert isinstance(explorer.day, ipywidgets.SelectionSlider)
    assert len(explorer.day.options) == 61 and explorer.day.options[0][0] == "1 Mar"
    assert explorer.selection() == (None, pd.Timestamp("2013-04-18"))
    assert explorer.image.value == drills.calendar_chart(tables, day="2013-04-18").png_bytes()
    assert "North Korea named its preconditions" in explorer.panel.value


def test_the_controls_redraw_the_chart_and_the_panel(tables):
    w = drills.calendar_explorer(tables, width=5)  # small, to keep the test quick
    image, text, static = w.image.value, w.description.value, w._repr_mimebundle_()["text/html"]
    w.actor.value = "dprk"  # the first control
    assert w.image.value != image and w.description.value != text
    assert "involving North Korea" in w.description.value
    assert "Foal Eagle" not in w.panel.value and "preconditions" in w.panel.value
    image = w.image.value
    w.day.value = pd.Timestamp("2013-03-15")
    assert w.image.value != image
    assert w.panel.value == drills.day_view(tables, "2013-03-15", "dprk").html
    assert "A shaded column marks 15 March 2013; nothing shown was under way" in w.description.value
    assert "Key Resolve" in drills.day_view(tables, "2013-03-15").html  # what "All" would list
    assert w._repr_mimebundle_()["text/html"] == static  # the static rendering stays the default state


def test_static_rendering_is_the_default_state(tables, explorer):
    bundle = explorer._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    default = drills.calendar_chart(tables, day=drills.DEFAULT_DAY)
    assert bundle["text/plain"] == default.to_text() + "\n\n" + drills.day_view(tables, drills.DEFAULT_DAY).text
    page = bundle["text/html"]
    assert f'alt="{html.escape(default.description)}"' in page and drills.STATIC_HINT in page
    assert drills.day_view(tables, drills.DEFAULT_DAY).html in page
