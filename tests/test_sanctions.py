"""Tests for korea_kit.lessons.sanctions: the resolutions chart, the lesson's views and the stepper widget."""
import html
import re

import ipywidgets
import matplotlib.dates as mdates
import pytest

import korea_kit as kk
from korea_kit.data.sources import source_marks
from korea_kit.charts import TOPIC_COLOURS, TOPIC_MARKERS
from korea_kit.lessons.sanctions import (
    STEPPER_HINT, ResolutionStepper, first_step_phrases, triggers, council_view, describe_resolutions,
    lesson_sources_view, measures_view, resolution_ids, resolution_stepper, resolution_view,
    resolutions_chart, resolutions_figure, rt_check_view, translations_view,
)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ORDER = ["resolution-1718", "resolution-1874", "resolution-2087", "resolution-2094"]


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


@pytest.fixture(scope="module")
def figure(tables):
    return resolutions_figure(tables)


def _artists(fig, kind):
    """Artists of one kind (marker, band, label, arrow) by id, over all the axes."""
    found = {}
    for ax in fig.axes:
        for artist in [*ax.lines, *ax.patches, *ax.texts]:
            gid = artist.get_gid() or ""
            if gid.startswith(kind + ":"):
                found[gid.split(":", 1)[1]] = artist
    return found


def _day(x):
    return mdates.num2date(x).date().isoformat()


# --- the data the lesson rests on --------------------------------------------

def test_triggers_agree_with_the_events_table(tables):
    events = tables.events.set_index("event_id")
    assert set(events.index[events["topic"] == "sanctions"]) == set(triggers(tables)), "every sanctions event is paired"
    assert resolution_ids(tables) == ORDER
    for resolution, trigger in triggers(tables).items():
        assert events.loc[trigger, "topic"] == "weapons"
        assert events.loc[trigger, "date"].year <= events.loc[resolution, "date"].year
        # the resolution's own summary names what it answered
        kind = str(events.loc[trigger, "title"]).lower().split()
        summary = str(events.loc[resolution, "summary"]).lower()
        assert kind[0] in summary and kind[-1] in summary, (resolution, trigger)


# --- the chart ------------------------------------------------------------------

def test_figure_has_two_panels_lanes_title_and_legend(figure):
    assert [ax.get_title() for ax in figure.axes] == [
        "2006–2009, one tick a year", "December 2012 – March 2013, one tick a month"]
    assert figure.get_suptitle() == "UN sanctions on North Korea: four resolutions and what triggered them"
    left, right = figure.axes
    assert [t.get_text() for t in left.get_yticklabels()] == ["Tests and\nlaunches", "UN\nresolutions"]
    assert [t.get_text() for t in right.get_yticklabels()] == ["", ""]
    figure.canvas.draw()
    years = [t.get_text() for t in left.get_xticklabels()]
    assert {"2006", "2007", "2008", "2009"} <= set(years) and all(re.fullmatch(r"\d{4}", y) for y in years)
    assert [t.get_text() for t in right.get_xticklabels()] == ["Dec 2012", "Jan 2013", "Feb 2013", "Mar 2013"]
    legend = next(a for a in figure.legends if a.get_gid() == "legend")
    assert [t.get_text() for t in legend.get_texts()] == ["Test or launch", "UN sanctions resolution", "answered by"]
    assert len([line for ax in figure.axes for line in ax.lines if line.get_gid() == "break"]) == 2
    assert figure.get_figwidth() <= 10


def test_day_events_are_markers_on_their_day_and_year_events_are_bands(figure, tables, data_copy):
    markers, bands = _artists(figure, "marker"), _artists(figure, "band")
    assert bands == {}  # every test's day is known (9 October 2006, 25 May 2009)
    assert set(markers) == {*ORDER, "rocket-launch-2012", "nuclear-test-2006", "nuclear-test-2009", "nuclear-test-2013"}
    assert _day(markers["nuclear-test-2006"].get_xdata()[0]) == "2006-10-09"
    assert _day(markers["nuclear-test-2009"].get_xdata()[0]) == "2009-05-25"
    assert _day(markers["resolution-2094"].get_xdata()[0]) == "2013-03-07"
    # a test known only to its year would be a band over the whole year, never an invented day
    data_copy.set("events", "nuclear-test-2006", "date", "2006-01-01")
    data_copy.set("events", "nuclear-test-2006", "date_precision", "year")
    vague = resolutions_figure(kk.load_tables(data_copy.dir))
    band = _artists(vague, "band")["nuclear-test-2006"]
    assert (_day(band.get_x()), _day(band.get_x() + band.get_width())) == ("2006-01-01", "2007-01-01")
    assert "Test known only to the year" in [t.get_text() for t in vague.legends[0].get_texts()]
    assert _day(markers["rocket-launch-2012"].get_xdata()[0]) == "2012-12-12"
    for event_id, line in markers.items():
        topic = "sanctions" if event_id.startswith("resolution-") else "weapons"
        assert line.get_marker() == TOPIC_MARKERS[topic]
        assert line.get_markerfacecolor().upper() == TOPIC_COLOURS[topic]
        assert line.get_ydata()[0] == (0.0 if topic == "sanctions" else 1.0)


def test_labels_name_each_event_and_its_date_honestly(figure):
    labels = {k: t.get_text() for k, t in _artists(figure, "label").items()}
    assert len(labels) == 8
    assert labels["nuclear-test-2006"] == "First nuclear test\n9 Oct 2006"
    assert labels["nuclear-test-2009"] == "Second nuclear test\n25 May 2009"
    assert labels["resolution-1718"] == "Resolution 1718\n14 Oct 2006"
    assert labels["nuclear-test-2013"] == "Third nuclear test\n12 Feb 2013"
    assert not any("Jan 2006" in t or "Jan 2009" in t for t in labels.values())


def test_an_arrow_from_each_trigger_to_its_resolution(figure):
    arrows = _artists(figure, "arrow")
    assert set(arrows) == set(ORDER)
    for resolution_id, arrow in arrows.items():
        (_, y_from), (x_to, y_to) = arrow.xyann, arrow.xy
        assert y_from > y_to, "downwards, from the tests' lane to the resolutions' lane"
        assert _day(x_to) == _day(_artists(figure, "marker")[resolution_id].get_xdata()[0])
    assert _day(arrows["resolution-1718"].xyann[0]) == "2006-10-09"
    assert _day(arrows["resolution-2087"].xyann[0]) == "2012-12-12"


@pytest.mark.parametrize("highlight", [None, "resolution-2094"])  # all bold; one bold, three plain
def test_labels_never_overlap_and_stay_in_the_figure(tables, highlight):
    fig = resolutions_figure(tables, highlight)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in _artists(fig, "label").values()]
    boxes += [fig.legends[0].get_window_extent(renderer), fig._suptitle.get_window_extent(renderer)]
    for i, a in enumerate(boxes):
        assert a.x0 >= 0 and a.y0 >= 0 and a.x1 <= fig.bbox.width and a.y1 <= fig.bbox.height
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)


def test_highlight_makes_one_pair_bold_and_fades_the_others(tables):
    fig = resolutions_figure(tables, "resolution-2087")
    labels, markers = _artists(fig, "label"), _artists(fig, "marker")
    bold = {k for k, t in labels.items() if t.get_fontweight() == "bold"}
    assert bold == {"resolution-2087", "rocket-launch-2012"}
    assert markers["resolution-2087"].get_alpha() == 1.0 and markers["resolution-2094"].get_alpha() < 1.0
    assert markers["resolution-2087"].get_markersize() > markers["resolution-2094"].get_markersize()
    everything = _artists(resolutions_figure(tables), "label")
    assert all(t.get_fontweight() == "bold" for t in everything.values())
    with pytest.raises(ValueError, match="unknown resolution 'resolution-9999'"):
        resolutions_figure(tables, "resolution-9999")


def test_description_counts_days_only_where_both_days_are_known(tables):
    text = describe_resolutions(tables)
    # 12 December 2012 to 22 January 2013: 19 days of December, 22 of January
    assert "Resolution 2087, on 22 January 2013, answered the rocket launch of 12 December 2012, 41 days earlier." in text
    # 12 February to 7 March 2013: 16 days of February, 7 of March
    assert "the third nuclear test of 12 February 2013, 23 days earlier." in text
    assert "Resolution 1718, on 14 October 2006, answered the first nuclear test of 9 October 2006, 5 days earlier." in text
    assert "the second nuclear test of 25 May 2009, 18 days earlier." in text
    assert "dated only" not in text and "hatched" not in text
    assert "1 January" not in text and "Highlighted" not in text
    assert describe_resolutions(tables, "resolution-1874").endswith(
        "Highlighted: Resolution 1874 and the second nuclear test it answered.")


def test_chart_caption_cites_the_events_and_the_png_is_light(tables):
    chart = resolutions_chart(tables)
    assert "Wikipedia, “2013 North…”" in chart.caption  # the tests' dates
    assert "UN Security Council;" in chart.caption
    width, height = chart.figure.get_size_inches() * chart.dpi
    assert width <= 1000 and height < 500


# --- views -------------------------------------------------------------------

def _notes(text):
    """The source marks cited in a view's lines, and the marks of the sources of its evidence (one per source)."""
    body, _, notes = text.partition("\nEvidence:\n")
    marks = set(source_marks(kk.load_tables()).values())
    cited = {m for group in re.findall(r"\[([^\[\]]+)\]", body) for m in group.split("; ") if m in marks}
    listed = list(dict.fromkeys(re.match(r"(.*?)(?:: “| \((?:reported|verified|likely|conflicting)\))", line).group(1)
                                for line in notes.splitlines()))
    return cited, listed


def test_resolution_view_tells_the_story_with_numbered_sources(tables):
    view = resolution_view(tables, "resolution-2094")
    lines = view.text.splitlines()
    assert lines[0] == "Resolution 2094: 7 March 2013"
    assert "4th of the 4 resolutions with sanctions after a nuclear test or launch, 2006–2013 (1718, 1874, 2087, 2094)" \
        in lines[1]
    assert "the fifth if Resolution 1695 (July 2006, after missile launches) is counted" in view.text
    assert lines[3].startswith("What triggered it: Third nuclear test, 12 February 2013: ")
    assert lines[4] == "Time between them: 23 days, from 12 February 2013 to 7 March 2013."
    assert "The vote: 15 votes: Security Council votes for Resolution 2094" in view.text
    measures = list(tables.measures[tables.measures["event_id"] == "resolution-2094"]["measure"])
    assert len(measures) == 5 and all(f"- {m} [" in view.text for m in measures)
    cited, listed = _notes(view.text)
    assert cited and cited == set(listed)
    assert '<details class="kk-evidence">' in view.html and "<dl" in view.html

    early = resolution_view(tables, "resolution-1874")
    assert "What it added" not in early.text and "The vote" not in early.text
    assert "Second nuclear test, 25 May 2009: " in early.text
    assert "Time between them: 18 days, from 25 May 2009 to 12 June 2009." in early.text
    with pytest.raises(ValueError):
        resolution_view(tables, "key-resolve-2013")


def test_views_escape_the_data(data_copy):
    data_copy.set("measures", "cargo-2094", "measure", "Inspections of <cargo> & more.")
    tables = kk.load_tables(data_copy.dir)
    for view in (resolution_view(tables, "resolution-2094"), measures_view(tables)):
        assert "<cargo>" not in view.html and "Inspections of &lt;cargo&gt; &amp; more." in view.html
        assert "Inspections of <cargo> & more." in view.text


def test_council_and_measures_views(tables):
    council = council_view(tables)
    assert [l.split(":")[0] for l in council.text.splitlines()[1:4]] == [
        "- UNSC (United Nations Security Council)", "- sanctions resolution",
        "- Security Council votes for Resolution 2094 (of 15 members; none against)"]
    assert "15 votes, 7 March 2013" in council.text
    measures = measures_view(tables)
    assert measures.text.splitlines()[0] == "What Resolution 2094 (7 March 2013) added"
    assert measures.html.count("<tr>") == 1 + 5  # the header and one row a measure
    assert "no measures" in measures_view(tables, "resolution-1718").text


def test_translations_view_sets_the_three_versions_side_by_side(tables):
    view = translations_view(tables)
    lines = view.text.splitlines()
    assert lines[1].startswith("The demand (Policy Department of the National Defense Commission, 18 April 2013")
    # every answer the demand got, from answers.csv, each in the answerer's own words
    answered = tables.answers[tables.answers["demand_ids"].str.split(";").map(lambda ids: "withdraw-sanctions" in ids)]
    assert len(answered) > 1 and lines[2].startswith("The answers: ")
    quotes = tables.quotes.set_index("quote_id")["text"]
    for _, a in answered.iterrows():
        assert f"“{quotes[a['quote_id']]}”" in lines[2] and a["answer"] in lines[2]
    versions = [l for l in lines if l.startswith("- as printed by") or l.startswith("- KCNA")]
    assert [v.split(" (")[0] for v in versions] == [
        "- as printed by IBTimes", "- as printed by RT", "- KCNA's own English"]
    assert "translation" not in view.text.split("\nEvidence:\n")[0].replace("translations", "")
    assert "Reuters" not in view.text.split("\nEvidence:\n")[0]  # no version credited to an agency RT never names
    assert "- How their grounds are described: “cooked up on ridiculous grounds” / “fabricated with unjust " \
           "reasons” / “cooked up under absurd pretexts”" in lines
    assert view.html.split("<details")[0].count("<q>") == 3 + 3 * len(first_step_phrases(tables))
    assert "&#x27;resolutions on sanctions&#x27;" in view.html  # KCNA's own quotation marks, escaped
    cited, listed = _notes(view.text)
    assert cited == set(listed)


def test_translations_view_refuses_words_the_quote_does_not_have(tables):
    # the data check refuses such words first (tests/test_lesson_data.py); the view refuses them too
    tables = tables.copy()
    tables.quotes.loc[tables.quotes["quote_id"] == "first-step-kcna", "text"] = "As the first phase, withdraw them."
    with pytest.raises(ValueError, match="'retracting' is not in the words of quote 'first-step-kcna'"):
        translations_view(tables)


def test_rt_check_view_sets_rts_words_against_the_record(tables):
    view = rt_check_view(tables)
    text = view.text
    for words in ("third missile test", "A third round of UN sanctions", "then followed by"):
        assert words in text
    assert "  1. 14 October 2006: Resolution 1718 [" in text and "  4. 7 March 2013: Resolution 2094 [" in text
    # the war games: Foal Eagle had begun before the resolution, Key Resolve came after
    games = text.split("then followed by")[1]
    assert games.index("1 March to 30 April 2013: Foal Eagle") < games.index("7 March 2013: Resolution 2094") \
        < games.index("11 to 21 March 2013: Key Resolve")
    assert "it was the third nuclear test" in text
    cited, listed = _notes(text)
    assert cited == set(listed)


def test_lesson_sources_are_those_of_the_records_shown(tables):
    text = lesson_sources_view(tables).text
    for used in ("[IBTimes]", "[RT]", "KCNA English text", "US Embassy London fact sheet",
                 'Wikipedia, "2013 North Korean nuclear test"', "Key Resolve / Foal Eagle 2013"):
        assert used in text
    for unused in ("GeoNames", "Natural Earth", "Yonhap, 9 Apr", "China Daily"):
        assert unused not in text


# --- the widget ------------------------------------------------------------------

@pytest.fixture(scope="module")
def stepper(tables):
    return resolution_stepper(tables)


def test_stepper_structure_and_default_state(stepper, tables):
    assert isinstance(stepper, ResolutionStepper) and "kk-widget" in stepper._dom_classes
    assert stepper.children[0] is stepper.choice and isinstance(stepper.choice, ipywidgets.ToggleButtons)
    assert [v for _, v in stepper.choice.options] == ORDER
    assert [label for label, _ in stepper.choice.options][0] == "Resolution 1718"
    assert stepper.choice.value == "resolution-1718"
    assert isinstance(stepper.image, ipywidgets.Image) and stepper.image.format == "png"
    assert stepper.image.value == resolutions_chart(tables, "resolution-1718").png_bytes()
    assert stepper.panel.value == resolution_view(tables, "resolution-1718").html
    assert html.escape(describe_resolutions(tables, "resolution-1718")) in stepper.description.value


def test_stepping_changes_the_chart_and_the_panel(stepper, tables):
    image, panel = stepper.image.value, stepper.panel.value
    stepper.choice.value = "resolution-2094"
    assert stepper.image.value != image and stepper.image.value[:4] == b"\x89PNG"
    assert stepper.panel.value != panel
    assert stepper.panel.value == resolution_view(tables, "resolution-2094").html
    assert "Inspections of cargo." in stepper.panel.value
    assert "Highlighted: Resolution 2094" in stepper.description.value


def test_stepper_static_rendering_is_the_default_state(stepper, tables):
    stepper.choice.value = "resolution-2087"  # the static rendering stays that of the first resolution
    bundle = stepper._repr_mimebundle_()
    assert bundle[WIDGET_VIEW]["model_id"] == stepper.model_id
    chart, view = resolutions_chart(tables, "resolution-1718"), resolution_view(tables, "resolution-1718")
    assert bundle["text/plain"] == f"{chart.to_text()}\n\n{view.text}"
    page = bundle["text/html"]
    assert f'alt="{html.escape(chart.description)}"' in page and view.html in page
    assert f"<figcaption>{html.escape(chart.caption)}</figcaption>" in page
    assert STEPPER_HINT in page
    with pytest.raises(ValueError, match="unknown resolution"):
        ResolutionStepper(tables, "resolution-1")
