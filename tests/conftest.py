"""Shared fixtures: a private copy of the kit's data that a test may break, a copy of the repository,
and what several test files read, made once per test run (:func:`made_once`)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent

# A teacher's own data folder must not leak into the tests.
os.environ.pop("KOREA_KIT_DATA", None)


def published_copy(dest: Path) -> Path:
    """Copy the files git would publish (tracked and new, not ignored) to ``dest``, as a fresh clone holds them."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():  # not a file deleted from the working tree
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def made_once(tmp_path_factory, name: str, make) -> dict:
    """What ``make(folder)`` returns (a JSON value), made once per test run, in ``folder``.

    The test workers (pytest-xdist) share it: the first that needs it makes it in a folder of the
    run's temporary directory, under a lock, while any other waits and then reads it. If ``make``
    fails, nothing is recorded and the next test that needs it tries again (and fails the same way).
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder, record = base / f"shared-{name}", base / f"shared-{name}.json"
    with FileLock(str(base / f"shared-{name}.lock")):
        if record.is_file():
            return json.loads(record.read_text(encoding="utf-8"))
        shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
        folder.mkdir()
        made = make(folder)
        record.write_text(json.dumps(made), encoding="utf-8")
        return made


class DataCopy:
    """A copy of data/ and seeds/ in a temporary folder, with helpers to break it."""

    def __init__(self, base: Path):
        self.dir = base / "data"
        shutil.copytree(ROOT / "data", self.dir)
        shutil.copytree(ROOT / "seeds", base / "seeds")

    def path(self, table: str) -> Path:
        return self.dir / f"{table}.csv"

    def rows(self, table: str) -> list[list[str]]:
        with open(self.path(table), newline="", encoding="utf-8") as fh:
            return list(csv.reader(fh))

    def write_rows(self, table: str, rows: list[list[str]]) -> None:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        self.path(table).write_text(out.getvalue(), encoding="utf-8")

    def set(self, table: str, record_id: str, column: str, value: str) -> int:
        """Set one cell of the row whose first column is ``record_id``; return its line number."""
        rows = self.rows(table)
        col = rows[0].index(column)
        for number, row in enumerate(rows[1:], start=2):
            if row[0] == record_id:
                row[col] = value
                self.write_rows(table, rows)
                return number
        raise KeyError(record_id)


@pytest.fixture
def data_copy(tmp_path) -> DataCopy:
    return DataCopy(tmp_path)


#: The test files that take longest, in the order the test workers start them: with them first
#: (and pytest-xdist's reordering by number of tests turned off in pyproject.toml), the short files
#: fill the gaps and both workers finish together. The browser test of JupyterLab and the websites'
#: (which makes the editions and the websites that test_pages.py and test_editions.py read) run side by side.
SLOW_FIRST = (
    "tests/test_lab_browser.py",
    "tests/test_site.py",
    "tests/test_pages.py",
    "tests/test_wheel.py",
    "tests/test_editions.py",
    "tests/test_voila.py",
    "tests/test_project.py",
    "tests/test_binder.py",
    "notebooks/teachers-guide.ipynb",
)


def pytest_collection_modifyitems(config, items):
    """Put the tests of :data:`SLOW_FIRST` first, in that order; the others keep theirs (a notebook's cells too)."""
    rank = {name: number for number, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(SLOW_FIRST)))
