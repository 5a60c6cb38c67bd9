"""Charts: the kit's one style (:mod:`~korea_kit.charts.style`) and the timeline of events (:mod:`~korea_kit.charts.timeline`).

A chart module may import the layers below it (``korea_kit.errors``, ``dates``,
``text``, :mod:`korea_kit.data`, :mod:`korea_kit.render`), never widgets or
lessons. Importing it changes no global state: the style is applied with
:func:`matplotlib.rc_context` and on figures the kit makes itself.

>>> from korea_kit.charts import TOPIC_COLOURS, timeline_chart
>>> TOPIC_COLOURS["sanctions"]
'#0072B2'
"""

from korea_kit.charts.style import (
    INK, LABEL_PT, LANE_PT, TICK_PT, TITLE_PT, TOPIC_COLOURS, TOPIC_LABELS, TOPIC_MARKERS, TOPICS,
    Chart, new_figure, palette_png, plain_text, set_title, width_pt,
)
from korea_kit.charts.timeline import (
    DEFAULT_END, DEFAULT_START, describe_timeline, filter_events, overview_timeline, timeline_chart,
    timeline_figure, topic_order,
)

__all__ = [
    "INK", "LABEL_PT", "LANE_PT", "TICK_PT", "TITLE_PT", "TOPIC_COLOURS", "TOPIC_LABELS", "TOPIC_MARKERS", "TOPICS",
    "Chart", "new_figure", "palette_png", "plain_text", "set_title", "width_pt",
    "DEFAULT_END", "DEFAULT_START", "describe_timeline", "filter_events", "overview_timeline", "timeline_chart",
    "timeline_figure", "topic_order",
]
