"""Lesson 07's role briefs printed by a real browser: each side's brief is exactly one A4 page.

Each brief (:func:`korea_kit.render.negotiation.brief_document`, a standalone HTML
document with its own print style) is loaded into chromium with
``page.set_content`` and printed with ``page.pdf(format="A4")``; the test
counts the pages of the PDF. One brief's PDF and a screenshot are saved to
``test-artifacts/``.
"""

from __future__ import annotations

import re

import pytest

import korea_kit as kk
from korea_kit.lessons import roleplay
from korea_kit.model import negotiation as model
from korea_kit.render import negotiation  # the views (brief_document)

from browser import artifact, chromium

# A page object of a PDF (``/Type /Page``), not the page tree (``/Type /Pages``).
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF: its page objects (chromium writes them uncompressed)."""
    return len(PAGE_OBJECT.findall(pdf))


def test_pdf_pages_counts_page_objects_not_the_page_tree():
    one = b"<< /Type /Catalog /Pages 2 0 R >> << /Type /Pages /Count 1 >> << /Type /Page /Parent 2 0 R >>"
    assert pdf_pages(one) == 1 and pdf_pages(one + b"<</Type/Page>>") == 2


@pytest.fixture(scope="module")
def page():
    with chromium() as browser:
        context = browser.new_context()
        yield context.new_page()
        context.close()


@pytest.mark.parametrize("side", model.side_ids(kk.load_tables()))
def test_each_role_brief_prints_on_exactly_one_a4_page(page, side):
    tables = kk.load_tables()
    page.set_content(negotiation.brief_document(tables, side))
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    assert pdf_pages(pdf) == 1, f"the brief of {side} prints on {pdf_pages(pdf)} pages"
    # the whole brief is there: its last section and its list of sources
    body = page.inner_text("body")
    assert "What you can offer or do" in body and "Sources" in body
    if side == "usa":
        artifact(f"brief-{side}.pdf").write_bytes(pdf)
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        page.screenshot(path=str(artifact(f"brief-{side}.png")), full_page=True)


def test_a_brief_too_long_for_a_page_would_be_caught(page):
    tables = kk.load_tables()
    doc = negotiation.brief_document(tables, "dprk")
    longer = doc.replace("</body>", "<p>" + "More text. " * 800 + "</p></body>")
    page.set_content(longer)
    assert pdf_pages(page.pdf(format="A4")) > 1
