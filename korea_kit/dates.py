"""Dates written as a reader writes them, never more precise than the data."""

from __future__ import annotations

__all__ = ["format_date", "format_range"]


def format_date(ts, precision: str = "day", year: bool = True) -> str:
    """``18 April 2013``; ``April 2013`` or ``2013`` for a coarser date.

    >>> import pandas as pd
    >>> format_date(pd.Timestamp("2013-04-09"))
    '9 April 2013'
    >>> format_date(pd.Timestamp("2013-03-01"), "month"), format_date(pd.Timestamp("2006-01-01"), "year")
    ('March 2013', '2006')
    """
    if precision == "year":
        return f"{ts.year}"
    text = ts.month_name() + (f" {ts.year}" if year else "")
    return text if precision == "month" else f"{ts.day} {text}"


def format_range(a, b, joiner: str = " to ") -> str:
    """``1 March to 30 April 2013``, ``11 to 21 March 2013``: no repeated year or month.

    >>> import pandas as pd
    >>> format_range(pd.Timestamp("2013-03-11"), pd.Timestamp("2013-03-21"))
    '11 to 21 March 2013'
    """
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}{joiner}{format_date(b)}"
    return format_date(a, year=a.year != b.year) + joiner + format_date(b)
