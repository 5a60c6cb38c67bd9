"""The views' one structure (korea_kit.render.table): hostile text in the data comes out escaped in the
HTML of every view built from it, and a cell carries markup only as an explicit Markup value."""

import dataclasses
import html

import pytest
from markupsafe import Markup

import korea_kit as kk
from korea_kit.render.table import Cell, Row, SourceNotes, Table, render_html, render_text, table_view
from korea_kit.render.views import cited_view, events_view, sources_view

HOSTILE = "<script>alert(\"x\")</script> & 'q' "
ESCAPED = html.escape(HOSTILE)

# free-text columns (never ids) that the views show
TEXT_COLUMNS = {
    "events": ["topic", "title", "summary"],
    "sources": ["publisher", "title", "notes", "reference"],
    "citations": ["note"],
    "glossary": ["term", "definition"],
    "figures": ["subject", "unit"],
    "measures": ["measure"],
    "demands": ["demand"],
    "answers": ["stance", "answer"],
    "quotes": ["text", "version"],
    "quiz": ["question", "explanation", "feedback"],
}


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


@pytest.fixture(scope="module")
def hostile(tables):
    """The tables with hostile text in front of every free-text value the views show."""
    changed = {}
    for name, columns in TEXT_COLUMNS.items():
        frame = getattr(tables, name).copy()
        for column in columns:
            frame[column] = frame[column].map(lambda v: v if not isinstance(v, str) else HOSTILE + v)
        changed[name] = frame
    return dataclasses.replace(tables, **changed)


def _assert_escaped(view):
    assert "<script>" not in view.html
    assert ESCAPED in view.html, "the hostile text is shown, escaped"
    assert HOSTILE in view.text, "the text form is plain"


CONVERTED_VIEWS = {
    "events_view": lambda t: events_view(t, ["key-resolve-2013"]),
    "sources_view": lambda t: sources_view(t),
    "cited_view": lambda t: cited_view(t, ["Event"], [([HOSTILE], [("events", "key-resolve-2013")])], "Demo",
                                       intro=HOSTILE),
    "drills.exercises_view": lambda t: kk.drills.exercises_view(t),
    "drills.figures_view": lambda t: kk.drills.figures_view(t, ["us-troops-rok"]),
    "sanctions.council_view": lambda t: kk.sanctions.council_view(t),
    "sanctions.measures_view": lambda t: kk.sanctions.measures_view(t),
    "sanctions.translations_view": lambda t: kk.sanctions.translations_view(t),
    "sanctions.rt_check_view": lambda t: kk.sanctions.rt_check_view(t),
    "kaesong.facts_view": lambda t: kk.kaesong.facts_view(t, [("figures", "kaesong-firms")]),
    "demands.demands_view": lambda t: kk.demands.demands_view(t),
    "demands.answers_view": lambda t: kk.demands.answers_view(t),
    "demands.versions_view": lambda t: kk.demands.versions_view(t, "first-step"),
    "demands.demand_view": lambda t: kk.demands.demand_view(t, "withdraw-sanctions"),
    "reading.records_view": lambda t: kk.reading.records_view(t, [("events", "key-resolve-2013")]),
    "reading.translations_view": lambda t: kk.reading.translations_view(t, "first-step"),
    "reading.loaded_language_view": lambda t: kk.reading.loaded_language_view(t),
    "reading.dates_view": lambda t: kk.reading.dates_view(t),
    "quiz_view": lambda t: kk.quiz_view(t, "02-sanctions"),
    "quiz_key": lambda t: __import__("korea_kit.teacher").teacher.quiz_key(t, "02-sanctions"),
}


@pytest.mark.parametrize("name", sorted(CONVERTED_VIEWS))
def test_hostile_text_in_the_data_comes_out_escaped_in_every_converted_view(hostile, name):
    _assert_escaped(CONVERTED_VIEWS[name](hostile))


def test_a_learners_feedback_is_escaped(tables):
    from korea_kit.render.quizzes import Result, feedback_view, questions

    question = questions(tables, "02-sanctions")[0]
    view = feedback_view(tables, question, Result(False, (False,), HOSTILE, feedback=HOSTILE))
    assert "<script>" not in view.html and view.html.count(ESCAPED) == 2
    # no live region of its own: the quiz announces the feedback in its lasting one (korea_kit.widgets.access)
    assert view.html.startswith('<div class="kk-feedback-body"><p class="kk-wrong"><strong>')


def test_headers_caption_intro_and_notes_are_escaped(tables):
    notes = SourceNotes(tables)
    table = Table(HOSTILE, [HOSTILE], [Row([Cell(HOSTILE), Cell(notes.refs([("events", "key-resolve-2013")]))])],
                  notes, intro=HOSTILE, outro=HOSTILE)
    out = render_html(table)
    assert "<script>" not in out and out.count(ESCAPED) == 5
    assert out.startswith(f"<p>{ESCAPED}</p><table") and out.endswith("</li></ol>")
    assert f"</table><p>{ESCAPED}</p><ol" in out
    assert render_text(table).splitlines()[:5] == [HOSTILE, HOSTILE, f"- {HOSTILE} | [1]", HOSTILE, "Sources:"]


def test_a_cell_carries_markup_only_as_an_explicit_markup_value():
    with pytest.raises(TypeError, match="must be Markup"):
        Cell("bold", "<b>bold</b>")
    deliberate = table_view(Table("c", ["h"], [Row([Cell("bold", Markup("<b>bold</b>"))])]))
    assert "<td style=\"text-align:left;vertical-align:top\"><b>bold</b></td>" in deliberate.html
    assert deliberate.text == "c\n- bold"
    with pytest.raises(TypeError, match="not a pair"):
        cited_view(kk.load_tables(), ["h"], [([("<b>x</b>", "x")], [])], "c")
    plain = render_html(Table("c", ["h"], [Row([Cell("<b>bold</b>")])]))
    assert "&lt;b&gt;bold&lt;/b&gt;" in plain and "<b>" not in plain


def test_escaping_is_the_kits_as_before():
    """Quotes are escaped as html.escape does, so the stored lesson outputs stay byte for byte."""
    out = render_html(Table("c", ["h"], [Row([Cell("\"it's\"")])]))
    assert "&quot;it&#x27;s&quot;" in out
