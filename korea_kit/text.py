"""Plain-text helpers shared by every layer: cells, lists, counts and numbers in English.

The kit writes English whatever the reader's locale, so nothing here asks the
locale how to write a number or a month.

>>> cell_text(float("nan")), cell_text("Kerry")
('', 'Kerry')
>>> join_words(["Washington", "Seoul", "Beijing"])
'Washington, Seoul and Beijing'
>>> plural(1, "lesson"), plural(3, "lesson")
('1 lesson', '3 lessons')
>>> format_number(28500, approximate=True), format_number(2.5)
('about 28,500', '2.5')
>>> quoted_titles(['North declares "state of war"', "Resolution 2094"])
"“North declares 'state of war'” and “Resolution 2094”"
"""

from __future__ import annotations

from korea_kit.dates import month_name

__all__ = ["cell_text", "join_words", "plural", "format_number", "quoted_titles", "day_label"]

_QUOTES_INSIDE = str.maketrans({"“": "‘", "”": "’", '"': "'"})


def cell_text(value) -> str:
    """A table cell as text: an empty cell (None, NA, NaN) becomes ''."""
    if type(value) is str:  # most cells: nothing to ask pandas
        return value
    import pandas as pd

    return "" if value is None or pd.isna(value) else str(value)


def join_words(items) -> str:
    """Items joined as in an English sentence: ``a``, ``a and b``, ``a, b and c``."""
    items = [str(item) for item in items]
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an s unless ``n`` is one."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def format_number(value, approximate: bool = False) -> str:
    """A figure as the lessons write it: thousands separated by commas, 'about' if approximate."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    return f"about {text}" if approximate else text


def quoted_titles(titles) -> str:
    """Titles in curly double quotes (their own double quotes made single), joined as in a sentence."""
    return join_words(f"“{str(t).translate(_QUOTES_INSIDE)}”" for t in titles)


def day_label(day, with_year: bool) -> str:
    """A short English label for a day: ``9 Apr``, or ``9 Apr 2013`` with the year.

    >>> import datetime as dt
    >>> day_label(dt.date(2013, 4, 9), False), day_label(dt.date(2013, 4, 9), True)
    ('9 Apr', '9 Apr 2013')
    """
    label = f"{day.day} {month_name(day, short=True)}"
    return f"{label} {day.year}" if with_year else label
