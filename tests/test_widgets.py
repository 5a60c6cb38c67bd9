"""Tests for korea_kit.widgets: controls re-render through the pure chart functions."""
import html

import ipywidgets
import pandas as pd
import pytest

from korea_kit.charts import TOPICS, describe_timeline, timeline_chart
from korea_kit import load_tables
from korea_kit.widgets import STATIC_HINT, TimelineExplorer, timeline_explorer

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

# (event_id, date, end_date, topic, title)
_ROWS = [
    ("nuclear-test-2013", "2013-02-12", None, "weapons", "Third nuclear test"),
    ("foal-eagle", "2013-03-01", "2013-04-30", "drills", "Foal Eagle exercise"),
    ("cyberattack", "2013-03-20", None, "cyber", "Broadcasters and banks hacked"),
    ("kaesong-withdrawal", "2013-04-08", None, "kaesong", "North to pull its Kaesong workers"),
    ("kaesong-no-show", "2013-04-09", None, "kaesong", "Kaesong workers stay away"),
    ("kaesong-offer", "2013-04-11", None, "kaesong", "Seoul offers <Kaesong> talks"),
    ("kaesong-refusal", "2013-04-14", None, "kaesong", "North calls offer “empty”"),
    ("ndc-conditions", "2013-04-18", None, "demands", "NDC lists conditions for talks"),
    ("kerry-rejects", "2013-04-18", None, "diplomacy", "Kerry rejects the conditions"),
    ("kaesong-reopens", "2013-09-16", None, "kaesong", "Kaesong reopens"),
]


def _events():
    ids, date, end, topic, title = zip(*_ROWS)
    return pd.DataFrame({
        "event_id": pd.array(ids, dtype="string"),
        "date": pd.to_datetime(list(date)).astype("datetime64[ns]"),
        "end_date": pd.to_datetime(list(end)).astype("datetime64[ns]"),
        "date_precision": pd.Categorical(["day"] * len(ids), categories=["day", "month", "year"]),
        "topic": pd.Categorical(topic, categories=TOPICS),
        "actor_ids": pd.array(["kp"] * len(ids), dtype="string"),
        "title": pd.array(title, dtype="string"),
        "summary": pd.array([f"{t}." for t in title], dtype="string"),
    })


@pytest.fixture
def explorer():
    return timeline_explorer(_events(), caption="Data: korea_kit demo")


def _shows(w, topics, start, end):
    """The widget's image and description are those of the pure functions."""
    chart = timeline_chart(_events(), topics, start, end, "Data: korea_kit demo")
    assert w.image.value == chart.png_bytes()
    text = describe_timeline(_events(), topics, start, end)
    assert w.description.value == (
        f"<p>{html.escape(text)}<br><small>Data: korea_kit demo</small></p>")


def test_structure_and_default_state(explorer):
    assert isinstance(explorer, TimelineExplorer) and isinstance(explorer, ipywidgets.VBox)
    assert isinstance(explorer.topics, ipywidgets.SelectMultiple)
    assert isinstance(explorer.window, ipywidgets.SelectionRangeSlider)
    assert isinstance(explorer.image, ipywidgets.Image) and explorer.image.format == "png"
    assert isinstance(explorer.description, ipywidgets.HTML)
    assert explorer.topics.value == ("weapons", "drills", "cyber", "kaesong", "demands",
                                     "diplomacy")
    assert [label for label, _ in explorer.topics.options][:2] == ["Weapons", "Drills"]
    assert explorer.window.value == (pd.Timestamp("2013-02-01"), pd.Timestamp("2013-04-30"))
    assert len(explorer.window.options) == 89 and explorer.window.label == ("1 Feb", "30 Apr")
    assert explorer.selection() == (None, pd.Timestamp("2013-02-01"), pd.Timestamp("2013-04-30"))
    _shows(explorer, None, "2013-02-01", "2013-04-30")
    assert "&lt;Kaesong&gt;" not in explorer.description.value  # not first or last here


def test_topic_filter_rerenders(explorer):
    image, text = explorer.image.value, explorer.description.value
    explorer.topics.value = ("kaesong",)
    assert explorer.image.value != image and explorer.description.value != text
    _shows(explorer, ("kaesong",), "2013-02-01", "2013-04-30")
    assert "It shows 4 events in 1 topic: Kaesong (4)." in explorer.description.value
    explorer.topics.value = ("weapons", "drills")
    _shows(explorer, ("drills", "weapons"), "2013-02-01", "2013-04-30")


def test_date_window_rerenders(explorer):
    explorer.topics.value = ("kaesong",)
    image = explorer.image.value
    explorer.window.value = (pd.Timestamp("2013-04-10"), pd.Timestamp("2013-04-18"))
    assert explorer.image.value != image
    _shows(explorer, ("kaesong",), "2013-04-10", "2013-04-18")
    assert "10–18 April 2013" in explorer.description.value
    assert "“Seoul offers &lt;Kaesong&gt; talks”, on 11 April 2013" in explorer.description.value


def test_no_topic_chosen_shows_the_empty_message(explorer):
    explorer.topics.value = ()
    _shows(explorer, (), "2013-02-01", "2013-04-30")
    assert "no events in this selection" in explorer.description.value


def test_mimebundle_keeps_the_widget_view_and_adds_a_static_rendering(explorer):
    plain = ipywidgets.VBox()._repr_mimebundle_()
    bundle = explorer._repr_mimebundle_()
    assert set(bundle) == set(plain) | {"text/html"}
    assert bundle[WIDGET_VIEW] == {"version_major": 2, "version_minor": 0,
                                   "model_id": explorer.model_id}
    default = timeline_chart(_events(), caption="Data: korea_kit demo")
    assert bundle["text/plain"] == default.to_text()
    page = bundle["text/html"]
    assert default.to_html() in page
    assert f'alt="{html.escape(default.description)}"' in page
    assert f"<p>{html.escape(default.description)}</p>" in page  # the caption is in the figure, once
    assert page.count("Data: korea_kit demo") == 1
    assert "Run All Cells" in STATIC_HINT and "filter the timeline" in STATIC_HINT
    assert STATIC_HINT in page
    explorer.topics.value = ("cyber",)  # the static rendering stays the default state
    assert explorer._repr_mimebundle_()["text/html"] == page


def test_ipython_display_uses_the_bundle(explorer):
    formatter = pytest.importorskip("IPython.core.formatters").DisplayFormatter()
    data, _ = formatter.format(explorer)
    assert data[WIDGET_VIEW]["model_id"] == explorer.model_id
    assert data["text/plain"] == explorer._repr_mimebundle_()["text/plain"]
    assert STATIC_HINT in data["text/html"]


def test_options_and_errors():
    w = TimelineExplorer(_events(), topics="kaesong", start="2013-04-01", end="2013-04-30",
                         width=7)
    assert w.topics.value == ("kaesong",) and len(w.window.options) == 30
    assert w.image.value == timeline_chart(_events(), ("kaesong",), "2013-04-01", "2013-04-30",
                                           width=7).png_bytes()
    assert "<br><small>" not in w.description.value  # no caption given
    wide = TimelineExplorer(_events(), start="2012-12-01", end="2013-01-31")
    assert wide.window.label == ("1 Dec 2012", "31 Jan 2013")
    with pytest.raises(ValueError, match="unknown topic 'sanctions'"):
        TimelineExplorer(_events(), topics=["sanctions"])  # not in this table
    with pytest.raises(ValueError, match="after"):
        TimelineExplorer(_events(), start="2013-04-30", end="2013-04-01")


def test_chart_panel_draws_each_choice_once_and_shows_it_again_when_chosen_again(monkeypatch):
    from korea_kit.lessons import sanctions

    stepper = sanctions.resolution_stepper(load_tables())
    first, drawn = stepper.image.value, []
    for name in ("views", "quick_views"):  # a full drawing or a quick redraw: either counts as drawing
        original = getattr(type(stepper), name)
        monkeypatch.setattr(type(stepper), name,
                            lambda self, original=original: drawn.append(self.choice.value) or original(self))
    stepper.choice.value = "resolution-2094"
    changed = stepper.image.value
    assert changed != first and "Inspections of cargo." in stepper.panel.value
    stepper.choice.value = "resolution-1718"
    assert stepper.image.value == first and "Inspections of cargo." not in stepper.panel.value
    stepper.choice.value = "resolution-2094"
    assert stepper.image.value == changed
    assert drawn == ["resolution-2094"]  # the default and the second visit came from what was kept


def test_the_timeline_keeps_its_latest_views_and_draws_a_kept_one_no_more(explorer, monkeypatch):
    explorer.keep = 3
    drawn = []
    real = explorer.chart
    monkeypatch.setattr(explorer, "chart", lambda: drawn.append(1) or real())
    days = len(explorer.window.options)
    for low in range(1, 6):  # five new windows: each drawn once
        explorer.window.index = (low, days - 1)
    assert len(drawn) == 5 and len(explorer._kept) == 3
    picture = explorer.image.value
    explorer.window.index = (4, days - 1)
    explorer.window.index = (5, days - 1)  # kept: shown again without a drawing
    assert len(drawn) == 5 and explorer.image.value == picture
    explorer.window.index = (1, days - 1)  # the oldest went: drawn again
    assert len(drawn) == 6
