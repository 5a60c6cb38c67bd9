"""An interactive timeline explorer for JupyterLab, with a static fallback.

The widget is thin: :mod:`korea_kit.charts` draws the chart and writes its
description; the widget only wires its controls to those functions and puts
the results into an :class:`ipywidgets.Image` and an :class:`ipywidgets.HTML`.

Saved notebooks stay readable without a kernel: besides the usual widget
view, the widget's display data carry a static ``text/html`` rendering of
its default state (image, alt text, description) and a ``text/plain`` copy
of the description, which is deterministic so strict nbval can compare it.

>>> from korea_kit.charts.timeline import _demo_events
>>> explorer = timeline_explorer(_demo_events())
>>> explorer.topics.value
('drills', 'kaesong', 'demands')
>>> explorer.topics.value = ("kaesong",)
>>> print(explorer.description.value)  # doctest: +NORMALIZE_WHITESPACE
<p>Timeline of events on the Korean Peninsula, February–April 2013, limited to
Kaesong, with one lane per topic. It shows 2 events in 1 topic: Kaesong (2).
The first is “Kaesong workers stay away”, on 9 April 2013; the last is
“Seoul offers Kaesong talks”, on 11 April 2013.</p>
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from korea_kit.charts.style import TOPIC_LABELS

from korea_kit.charts.timeline import DEFAULT_END, DEFAULT_START, topic_order, filter_events, timeline_chart
from korea_kit.text import day_label
from korea_kit.widgets.access import Access

__all__ = ["VIEW_HEIGHT", "side_by_side", "KitWidget", "ChartPanel", "TimelineExplorer", "timeline_explorer", "overview_explorer", "STATIC_HINT",
           "static_hint", "QuizWidget", "quiz", "my_progress"]


def static_hint(to: str) -> str:
    """The line under a widget's static rendering: the one action that makes it work, wherever it is read.

    The static rendering is what a website shows, and what JupyterLab shows of a lesson that has not run
    since it was copied; so the line names the action in JupyterLab first, then what a reader of a page does.

    >>> static_hint("filter the timeline")
    'To filter the timeline, run the lesson: in JupyterLab, Run → Run All Cells; on a web page, open it in JupyterLab or on Binder.'
    """
    return f"To {to}, run the lesson: in JupyterLab, Run → Run All Cells; on a web page, open it in JupyterLab or on Binder."


#: Shown under the static rendering, where the controls cannot work.
STATIC_HINT = static_hint("filter the timeline")


def _description_html(chart, with_caption=True):
    caption = "" if chart.caption is None or not with_caption else f"<br><small>{html.escape(chart.caption)}</small>"
    return f"<p>{html.escape(chart.description)}{caption}</p>"


#: The height of a widget's changing view (a chart, and the text beside it, which scrolls): with the controls
#: above it, the view fits a 1366×768 screen in JupyterLab (``tests/screen_fit.py`` measures it).
VIEW_HEIGHT = "440px"


def side_by_side(image, texts):
    """A chart and the texts that change with it side by side, of one fixed height: the picture scaled to
    fit (never cropped), the texts in a box that scrolls when they are longer; on a narrow output the
    texts go under the picture. Returns ``(row, box)``, ``box`` the texts' box (to name as a region).

    >>> import ipywidgets as widgets
    >>> row, box = side_by_side(widgets.Image(), [widgets.HTML("a"), widgets.HTML("b")])
    >>> row.children[1] is box, box.layout.max_height == VIEW_HEIGHT, box.layout.overflow
    (True, True, 'auto')
    """
    image.layout = widgets.Layout(max_width="100%", max_height=VIEW_HEIGHT, height="auto", width="auto",
                                  min_width="0", flex="1 1 60%", object_fit="contain", object_position="left top")
    box = widgets.VBox(list(texts), layout=widgets.Layout(flex="1 1 30%", min_width="14rem",
                                                          max_height=VIEW_HEIGHT, overflow="auto"))
    row = widgets.HBox([image, box], layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start",
                                                            width="100%"))
    return row, box


class KitWidget(widgets.VBox):
    """Base of the kit's widgets: a box of controls and views with a static fallback.

    Subclasses build their children, then call :meth:`set_static` with the
    HTML and plain text of their default state. Display data then carry,
    besides the live widget view, that ``text/html`` (what a page shows
    without a kernel, e.g. the static site) and that ``text/plain`` (what
    strict nbval compares). Every kit widget has the CSS class ``kk-widget``,
    which the browser tests use to find it.

    Its last child, :attr:`access` (:class:`~korea_kit.widgets.access.Access`), serves
    keyboard and screen-reader learners: it names the sliders after their description (and
    makes them announce their labels), keeps the notebook's shortcuts out of the widget and
    holds its live region. A subclass names its other controls, gives its pictures alt text
    and announces its changes through it.
    """

    _static_html = ""
    _static_text = ""

    #: How many choices' views a widget keeps (:meth:`_keep_views`), so that going back to one is instant.
    keep = 64

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("kk-widget")
        self.access = Access()
        self.children = (*self.children, self.access)
        self.access.cover(self)

    def _choice(self) -> tuple:
        """The current values of the widget's controls, as the key of the views kept for them."""
        return tuple(repr(c.value) for c in self._controls)

    def _keep_views(self, shown):
        """Keep ``shown``, the views of the current choice (the oldest kept go first); return it."""
        kept = self.__dict__.setdefault("_kept", {})
        kept[self._choice()] = shown
        while len(kept) > self.keep:
            del kept[next(iter(kept))]
        return shown

    def _kept_views(self):
        """The views kept for the current choice, or None."""
        return self.__dict__.get("_kept", {}).get(self._choice())

    def set_static(self, html_text: str, text: str) -> None:
        """Record the static rendering of the default state."""
        self._static_html, self._static_text = html_text, text

    def _repr_mimebundle_(self, **kwargs):
        """The widget view, plus a static HTML and plain-text rendering of the default state.

        The view is given as ipywidgets gives it, without working out the ``repr`` of every
        child (a quiz holds a few hundred widgets), which the static text replaces anyway.
        """
        bundle = {"text/plain": self._static_text, "text/html": self._static_html}
        if self._view_name is not None:
            bundle["application/vnd.jupyter.widget-view+json"] = {
                "version_major": 2, "version_minor": 0, "model_id": self._model_id}
        return bundle


class ChartPanel(KitWidget):
    """A chart, its description and a panel of text, driven by some controls.

    A subclass makes its controls, passes them to ``__init__`` and defines
    :meth:`views`, a call of pure functions returning ``(chart, panel)``: a
    :class:`~korea_kit.charts.Chart` and an :class:`~korea_kit.render.views.HTMLView`
    for the current values of the controls. Changing any control shows the new
    views; the static rendering is the default state followed by ``hint``.

    Attributes
    ----------
    image : ipywidgets.Image
        The chart as PNG.
    description : ipywidgets.HTML
        The chart's description (its alt text) and caption.
    panel : ipywidgets.HTML
        The panel's HTML.
    """

    #: CSS class of the static rendering's ``<div>``.
    static_class = "kk-chart-panel"

    def __init__(self, controls, hint, **kwargs):
        self._controls = list(controls)
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.description, self.panel = widgets.HTML(), widgets.HTML()
        # the panel first beside the chart (it changes most), then the chart's description
        row, self.texts = side_by_side(self.image, [self.panel, self.description])
        super().__init__(children=[*controls, row], **kwargs)
        self.access.region(self.texts, "The text beside the chart")
        chart, panel, png = self.first_views()
        self.set_static(f'<div class="{self.static_class}">{chart.to_html(png)}'
                        f"{_description_html(chart, with_caption=False)}{panel.html}"
                        f"<p><em>{html.escape(hint)}</em></p></div>",
                        f"{chart.to_text()}\n\n{panel.text}")
        self._show(self._remember(chart, panel, png))
        for control in controls:
            control.observe(self._update, names="value")

    def views(self):
        """``(chart, panel)`` for the current values of the controls (a pure function of them)."""
        raise NotImplementedError

    def first_views(self):
        """``(chart, panel, png)`` of the first state: :meth:`views` and the chart's PNG.

        A subclass that redraws its chart quickly (see :meth:`quick_views`) draws its figure here once, for
        the static rendering and the first view alike.
        """
        chart, panel = self.views()
        return chart, panel, chart.png_bytes()

    def quick_views(self):
        """``(png, chart, panel)`` for the current values of the controls, the PNG drawn quickly by redrawing
        only what changed in a figure the widget keeps; None (the default) draws :meth:`views` in full.

        ``chart`` is any object with the ``description`` and ``caption`` of the chart shown. The picture
        must be the one :meth:`views` would give.
        """
        return None

    def _remember(self, chart, panel, png=None):
        """Keep the rendered views for the controls' current values (the oldest go first)."""
        return self._keep_views((chart.png_bytes() if png is None else png, _description_html(chart), panel.html,
                                 chart.description))

    def _show(self, shown):
        self.image.value, self.description.value, self.panel.value, alt = shown
        self.access.alt(self.image, alt)

    def _update(self, change=None):
        shown = self._kept_views()
        if shown is None:
            quick = self.quick_views()
            if quick is None:
                shown = self._remember(*self.views())
            else:
                png, chart, panel = quick
                shown = self._remember(chart, panel, png)
        self._show(shown)
        self.access.say(shown[3])


class TimelineExplorer(KitWidget):
    """A timeline of events with a topic filter and a date-window slider.

    Parameters
    ----------
    events : pandas.DataFrame
        An events table (see :mod:`korea_kit.charts`).
    topics : str or sequence of str, optional
        Topics selected at first (default: every topic present).
    start, end : str or Timestamp
        First and last day offered by the date slider, and its initial range.
    width : float
        Width of the chart in inches.
    caption : str or callable, optional
        A line (e.g. the data's citation) shown under the description; a
        callable gets the events shown and returns the line, so that the
        caption follows the selection.

    Attributes
    ----------
    topics : ipywidgets.SelectMultiple
        The topic filter (a list box: arrow keys move, Shift/Ctrl/Cmd select more).
    window : ipywidgets.SelectionRangeSlider
        The date window, one step per day; its value is a pair of Timestamps.
    image : ipywidgets.Image
        The chart as PNG.
    description : ipywidgets.HTML
        The chart's description (its alt text), HTML-escaped.
    """

    def __init__(self, events, *, topics=None, start=DEFAULT_START, end=DEFAULT_END,
                 width=10.0, caption=None, **kwargs):
        self._events, self._width, self._caption = events, width, caption
        present = set(events["topic"].dropna().astype(str))
        options = [t for t in topic_order(events) if t in present]
        chosen = options if topics is None else [topics] if isinstance(topics, str) else topics
        unknown = [t for t in chosen if t not in options]
        if unknown:
            raise ValueError(f"unknown topic {unknown[0]!r}; choose from: {', '.join(options)}")
        days = pd.date_range(pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize())
        if len(days) == 0:
            raise ValueError(f"start ({start}) is after end ({end})")
        with_year = days[0].year != days[-1].year
        self.topics = widgets.SelectMultiple(
            options=[(TOPIC_LABELS.get(t, t), t) for t in options],
            value=tuple(t for t in options if t in chosen), rows=max(len(options), 1),
            description="Topics", layout=widgets.Layout(width="max-content"))
        self.window = widgets.SelectionRangeSlider(
            options=[(day_label(d, with_year), d) for d in days], index=(0, len(days) - 1),
            description="Dates", continuous_update=False, layout=widgets.Layout(width="95%"))
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.description = widgets.HTML()
        hint = widgets.HTML("<small>Click a topic to show it alone; hold Ctrl (⌘ on a Mac) or "
                            "Shift to pick several. From the keyboard: the arrow keys move, Shift with an "
                            "arrow adds the next topic.</small>")
        super().__init__(children=[widgets.HBox([self.topics, hint]), self.window,
                                   self.image, self.description], **kwargs)
        self._controls = [self.topics, self.window]
        default = self.chart()
        png = default.png_bytes()
        self.set_static(f'<div class="korea-kit-timeline">{default.to_html(png)}'
                        f"{_description_html(default, with_caption=False)}<p><em>{STATIC_HINT}</em></p></div>",
                        default.to_text())
        self._show(default, png)
        self.topics.observe(self._update, names="value")
        self.window.observe(self._update, names="value")

    def selection(self):
        """The current ``(topics, start, end)``; topics is None when all are chosen."""
        chosen = self.topics.value
        everything = set(chosen) == {value for _, value in self.topics.options}
        return (None if everything else chosen), *self.window.value

    def chart(self):
        """The :class:`~korea_kit.charts.Chart` for the current selection."""
        topics, start, end = self.selection()
        caption = self._caption
        if callable(caption):
            caption = caption(filter_events(self._events, topics, start, end))
        return timeline_chart(self._events, topics, start, end, caption, width=self._width)

    def _show(self, chart, png=None):
        self._put(self._keep_views((chart.png_bytes() if png is None else png, _description_html(chart),
                                    chart.description)))

    def _put(self, shown):
        self.image.value, self.description.value, alt = shown
        self.access.alt(self.image, alt)

    def _update(self, change=None):
        shown = self._kept_views()
        if shown is None:
            self._show(self.chart())
        else:
            self._put(shown)
        self.access.say(self._kept_views()[2])


def timeline_explorer(events, **kwargs):
    """Build a :class:`TimelineExplorer`; keyword arguments are passed on to it."""
    return TimelineExplorer(events, **kwargs)


def overview_explorer(tables, **kwargs):
    """A :class:`TimelineExplorer` of the kit's own events, captioned with their sources.

    >>> from korea_kit import load_tables
    >>> explorer = overview_explorer(load_tables())
    >>> from korea_kit.dates import format_date
    >>> format_date(explorer.window.value[0])
    '1 February 2013'
    >>> explorer.topics.value = ("cyber",)  # the sources follow the selection
    >>> "Korea Herald" in explorer.description.value, "Yonhap, 9 Apr 2013" in explorer.description.value
    (True, False)
    """
    from korea_kit.data.sources import sources_line

    kwargs.setdefault("caption", lambda shown: sources_line(tables, "events", shown["event_id"]))
    return TimelineExplorer(tables.events, **kwargs)


# ---------------------------------------------------------------------------
# Quizzes


class _QuestionBox(widgets.VBox):
    """One question: its controls, a Check button, a Show-the-answer button, the feedback."""

    def __init__(self, tables, number, question, store, saved):
        from korea_kit.render.quizzes import check_answer, feedback_view

        self._tables, self.question, self._store = tables, question, store
        self._check, self._feedback_view = check_answer, feedback_view
        q = question
        prompt = widgets.HTML(f"<p><strong>{number}. {html.escape(q.question)}</strong></p>")
        #: ``(control, name)`` for each control, named by the quiz (:meth:`QuizWidget.__init__`)
        self.names = []
        #: Announces a text in the quiz's live region (set by the quiz)
        self.say = lambda text: None
        if q.kind == "choice":
            self.controls = [widgets.RadioButtons(options=list(q.choices), value=None,
                                                  layout=widgets.Layout(width="max-content"))]
            rows = self.controls
            self.names.append((self.controls[0], f"Question {number}: {q.question}"))
        else:
            options = [("—", None)] + [(c, c) for c in (q.choices if q.kind == "order" else q.partners)]
            self.controls = [widgets.Dropdown(options=options, value=None) for _ in q.answer]
            if q.kind == "order":
                hint = widgets.HTML("<small>Choose the item that comes in each place.</small>")
                rows = [hint] + [widgets.HBox([widgets.Label(_ordinal(i)), c])
                                 for i, c in enumerate(self.controls, 1)]
                self.names += [(c, f"Question {number}: {_ordinal(i)}") for i, c in enumerate(self.controls, 1)]
            else:
                rows = [widgets.HBox([widgets.HTML(html.escape(item), layout=widgets.Layout(width="60%")), c])
                        for item, c in zip(q.choices, self.controls)]
                self.names += [(c, f"Question {number}: {item}") for item, c in zip(q.choices, self.controls)]
        self.check = widgets.Button(description="Check", button_style="primary")
        self.check.add_class("kk-check")
        self.reveal = widgets.Button(description="Show the answer", layout=widgets.Layout(display="none"))
        self.feedback = widgets.HTML()
        self.feedback.add_class("kk-feedback")
        self.status = widgets.HTML()
        super().__init__(children=[prompt, *rows, widgets.HBox([self.check, self.reveal]), self.feedback, self.status])
        self.add_class("kk-question")
        self.check.on_click(lambda _: self.submit())
        self.reveal.on_click(lambda _: self.show_answer())
        if saved:
            self.restore(saved)

    def restore(self, saved: dict) -> None:
        """Show an answer saved in an earlier session (see :mod:`korea_kit.progress`): the choice, its feedback, and
        the *Show the answer* button after a wrong try. A choice the question no longer offers is left empty."""
        response = list(saved.get("response", []))
        offered = [{value for value in (c.options if self.question.kind == "choice" else
                                        [v for _, v in c.options])} for c in self.controls]
        if len(response) == len(self.controls) and all(v in ok for v, ok in zip(response, offered)):
            for control, value in zip(self.controls, response):
                control.value = value
            result = self._check(self.question, self.response())
            self.feedback.value = self._feedback_view(self._tables, self.question, result).html
            if not result.correct:
                self.reveal.layout.display = None
        verdict = "right" if saved.get("correct") else "not yet right"
        self.status.value = (f"<small>Saved from an earlier session: {saved.get('tries', 1)} "
                             f"tr{'y' if saved.get('tries', 1) == 1 else 'ies'}, {verdict}.</small>")

    def response(self):
        """The learner's current answer: a string for ``choice``, a list otherwise."""
        if self.question.kind == "choice":
            return self.controls[0].value
        return [c.value for c in self.controls]

    def submit(self):
        """Check the answer, show the feedback and save it; returns the :class:`~korea_kit.quiz.Result`."""
        result = self._check(self.question, self.response())
        view = self._feedback_view(self._tables, self.question, result)
        self.feedback.value = view.html
        self.say(view.text)
        answered = not result.message.endswith("first.")
        if answered and not result.correct:
            self.reveal.layout.display = None
        if answered and self._store is not None:
            from korea_kit.progress import ProgressError

            response = self.response()
            try:
                self._store.record(self.question.quiz_id, self.question.lesson,
                                   [response] if isinstance(response, str) else response, result.correct)
                note = f" {self._store.problem}" if self._store.problem else ""
                self.status.value = f"<small>Your answer is saved.{html.escape(note)}</small>"
            except (ProgressError, OSError) as exc:
                self.status.value = f"<small>Your answer could not be saved: {html.escape(str(exc))}</small>"
        return result

    def show_answer(self):
        """Show the right answer, its explanation and its sources."""
        view = self._feedback_view(self._tables, self.question, None, reveal=True)
        self.feedback.value = view.html
        self.say(view.text)


def _ordinal(n):
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


class QuizWidget(KitWidget):
    """A lesson's quiz: one box per question with immediate feedback and retries.

    Answers are saved in the learner's progress file (see :mod:`korea_kit.progress`) when they
    press *Check*, and shown again (choice and feedback) when the quiz is made another time;
    pass ``store=None`` to save nothing (as in a page served by Voilà). The static rendering is
    :func:`korea_kit.render.quizzes.quiz_view`: the questions only, never an answer, an
    explanation or an option's feedback (those are shown when a learner presses
    *Check* or *Show the answer* in a running kernel). The teacher's key is
    :func:`korea_kit.teacher.quiz_key`, in a cell of its own tagged ``teacher``.

    Attributes
    ----------
    boxes : list
        One box per question, with ``controls``, ``check``, ``feedback``, ``submit()``.
    """

    def __init__(self, tables, lesson, store="default", **kwargs):
        from korea_kit.progress import ProgressError, default_store, saving_off
        from korea_kit.render.quizzes import questions, quiz_view

        if store == "default":
            store = default_store()
        saved = {}
        off = saving_off() if store is None else None
        note = (f"<p><small>{html.escape(off)}</small></p>" if off else "" if store is None else
                "<p><small>Each answer is saved when you press <em>Check</em>, and shown again when you run "
                "the lesson another time.</small></p>")
        if store is not None:
            try:
                saved = store.answers()
                if store.problem:
                    note += f"<p><small>{html.escape(store.problem)}</small></p>"
            except ProgressError as exc:
                note += f"<p><small>Your earlier answers could not be read: {html.escape(str(exc))}</small></p>"
        qs = questions(tables, lesson)
        if not qs:
            raise ValueError(f"no quiz questions for lesson {lesson!r} in quiz.csv")
        self.boxes = [_QuestionBox(tables, i, q, store, saved.get(q.quiz_id)) for i, q in enumerate(qs, 1)]
        intro = widgets.HTML(f"<p>{len(qs)} questions. Answer, then press <em>Check</em>; "
                             "you can try again as often as you like.</p>" + note)
        super().__init__(children=[intro, *self.boxes], **kwargs)
        self.add_class("kk-quiz")
        with self.access.hold_sync():
            for box in self.boxes:
                for control, name in box.names:
                    self.access.name(control, name)
                box.say = self.access.say
        static = quiz_view(tables, lesson)
        self.set_static(static.html, static.text)


def quiz(tables, lesson, **kwargs):
    """The quiz of one lesson as a :class:`QuizWidget`.

    >>> from korea_kit import load_tables
    >>> from korea_kit.render.quizzes import questions
    >>> tables = load_tables()
    >>> lesson = questions(tables)[0].lesson
    >>> widget = quiz(tables, lesson, store=None)
    >>> box = widget.boxes[0]
    >>> box.submit().message  # nothing chosen yet
    'Choose an answer ...first.'
    """
    return QuizWidget(tables, lesson, **kwargs)


#: Said above the learner's progress: a saved notebook keeps the table of the last run, which the next answers outdate.
PROGRESS_NOTE = "Your progress when this cell last ran: run it again (Shift + Enter) to bring it up to date."


def my_progress(tables, store=None):
    """The learner's saved quiz progress, lesson by lesson (read from the progress file when the cell runs,
    and said to be so: a notebook saved with it would otherwise show an old count).

    >>> from korea_kit import load_tables
    >>> import tempfile, pathlib
    >>> from korea_kit.progress import ProgressStore
    >>> print(my_progress(load_tables(), ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "p.json")))
    Your progress when this cell last ran: run it again (Shift + Enter) to bring it up to date.
    No quiz answers saved yet.
    """
    from korea_kit.data.toc import toc
    from korea_kit.progress import ProgressError, ProgressStore
    from korea_kit.render.quizzes import progress_view
    from korea_kit.render.views import HTMLView

    store = store if store is not None else ProgressStore()
    try:
        answers = store.answers()
    except ProgressError as exc:
        return HTMLView(f"<p>{html.escape(str(exc))}</p>", str(exc))
    view = progress_view(tables, answers, lessons=[lesson.name for lesson in toc()])
    if store.problem:
        view = HTMLView(f"<p>{html.escape(store.problem)}</p>{view.html}", f"{store.problem}\n{view.text}")
    return HTMLView(f"<p><small>{html.escape(PROGRESS_NOTE)}</small></p>{view.html}", f"{PROGRESS_NOTE}\n{view.text}")
