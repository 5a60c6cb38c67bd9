"""What the lessons' own code expects of the data, so that ``korea-kit check`` can verify it.

Some lesson content lives in the package rather than in ``data/``: the
resolutions of lesson 01 and the tests that triggered them, the phrases its
three translations differ by, the claims of lesson 05, the sides of lesson 06.
Each lesson module lists the records and words it names with a
``data_needs()`` function; :func:`lesson_needs` gathers them, and
:func:`~korea_kit.data.check_data` reports a record that is missing, or that
no longer holds the words, before a lesson breaks on it.

>>> needs = lesson_needs()
>>> ("korea_kit.sanctions", "events", "nuclear-test-2006", None) in needs
True
"""

from __future__ import annotations

import importlib

__all__ = ["LESSON_MODULES", "lesson_needs"]

#: The modules whose code names records of the data (each has a ``data_needs()``).
LESSON_MODULES = ("sanctions", "drills", "kaesong", "reading", "roleplay")


def lesson_needs() -> list[tuple[str, str, str, str | None]]:
    """Every ``(module, table, record id, words or None)`` that the lessons' code names."""
    needs = []
    for name in LESSON_MODULES:
        module = importlib.import_module(f"korea_kit.{name}")
        needs += [(module.__name__, *need) for need in module.data_needs()]
    return needs
