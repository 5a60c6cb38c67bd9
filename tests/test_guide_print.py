"""The teacher's guide reads in an evening: printed to A4 in Chromium it takes at most 30 pages, and it
shows no empty marks (``[]``) and no empty table cell."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browser import artifact, chromium
from korea_kit.publish.site import build

ROOT = Path(__file__).resolve().parent.parent
MAX_PAGES = 30


def pdf_pages(pdf: bytes) -> int:
    """How many pages a PDF has (its page objects).

    >>> pdf_pages(b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page >>")
    2
    """
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture(scope="module")
def guide(tmp_path_factory) -> Path:
    site = build(tmp_path_factory.mktemp("guide") / "site", "teacher", ROOT / "notebooks", reuse_outputs=True)
    return site / "teachers-guide.html"


def test_the_guide_prints_on_at_most_30_a4_pages(guide):
    with chromium() as browser:
        page = browser.new_page()
        page.goto(guide.as_uri())
        pdf = page.pdf(format="A4", print_background=True)
    artifact("teachers-guide.pdf").write_bytes(pdf)
    assert 1 < pdf_pages(pdf) <= MAX_PAGES, f"{pdf_pages(pdf)} A4 pages"


def test_the_guide_shows_no_empty_marks_or_cells(guide):
    main = BeautifulSoup(guide.read_text(encoding="utf-8"), "html.parser").find("main")
    assert "[]" not in main.get_text(" ")
    empty = [td for td in main.find_all("td") if not td.get_text(strip=True)]
    assert not empty, str(empty[0].find_parent("table").find("caption"))
