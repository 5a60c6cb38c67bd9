"""Lesson 07's page of the student website can be read in class: at most 2,500 words shown before any fold
is opened, tables included, and a reading time at 200 words a minute of at most half the lesson's minutes.

The site is built from the stored outputs (as tests/test_page_budgets.py builds it; a lesson whose outputs
were made from other data runs again)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from korea_kit.data.toc import read_lesson
from korea_kit.publish.site import build

ROOT = Path(__file__).resolve().parent.parent
LESSON = "07-negotiation-role-play"
MAX_WORDS, WORDS_A_MINUTE = 2500, 200
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


def shown_words(page: str) -> int:
    """The words a reader sees on a lesson page without opening a fold: its text and its tables, not its code
    nor what a closed ``<details>`` holds (its summary line counts).

    >>> shown_words('<article class="kk-lesson"><p>One two.</p><table><tr><td>three</td></tr></table>'
    ...             '<details><summary>Four</summary>hidden words</details><details open>five</details></article>')
    5
    """
    soup = BeautifulSoup(page, "html.parser")
    article = soup.find("article", class_="kk-lesson") or soup
    for tag in article.find_all(["pre", "code", "script", "style"]):
        tag.decompose()
    for fold in article.find_all("details"):
        if not fold.has_attr("open"):
            for child in list(fold.children):
                if getattr(child, "name", None) != "summary":
                    child.extract()
    return len(_WORD.findall(article.get_text(" ")))


def test_the_measure_counts_tables_and_leaves_out_closed_folds():
    assert shown_words("<p>a b</p><table><tr><td>c d e</td></tr></table><details><summary>f</summary>g h</details>") == 6


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = build(tmp_path_factory.mktemp("l07") / "site", "student", ROOT / "notebooks", reuse_outputs=True)
    return (folder / f"{LESSON}.html").read_text(encoding="utf-8")


def test_lesson_07_shows_at_most_2500_words_and_reads_in_half_its_time(page):
    words = shown_words(page)
    minutes = read_lesson(ROOT / "notebooks" / f"{LESSON}.ipynb").minutes
    assert words > 1000, "the page has its text"
    assert words <= MAX_WORDS, f"{LESSON} shows {words} words before any fold is opened"
    assert words / WORDS_A_MINUTE <= minutes / 2, f"{words} words take {words / WORDS_A_MINUTE:.1f} of {minutes} minutes"
    assert '<details class="kk-fold kk-sources-fold">' in page  # the list of sources is folded, not dropped
