"""Each lesson's metadata (``metadata["korea_kit"]``, read by the guide, the site, the navigation and
the editions) says what its visible title, lead, Overview, Prerequisites and **Time to learn** say.

The metadata is the one source the kit reads; the prose shows it to the learner. These tests read
the prose only to check that it has not drifted from the metadata.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
import pytest

from korea_kit.data.toc import lesson_metadata

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _section(markdown: list[str], heading: str) -> str:
    return next((m for m in markdown if m.startswith(heading)), "")


def numbered_items(text: str) -> list[str]:
    """The items of the numbered list(s) of a Markdown text, continuation lines joined, final ``;`` or ``.`` off."""
    items: list[str] = []
    for line in text.splitlines():
        found = re.match(r"^\d+\.\s+(.*)", line)
        if found:
            items.append(found.group(1))
        elif items and line.startswith((" ", "\t")) and line.strip():
            items[-1] += " " + line.strip()
    return [_flat(item).rstrip(";.") for item in items]


def table_rows(text: str) -> list[tuple[str, ...]]:
    """The body rows of the Markdown table of a text (not its header or rule)."""
    rows = [tuple(c.strip() for c in line.strip().strip("|").split("|")) for line in text.splitlines()
            if line.startswith("|")]
    return rows[2:]


def drift(nb, name: str = "the notebook") -> list[str]:
    """Where a notebook's prose and its metadata disagree (empty when they agree)."""
    lesson = lesson_metadata(nb, name)
    markdown = [cell.source for cell in nb.cells if cell.cell_type == "markdown"]
    problems = []
    first = markdown[0] if markdown else ""
    title_line, _, rest = first.partition("\n")
    if title_line != f"# {lesson.title}":
        problems.append(f"title: {title_line!r} shown, {lesson.title!r} in the metadata")
    if lesson.lead and not _flat(rest).startswith(_flat(lesson.lead)):
        problems.append("lead: the paragraph under the title is not the metadata's")
    shown = numbered_items(_section(markdown, "## Overview"))
    if shown != list(lesson.objectives):
        problems.append(f"objectives: {shown} shown, {list(lesson.objectives)} in the metadata")
    prerequisites = _section(markdown, "## Prerequisites")
    if table_rows(prerequisites) != list(lesson.prerequisites):
        problems.append(f"prerequisites: {table_rows(prerequisites)} shown, {list(lesson.prerequisites)} in the metadata")
    times = re.findall(r"\*\*Time to learn\*\*:\s*(\d+)\s*minutes", "\n".join(markdown))
    if times != ([str(lesson.minutes)] if lesson.minutes else []):
        problems.append(f"minutes: {times} shown, {lesson.minutes} in the metadata")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_prose_shows_the_metadata(path: Path):
    nb = nbformat.read(path, as_version=4)
    assert drift(nb, path.name) == []
    lesson = lesson_metadata(nb, path.name)
    if path.name[:2].isdigit():  # a lesson of the table of contents: everything is given
        assert lesson.minutes and lesson.lead and lesson.objectives and lesson.prerequisites


@pytest.mark.parametrize("change", ["title", "lead", "objective", "prerequisite", "minutes"])
def test_a_drifted_notebook_is_caught(change):
    nb = nbformat.read(ROOT / "notebooks" / "02-sanctions.ipynb", as_version=4)
    meta = copy.deepcopy(nb.metadata["korea_kit"])
    if change == "title":
        meta["title"] += " (revised)"
    elif change == "lead":
        meta["lead"] = "Another paragraph."
    elif change == "objective":
        meta["objectives"] = meta["objectives"][:-1]
    elif change == "prerequisite":
        meta["prerequisites"][0]["importance"] = "Helpful"
    else:
        meta["minutes"] += 5
    nb.metadata["korea_kit"] = meta
    found = drift(nb)
    assert len(found) == 1 and found[0].startswith(change.rstrip("s")), found
