"""What the kit's widgets give keyboard and screen-reader learners, checked in Python.

Every kit widget ends with its :class:`~korea_kit.widgets.access.Access` helper; these tests
check what the widgets ask of it (names, alt text, slider texts, news). The browser tests
(``tests/access_checks.py``, run by ``tests/test_lab_browser.py`` and ``tests/test_voila.py``)
check that the front end applies it in JupyterLab and Voilà.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
import pytest

from korea_kit import load_tables
from korea_kit.lessons.demands import demand_explorer
from korea_kit.lessons.drills import calendar_explorer
from korea_kit.lessons.kaesong import april_stepper, describe_map
from korea_kit.lessons.reading import spot_the_error
from korea_kit.lessons.roleplay import negotiation_rounds
from korea_kit.lessons.sanctions import resolution_stepper
from korea_kit.lessons.background import timeline_stepper
from korea_kit.widgets import overview_explorer, quiz
from korea_kit.widgets.access import Access, FOCUS_PARTS, part_class
from korea_kit.widgets.writing import open_question


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def _controls(widget):
    for child in getattr(widget, "children", ()):
        yield child
        yield from _controls(child)


def _attrs(widget, control) -> dict:
    return widget.access.parts.get(part_class(control), {}).get("attrs", {})


def _named(widget, control) -> bool:
    """A name for screen readers: the helper's aria-label, or a checkbox's or button's own words."""
    if isinstance(control, (widgets.Checkbox, widgets.Button)):
        return bool(control.description)
    return bool(_attrs(widget, control).get("aria-label"))


WIDGETS = {
    "00 overview timeline": lambda t: overview_explorer(t),
    "01 timeline stepper": lambda t: timeline_stepper(t),
    "02 resolution stepper": lambda t: resolution_stepper(t),
    "03 drills calendar": lambda t: calendar_explorer(t),
    "04 April stepper": lambda t: april_stepper(t),
    "05 demands": lambda t: demand_explorer(t),
    "06 spot the error": lambda t: spot_the_error(t),
    "07 simulation": lambda t: negotiation_rounds(t),
    "quiz": lambda t: quiz(t, "02-sanctions", store=None),
    "open question": lambda t: open_question(t, "03-drills"),
}


@pytest.mark.parametrize("name", WIDGETS)
def test_every_control_is_named_and_every_picture_has_alt_text(tables, name):
    widget = WIDGETS[name](tables)
    assert isinstance(widget.children[-1], Access) and widget.children[-1] is widget.access
    kinds = tuple(k for k in FOCUS_PARTS if k is not widgets.Image) + (widgets.Button,)
    controls = [c for c in _controls(widget) if isinstance(c, kinds)]
    assert controls or name == "open question"
    unnamed = [type(c).__name__ for c in controls if not _named(widget, c)
               and not isinstance(c, widgets.Textarea)]
    assert unnamed == [], f"{name}: controls without a name"
    for image in (c for c in _controls(widget) if isinstance(c, widgets.Image)):
        assert _attrs(widget, image).get("alt"), f"{name}: a picture without alt text"
    for slider in (c for c in controls if isinstance(c, (widgets.SelectionSlider, widgets.SelectionRangeSlider))):
        values = widget.access.parts[part_class(slider)]["values"]
        assert all(v == list(slider._options_labels) for v in values), f"{name}: the slider's texts are its labels"


def test_open_question_areas_are_named(tables):
    widget = open_question(tables, "03-drills")
    assert [_attrs(widget, a).get("aria-label") for a in widget.answers] == ["Your answer to question 1"]


def test_quiz_lists_are_named_by_question_and_place_and_feedback_is_announced(tables):
    widget = quiz(tables, "02-sanctions", store=None)
    box = widget.boxes[0]
    assert box.question.kind == "order"
    names = [_attrs(widget, c)["aria-label"] for c in box.controls]
    assert names == ["Question 1: 1st", "Question 1: 2nd", "Question 1: 3rd", "Question 1: 4th"]
    serial = widget.access.serial
    result = box.submit()
    assert widget.access.serial == serial + 1 and widget.access.news.startswith(result.message)
    box.show_answer()
    assert widget.access.serial == serial + 2 and "Answer:" in widget.access.news


def test_a_chart_panels_alt_text_and_news_follow_the_view(tables):
    widget = calendar_explorer(tables)
    first = _attrs(widget, widget.image)["alt"]
    assert first and first in widget.description.value.replace("&#x27;", "'")
    widget.day.value = pd.Timestamp("2013-03-31")
    alt = _attrs(widget, widget.image)["alt"]
    assert alt != first and "31 March 2013" in alt
    assert widget.access.news == alt and widget.access.serial == 1
    widget.day.value = pd.Timestamp("2013-04-18")  # a kept view: the alt text and the news follow it too
    assert _attrs(widget, widget.image)["alt"] == first and widget.access.news == first


def test_the_april_stepper_announces_the_days_status_and_its_map_alt_follows(tables):
    widget = april_stepper(tables)
    assert widget.access.serial == 0  # nothing said before the learner does anything
    day = widget.day.options[8][1]
    widget.day.value = day
    assert _attrs(widget, widget.image)["alt"] == describe_map(tables, day)
    assert widget.access.news.startswith("9 April 2013. Status of the Kaesong complex:")
    assert _attrs(widget, widget.day)["aria-label"] == ["Day"]


def test_the_simulation_announces_each_round(tables):
    widget = negotiation_rounds(tables)
    widget.side.value = "usa"
    assert widget.access.news.startswith("You play the United States")
    widget.play_round()
    assert widget.access.news.startswith("Round 1 (11 to 15 April 2013). After this round:")
    widget.start_again()
    assert widget.access.news == "A new game: no round played yet."


def test_spot_the_error_announces_the_verdict(tables):
    widget = spot_the_error(tables)
    widget.verdict.value = "error"
    assert widget.access.news.startswith("Right: error.")
    assert _attrs(widget, widget.verdict) == {"aria-label": "Verdict", "role": "group"}


def test_the_range_slider_names_each_end():
    access = Access()
    window = widgets.SelectionRangeSlider(options=["1 Feb", "2 Feb", "3 Feb"], index=(0, 2), description="Dates")
    access.cover(widgets.VBox([window]))
    part = access.parts[part_class(window)]
    assert part["attrs"]["aria-label"] == ["Dates (from)", "Dates (to)"]
    assert part["values"] == [["1 Feb", "2 Feb", "3 Feb"]] * 2


def test_the_front_end_keeps_the_shortcuts_out_and_one_lasting_live_region():
    script, style = Access._esm, Access._css
    assert "data-lm-suppress-shortcuts" in str(script) and "aria-pressed" in str(script)
    assert str(script).count("createElement('div')") == 1, "one live region, made once per view"
    assert "outline: 3px solid" in str(style)
