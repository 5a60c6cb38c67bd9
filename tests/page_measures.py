"""Measures of a lesson page of the built website: how much a reader has to read on it.

For a page (its ``<article class="kk-lesson">``):

- ``words``: the words of its running text, the text a reader sees outside tables,
  code and closed ``<details>`` (a fold's summary line counts);
- ``notes``: the entries of its source lists (numbered notes, citation lists, and the
  rows of a table of sources, such as the lesson's list of references);
- ``repeat``: the largest number of times one source's full reference (its long
  citation as ``sources.csv`` gives it, or the label the notes print for an article)
  is printed anywhere on the page, folds and tables included.

Run as a script on a built site to print the figures of every lesson page::

    .venv/bin/python tests/page_measures.py site
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from korea_kit.data.sources import normalize, source_label

#: The budgets of a lesson page of the student site. The list of sources is folded (it costs no words shown), but
#: a page whose list runs past 40 sources cites too much for one lesson.
MAX_WORDS, MAX_NOTES, MAX_REPEAT = 2500, 40, 2

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


@dataclass(frozen=True)
class PageMeasure:
    """The figures of one page; ``reference`` is the full reference printed most often."""

    words: int
    notes: int
    repeat: int
    reference: str


def _article(page: str):
    soup = BeautifulSoup(page, "html.parser")
    return soup.find("article", class_="kk-lesson") or soup


def running_words(page: str) -> int:
    """The words of the text a reader sees outside tables, code and closed folds.

    >>> running_words('<article class="kk-lesson"><p>One two, three.</p><table><tr><td>no</td></tr></table>'
    ...               '<pre>code here</pre><details><summary>Fold</summary>hidden words</details></article>')
    4
    """
    article = _article(page)
    for tag in article.find_all(["table", "pre", "code", "script", "style"]):
        tag.decompose()
    for fold in article.find_all("details"):
        if fold.has_attr("open"):
            continue
        for child in list(fold.children):
            if getattr(child, "name", None) != "summary":
                child.extract()
    return len(_WORD.findall(article.get_text(" ")))


def source_notes(page: str) -> int:
    """The entries of the page's source lists.

    >>> source_notes('<ol class="kk-notes"><li>a</li><li>b</li></ol><ul class="kk-citations"><li>c</li></ul>'
    ...              '<table><thead><tr><th>Source</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>'
    ...              '<table class="kk-table kk-references"><thead><tr><th>No.</th></tr></thead>'
    ...              '<tbody><tr><td>1</td></tr><tr><td>2</td></tr></tbody></table>')
    6
    """
    article = _article(page)
    count = 0
    for listing in article.select("ol.kk-notes, ul.kk-citations"):
        count += len(listing.find_all("li", recursive=False))
    for table in article.find_all("table"):
        header = table.find("th")
        if "kk-references" in (table.get("class") or []) or (header is not None and header.get_text(strip=True) == "Source"):
            body = table.find("tbody") or table
            count += len(body.find_all("tr", recursive=False))
    return count


def full_references(tables) -> list[str]:
    """The full reference strings of the kit's sources: the long citation of ``sources.csv``, and for an
    article also the label its notes print (publisher, date and id)."""
    found = []
    for _, source in tables.sources.iterrows():
        found.append(normalize(str(source["reference"])))
        found.append(normalize(source_label(source)))
    return sorted({f for f in found if f})


def largest_repeat(page: str, references: list[str]) -> tuple[int, str]:
    """How often the most printed full reference appears in the page's text, and which one it is.

    >>> largest_repeat("<p>AP, 1 May. AP, 1 May. BBC</p>", ["AP, 1 May", "BBC"])
    (2, 'AP, 1 May')
    """
    text, counts = normalize(_article(page).get_text(" ")), []
    for reference in sorted(references, key=len, reverse=True):  # a reference inside a longer one counts once
        counts.append((text.count(reference), reference))
        text = text.replace(reference, "\0")
    return max(counts, default=(0, ""))


def measure(page: str, references: list[str]) -> PageMeasure:
    """The :class:`PageMeasure` of one page."""
    repeat, reference = largest_repeat(page, references)
    return PageMeasure(running_words(page), source_notes(page), repeat, reference)


def lesson_pages(site: Path, notebooks: Path) -> list[str]:
    """The page names of the lessons of ``toc.json``, in order."""
    names = json.loads((notebooks / "toc.json").read_text(encoding="utf-8"))["lessons"]
    return [Path(name).stem + ".html" for name in names]


def measure_site(site: Path, tables, notebooks: Path) -> dict[str, PageMeasure]:
    """The :class:`PageMeasure` of every lesson page of a built site."""
    references = full_references(tables)
    return {name: measure((site / name).read_text(encoding="utf-8"), references)
            for name in lesson_pages(site, notebooks)}


def main(argv: list[str]) -> int:
    from korea_kit.data import load_tables
    from korea_kit.data.toc import notebooks_dir

    site = Path(argv[0] if argv else "site")
    print("| page | words | notes | largest repetition |")
    print("|---|---|---|---|")
    for name, m in measure_site(site, load_tables(), notebooks_dir()).items():
        print(f"| {name} | {m.words} | {m.notes} | {m.repeat} ({m.reference[:60]}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
