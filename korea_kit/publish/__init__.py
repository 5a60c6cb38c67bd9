"""Publishing the lessons: the student and teacher editions (:mod:`~korea_kit.publish.editions`)
and the static website (:mod:`~korea_kit.publish.site`, its templates in ``site_templates/``).

A publish module may import every layer below it (base, data, render, charts, widgets,
lessons); only :mod:`korea_kit.cli` imports it.

>>> from korea_kit.publish import EDITIONS
>>> sorted(EDITIONS)
['student', 'teacher']
"""

from korea_kit.publish.editions import EDITIONS, EditionError, copy_edition, run_in_place, stale_lessons, write_editions
from korea_kit.publish.site import SiteError, build

__all__ = ["EDITIONS", "EditionError", "copy_edition", "run_in_place", "stale_lessons", "write_editions", "SiteError", "build"]
