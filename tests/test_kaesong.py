"""Tests for korea_kit.lessons.kaesong: the status by day, the map, its views and the April stepper."""
import html
import io
import math

import ipywidgets
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from PIL import Image

import korea_kit as kk
from korea_kit.lessons import kaesong as ks
from korea_kit.charts import Chart, peninsula_map
from korea_kit.charts.style import QuickRedraw

APRIL = pd.date_range(ks.SEQUENCE_START, ks.SEQUENCE_END)


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


def _changed(tables, table, record_id, **values):
    """A copy of the tables with some cells of one record changed."""
    copy = tables.copy()
    frame = copy[table]
    key = frame.columns[0]
    row = frame.index[frame[key] == record_id][0]
    for column, value in values.items():
        frame.loc[row, column] = pd.Timestamp(value) if column in ("date", "end_date") else value
    return copy


def _artists(ax, prefix=""):
    return {a.get_gid(): a for a in ax.get_children() if (a.get_gid() or "").startswith(prefix)}


def _style(tables, key):
    """A status's label (kaesong_statuses.csv) with its colour and marker on the map."""
    label = next(label for k, label in ks.statuses(tables).values() if k == key)
    return (label, *ks.STATUS_MARKS[key])


# --- status ---------------------------------------------------------------------

def test_status_follows_the_events_of_april(tables):
    keys = [ks.status_on(tables, day).key for day in APRIL]
    # 1-2 open, 3-7 barred, 8 pull-out, 9-10 shut, 11-13 offered, 14-18 rejected
    assert keys == (["open"] * 2 + ["barred"] * 5 + ["pullout"] + ["shut"] * 2 + ["offered"] * 3
                    + ["rejected"] * 5)
    status = ks.status_on(tables, "2013-04-16")
    assert status.event_id == "kaesong-offer-rejected-2013" and status.since_text == "14 April 2013"
    assert (status.label, status.colour, status.marker) == _style(tables, "rejected")
    assert ks.status_on(tables, "2013-10-01").key == "restarted"
    assert ks.status_on(tables, "2020-01-01").key == "closed"


def test_status_is_read_from_the_data_not_from_a_calendar(tables):
    moved = _changed(tables, "events", "kaesong-offer-2013", date="2013-04-12")
    assert ks.status_on(moved, "2013-04-11").key == "shut"
    assert ks.status_on(moved, "2013-04-12").key == "offered"
    added = tables.copy()
    extra = added.events.iloc[[0]].copy()
    extra["event_id"], extra["date"], extra["title"] = "kaesong-test", pd.Timestamp("2013-04-05"), "A <test> event"
    extra["date_precision"] = "day"
    added = ks.dataclasses.replace(added, events=pd.concat([added.events, extra], ignore_index=True))
    other = ks.status_on(added, "2013-04-06")
    assert (other.key, other.label, other.event_id) == ("other", "A <test> event", "kaesong-test")
    assert ks.status_on(added, "2013-04-08").key == "pullout"


def test_a_date_known_to_the_year_counts_from_the_next_year(tables):
    assert ks.status_on(tables, "2005-01-01").key == "open"
    assert ks.status_on(tables, "2005-01-01").since_text == "2004"
    with pytest.raises(ValueError, match="no Kaesong status is known on 31 December 2004"):
        ks.status_on(tables, "2004-12-31")


def test_the_sequence_is_the_kaesong_events_and_ban_s_appeal(tables):
    assert list(ks.sequence_events(tables).event_id) == [
        "kaesong-entry-ban-2013", "kaesong-pullout-2013", "kaesong-no-show-2013", "kaesong-offer-2013",
        "kaesong-offer-rejected-2013", "ban-appeal-2013"]
    assert set(ks.statuses(tables)) == set(tables.events[tables.events.topic == "kaesong"].event_id)


# --- geography --------------------------------------------------------------------

def test_distances_and_directions_come_from_the_coordinates(tables):
    moved = _changed(tables, "places", "seoul", latitude=38.97083, longitude=126.55444)  # 1° north of Kaesong
    assert ks.city_distance(moved, "kaesong", "seoul") == pytest.approx(111.19, abs=0.01)
    assert ks.compass(moved, "kaesong", "seoul") == "north"
    assert ks.city_distance(tables, "seoul", "kaesong") == ks.city_distance(tables, "kaesong", "seoul")
    assert ks.city_distance(tables, "seoul", "seoul") == 0
    k, s = (tables.places.set_index("place_id").loc[p] for p in ("kaesong", "seoul"))
    assert ks.compass(tables, "kaesong", "seoul") == (
        ("south" if s.latitude < k.latitude else "north") + ("east" if s.longitude > k.longitude else "west"))
    with pytest.raises(KeyError, match="panmunjom"):
        ks.city_distance(tables, "kaesong", "panmunjom")


# --- the map -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def april_9(tables):
    return ks.map_figure(tables, "2013-04-09")


def test_map_has_both_countries_the_border_and_the_places(tables, april_9):
    overview, close = april_9.axes
    assert (overview.get_gid(), close.get_gid()) == ("overview", "close-up")
    shapes = tables.shapes
    for ax in (overview, close):
        land = _artists(ax, "land:")
        assert {"land:dprk", "land:rok"} <= set(land)  # the neighbours' outlines frame them
        assert all(isinstance(c, PolyCollection) for c in land.values())
        n_rok = shapes[shapes.country_id == "rok"].shape_id.nunique()
        assert len(land["land:rok"].get_paths()) == n_rok
        border = _artists(ax, "border")["border"]
        want = shapes[shapes.kind == "border"].sort_values("point")[["longitude", "latitude"]].to_numpy()
        assert np.allclose(border.get_xydata(), want)
    places = tables.places.set_index("place_id")
    for gid, ax in (("place:pyongyang", overview), ("place:seoul", close), ("status", close)):
        place = places.loc["kaesong" if gid == "status" else gid.split(":")[1]]
        marker = _artists(ax, gid)[gid]
        assert tuple(marker.get_xydata()[0]) == pytest.approx((place.longitude, place.latitude))


def test_map_projection_keeps_the_shape(tables, april_9):
    shapes = tables.shapes
    lat = shapes[shapes.country_id.isin(["dprk", "rok"])].latitude  # the peninsula sets the projection
    want = 1 / math.cos(math.radians((lat.min() + lat.max()) / 2))
    for ax in april_9.axes:
        assert ax.get_aspect() == pytest.approx(want)
    assert april_9.get_size_inches()[0] <= 10 and april_9.dpi == 100


def test_map_marks_the_day_s_status_and_labels_the_distances(tables, april_9):
    close = april_9.axes[1]
    label, colour, marker = _style(tables, "shut")
    status = _artists(close, "status")["status"]
    assert status.get_marker() == marker and status.get_markerfacecolor().upper() == colour
    assert april_9.get_suptitle() == f"Kaesong on 9 April 2013: {label}"
    texts = {t.get_gid(): t.get_text() for t in close.texts}
    assert texts["label:status"] == label
    km = ks.city_distance(tables, "kaesong", "seoul")
    assert texts["label:distance"].startswith(f"{km:.0f} km between the city centres")
    assert "computed from their coordinates" in texts["label:distance"]
    assert "Natural Earth" in texts["label:border"]
    sourced = texts["label:sourced"]
    # the distance to the DMZ is disputed: the box gives each report's words, not one verified number
    assert "North of the DMZ, reports disagree:" in sourced and "about 54 km from Seoul (likely)" in sourced
    for words in ("“just north of the demilitarized zone” (Yonhap)", "“ten kilometres north of the DMZ” (Wikipedia)",
                  "“a few hundred yards north of the ... Demilitarised Zone”", "“10 kilometres inside North Korea”"):
        assert words in sourced
    assert "verified" not in sourced and "10 km north of the DMZ" not in sourced
    later = {t.get_gid(): t for t in ks.map_figure(tables, "2013-04-14").axes[1].texts}
    assert later["label:status"].get_text() == _style(tables, "rejected")[0]
    plain = ks.map_figure(tables)
    assert "label:status" not in {t.get_gid() for t in plain.axes[1].texts}
    assert plain.get_suptitle() == "Kaesong, Seoul and Pyongyang on the Korean Peninsula"


def test_map_labels_are_legible_inside_and_apart(tables, april_9):
    longest = max(ks.STATUS_MARKS, key=lambda k: len(_style(tables, k)[0]))
    day = next(d for d in APRIL if ks.status_on(tables, d).key == longest)
    for fig in (april_9, ks.map_figure(tables, day)):
        _assert_labels_clear(fig)


def _assert_labels_clear(fig):
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        boxes = {t.get_gid(): t.get_window_extent(renderer) for t in ax.texts}
        markers = {line.get_gid(): line.get_window_extent(renderer) for line in ax.lines
                   if line.get_gid().startswith("place:") or line.get_gid() == "status"}
        assert markers
        assert min(t.get_fontsize() for t in ax.texts) >= 9
        names = sorted(boxes)
        for n, a in enumerate(names):
            box = boxes[a]
            assert ax.bbox.x0 <= box.x0 and box.x1 <= ax.bbox.x1, a
            assert ax.bbox.y0 <= box.y0 and box.y1 <= ax.bbox.y1, a
            for b in names[n + 1:]:
                assert not box.overlaps(boxes[b]), (a, b)
            for gid, mark in markers.items():  # nor on a place's marker
                assert not box.overlaps(mark), (a, gid)
    title = fig._suptitle.get_window_extent(renderer)
    assert all(not title.overlaps(ax.bbox) for ax in fig.axes)


def test_description_and_caption_come_from_the_same_data(tables):
    text = ks.describe_map(tables, "2013-04-03")
    assert "\n" not in text and text.startswith("Map of the Korean Peninsula in two panels.")
    assert "Kaesong, in North Korea near the border, and Seoul, in South Korea, to its southeast" in text
    assert f"{ks.city_distance(tables, 'kaesong', 'seoul'):.0f} km apart, computed from their coordinates" in text
    assert "sourced figures for the complex: north of the DMZ, reports disagree: “ten kilometres north of the DMZ” " \
           "(Wikipedia); “10 kilometres inside North Korea” (AFP, DW and VOA); “just north of the demilitarized zone” " \
           "(Yonhap); “a few hundred yards north of the ... Demilitarised Zone” (a Reuters picture caption) and " \
           "about 54 km from Seoul (likely)." in text
    assert text.endswith("its status: South Koreans barred from entering (since 3 April 2013).")
    assert ks.describe_map(tables, "2013-04-03") == text
    renamed = _changed(tables, "places", "kaesong", name="Gaeseong")
    assert "shows Gaeseong, in North Korea" in ks.describe_map(renamed)
    caption = ks.map_caption(tables)
    assert caption.startswith("Map data: Natural Earth; GeoNames.")  # by their marks: in full in the lesson's sources
    assert "Wikipedia, TRT World" in caption  # the distances' sources, by their marks


def test_chart_is_deterministic_and_the_quick_redraw_matches_it(tables):
    chart = ks.kaesong_map(tables, "2013-04-11")
    assert isinstance(chart, Chart) and chart.caption == ks.map_caption(tables)
    assert chart.description == ks.describe_map(tables, "2013-04-11")
    png = chart.png_bytes()
    assert png == ks.kaesong_map(tables, "2013-04-11").png_bytes()
    assert f'alt="{html.escape(chart.description)}"' in chart.to_html(png)
    assert Image.open(io.BytesIO(png)).size[0] <= 1000
    # the widget's quick redraw of another day: the same picture, pixel for pixel, as a full drawing of that day
    quick = QuickRedraw(ks.kaesong_map(tables, "2013-04-03").figure)
    for day in ("2013-04-11", "2013-04-14", "2013-04-01"):
        before = quick.png_bytes()
        peninsula_map.show_day(quick, day, ks.status_on(tables, day))
        assert quick.png_bytes() == ks.kaesong_map(tables, day).png_bytes() != before, day


# --- views ---------------------------------------------------------------------------

def test_day_view_shows_the_day_s_events_with_their_sources(tables):
    nine = ks.day_view(tables, "2013-04-09")
    assert nine.text.startswith("9 April 2013. Status of the Kaesong complex: Workers stay away")
    assert "What happened on 9 April 2013" in nine.text
    assert "North Korean laborers failed to report for work on April 9" in nine.text  # the article's words
    assert "Yonhap, 9 Apr (verified)" in nine.text
    quiet = ks.day_view(tables, "2013-04-05")
    assert "No new event at Kaesong on 5 April 2013. The status comes from" in quiet.text
    assert "From 3 April South Koreans could no longer enter" in quiet.text
    last = ks.day_view(tables, "2013-04-18")
    assert "Elsewhere on 18 April 2013" in last.text and "preconditions" in last.text
    assert "No new event" in last.text  # nothing at Kaesong that day


def test_views_escape_the_data(tables):
    bad = _changed(tables, "events", "kaesong-pullout-2013", summary="North <b>pulls</b> & out")
    page = ks.day_view(bad, "2013-04-08").html
    assert "<b>pulls</b>" not in page and "North &lt;b&gt;pulls&lt;/b&gt; &amp; out" in page
    bad = _changed(tables, "figures", "kaesong-firms", subject="Firms <script>")
    page = ks.facts_view(bad, [("figures", "kaesong-firms")]).html
    assert "<script>" not in page and "Firms &lt;script&gt;" in page


def test_facts_view_formats_figures_and_numbers_shared_sources_once(tables):
    view = ks.facts_view(tables, [("figures", "kaesong-north-workers"), ("figures", "kaesong-south-staff"),
                                  ("glossary", "dmz"), ("quotes", "empty-meaningless")], caption="Facts")
    lines = view.text.splitlines()
    assert lines[1] == "- North Korean workers at Kaesong: about 53,000 workers (as of 9 April 2013). [Yonhap, 9 Apr]"
    assert lines[2] == ("- South Koreans at the Kaesong complex, as Reuters counted them: about 475 people "
                        "(as of 9 April 2013). [Reuters, 9 Apr]")
    assert lines[3].startswith("- DMZ (Demilitarized Zone): The strip of land that separates North and South Korea.")
    assert lines[4].startswith("- Committee for the Peaceful Reunification of Korea, 14 April 2013: “empty, meaningless”")
    assert view.text.count("\nYonhap, 9 Apr (verified)") == 1  # the evidence of a shared source, once
    assert "\nReuters, 9 Apr (verified)" in view.text and "800 people" not in view.text
    place = ks.facts_view(tables, [("places", "seoul")]).text.splitlines()
    assert place[1].startswith("- Seoul: 37.5660° N, 126.9784° E. Capital of South Korea")
    assert place[-1].endswith("(source of the coordinates)") and "GeoNames" in place[-1]
    with pytest.raises(ValueError, match="not 'actors'"):
        ks.facts_view(tables, [("actors", "ban")])


def test_lesson_sources_are_those_the_lesson_uses(tables):
    text = ks.lesson_sources(tables).text
    for wanted in ("Natural Earth", "GeoNames", "Yonhap, 9 Apr 2013", "ABC (Australia)",
                   "UN Secretary-General", "International Business Times"):
        assert wanted in text, wanted
    assert "Key Resolve" not in text and "Stars and Stripes" not in text


# --- the widget ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def stepper(tables):
    return ks.april_stepper(tables)


def test_first_control_is_a_day_slider_over_april(stepper):
    assert isinstance(stepper, kk.KitWidget)
    assert stepper.children[0] is stepper.day and isinstance(stepper.day, ipywidgets.SelectionSlider)
    assert [label for label, _ in stepper.day.options] == [f"{d} Apr" for d in range(1, 19)]
    assert stepper.day.label == "1 Apr"
    row = stepper.children[-2]  # the map and the day side by side, under the slider and its hint
    assert stepper.image in row.children and stepper.panel in stepper.texts.children and stepper.texts in row.children


def test_moving_the_slider_redraws_the_map_and_the_panel(stepper, monkeypatch):
    calls = []
    monkeypatch.setattr(peninsula_map, "_draw_base", lambda *a: calls.append(a))  # the base must come from the cache
    image, panel = stepper.image.value, stepper.panel.value
    stepper.day.value = APRIL[13]  # 14 April
    assert stepper.image.value != image and stepper.panel.value != panel
    assert "Shut down; the North rejects talks" in stepper.panel.value
    assert "What happened on 14 April 2013" in stepper.panel.value
    assert "“empty, meaningless”" in stepper.panel.value
    assert calls == []
    stepper.day.value = APRIL[0]
    assert (stepper.image.value, stepper.panel.value) == (image, panel)


def test_static_rendering_is_the_first_day(tables, stepper):
    bundle = stepper._repr_mimebundle_()
    chart = ks.kaesong_map(tables, APRIL[0])
    assert bundle["text/plain"] == chart.to_text() + "\n" + ks.day_view(tables, APRIL[0]).text
    page = bundle["text/html"]
    assert f'alt="{html.escape(chart.description)}"' in page and ks.STATIC_HINT in page
    assert "Status of the Kaesong complex: <strong>Open: in production</strong> (since 2004)" in page
    stepper.day.value = APRIL[8]
    assert stepper._repr_mimebundle_()["text/html"] == page


def test_stepper_options_and_errors(tables):
    with pytest.raises(ValueError, match="after"):
        ks.AprilStepper(tables, start="2013-04-18", end="2013-04-01")
    with pytest.raises(ValueError, match="is not between"):
        ks.AprilStepper(tables, value="2013-05-01")


def test_april_counts_of_south_koreans_come_with_their_reports(tables):
    """The counts of South Koreans at the complex, each with its day and its report; Reuters' and
    the BBC's counts of 9 April side by side, and no April 2013 count of 800."""
    figures = tables.figures.set_index("figure_id")
    counts = [f for _, f in ks.lesson_refs(tables) if f.startswith("kaesong-south-")]
    assert {figures.loc[f, "as_of"].strftime("%Y-%m-%d"): 0 for f in counts}.keys() >= {
        "2013-04-06", "2013-04-09", "2013-04-26", "2013-04-27", "2013-04-29", "2013-05-03"}
    nine = figures[figures["as_of"] == pd.Timestamp("2013-04-09")]
    south = nine[nine.index.str.startswith("kaesong-south-")]
    assert sorted(south["value"]) == [475, 479]
    assert 800 not in set(figures["value"])
    view = ks.facts_view(tables, [("figures", f) for f in counts])
    for report in ("AP, 5-6 Apr", "Reuters, 9 Apr", "BBC, 9 Apr", "Reuters, 26 Apr", "AP, 28 and 30 Apr", "BBC, 3 May"):
        assert report in view.text
    left = [figures.loc[f, "value"] for f in counts if "-left-" in f]
    assert sum(left) == figures.loc["kaesong-south-staff-2013-04-26", "value"]  # 125 + 43 + 7 = 175
