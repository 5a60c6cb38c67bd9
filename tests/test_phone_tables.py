"""Tables read on a phone: on the student website at 390 pixels wide, no table row (a card, where a wide table
becomes a stack of cards) is taller than the screen (844 pixels), with every fold opened, and no table of three
columns or more is wider than the screen. A screenshot of lesson 05 at that width lands in ``test-artifacts/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import artifact, chromium
from korea_kit.publish.site import build

ROOT = Path(__file__).resolve().parent.parent
PHONE = {"width": 390, "height": 844}

MEASURE_JS = """() => [...document.querySelectorAll('main table')].map(t => {
    const cap = t.querySelector('caption');
    const rows = [...t.querySelectorAll('tr')].map(r => r.getBoundingClientRect().height);
    return {caption: cap ? cap.textContent.trim().slice(0, 80) : '(no caption)',
            tallest: Math.round(Math.max(0, ...rows)), width: Math.round(t.getBoundingClientRect().width),
            columns: t.querySelectorAll('thead th').length, cards: t.classList.contains('kk-cards')};
})"""


@pytest.fixture(scope="module")
def measures(tmp_path_factory):
    site = build(tmp_path_factory.mktemp("phone") / "site", "student", ROOT / "notebooks", reuse_outputs=True)
    found = {}
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        for path in sorted(site.glob("*.html")):
            page.goto(path.as_uri())
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            found[path.stem] = page.evaluate(MEASURE_JS)
            if path.stem == "05-exchange-of-demands":
                page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = false)")
                page.screenshot(path=str(artifact("phone-05-exchange-of-demands.png")), full_page=True)
        # the measure is not blind: a four-column table of long cells, without its cards, is too wide and tall
        page.set_content("<main><table><thead><tr>" + "<th>Column</th>" * 4 + "</tr></thead><tbody><tr>"
                         + ("<td>Policy-Department-of-the-National-Defense-Commission " + "a long sentence " * 80
                            + "</td>") * 4 + "</tr></tbody></table></main>")
        found["(check)"] = page.evaluate(MEASURE_JS)
    return found


def test_the_measure_sees_a_table_too_tall_and_too_wide(measures):
    [table] = measures["(check)"]
    assert table["tallest"] > PHONE["height"] and table["width"] > PHONE["width"]


def test_no_table_row_is_taller_than_a_phone_screen(measures):
    tall = [(page, t["caption"], t["tallest"]) for page, tables in measures.items() if page != "(check)"
            for t in tables if t["tallest"] > PHONE["height"]]
    assert not tall, tall


def test_wide_tables_become_cards_that_fit_the_screen(measures):
    lessons = {page: tables for page, tables in measures.items() if page[:2].isdigit()}
    assert lessons and any(t["cards"] for tables in lessons.values() for t in tables)
    wide = [(page, t["caption"], t["width"]) for page, tables in lessons.items() for t in tables
            if t["columns"] >= 3 and t["width"] > PHONE["width"]]
    assert not wide, wide
