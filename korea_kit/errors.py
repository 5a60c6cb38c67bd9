"""The one error the kit raises for bad data, and the problems it lists."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_SHOWN", "Problem", "KitDataError"]

#: The most problems a message lists; it then counts the rest, so a huge broken file prints a short message.
MAX_SHOWN = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in a data file.

    ``line`` is 1-based and counts the header as line 1; ``column`` is the
    column's name. Either is ``None`` when the problem is about a whole file
    or a whole row.

    >>> p = Problem("events.csv", 4, "date", "a date as YYYY-MM-DD", "2013-02-30")
    >>> str(p)
    "events.csv, line 4, column 'date': expected a date as YYYY-MM-DD, found '2013-02-30'"
    """

    file: str
    line: int | None
    column: str | None
    expected: str
    found: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = f"{', '.join(where)}: expected {self.expected}"
        if self.found is not None:
            text += f", found {self.found!r}"
        return text


def _short(text: str, limit: int = 500) -> str:
    """One problem's line, cut to ``limit`` characters (a 128 KB cell is not printed whole)."""
    return text if len(text) <= limit else text[: limit - 30] + f"... ({len(text) - limit + 30} more characters)"


class KitDataError(ValueError):
    """Raised when the kit's data files are malformed.

    It carries every problem found, so a teacher can fix them all in one go;
    ``problems[0]`` is the first in file and line order.

    >>> err = KitDataError([Problem("glossary.csv", 3, "term", "a value (the column is required)", "")])
    >>> print(err)
    1 problem in the kit's data:
      glossary.csv, line 3, column 'term': expected a value (the column is required), found ''
    >>> err.problems[0].line
    3
    >>> many = KitDataError([Problem("quiz.csv", n, "lesson", "a lesson") for n in range(2, 102)])
    >>> str(many).splitlines()[-1]
    '  ... and 50 more problems (fix these first, then check again)'
    """

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("KitDataError needs at least one problem")
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the kit's data:"
        shown = ["  " + _short(str(p)) for p in self.problems[:MAX_SHOWN]]
        if count > MAX_SHOWN:
            shown.append(f"  ... and {count - MAX_SHOWN} more problems (fix these first, then check again)")
        super().__init__("\n".join([head, *shown]))

    @property
    def file(self) -> str:
        """The file of the first problem."""
        return self.problems[0].file

    @property
    def line(self) -> int | None:
        """The line of the first problem."""
        return self.problems[0].line

    @property
    def column(self) -> str | None:
        """The column of the first problem."""
        return self.problems[0].column
