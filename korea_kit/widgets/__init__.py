"""Interactive widgets: the kit's widget base and chart panel, the timeline explorer, the quiz
and the learner's progress (:mod:`~korea_kit.widgets.panels`).

A widget module may import the base, :mod:`korea_kit.data`, :mod:`korea_kit.render` and
:mod:`korea_kit.charts`, never a lesson: what a widget needs of the lessons (their order,
for the progress view) comes from :mod:`korea_kit.data.toc` or is passed in.

>>> from korea_kit.widgets import STATIC_HINT
>>> STATIC_HINT
'To filter the timeline, run the lesson: in JupyterLab, Run → Run All Cells; on a web page, open it in JupyterLab or on Binder.'
"""

from korea_kit.widgets.panels import (
    STATIC_HINT, ChartPanel, KitWidget, QuizWidget, TimelineExplorer, my_progress, overview_explorer, quiz,
    timeline_explorer,
)

__all__ = [
    "STATIC_HINT", "ChartPanel", "KitWidget", "QuizWidget", "TimelineExplorer", "my_progress", "overview_explorer",
    "quiz", "timeline_explorer",
]
