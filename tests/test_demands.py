"""Tests for korea_kit.demands: the demand matrix, the demand views and the demand explorer."""
import html
import re

import ipywidgets
import pandas as pd
import pytest

import korea_kit as kk
from korea_kit import demands as dm

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
    """Every (demand, actor asked) pair, straight from demands.csv."""
    return {f"{d.demand_id}:{a}" for d in tables.demands.itertuples() for a in str(d.of_ids).split(";")}


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
    outcome = dict(zip(tables.demands["demand_id"], tables.demands["outcome"].astype(str)))
    for key, marker in markers.items():
        style = dm.OUTCOME_STYLES[outcome[key.split(":")[0]]]
        assert marker.get_marker() == style["marker"]
        assert (marker.get_markerfacecolor() == "white") != style["filled"]
    for key, label in labels.items():  # wrapped, but every word of the label is there
        assert " ".join(label.get_text().split()) == dm.short_label(key.split(":")[0])
    assert not _artists(plain_fig, "highlight")


def test_matrix_rows_columns_title_and_legend(tables, plain_fig):
    rows, cols = _artists(plain_fig, "row"), _artists(plain_fig, "col")
    assert set(rows) == set(tables.demands["by_id"])
    assert set(cols) == {a for ids in tables.demands["of_ids"] for a in str(ids).split(";")}
    assert " ".join(rows["ndc-policy"].get_text().split()) == "Policy Department of the NDC"
    assert _artists(plain_fig, "side")["earnest"].get_text() == "(United States)"
    assert "kerry" not in rows  # Kerry answered; he made no demand in the data
    dated = tables.demands["made_on"].dropna()
    assert plain_fig.get_suptitle() == (
        f"Who asked what of whom, {dated.min().day}–{dated.max().day} April 2013")
    assert set(_artists(plain_fig, "legend")) == set(dm.OUTCOME_STYLES)
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
    changed.demands.loc[row, "outcome"] = "rejected"
    changed.demands.loc[row, "of_ids"] = "rok;usa"
    fig = dm.matrix_figure(changed)
    markers = _artists(fig, "marker")
    assert markers["stop-rhetoric:usa"].get_marker() == dm.OUTCOME_STYLES["rejected"]["marker"]
    assert "rejected" in _artists(fig, "detail")["stop-rhetoric:rok"].get_text()


def test_description_names_every_demand_and_counts_outcomes(tables):
    text = dm.describe_matrix(tables)
    counts = tables.demands["outcome"].astype(str).value_counts()
    assert (f"It shows {len(tables.demands)} demands: {counts['rejected']} rejected and "
            f"{counts['no answer reported']} with no answer reported.") in text
    for demand_id in tables.demands["demand_id"]:
        assert f"“{dm.short_label(demand_id)}”" in text
    assert "“Abandon nuclear ambitions” of North Korea (undated; no answer reported)" in text
    assert "Highlighted" not in text
    assert dm.describe_matrix(tables, "clear-signals").endswith("Highlighted: “Clear signals”.")


def test_chart_caption_lists_the_demands_sources(tables, highlighted):
    assert highlighted.caption == kk.sources_line(tables, "demands", tables.demands["demand_id"])
    assert "ABC (Australia), 14 Apr 2013" in highlighted.caption  # the South's offer and its refusal
    assert highlighted.description == dm.describe_matrix(tables, "no-nuclear-war-rehearsal")


# --- views ---------------------------------------------------------------------------------

def _check_notes(view):
    """Every [n] used is a note under the view, and every note is used."""
    body, _, notes = view.text.partition("\nSources:\n")
    used = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    listed = [int(n) for n in re.findall(r"^\[(\d+)\]", notes, flags=re.M)]
    assert used == set(listed) and listed == list(range(1, len(listed) + 1))


def test_demand_view_gives_every_version_and_the_answer_in_its_words(tables):
    view = dm.demand_view(tables, "withdraw-sanctions")
    quotes = tables.quotes
    for text in quotes.loc[quotes["group_id"] == "first-step", "text"]:
        assert f"“{text}”" in view.text and f"<q>{html.escape(text)}</q>" in view.html
    for version in quotes.loc[quotes["group_id"] == "first-step", "version"]:
        assert version in view.text
    kerry = quotes.set_index("quote_id")["text"]
    assert f"“{kerry['kerry-not-acceptable']}”" in view.text
    assert f"The same day: “{kerry['kerry-gambit']}”" in view.text
    assert "graded likely" in view.text  # the committee of Kerry's hearing
    assert "The answer\n- Who: John Kerry (United States)" in view.text
    _check_notes(view)


def test_a_demand_without_quote_shows_its_citation_evidence(tables):
    for demand_id in ("withdraw-nuclear-assets", "stop-rhetoric"):
        view = dm.demand_view(tables, demand_id)
        assert "No source quotes this demand word for word" in view.text
        assert cite_html(tables, demand_id) in view.html
        assert "<q>" not in view.html.split("No source quotes")[0].split("In their own words")[-1]
    rhetoric = dm.demand_view(tables, "stop-rhetoric")
    assert "- What: No answer is reported in the sources." in rhetoric.text


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
        ref = labels.loc[source_id, "reference"] if labels.loc[source_id, "kind"] == "reference" else source_id
        assert ref in sources, source_id
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
    description = dm.describe_matrix(tables, "withdraw-sanctions")
    caption = kk.sources_line(tables, "demands", tables.demands["demand_id"])
    card = dm.demand_view(tables, "withdraw-sanctions")
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
