"""Tests for korea_kit.charts: filtering, the timeline figure, alt text, Chart."""
import base64
import html
import subprocess
import sys
import textwrap
from pathlib import Path

import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.figure import Figure

from korea_kit.charts import (
    TOPIC_COLOURS, TOPIC_MARKERS, TOPICS, Chart, describe_timeline, filter_events,
    timeline_chart, timeline_figure,
)

ROOT = Path(__file__).resolve().parents[1]

# Synthetic test rows, crowded on purpose to stress the layout: they are not the
# kit's facts (those are in data/ and tested through load_tables below).
# (event_id, date, end_date, precision, topic, actor_ids, title)
_ROWS = [
    ("nuclear-test-2006", "2006-10-09", None, "day", "weapons", "kp", "First nuclear test"),
    ("nuclear-test-2009", "2009-05-25", None, "day", "weapons", "kp", "Second nuclear test"),
    ("unha-3-launch", "2012-12-12", None, "day", "weapons", "kp", "Unha-3 rocket launch"),
    ("unsc-2087", "2013-01-22", None, "day", "sanctions", "unsc", "UN Resolution 2087"),
    ("nuclear-test-2013", "2013-02-12", None, "day", "weapons", "kp", "Third nuclear test"),
    ("foal-eagle", "2013-03-01", "2013-04-30", "day", "drills", "us;kr", "Foal Eagle exercise"),
    ("armistice-threat", "2013-03-05", None, "day", "threats", "kp-kpa",
     "KPA threatens to scrap the armistice"),
    ("unsc-2094", "2013-03-07", None, "day", "sanctions", "unsc", "UN Resolution 2094"),
    ("key-resolve", "2013-03-11", "2013-03-21", "day", "drills", "us;kr", "Key Resolve"),
    ("cyberattack", "2013-03-20", None, "day", "cyber", "kr", "Broadcasters and banks hacked"),
    ("b2-flight", "2013-03-28", None, "day", "drills", "us", "B-2 bombers fly over the South"),
    ("state-of-war", "2013-03-30", None, "day", "threats", "kp", "North declares “state of war”"),
    ("yongbyon-restart", "2013-04-02", None, "day", "weapons", "kp", "Yongbyon reactor to restart"),
    ("kaesong-entry", "2013-04-03", None, "day", "kaesong", "kp", "Entry to Kaesong blocked"),
    ("kaesong-withdrawal", "2013-04-08", None, "day", "kaesong", "kp",
     "North to pull its Kaesong workers"),
    ("kaesong-no-show", "2013-04-09", None, "day", "kaesong", "kp", "Kaesong workers stay away"),
    ("kaesong-offer", "2013-04-11", None, "day", "kaesong", "kr", "Seoul offers Kaesong talks"),
    ("kerry-tour", "2013-04-12", "2013-04-14", "day", "diplomacy", "us",
     "Kerry visits Seoul, Beijing, Tokyo"),
    ("kaesong-refusal", "2013-04-14", None, "day", "kaesong", "kp", "North calls offer “empty”"),
    ("ban-appeal", "2013-04-17", None, "day", "kaesong", "un", "Ban urges Kaesong dialogue"),
    ("ndc-conditions", "2013-04-18", None, "day", "demands", "kp-ndc",
     "NDC lists conditions for talks"),
    ("demand-sanctions", "2013-04-18", None, "day", "demands", "kp-ndc", "Lift UN sanctions"),
    ("demand-drills", "2013-04-18", None, "day", "demands", "kp-ndc", "End the joint drills"),
    ("kerry-rejects", "2013-04-18", None, "day", "diplomacy", "us", "Kerry rejects the conditions"),
    ("clear-signals", "2013-04-18", None, "day", "diplomacy", "us-wh",
     "White House asks for “clear signals”"),
    ("kaesong-reopens", "2013-09-16", None, "day", "kaesong", "kp;kr", "Kaesong reopens"),
    ("kaesong-shut-2016", "2016-02", None, "month", "kaesong", "kr", "Seoul shuts Kaesong"),
]


def _events(rows=_ROWS):
    ids, date, end, prec, topic, actors, title = zip(*rows)
    return pd.DataFrame({
        "event_id": pd.array(ids, dtype="string"),
        "date": pd.to_datetime(list(date), format="mixed").astype("datetime64[ns]"),
        "end_date": pd.to_datetime(list(end)).astype("datetime64[ns]"),
        "date_precision": pd.Categorical(prec, categories=["day", "month", "year"]),
        "topic": pd.Categorical(topic, categories=TOPICS),
        "actor_ids": pd.array(actors, dtype="string"),
        "title": pd.array(title, dtype="string"),
        "summary": pd.array([f"{t}." for t in title], dtype="string"),
    })

APRIL_18 = {"ndc-conditions", "demand-sanctions", "demand-drills", "kerry-rejects",
            "clear-signals"}


def _artists(fig, kind):
    """Event artists of one kind (marker, bar, label) by event id."""
    ax = fig.axes[0]
    found = {}
    for artist in [*ax.lines, *ax.patches, *ax.texts]:
        gid = artist.get_gid() or ""
        if gid.startswith(kind + ":"):
            found[gid.split(":", 1)[1]] = artist
    return found


# --- filter_events -----------------------------------------------------------

def test_filter_by_topic_keeps_rows_dtypes_and_input():
    events = _events()
    before = events.copy()
    kaesong = filter_events(events, ["kaesong"])
    assert set(kaesong["topic"]) == {"kaesong"} and len(kaesong) == 8
    assert filter_events(events, "kaesong").equals(kaesong)
    assert kaesong.dtypes.equals(events.dtypes)
    assert set(filter_events(events, ("demands", "diplomacy"))["event_id"]) == (
        APRIL_18 | {"kerry-tour"})
    assert len(filter_events(events)) == len(events)
    assert filter_events(events, []).empty
    pd.testing.assert_frame_equal(events, before)


def test_filter_window_is_inclusive_and_keeps_overlapping_events():
    events = _events()
    one_day = filter_events(events, start="2013-04-18", end=pd.Timestamp("2013-04-18"))
    assert set(one_day["event_id"]) == APRIL_18 | {"foal-eagle"}
    april = set(filter_events(events, start="2013-04-01", end="2013-04-30")["event_id"])
    assert "foal-eagle" in april          # began 1 March, still running
    assert "key-resolve" not in april     # 11-21 March
    assert "kerry-tour" in set(filter_events(events, start="2013-04-14", end="2013-04-14")
                               ["event_id"])
    assert set(filter_events(events, end="2009-12-31")["event_id"]) == {
        "nuclear-test-2006", "nuclear-test-2009"}
    assert set(filter_events(events, start="2014-01-01")["event_id"]) == {"kaesong-shut-2016"}


def test_filter_errors_are_clear():
    events = _events()
    with pytest.raises(ValueError, match=r"unknown topic 'nuclear'; choose from: weapons, sanctions, "):
        filter_events(events, ["kaesong", "nuclear"])
    with pytest.raises(ValueError, match=r"start \(2013-04-30\) is after end \(2013-04-01\)"):
        filter_events(events, start="2013-04-30", end="2013-04-01")
    with pytest.raises(ValueError, match="unknown topic"):
        timeline_figure(events, topics="Kaesong")


# --- timeline_figure -----------------------------------------------------------

def test_figure_has_a_glyph_and_a_label_per_event():
    events = _events()
    fig = timeline_figure(events)
    assert isinstance(fig, Figure)
    shown = set(filter_events(events, start="2013-02-01", end="2013-04-30")["event_id"])
    markers, bars, labels = (_artists(fig, k) for k in ("marker", "bar", "label"))
    assert len(shown) == 21
    assert set(bars) == {"foal-eagle", "key-resolve", "kerry-tour"}
    assert len(markers) == 18 and set(markers) | set(bars) == shown
    assert set(labels) == shown
    titles = dict(zip(events["event_id"], events["title"]))
    assert all(text.get_text() == titles[i] for i, text in labels.items())


def test_bars_are_clipped_to_the_window_and_markers_sit_on_their_day():
    fig = timeline_figure(_events(), start="2013-04-01", end="2013-04-30")
    bar = _artists(fig, "bar")["foal-eagle"]
    assert mdates.num2date(bar.get_x()).date().isoformat() == "2013-04-01"
    assert mdates.num2date(bar.get_x() + bar.get_width()).date().isoformat() == "2013-05-01"
    marker = _artists(fig, "marker")["kaesong-no-show"]
    assert mdates.num2date(marker.get_xdata()[0]).date().isoformat() == "2013-04-09"


def test_lanes_title_fonts_and_date_axis():
    fig = timeline_figure(_events())
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [  # the order of the story
        "Weapons", "Sanctions", "Drills", "Threats", "Cyber", "Kaesong", "Demands", "Diplomacy"]
    assert fig.get_suptitle() == "Korean Peninsula, February–April 2013: events by topic"
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Feb 2013", "Mar 2013", "Apr 2013", "May 2013"]
    days = next(a for a in ax.lines if a.get_gid() == "day-marks")
    assert len(days.get_xdata()) == 89  # a mark a day, 1 February to 30 April 2013
    texts = [*ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels(), fig._suptitle]
    assert min(t.get_fontsize() for t in texts) >= 9

    fig = timeline_figure(_events(), ["demands", "kaesong"], "2013-04-08", "2013-04-18")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Kaesong", "Demands"]
    assert fig.get_suptitle() == "Korean Peninsula, 8–18 April 2013: events by topic"


def test_topic_styles_are_okabe_ito_with_distinct_shapes():
    okabe_ito = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2",
                 "#D55E00", "#CC79A7"}
    assert set(TOPIC_COLOURS) == set(TOPICS) == set(TOPIC_MARKERS)
    assert set(TOPIC_COLOURS.values()) == okabe_ito
    assert len(set(TOPIC_MARKERS.values())) == len(TOPICS)
    events = _events()
    topic = dict(zip(events["event_id"], events["topic"]))
    for event_id, line in _artists(timeline_figure(events), "marker").items():
        assert line.get_marker() == TOPIC_MARKERS[topic[event_id]]
        assert line.get_markerfacecolor().upper() == TOPIC_COLOURS[topic[event_id]]


def test_month_precision_events_are_hollow():
    fig = timeline_figure(_events(), start="2016-01-01", end="2016-12-31")
    assert _artists(fig, "marker")["kaesong-shut-2016"].get_markerfacecolor() == "white"


@pytest.mark.parametrize("kwargs", [
    {},
    {"start": "2013-04-01", "end": "2013-04-30", "width": 6},
    {"start": "2013-04-08", "end": "2013-04-18", "width": 5},
    {"start": None, "end": None, "width": 8},
    {"topics": ["kaesong", "demands", "diplomacy"], "width": 4.5},
])
def test_labels_never_overlap_and_stay_inside(kwargs):
    _assert_labels_clear(timeline_figure(_events(), **kwargs))


@pytest.mark.parametrize("kwargs", [
    {},
    {"start": "2013-04-01", "end": "2013-04-30", "width": 6},
    {"topics": ["kaesong", "diplomacy", "demands"], "width": 5},
])
def test_labels_of_the_kit_s_own_events_never_overlap(kwargs):
    from korea_kit import load_tables

    _assert_labels_clear(timeline_figure(load_tables().events, **kwargs))


def _assert_labels_clear(fig):
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = {i: t.get_window_extent(renderer) for i, t in _artists(fig, "label").items()}
    glyphs = {i: a.get_window_extent(renderer)
              for kind in ("marker", "bar") for i, a in _artists(fig, kind).items()}
    ids = sorted(labels)
    for n, a in enumerate(ids):
        box = labels[a]
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1, a
        assert fig.bbox.y0 <= box.y0 and box.y1 <= fig.bbox.y1, a
        assert ax.bbox.x0 <= box.x0 and box.x1 <= ax.bbox.x1, a  # clear of the lane labels
        for b in ids[n + 1:]:
            assert not box.overlaps(labels[b]), (a, b)
        for b, glyph in glyphs.items():
            if b != a:
                assert not box.overlaps(glyph), (a, b)
    assert not fig._suptitle.get_window_extent(renderer).overlaps(ax.bbox)


def test_same_day_events_get_their_own_rows():
    fig = timeline_figure(_events(), topics="demands")
    rows = {line.get_ydata()[0] for line in _artists(fig, "marker").values()}
    assert len(rows) == 3
    height_one = fig.get_size_inches()[1]
    assert timeline_figure(_events(), topics="cyber").get_size_inches()[1] < height_one


def test_empty_selection_gives_a_message_not_an_error():
    fig = timeline_figure(_events(), topics="cyber", start="2013-04-01", end="2013-04-30")
    assert [t.get_text() for t in fig.texts if t is not fig._suptitle] == [
        "No events in this selection"]
    assert not fig.axes
    assert fig.get_suptitle() == "Korean Peninsula, April 2013: events by topic"
    assert timeline_chart(_events(), topics=[]).png_bytes().startswith(b"\x89PNG")


# --- describe_timeline -----------------------------------------------------------

def test_description_counts_busiest_first_last_and_long_events():
    text = describe_timeline(_events())
    assert text.startswith("Timeline of events on the Korean Peninsula, February–April 2013")
    assert "It shows 21 events in 8 topics: Kaesong (6), Drills (3), Demands (3)" in text
    assert "The busiest topic is Kaesong, with 6 events." in text
    assert "The first is “Third nuclear test”, on 12 February 2013;" in text
    assert "the last are 5 events on 18 April 2013: " in text
    assert "“White House asks for ‘clear signals’”" in text
    assert "“Foal Eagle exercise” ran from 1 March to 30 April 2013." in text
    assert "“Key Resolve” ran from 11 to 21 March 2013." in text
    assert "Bars are cut" not in text
    assert "\n" not in text


def test_description_follows_the_selection():
    events = _events()
    april = describe_timeline(events, start="2013-04-01", end="2013-04-30")
    assert "April 2013, with one lane per topic. It shows 14 events in 5 topics" in april
    assert "Bars are cut at the edges of the window." in april
    tie = describe_timeline(events, ["cyber", "diplomacy", "demands"])
    assert "limited to Cyber, Demands and Diplomacy" in tie
    assert "The busiest topics, Demands and Diplomacy, have 3 events each." in tie
    one = describe_timeline(events, "weapons", "2013-04-01", "2013-04-30")
    assert "It shows 1 event in 1 topic: Weapons (1). The only event is “Yongbyon reactor" in one
    later = describe_timeline(events, "kaesong", None, None)
    assert "the last is “Seoul shuts Kaesong”, in February 2016." in later
    assert "1 event dated only to the month or year is drawn as a hollow marker." in later
    assert describe_timeline(events, "cyber", "2013-04-01", "2013-04-30") == (
        "Timeline of events on the Korean Peninsula, April 2013, limited to Cyber: "
        "no events in this selection.")


# --- Chart -----------------------------------------------------------------------

def test_chart_is_deterministic_and_has_three_representations():
    one, two = timeline_chart(_events(), caption="Data: korea_kit"), timeline_chart(_events())
    assert isinstance(one, Chart) and isinstance(one.figure, Figure)
    assert one.png_bytes() == two.png_bytes()
    assert one.description == two.description == describe_timeline(_events())
    bundle = one._repr_mimebundle_()
    assert set(bundle) == {"image/png", "text/html", "text/plain"}
    assert bundle["image/png"] == one.png_bytes()
    assert bundle["text/plain"] == one.description + "\nData: korea_kit"
    page = bundle["text/html"]
    assert page.startswith("<figure><img src=\"data:image/png;base64,") and page.endswith(
        "<figcaption>Data: korea_kit</figcaption></figure>")
    assert base64.b64encode(bundle["image/png"]).decode().replace("/", "%2F") in page
    assert one.to_html() == page
    assert "<figcaption>" not in two.to_html()
    assert set(one._repr_mimebundle_(include={"text/plain"})) == {"text/plain"}
    assert "image/png" not in one._repr_mimebundle_(exclude={"image/png"})


def test_chart_escapes_titles_and_caption():
    rows = [r if r[0] != "kaesong-entry" else
            (*r[:6], "<script>alert(1)</script>") for r in _ROWS]
    chart = timeline_chart(_events(rows), "kaesong", caption="Seoul & <Pyongyang>")
    page = chart.to_html()
    assert "<script>" not in page and "<Pyongyang>" not in page
    assert 'alt="Timeline' in page and "“&lt;script&gt;alert(1)&lt;/script&gt;”" in page
    assert html.escape(chart.description) in page
    assert "<figcaption>Seoul &amp; &lt;Pyongyang&gt;</figcaption>" in page
    assert "<script>alert" in chart._repr_mimebundle_()["text/plain"]
    label = _artists(chart.figure, "label")["kaesong-entry"]
    assert label.get_text() == "<script>alert(1)</script>"


def test_dollar_signs_are_not_mathtext():
    rows = [r if r[0] != "unsc-2094" else (*r[:6], "$1 bn and $2 bn frozen") for r in _ROWS]
    chart = timeline_chart(_events(rows), "sanctions")
    assert chart.png_bytes().startswith(b"\x89PNG")
    assert _artists(chart.figure, "label")["unsc-2094"].get_text() == "$1 bn and $2 bn frozen"


# --- global state ------------------------------------------------------------------

_CLEAN_IMPORT = textwrap.dedent("""
    import sys, warnings
    sys.path.insert(0, ROOT)
    import matplotlib, matplotlib.figure, matplotlib.dates, matplotlib.backends.backend_agg
    import numpy, pandas, ipywidgets  # their own import-time effects are not ours

    def backend():  # without resolving it: that would import pyplot
        try:
            return matplotlib.get_backend(auto_select=False)  # matplotlib >= 3.10
        except TypeError:
            return matplotlib.rcParams._get_backend_or_none()

    def state():  # rcParams.copy(), not dict(rcParams), which resolves the backend
        return (matplotlib.rcParams.copy(), backend(), list(warnings.filters),
                "matplotlib.pyplot" in sys.modules)

    before = state()
    import korea_kit.charts, korea_kit.charts.timeline, korea_kit.widgets
    after_import = state()
    chart = korea_kit.charts.timeline_chart(korea_kit.charts.timeline._demo_events())
    chart._repr_mimebundle_()
    korea_kit.widgets.timeline_explorer(korea_kit.charts.timeline._demo_events())._repr_mimebundle_()
    after_use = state()
    assert before[1] is None and before[3] is False, before[1:]
    for name, a, b, c in zip(["rcParams", "backend", "warnings.filters", "pyplot imported"],
                             before, after_import, after_use):
        assert a == b, "import changed " + name
        assert a == c, "use changed " + name
    print("clean")
""")


def _runs_clean(script: str, timeout: int) -> None:
    """Run a state-checking script in a fresh interpreter; it prints "clean" when nothing global changed."""
    result = subprocess.run([sys.executable, "-c", f"ROOT = {str(ROOT)!r}\n" + script], cwd=ROOT,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"


def test_import_and_use_leave_global_state_alone():
    _runs_clean(_CLEAN_IMPORT, timeout=120)


# --- one file per chart, one style --------------------------------------------------

#: The lessons' charts, one module each in korea_kit/charts/ (the timeline is tested above).
LESSON_CHARTS = {
    "resolutions": ("resolutions_figure", "describe_resolutions", "resolutions_chart"),
    "drills_calendar": ("calendar_figure", "describe_calendar", "calendar_chart"),
    "peninsula_map": ("map_figure", "describe_map", "map_chart"),
    "demands_matrix": ("matrix_figure", "describe_matrix", "matrix_chart"),
    "coverage": ("coverage_figure", "describe_coverage", "coverage_chart"),
    "regional_map": ("regional_figure", "describe_regional", "regional_chart"),
    "background_timeline": ("background_figure", "describe_background", "background_chart"),
}


def _chart_sources():
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((ROOT / "korea_kit" / "charts").glob("*.py"))
            if p.stem not in ("__init__", "style")}


def test_each_chart_is_a_file_of_its_own_that_draws_plain_rows():
    """A chart's file holds its figure, its description and the two as a Chart; it takes what a lesson
    picks (rows, records, words), never the tables. (That it imports no lesson is the layer order's
    check, in tests/test_project.py.)"""
    import ast
    import importlib

    assert set(_chart_sources()) == {"timeline", *LESSON_CHARTS}
    for name, functions in LESSON_CHARTS.items():
        module = importlib.import_module(f"korea_kit.charts.{name}")
        assert set(functions) <= set(module.__all__), name
        for node in ast.parse(_chart_sources()[name]).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                assert "tables" not in [a.arg for a in node.args.args + node.args.kwonlyargs], \
                    f"{name}.{node.name} takes the tables: let the lesson pick the rows"


def test_every_chart_draws_in_the_one_style():
    """Every chart draws on the style's figure (new_figure, or the timeline's), keeps its texts plain
    (plain_text), and never goes through pyplot, rcParams, a Figure or a title of its own."""
    import ast

    for name, source in _chart_sources().items():
        tree = ast.parse(source)
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert "korea_kit.charts.style" in imported, name
        assert not {m for m in imported if "pyplot" in m}, name
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        used |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        for banned in ("pyplot", "plt", "rcParams", "rc_context", "use", "Figure", "suptitle"):
            assert banned not in used, f"{name} uses {banned}"
        drawers = [node for node in tree.body if isinstance(node, ast.FunctionDef) and (node.name.endswith("_figure")
                   or any(isinstance(n, ast.Call) and getattr(n.func, "id", "") == "new_figure" for n in ast.walk(node)))]
        assert drawers, name
        for node in drawers:
            assert "plain_text" in [getattr(d, "id", "") for d in node.decorator_list], \
                f"{name}.{node.name} draws a figure: decorate it with plain_text"


_CLEAN_DRAWING = textwrap.dedent("""
    import sys, warnings
    sys.path.insert(0, ROOT)
    import matplotlib, numpy, pandas, ipywidgets  # their own import-time effects are not ours

    def state():
        return (matplotlib.rcParams.copy(), list(warnings.filters), "matplotlib.pyplot" in sys.modules)

    before = state()
    import korea_kit as kk
    tables = kk.load_tables()
    charts = [kk.sanctions.resolutions_chart(tables, "resolution-2094"),
              kk.drills.calendar_chart(tables, "usa", "2013-03-15"),
              kk.kaesong.kaesong_map(tables, "2013-04-09"),
              kk.demands.demand_chart(tables, "clear-signals"),
              kk.reading.coverage_chart(tables)]
    for chart in charts:
        chart._repr_mimebundle_()
    kk.kaesong.april_stepper(tables).day.value = pandas.Timestamp("2013-04-14")  # the map's fast redraw
    after = state()
    for name, a, b in zip(["rcParams", "warnings.filters", "pyplot imported"], before, after):
        assert a == b, "drawing changed " + name
    print("clean")
""")


def test_drawing_every_lesson_chart_leaves_global_state_alone():
    _runs_clean(_CLEAN_DRAWING, timeout=300)


# --- quick redraws: the picture must be that of a full drawing ------------------------------------
# Agg draws artist by artist; a rectangle drawn again with the same artists, in the same order, over the
# same background, gets the same pixels. So the tolerance is none: the PNGs must be the same bytes.

def _full_png(fig):
    return Chart(fig, "").png_bytes()


def test_quick_redraw_equals_a_full_drawing_after_each_change():
    from korea_kit.charts.style import QuickRedraw, new_figure

    fig = new_figure(4, 3)
    ax = fig.add_axes((0.15, 0.15, 0.8, 0.7))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.grid(True)
    ax.set_title("A crowded test figure")
    ax.axhspan(4, 6, color="#eeeeee", zorder=0)
    dot = ax.plot([2], [5], "o", markersize=14, zorder=3)[0]
    label = ax.annotate("Moving label", (2, 5), xytext=(8, 8), textcoords="offset points", zorder=4,
                        arrowprops={"arrowstyle": "->"})
    above = ax.text(5, 5, "Text above the dot", zorder=5, ha="center")  # the dot passes under it
    quick = QuickRedraw(fig)
    assert quick.png_bytes() == _full_png(fig)
    for x, weight in ((5, "bold"), (9.5, "normal"), (0.2, "bold")):  # under the text, at the edges
        before = quick.png_bytes()

        def move(x=x, weight=weight):
            dot.set_xdata([x])
            label.xy = (x, 5)
            label.set_fontweight(weight)

        quick.change([dot, label], move)
        assert quick.png_bytes() == _full_png(fig) != before
    assert above.get_visible() and dot.get_visible()  # what was hidden to redraw is shown again


def _chart_cases():
    from korea_kit import load_tables
    from korea_kit.charts import background_timeline as bt, demands_matrix as dm, resolutions as rs
    from korea_kit.lessons import background, demands, sanctions

    tables = load_tables()
    rows = background._rows(tables, background.timeline_events(tables))
    ids = [r.event_id for r in rows]
    matrix = demands._matrix_rows(tables)
    pairs = sanctions._pairs(tables)
    return [
        (lambda h: bt.background_highlights(rows, h), lambda h: bt.background_figure(rows, h),
         [ids[0], ids[-1], ids[len(ids) // 2], ids[len(ids) // 2 + 1], ids[0]]),
        (lambda h: dm.matrix_highlights(matrix, h), lambda h: dm.matrix_figure(matrix, h),
         [*matrix["demand_id"].iloc[[0, -1, 3]], matrix["demand_id"].iloc[0]]),
        (lambda h: rs.resolutions_highlights(pairs, h), lambda h: rs.resolutions_figure(pairs, h),
         [*(str(r["event_id"]) for r, _ in pairs), str(pairs[0][0]["event_id"])]),
    ]


@pytest.mark.parametrize("case", range(3), ids=["background timeline", "demands matrix", "resolutions"])
def test_switching_a_highlight_gives_the_full_drawing_of_it(case):
    quick_of, figure_of, states = _chart_cases()[case]
    quick = quick_of(states[0])
    assert quick.png_bytes() == _full_png(figure_of(states[0]))
    seen = {quick.png_bytes()}
    for state in states[1:]:
        quick.show(state)
        png = quick.png_bytes()
        assert png == _full_png(figure_of(state)), state
        seen.add(png)
    assert len(seen) == len(set(states))  # each highlight is a picture of its own
    with pytest.raises(KeyError):
        quick.show("no-such-state")


def test_moving_the_calendar_s_day_gives_the_full_drawing_of_it():
    from korea_kit import load_tables
    from korea_kit.charts.style import QuickRedraw
    from korea_kit.lessons import drills

    tables = load_tables()
    quick = QuickRedraw(drills.calendar_figure(tables, None, "2013-04-18"))
    for day in ("2013-03-01", "2013-03-15", "2013-04-30", "2013-04-17"):  # the edges, a busy day, the next day
        drawing_before = quick.png_bytes()
        drills.drawing.move_day(quick, day)
        assert quick.png_bytes() == _full_png(drills.calendar_figure(tables, None, day)) != drawing_before, day


def test_the_kit_s_renderer_draws_what_matplotlib_s_own_agg_draws():
    """The kit's figures keep text sizes and glyph layouts across figures; the pixels stay matplotlib's."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from korea_kit import load_tables
    from korea_kit.lessons import sanctions

    tables = load_tables()
    for fig in (timeline_figure(_events(), width=8),  # twice: the second drawing comes from what was kept
                timeline_figure(_events(), width=8),
                sanctions.resolutions_figure(tables, "resolution-2094")):
        fig.canvas.draw()
        kept = np.asarray(fig.canvas.buffer_rgba()).copy()
        FigureCanvasAgg(fig).draw()
        assert np.array_equal(kept, np.asarray(fig.canvas.buffer_rgba()))
