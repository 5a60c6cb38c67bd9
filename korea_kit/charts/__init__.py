"""Charts: the kit's one style, and one file per chart.

- :mod:`~korea_kit.charts.style`: colours, markers, ink, font sizes, the figure,
  the title and :class:`Chart` (a figure with its alt text), for every chart;
- :mod:`~korea_kit.charts.timeline`: the timeline of events;
- the lessons' charts: :mod:`~korea_kit.charts.resolutions` (02, sanctions),
  :mod:`~korea_kit.charts.drills_calendar` (03), :mod:`~korea_kit.charts.peninsula_map`
  (04, Kaesong), :mod:`~korea_kit.charts.demands_matrix` (05) and
  :mod:`~korea_kit.charts.coverage` (06, reading the sources); lesson 07 shows tables, not a chart.
- the background lesson's (01): :mod:`~korea_kit.charts.regional_map` (the peninsula among its
  neighbours) and :mod:`~korea_kit.charts.background_timeline` (1953 to April 2013).

A chart takes plain inputs (the rows, records and words a lesson picks) and
returns a figure, its description (alt text) or both as a :class:`Chart`; the
lesson module chooses what to show and calls it. A chart module may import the
layers below it (``korea_kit.errors``, ``dates``, ``text``, :mod:`korea_kit.data`,
:mod:`korea_kit.render`), never widgets or lessons. Importing or drawing changes
no global state: the style is applied with :func:`matplotlib.rc_context` and on
figures the kit makes itself (:func:`~korea_kit.charts.style.new_figure`), never
through ``rcParams`` or pyplot.

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
