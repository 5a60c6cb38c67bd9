"""Dates written as a reader writes them, never more precise than the data.

Month and day names are English whatever the locale (the kit is written in
English): they come from :data:`MONTHS` and :data:`WEEKDAYS`, never from
the ``%B``, ``%b``, ``%A`` or ``%a`` of ``strftime``, which follow the locale.

>>> import pandas as pd
>>> month_name(pd.Timestamp("2013-04-18")), month_name(pd.Timestamp("2013-04-18"), short=True)
('April', 'Apr')
>>> day_name(pd.Timestamp("2013-04-18"))
'Thursday'
"""

from __future__ import annotations

__all__ = ["MONTHS", "WEEKDAYS", "month_name", "day_name", "format_date", "format_range", "event_when",
           "days_between_events"]

#: The months in English, January first.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

#: The days of the week in English, Monday first (as ``Timestamp.dayofweek`` counts).
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def month_name(ts, short: bool = False) -> str:
    """``April`` (``Apr`` when ``short``) for a date in April, in English whatever the locale."""
    name = MONTHS[ts.month - 1]
    return name[:3] if short else name


def day_name(ts) -> str:
    """``Thursday`` for a Thursday, in English whatever the locale."""
    return WEEKDAYS[ts.weekday()]


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
    text = month_name(ts) + (f" {ts.year}" if year else "")
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


def event_when(event) -> str:
    """An event's date as precise as its ``date_precision``: ``12 February 2013``, or ``2006``.

    >>> import pandas as pd
    >>> event_when({"date": pd.Timestamp("2013-02-12"), "date_precision": "day"})
    '12 February 2013'
    """
    return format_date(event["date"], str(event["date_precision"]))


def days_between_events(earlier, later) -> int | None:
    """Days from one event to a later one, or None when the earlier one's day is not known.

    >>> import pandas as pd
    >>> test = {"date": pd.Timestamp("2006-10-09"), "date_precision": "day"}
    >>> days_between_events(test, {"date": pd.Timestamp("2006-10-14"), "date_precision": "day"})
    5
    """
    if str(earlier["date_precision"]) != "day":
        return None
    return int((later["date"] - earlier["date"]).days)
