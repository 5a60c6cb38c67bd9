"""Tests for korea_kit.lessons.demands: the demand matrix, the demand views and the demand explorer."""
import dataclasses
import html
import re
import subprocess
import sys

import ipywidgets
import pandas as pd
import pytest

import korea_kit as kk
from korea_kit.lessons import demands as dm
from korea_kit.data.sources import marks_line, source_marks
from korea_kit.render.table import evidence_text

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def tables():
    return kk.load_tables()


@pytest.fixture(scope="module")
def plain_fig(tables):
    return dm.matrix_figure(tables)


@pytest.fixture(scope="module")
def highlighted(tables):
    return dm.demand_chart(tables, "no-nuclear-war-rehearsal")


def _artists(fig, kind):
    """Artists whose gid starts with ``kind:``, by the rest of the gid."""
    ax = fig.axes[0]
    return {a.get_gid().split(":", 1)[1]: a for a in [*ax.lines, *ax.patches, *ax.texts]
            if (a.get_gid() or "").startswith(kind + ":")}


def _pairs(tables):
    """Every (demand, actor asked) pair, straight from demands.csv: the addressees and the disputed ones."""
    disputed = lambda d: d.disputed_of_ids.split(";") if isinstance(d.disputed_of_ids, str) else []  # noqa: E731
    return {f"{d.demand_id}:{a}" for d in tables.demands.itertuples() for a in [*str(d.of_ids).split(";"), *disputed(d)]}


def _answered(tables, demand_id):
    """The answers of answers.csv to one demand, read here straight from the file's table."""
    a = tables.answers
    return a[a["demand_ids"].str.split(";").map(lambda ids: demand_id in ids)]


# --- records ---------------------------------------------------------------------------

def test_demand_rows_group_by_side_then_date(tables):
    rows = dm.demand_rows(tables)
    assert sorted(rows["demand_id"]) == sorted(tables.demands["demand_id"])
    sides = list(rows["side"])
    assert [s for i, s in enumerate(sides) if i == 0 or sides[i - 1] != s] == list(dict.fromkeys(sides)), \
        "each side's demands are together"
    for _, mine in rows.groupby("by_id", sort=False):
        dated = mine["made_on"].tolist()
        assert dated == sorted(dated, key=lambda d: (pd.isna(d), d if pd.notna(d) else pd.Timestamp(0)))
    ndc = rows[rows["by_id"] == "ndc-policy"]
    assert set(ndc["side"]) == {"dprk"}  # via part_of: ndc-policy -> ndc -> dprk
    assert rows.loc[rows["demand_id"] == "withdraw-sanctions", "of"].iloc[0] == ["usa", "rok"]


def test_labels_and_names_come_from_the_data(tables):
    assert dm.short_label("withdraw-nuclear-assets") == "Withdraw nuclear assets"
    assert dm.actor_name(tables, "kerry") == "John Kerry"
    assert dm.actor_name(tables, "kerry", state=True) == "John Kerry (United States)"
    # the glossary's abbreviations replace their expansions, never twice
    assert dm.actor_name(tables, "ndc-policy", short=True) == "Policy Department of the NDC"
    assert dm.actor_name(tables, "kcna", short=True) == "Korean Central News Agency (KCNA)"
    with pytest.raises(KeyError, match="no demand 'lift-everything'"):
        dm.demand_view(tables, "lift-everything")


# --- the matrix --------------------------------------------------------------------------

def test_matrix_has_a_mark_and_a_label_per_demand_and_actor_asked(tables, plain_fig):
    pairs = _pairs(tables)
    markers, labels = _artists(plain_fig, "marker"), _artists(plain_fig, "label")
    assert set(markers) == pairs and set(labels) == pairs
    for key, marker in markers.items():
        style = dm.OUTCOME_STYLES[dm.outcome(tables, key.split(":")[0])]
        assert marker.get_marker() == style["marker"]
        assert (marker.get_markerfacecolor() == "white") != style["filled"]
    for key, label in labels.items():  # wrapped, but every word of the label is there
        assert " ".join(label.get_text().split()) == dm.short_label(key.split(":")[0])
    assert not _artists(plain_fig, "highlight")


def test_matrix_rows_columns_title_and_legend(tables, plain_fig):
    rows, cols = _artists(plain_fig, "row"), _artists(plain_fig, "col")
    assert set(rows) == set(tables.demands["by_id"])
    assert set(cols) == {pair.split(":")[1] for pair in _pairs(tables)}
    assert " ".join(rows["ndc-policy"].get_text().split()) == "Policy Department of the NDC"
    assert _artists(plain_fig, "side")["earnest"].get_text() == "(United States)"
    assert not set(tables.answers["by_id"]) - set(tables.demands["by_id"]) & set(rows)  # a row is a demander
    dated = tables.demands["made_on"].dropna()
    assert plain_fig.get_suptitle() == (
        f"Who asked what of whom, {dated.min().day}–{dated.max().day} April 2013")
    # the legend names the outcomes the matrix shows, and no other
    assert set(_artists(plain_fig, "legend")) == {dm.outcome(tables, d) for d in tables.demands["demand_id"]}
    assert plain_fig.get_figwidth() <= 10 and plain_fig.dpi == 100


def test_matrix_text_does_not_overlap_or_leave_the_figure(plain_fig):
    renderer = plain_fig.canvas.get_renderer()
    ax = plain_fig.axes[0]
    boxes = [(t.get_gid(), t.get_window_extent(renderer)) for t in ax.texts]
    page = plain_fig.bbox
    for gid, box in boxes:
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, gid
    for i, (gid_a, a) in enumerate(boxes):
        for gid_b, b in boxes[i + 1:]:
            assert not a.overlaps(b), (gid_a, gid_b)


def test_highlight_marks_the_demand_in_every_column(tables, highlighted):
    fig = highlighted.figure
    assert set(_artists(fig, "highlight")) == {"no-nuclear-war-rehearsal:usa", "no-nuclear-war-rehearsal:rok"}
    assert "highlight" in _artists(fig, "legend")
    with pytest.raises(KeyError):
        dm.matrix_figure(tables, highlight="no-such-demand")


def test_matrix_follows_the_data(tables):
    changed = tables.copy()
    row = changed.demands["demand_id"] == "stop-rhetoric"
    changed.demands.loc[row, "of_ids"] = "rok;usa"
    changed = dataclasses.replace(changed, answers=changed.answers[~changed.answers["stance"].eq("rejects")
                                      | ~changed.answers["demand_ids"].str.contains("stop-rhetoric")])
    fig = dm.matrix_figure(changed)
    markers = _artists(fig, "marker")
    # with the refusals gone, China's call for dialogue is the only answer left
    assert markers["stop-rhetoric:usa"].get_marker() == dm.OUTCOME_STYLES["urged dialogue"]["marker"]
    assert "China urged dialogue" in " ".join(_artists(fig, "detail")["stop-rhetoric:rok"].get_text().split())
    assert "legend:urged dialogue" in {a.get_gid() for a in fig.axes[0].lines}
    # the disputed addressee gets the demand too, marked as disputed
    assert "disputed" in _artists(fig, "detail")["withdraw-nuclear-assets:rok"].get_text()
    assert "disputed" not in _artists(fig, "detail")["withdraw-nuclear-assets:usa"].get_text()


def test_description_names_every_demand_and_counts_outcomes(tables):
    text = dm.describe_matrix(tables)
    outcomes = [dm.outcome(tables, d) for d in tables.demands["demand_id"]]
    kinds = tables.demands["kind"].value_counts()
    assert f"It shows {len(tables.demands)} demands ({dm.kind_counts(dm.demand_rows(tables))}): " \
           f"{outcomes.count('rejected')} rejected, {outcomes.count('urged dialogue')} answered only with a call " \
           f"for dialogue and {outcomes.count('no answer reported')} with no answer reported." in text
    assert f"{kinds['precondition']} preconditions" in text
    for demand_id in tables.demands["demand_id"]:
        assert f"“{dm.short_label(demand_id)}”" in text
    # the North answered the US precondition: it is not "no answer reported"
    assert "“Abandon nuclear ambitions” of North Korea (precondition, undated; rejected by North Korea on " in text
    assert "“Consider dialogue” of North Korea (appeal, " in text
    assert "“Kaesong talks” of North Korea (offer, " in text
    assert "Highlighted" not in text
    assert dm.describe_matrix(tables, "clear-signals").endswith("Highlighted: “Clear signals”.")


def test_chart_caption_lists_the_demands_sources(tables, highlighted):
    refs = [("demands", d) for d in tables.demands["demand_id"]] + [("answers", a) for a in tables.answers["answer_id"]]
    assert highlighted.caption == marks_line(tables, refs)
    assert "BBC, CNN, 18 Apr" in highlighted.caption  # Seoul's answer
    assert "ABC, 14 Apr" in highlighted.caption  # the South's offer and its refusal
    assert highlighted.description == dm.describe_matrix(tables, "no-nuclear-war-rehearsal")


# --- views ---------------------------------------------------------------------------------

def _check_notes(view):
    """Every source mark used is a source of the evidence under the view, and every source of the evidence is used."""
    body, _, notes = view.text.partition("\nEvidence:\n")
    marks = set(source_marks(kk.load_tables()).values())
    used = {m for group in re.findall(r"\[([^\[\]]+)\]", body) for m in group.split("; ") if m in marks}
    listed = {re.match(r"(.*?)(?:: “| \((?:reported|verified|likely|conflicting)\))", line).group(1)
              for line in notes.splitlines()}
    assert used and used == listed


def test_demand_view_gives_every_version_and_the_answer_in_its_words(tables):
    view = dm.demand_view(tables, "withdraw-sanctions")
    quotes = tables.quotes
    for text in quotes.loc[quotes["group_id"] == "first-step", "text"]:
        assert f"“{text}”" in view.text and f"<q>{html.escape(text)}</q>" in view.html
    for version in quotes.loc[quotes["group_id"] == "first-step", "version"]:
        assert version in view.text
    words = quotes.set_index("quote_id")["text"]
    assert f"“{words['kerry-not-acceptable']}”" in view.text
    assert f"The same day: “{words['kerry-gambit']}”" in view.text
    assert "graded likely" in view.text  # the committee of Kerry's hearing
    answered = _answered(tables, "withdraw-sanctions")
    assert len(answered) >= 3  # Washington, Seoul and Beijing
    body = view.text.split("\nThe answers\n")[1]
    for _, a in answered.iterrows():  # every answer, in its answerer's own words
        assert f"- Who: {dm.actor_name(tables, a['by_id'], state=True)}" in body
        assert f"“{words[a['quote_id']]}”" in body
    _check_notes(view)


def test_a_demand_without_quote_shows_its_citation_evidence(tables):
    unquoted = tables.demands.loc[tables.demands["quote_id"].isna(), "demand_id"]
    assert "withdraw-nuclear-assets" in set(unquoted)  # no checked source gives KCNA's own English for it
    for demand_id in unquoted:
        view = dm.demand_view(tables, demand_id)
        assert "No source quotes this demand word for word" in view.text
        for item in kk.cite(tables, "demands", demand_id).items:  # the evidence, each source by its mark
            assert html.escape(evidence_text(item)) in view.html
        assert "<q>" not in view.html.split("No source quotes")[0].split("In their own words")[-1]
    unanswered = [d for d in tables.demands["demand_id"] if _answered(tables, d).empty]
    assert unanswered
    for demand_id in unanswered:
        assert "\nThe answers\n- No answer is reported in the sources." in dm.demand_view(tables, demand_id).text


def test_a_disputed_addressee_is_shown_as_disputed(tables):
    view = dm.demand_view(tables, "withdraw-nuclear-assets")
    to_whom = next(line for line in view.text.splitlines() if line.startswith("- To whom:"))
    assert "in some reports also South Korea (South Korea) (the addressee is disputed)" not in to_whom
    assert "in some reports also South Korea (the addressee is disputed)" in to_whom
    table = dm.demands_view(tables, side="dprk", answers=False).text
    assert "United States (and South Korea, in some reports: the addressee is disputed)" in table


def test_the_norths_full_list_and_its_kinds(tables):
    north = dm.demands_view(tables, side="dprk", answers=False)
    mine = tables.demands[tables.demands["by_id"] == "ndc-policy"]
    rows = [line for line in north.text.split("\nSources:\n")[0].splitlines() if line.startswith("- ")]
    assert len(rows) == len(mine) and "stop-provocations-apologize" in set(mine["demand_id"])
    assert all(", precondition, " in row for row in rows) and "Answers:" not in north.text
    with pytest.raises(KeyError, match="no demand made by 'mars'"):
        dm.demands_view(tables, side="mars")


def test_every_answer_is_shown_dated_and_attributed(tables):
    view = dm.answers_view(tables)
    rows = [line for line in view.text.split("\nSources:\n")[0].splitlines() if line.startswith("- ")]
    assert len(rows) == len(tables.answers)
    for (_, a), row in zip(tables.answers.sort_values("said_on", kind="stable").iterrows(), rows):
        assert row.startswith(f"- {dm.actor_name(tables, a['by_id'], state=True)}, {kk.format_date(a['said_on'])}, "
                              f"{a['stance']} ")
    to_us = dm.answers_view(tables, to="usa").text
    assert "These are absurd ones." in to_us and "nuclear stick" in to_us and "Cho Tai-young" not in to_us
    _check_notes(view)
    with pytest.raises(KeyError):
        dm.answers_view(tables, to="mars")


def test_answers_live_only_in_answers_csv(tables):
    assert not {"outcome", "answer", "answer_by_id", "answer_on", "answer_quote_id"} & set(tables.demands.columns)
    changed = tables.copy()
    changed = dataclasses.replace(changed, answers=changed.answers[changed.answers["answer_id"] != "hua-urges-calm"])
    assert "Hua Chunying" in dm.demands_view(tables).text and "Hua Chunying" not in dm.demands_view(changed).text
    assert dm.outcome(changed, "clear-signals") == "no answer reported"


def test_every_demand_has_a_kind_and_the_check_enforces_it(data_copy):
    tables = kk.load_tables()
    assert tables.demands["kind"].notna().all()
    assert set(tables.demands["kind"]) <= {"precondition", "appeal", "offer"}
    line = data_copy.set("demands", "consider-dialogue", "kind", "")
    problems = kk.check_data(data_copy.dir)
    assert [(p.file, p.line, p.column) for p in problems] == [("demands.csv", line, "kind")]
    result = subprocess.run([sys.executable, "-m", "korea_kit.cli", "check", str(data_copy.dir)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert f"demands.csv, line {line}, column 'kind': expected a value (the column is required)" in result.stderr
    data_copy.set("demands", "consider-dialogue", "kind", "wish")
    assert [(p.file, p.column, p.found) for p in kk.check_data(data_copy.dir)] == [("demands.csv", "kind", "wish")]


def test_a_count_of_preconditions_leaves_out_appeals_and_offers(tables):
    kinds = tables.demands["kind"]
    assert {"appeal", "offer"} <= set(kinds)
    words = dm.kind_counts(dm.demand_rows(tables))
    assert words.startswith(f"{(kinds == 'precondition').sum()} preconditions")
    # the count follows the data: an appeal turned into a precondition is counted, and back
    changed = tables.copy()
    changed.demands.loc[changed.demands["demand_id"] == "consider-dialogue", "kind"] = "precondition"
    assert dm.kind_counts(dm.demand_rows(changed)).startswith(f"{(kinds == 'precondition').sum() + 1} preconditions")


def cite_html(tables, demand_id):
    return kk.cite(tables, "demands", demand_id).html


def test_undated_demand_stays_undated(tables):
    view = dm.demand_view(tables, "abandon-nuclear-ambitions")
    assert "- When: Not dated in the sources." in view.text
    when = next(line for line in view.text.splitlines() if line.startswith("- When:"))
    assert not re.search(r"\d+ [A-Z][a-z]+ \d{4}|\b\d{4}\b", when)  # no day, month or year
    assert "does not date this offer" in view.text  # the citation's note says why


def test_views_escape_text_from_the_data(tables):
    changed = tables.copy()
    changed.demands.loc[changed.demands["demand_id"] == "clear-signals", "demand"] = "Say <b>yes</b> & mean it."
    for view in (dm.demand_view(changed, "clear-signals"), dm.demands_view(changed)):
        assert "<b>yes</b>" not in view.html and "Say &lt;b&gt;yes&lt;/b&gt; &amp; mean it." in view.html


def test_demands_view_has_one_row_per_demand(tables):
    view = dm.demands_view(tables)
    assert view.html.count("<tr>") == len(tables.demands) + 1  # with the header row
    rows = [line for line in view.text.split("\nSources:\n")[0].splitlines() if line.startswith("- ")]
    assert len(rows) == len(tables.demands)
    _check_notes(view)


def test_versions_view_and_lesson_sources(tables):
    view = dm.versions_view(tables, "dialogue-war")
    assert "- KCNA's own English: “Dialogue can never go with war actions.”" in view.text
    _check_notes(view)
    with pytest.raises(KeyError):
        dm.versions_view(tables, "no-such-group")
    sources = dm.lesson_sources_view(tables, event_ids=["cyber-blame-2013"]).text
    cited = tables.citations[tables.citations["table"] == "demands"]["source_id"]
    labels = tables.sources.set_index("source_id")
    for source_id in set(cited):
        assert labels.loc[source_id, "reference"] in sources, source_id
    assert "China Daily" in sources and "Natural Earth" not in sources


# --- the widget ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def explorer(tables):
    return dm.demand_explorer(tables)


def test_first_control_is_a_dropdown_of_every_demand(tables, explorer):
    assert isinstance(explorer, kk.KitWidget) and "kk-widget" in explorer._dom_classes
    assert explorer.children[0] is explorer.demand and isinstance(explorer.demand, ipywidgets.Dropdown)
    assert [value for _, value in explorer.demand.options] == list(dm.demand_rows(tables)["demand_id"])
    assert isinstance(explorer.image, ipywidgets.Image) and isinstance(explorer.card, ipywidgets.HTML)


def test_static_rendering_is_the_default_state(tables, explorer):
    bundle = explorer._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    first = dm.demand_rows(tables)["demand_id"].iloc[0]
    description = dm.describe_matrix(tables, first)
    refs = [("demands", d) for d in tables.demands["demand_id"]] + [("answers", a) for a in tables.answers["answer_id"]]
    caption = marks_line(tables, refs)
    card = dm.demand_view(tables, first)
    assert bundle["text/plain"] == f"{description}\n{caption}\n\n{card.text}"
    assert card.html in bundle["text/html"] and dm.STATIC_HINT in bundle["text/html"]
    assert f'alt="{html.escape(description)}"' in bundle["text/html"]
    assert explorer.card.value == card.html


def test_choosing_a_demand_rerenders_chart_and_card(tables, explorer):
    image, card, description = explorer.image.value, explorer.card.value, explorer.description.value
    static = explorer._repr_mimebundle_()
    explorer.demand.value = "consider-dialogue"
    assert explorer.image.value != image and explorer.card.value != card
    assert explorer.image.value == dm.demand_chart(tables, "consider-dialogue").png_bytes()
    assert explorer.card.value == dm.demand_view(tables, "consider-dialogue").html
    assert "Highlighted: “Consider dialogue”" in explorer.description.value != description
    ban = tables.quotes.set_index("quote_id").loc["ban-offer", "text"]
    assert html.escape(ban) in explorer.card.value
    # the static rendering stays the default state
    after = explorer._repr_mimebundle_()
    assert (after["text/html"], after["text/plain"]) == (static["text/html"], static["text/plain"])
