"""Lesson 06 (korea_kit.lessons.reading) and the teacher's guide (korea_kit.lessons.guide)."""

from __future__ import annotations

import hashlib
import json
import re

import ipywidgets
import pytest
from markupsafe import Markup

import korea_kit as kk
from korea_kit.lessons import guide, reading
from korea_kit.data.sources import find_in_seed, normalize, seed_text
from korea_kit.render.table import Cell
from korea_kit.render.views import SourceNotes

IBT, RT = "ibtimes-2013-04-18", "rt-2013-04-18"


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


def _edit_seed(data_copy, source_id, change):
    """Change a seed file of a data copy and record its new checksum, so that the copy still loads."""
    rows = data_copy.rows("sources")
    header = rows[0]
    row = next(r for r in rows if r[0] == source_id)
    path = data_copy.dir / row[header.index("seed_file")]
    path.write_bytes(change(path.read_bytes()))
    row[header.index("seed_sha256")] = hashlib.sha256(path.read_bytes()).hexdigest()
    data_copy.write_rows("sources", rows)


# --- page chrome and the articles side by side ------------------------------------------

def test_strip_page_chrome_removes_only_the_rt_icon_line_and_reports_it_byte_for_byte(tables):
    raw = seed_text(tables, RT)
    clean, removed = reading.strip_page_chrome(raw)
    assert (removed + clean).encode("utf-8") == raw.encode("utf-8")
    assert removed.startswith("icon bookmark-bicon") and removed.endswith("\n\n")
    assert [line for line in removed.splitlines() if line.strip()] == [raw.splitlines()[0]]
    assert clean.startswith("US rejects N. Korea conditions for nuclear talks")
    ibt = seed_text(tables, IBT)
    assert reading.strip_page_chrome(ibt) == (ibt, "")


def test_strip_page_chrome_leaves_everything_else_alone():
    text = "icon a-icon b-icon\r\n\r\nHeadline\r\nicon of the age: icon c-icon\r\n"
    clean, removed = reading.strip_page_chrome(text)
    assert removed == "icon a-icon b-icon\r\n\r\n" and clean == "Headline\r\nicon of the age: icon c-icon\r\n"
    assert reading.strip_page_chrome("Icons are everywhere.\nicon a-icon\n") == ("Icons are everywhere.\nicon a-icon\n", "")
    assert reading.strip_page_chrome("") == ("", "")


def test_articles_view_shows_both_texts_whole_and_says_what_was_taken_off(tables):
    view = reading.articles_view(tables)
    columns = view.text.split("Taken off before display:")[0]
    for source_id in (IBT, RT):
        clean, _ = reading.strip_page_chrome(seed_text(tables, source_id))
        shown = " ".join(re.sub(r"^¶\d+ ", "", line) for line in columns.splitlines() if line.startswith("¶"))
        assert normalize(clean) in normalize(shown) or all(
            normalize(p) in normalize(shown) for p in clean.split("\n\n") if p.strip())
    assert "icon bookmark" not in columns
    raw_chrome = seed_text(tables, RT).splitlines()[0]
    assert raw_chrome in view.text and "IBTimes: nothing taken off" in view.text
    paragraphs = max(len([line for line in part.splitlines() if line.startswith("¶")])
                     for part in columns.split("== ")[1:])
    assert view.html.count("<tr>") == 1 + paragraphs and "<details>" in view.html  # a row per paragraph


def test_articles_view_escapes_the_articles(data_copy):
    _edit_seed(data_copy, IBT, lambda b: b + b"\n\nA <script>alert(1)</script> & more.\n")
    view = reading.articles_view(kk.load_tables(data_copy.dir))
    assert "<script>" not in view.html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more." in view.html


def test_article_passage_is_the_saved_sentence_with_its_own_typography(tables):
    passage = reading.article_passage(tables, RT, "nuclear war practice")
    assert passage.startswith("Earlier Thursday") and "‘nuclear war practice’" in passage
    assert passage in seed_text(tables, RT)
    two = reading.article_passage(tables, IBT, "co-exist,” Pyongyang said. “If the United States")
    assert two.startswith("“Dialogue and war") and two.endswith("resolute decision,” it said.")


# --- records with numbered sources --------------------------------------------------------

def test_source_notes_number_shared_sources_once_and_can_keep_references_only(tables):
    notes = SourceNotes(tables, kinds=("reference",))
    assert notes.refs([("events", "nuclear-test-2013")]) == "[1]"
    assert notes.lines() == ['[1] Wikipedia, "2013 North Korean nuclear test" (verified). '
                             "Note: Dates the test to 12 February 2013, the year the articles leave out."]
    full = SourceNotes(tables)
    assert full.refs([("events", "nuclear-test-2013")]) == "[1] [2] [3]"
    assert full.refs([("events", "resolution-2087"), ("events", "rocket-launch-2012")]) == "[4] [5] [6]"


def test_record_text_covers_every_table_of_facts(tables):
    for table, key in (("events", "event_id"), ("quotes", "quote_id"), ("demands", "demand_id"), ("actors", "actor_id"),
                       ("figures", "figure_id"), ("glossary", "term_id"), ("places", "place_id"),
                       ("measures", "measure_id")):
        first = str(tables[table][key].iloc[0])
        assert reading.record_text(tables, table, first).strip()
    assert reading.record_text(tables, "figures", "us-troops-rok") == "US troops stationed in South Korea: about 28,500 troops"
    assert reading.record_text(tables, "places", "kadena") == "Kadena: a town outside the two Koreas"


def test_cited_view_escapes_plain_cells_and_keeps_given_html(tables):
    given = Cell("y", Markup("<b>y</b>"))
    view = reading.cited_view(tables, ["A", "B"], [(["<i>x</i>", given], [("places", "kadena")])], "C & D")
    assert "&lt;i&gt;x&lt;/i&gt;" in view.html and "<b>y</b>" in view.html and "C &amp; D" in view.html
    assert view.text.splitlines()[1] == "- <i>x</i> | y | [Air & Space Forces Magazine, 1 Apr]"


# --- translations -------------------------------------------------------------------------

@pytest.mark.parametrize("group", ["first-step", "dialogue-war", "resolute"])
def test_word_diff_rebuilds_both_wordings(tables, group):
    texts = list(tables.quotes.loc[tables.quotes["group_id"] == group, "text"])
    base = texts[-1]
    for other in texts:
        runs = reading.word_diff(base, other)
        assert " ".join(w for kind, w in runs if kind != "del").split() == other.split()
        kept = " ".join(w for kind, w in runs if kind != "ins").split()  # "same" words are the other's spelling
        assert [reading._key(w) for w in kept] == [reading._key(w) for w in base.split()]
    assert reading.words_in_common(base, base) == 1.0
    assert reading.words_in_common("a b", "c d") == 0.0


def test_translations_view_marks_words_without_relying_on_colour(tables):
    view = reading.translations_view(tables, "first-step")
    assert "KCNA's own English (compared with)" in view.text
    assert re.search(r'<ins style="text-decoration:underline[^"]*">step will be withdrawing</ins>', view.html)
    assert re.search(r'<del style="text-decoration:line-through[^"]*">phase, they should take measures of retracting</del>',
                     view.html)
    assert "[+fabricated with unjust reasons must be withdrawn+]" not in view.text  # compared word by word
    assert "[+that were fabricated with unjust reasons must be withdrawn+]" in view.text.replace("Council ", "")
    with pytest.raises(KeyError):
        reading.translations_view(tables, "no-such-group")


def test_translations_view_escapes_the_words(data_copy):
    data_copy.set("quotes", "dialogue-war-kcna", "text", "Dialogue <can> never go with war & actions.")
    view = reading.translations_view(kk.load_tables(data_copy.dir), "dialogue-war")
    assert "<can>" not in view.html and "&lt;can&gt;" in view.html and "war &amp; actions." in view.html


# --- spot the error -----------------------------------------------------------------------

def test_claims_rest_on_article_words_and_on_records_that_exist(tables):
    cites = tables.citations.set_index("citation_id")
    for claim in reading.claims(tables):
        c = cites.loc[claim.citation_id]
        assert tables.sources.set_index("source_id").loc[c["source_id"], "kind"] == "article"
        passage = reading.article_passage(tables, c["source_id"], c["quote"])
        assert passage and find_in_seed(claim.focus, passage), claim.claim_id
        for table, record_id in claim.refs:
            assert reading.record_text(tables, table, record_id)
        has_note = isinstance(c["note"], str) and bool(c["note"])
        assert has_note == (claim.verdict != "matches the record"), claim.claim_id
        assert claim.verdict in reading.VERDICTS
    # the articles' known errors are all in the exercise
    errors = {c.citation_id for c in reading.claims(tables) if c.verdict == "error"}
    assert errors == {"ev-nuclear-test-2013-2", "ev-resolution-2094-2", "ev-foal-eagle-2013-2"}
    # RT's F-22s "into Korean waters" is loose wording (the jets flew to a land base), not a plain error
    loose = {c.citation_id for c in reading.claims(tables) if c.verdict == "loose wording"}
    assert {"ev-f22-osan-2013-2", "ev-ban-appeal-2013-1"} <= loose


def test_claim_views_show_the_article_then_the_record(tables):
    question = reading.claim_view(tables, "f22-waters")
    assert "<mark>into Korean waters</mark>" in question.html and "Verdict" not in question.text
    answer = reading.claim_answer_view(tables, "f22-waters")
    assert answer.text.startswith("Verdict: loose wording. RT has the jets go 'into Korean waters' with the destroyer; "
                                  "the F-22s flew to Osan Air Base, on land in Pyeongtaek")
    assert "Two US F-22 fighter jets from Kadena in Japan arrived at Osan Air Base" in answer.text
    assert "the destroyer USS Fitzgerald" in answer.text  # the destroyer was at sea
    with pytest.raises(KeyError):
        reading.claim_view(tables, "no-such-claim")


def test_spot_the_error_widget_hides_the_record_until_a_verdict_is_given(tables):
    w = reading.spot_the_error(tables)
    assert isinstance(w.claim, ipywidgets.Dropdown) and isinstance(w.verdict, ipywidgets.ToggleButtons)
    assert w.children[0] is w.claim and "kk-widget" in w._dom_classes
    first_article = w.article.value
    assert w.verdict.value is None and "Verdict" not in w.record.value
    w.verdict.value = "error"
    assert "Right: error." in w.record.value
    assert "Verdict: error." in w.record.value and "third nuclear test" in w.record.value
    w.claim.value = "kaesong-april-9"
    assert w.article.value != first_article and "<mark>on April 9</mark>" in w.article.value
    assert w.verdict.value is None and "Verdict" not in w.record.value
    w.verdict.value = "error"
    assert "Not quite: you said “error”; the verdict of the record is “matches the record”." in w.record.value
    assert "Verdict: matches the record." in w.record.value


def test_spot_the_error_renders_no_verdict_and_the_key_is_its_own_view(tables):
    from korea_kit.teacher import spot_the_error_key

    key = spot_the_error_key(tables)
    assert key.html.count('<details class="kk-key">') == 1 and "Verdict: error." in key.text
    student = reading.spot_the_error(tables)._repr_mimebundle_()  # what a notebook stores, in every edition
    assert "kk-key" not in student["text/html"] and "Verdict" not in student["text/html"] + student["text/plain"]
    assert reading.SPOT_HINT in student["text/html"]
    cites = tables.citations.set_index("citation_id")
    notes = [cites.loc[claim.citation_id, "note"] for claim in reading.claims(tables)]
    notes = [note for note in notes if isinstance(note, str)]
    assert notes and all(note in key.text for note in notes)
    for note in notes:
        assert note not in student["text/html"] and note not in student["text/plain"]
    assert "third missile test" in student["text/plain"]  # the claims themselves stay


# --- loaded words -------------------------------------------------------------------------

def _record_words(tables, table: str, record_id: str) -> str:
    """All the words of a record and of its citations, normalised, to look evidence up in."""
    words = [reading.record_text(tables, table, record_id)]
    mine = tables.citations[(tables.citations["table"] == table) & (tables.citations["record_id"] == record_id)]
    words += [str(q) for q in mine["quote"].dropna()] + [str(n) for n in mine["note"].dropna()]
    return normalize(" ".join(words))


def test_loaded_terms_are_in_their_quotes_and_their_targets_are_shown_by_the_data(tables):
    quotes = tables.quotes.set_index("quote_id")
    actors = set(tables.actors["actor_id"])
    cites = tables.citations.set_index("citation_id")
    for term in reading.loaded_terms(tables):
        assert bool(term.quote_ids) != bool(term.citation_ids), term.words  # a quote, or an article's own words
        for q in term.quote_ids:
            assert find_in_seed(term.words, str(quotes.loc[q, "text"])), (term.words, q)
        for c in term.citation_ids:
            assert tables.sources.set_index("source_id").loc[cites.loc[c, "source_id"], "kind"] == "article"
            assert find_in_seed(term.words, str(cites.loc[c, "quote"])), (term.words, c)
        assert set(term.about) <= actors
        assert normalize(term.evidence) in _record_words(tables, *term.evidence_ref), term.words
    view = reading.loaded_language_view(tables)
    assert "«puppet South»" in view.text and "<mark>belligerent</mark>" in view.html
    assert "the quote does not name them; the record it belongs to does" in view.text
    # every side's loaded words: the North's, the US officials', and the articles' own
    rows = {line.split(" | ")[0][2:]: line for line in view.text.splitlines() if line.startswith("- ")}
    assert "The IBTimes article (its own words)" in rows["hostile northern neighbor"]
    assert "The IBTimes article (its own words)" in rows["potential North Korean aggression"]
    assert "The RT article (its own words) | The United States" in rows["refusing to bow"]
    assert "Josh Earnest" in rows["regime"] and "| North Korea:" in rows["regime"]
    assert "RT (RT's own summary)" in rows["nuclear war practice"]


def test_a_term_without_a_known_target_says_so(tables, monkeypatch):
    unknown = reading.LoadedTerm("empty, meaningless", ("empty-meaningless",), (), "", ("quotes", "empty-meaningless"))
    monkeypatch.setattr(reading, "loaded_terms", lambda tables: (unknown,))
    assert "The data does not say." in reading.loaded_language_view(tables).text


# --- dates --------------------------------------------------------------------------------

def test_date_clues_are_in_their_articles_and_weekdays_match_the_calendar(tables):
    events = tables.events.set_index("event_id")
    for clue in reading.date_clues(tables):
        assert reading.article_passage(tables, clue.source_id, clue.words), clue.words
        day = events.loc[clue.refs[0][1], "date"]
        for weekday in ("Wednesday", "Thursday"):
            if weekday in clue.words:
                assert day.day_name() == weekday  # pandas, not the kit: the calendar itself
    view = reading.dates_view(tables)
    assert view.text.splitlines()[1] == "Years written in the articles: none in IBTimes, none in RT."
    assert "«last month»" in view.text and "March 2013, the month before the article appeared" in view.text
    notes = view.text.split("\nEvidence:\n")[1]
    assert not re.search(r"^(IBTimes|RT):", notes, flags=re.M)  # references only: the articles' words are in the table


def test_years_stated_finds_a_year_when_there_is_one(data_copy):
    _edit_seed(data_copy, RT, lambda b: b + b"\nIn 2013, too.")
    tables = kk.load_tables(data_copy.dir)
    assert reading.years_stated(tables) == {IBT: [], RT: ["2013"]}
    assert "2013 in RT" in reading.dates_view(tables).text


# --- the chart ----------------------------------------------------------------------------

def test_coverage_chart_draws_a_bar_a_marker_and_a_count_per_topic_and_article(tables):
    from korea_kit.charts import TOPIC_COLOURS, TOPIC_LABELS
    from matplotlib.colors import to_rgba

    counts = {s: {} for s in reading.articles(tables)}
    for s in reading.articles(tables):
        for _, topics in reading.sentence_topics(tables, s):
            for t in topics:
                counts[s][t] = counts[s].get(t, 0) + 1
    shown = sorted(set(counts[IBT]) | set(counts[RT]))
    fig = reading.coverage_figure(tables)
    ax = fig.axes[0]
    bars = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    texts = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    lines = {l.get_gid(): l for l in ax.lines if l.get_gid()}
    assert len(bars) == 2 * len(shown) == len(texts) == len(lines)
    for t in shown:
        for s, name in reading.articles(tables).items():
            assert bars[f"bar:{t}:{s}"].get_width() == counts[s].get(t, 0)
            assert texts[f"count:{t}:{s}"] == f"{name} {counts[s].get(t, 0)}"
            assert lines[f"marker:{t}:{s}"].get_markerfacecolor() == TOPIC_COLOURS[t]
        assert bars[f"bar:{t}:{IBT}"].get_facecolor() == to_rgba(TOPIC_COLOURS[t])
        assert bars[f"bar:{t}:{RT}"].get_hatch() == "////"
    assert sorted(label.get_text() for label in ax.get_yticklabels()) == sorted(TOPIC_LABELS[t] for t in shown)
    assert fig.get_suptitle() == "What each article reports: its sentences by topic"
    assert fig.get_size_inches()[0] <= 10
    chart = reading.coverage_chart(tables)
    for t in shown:
        assert f"{TOPIC_LABELS[t]}, IBTimes {counts[IBT].get(t, 0)} and RT {counts[RT].get(t, 0)}" in chart.description


def test_sentence_topics_leave_out_the_page_chrome(tables):
    rt = reading.sentence_topics(tables, RT)
    assert not any("icon" in sentence for sentence, _ in rt)
    assert rt[0][0].startswith("US rejects N. Korea")


def test_lesson_sources_list_the_sources_the_lesson_uses(tables):
    text = reading.lesson_sources(tables).text
    assert "[IBTimes]" in text and "[RT]" in text and "KCNA English text" in text
    assert "GeoNames" not in text and "Natural Earth" not in text


# --- the teacher's guide ------------------------------------------------------------------

def _notebook(folder, name, cells, meta=None):
    nb = {"cells": [{"cell_type": t, "metadata": {}, "source": s, **({"outputs": [], "execution_count": None}
                     if t == "code" else {})} for t, s in cells],
          "metadata": {"korea_kit": meta} if meta else {}, "nbformat": 4, "nbformat_minor": 5}
    (folder / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")


DEMO_META = {"title": "A demo lesson", "lead": "What it is **about**.", "minutes": 20,
             "objectives": ["do one thing", "do another, over two lines"],
             "prerequisites": [{"concept": "[Start here](00-start-here.ipynb)", "importance": "Necessary",
                                "notes": "Cells"}]}


def test_read_overview_reads_the_metadata_and_the_sections(tmp_path):
    # The prose says nothing of the objectives, time or prerequisites: they come from the metadata.
    _notebook(tmp_path, "07-demo", [
        ("markdown", "# Another title in the prose"),
        ("markdown", "## Overview\n\n1. not an objective of the metadata"),
        ("code", "import korea_kit as kk"),
        ("markdown", "## Reading <closely>\n\nText."),
        ("markdown", "## Summary\n\n- Done."),
    ], DEMO_META)
    o = guide.read_overview("07-demo", tmp_path)
    assert (o.title, o.minutes, o.intro) == ("A demo lesson", 20, "What it is about.")
    assert o.objectives == ("do one thing", "do another, over two lines")
    assert o.prerequisites == (("Start here", "Necessary", "Cells"),)
    assert o.sections == ("Reading <closely>",)
    view = guide.lesson_overview("07-demo", tmp_path)
    assert "Reading &lt;closely&gt;" in view.html and "2. do another, over two lines" in view.text
    assert "not an objective" not in view.text


def test_a_lesson_without_metadata_is_a_message_naming_it(tmp_path):
    _notebook(tmp_path, "07-demo", [("markdown", "# A demo lesson\n\n- **Time to learn**: 20 minutes")])
    with pytest.raises(kk.LessonMetadataError, match=r"07-demo.ipynb: metadata\["):
        guide.read_overview("07-demo", tmp_path)
    _notebook(tmp_path, "07-demo", [("markdown", "# A demo lesson")], {**DEMO_META, "minutes": "20 minutes"})
    with pytest.raises(kk.LessonMetadataError, match="minutes"):
        guide.read_overview("07-demo", tmp_path)


def test_sequence_view_lists_every_lesson_and_the_total_time(tables):
    view = guide.sequence_view(tables)
    lessons = kk.toc()
    assert len([line for line in view.text.splitlines() if line.startswith("- ")]) == len(lessons)
    total = sum(lesson.minutes or 0 for lesson in lessons)
    assert view.text.splitlines()[-1].startswith(f"In all: {total} minutes")


def test_misconceptions_cover_every_lesson_with_records_that_exist(tables):
    assert set(tables.misconceptions["lesson"]) == {lesson.name for lesson in kk.toc()}
    for lesson in set(tables.misconceptions["lesson"]):
        view = guide.misconceptions_view(tables, lesson)
        assert view.text.count("\n- ") == len(guide.misconceptions(tables, lesson))
    assert guide.misconceptions_view(tables, "99-none").text == "Common misconceptions: none listed."
