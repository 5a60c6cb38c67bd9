"""Shared fixtures: a private copy of the kit's data that a test may break, and a copy of the repository."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

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
