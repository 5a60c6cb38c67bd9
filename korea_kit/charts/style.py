"""The kit's one chart style: topic colours and markers, ink, font sizes, the figure, the title, and :class:`Chart`.

Every chart of the kit (the timeline in :mod:`korea_kit.charts.timeline`, the
lessons' charts beside it, one file each) is drawn on a :func:`new_figure`
with these colours and sizes, its texts kept plain by :func:`plain_text`
(a :func:`matplotlib.rc_context`, so nothing global changes), and returned as
a :class:`Chart`: the PNG with its description as alt text. Nothing here
touches :mod:`matplotlib.pyplot`, ``rcParams``, the backend or the warnings
filters, so importing or using this module leaves the notebook's global state alone.

In JupyterLab a chart is a PNG, which is quickest to draw again when a
widget changes it. The website asks for SVG instead: a chart is drawn as
SVG (with ``svg.fonttype: none``, so its labels are text the browser draws
sharp at any size) when the environment variable :data:`CHART_FORMAT_ENV`
(``KOREA_KIT_CHART_FORMAT``) is ``svg`` at the time the chart is shown.
``korea-kit build`` sets it for the kernels that run the lessons; nothing
sets it at import, and the SVG settings live in an ``rc_context`` around
the one ``savefig`` call.

>>> TOPIC_LABELS["kaesong"], TOPIC_COLOURS["kaesong"]
('Kaesong', '#E69F00')
"""
from __future__ import annotations

import base64
import html
import io
import math
import os
import struct

import numpy as np

from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

__all__ = ["TOPICS", "TOPIC_COLOURS", "TOPIC_MARKERS", "TOPIC_LABELS", "INK", "LABEL_PT", "LANE_PT", "TICK_PT", "TITLE_PT", "plain_text", "width_pt", "new_figure", "set_title", "palette_png", "CHART_FORMAT_ENV", "CHART_FORMATS", "chart_format", "Chart", "QuickRedraw", "Highlights"]


#: The topics of the events table, in lane order (top to bottom): the order of the story, from the tests
#: and the sanctions that answered them, through the drills, threats and Kaesong, to the demands and the answers.
TOPICS = ("weapons", "sanctions", "drills", "threats", "cyber", "kaesong", "demands", "diplomacy")

#: Okabe–Ito colour-blind-safe palette, one colour per topic.
TOPIC_COLOURS = {
    "sanctions": "#0072B2",  # blue
    "drills": "#009E73",     # bluish green
    "kaesong": "#E69F00",    # orange
    "demands": "#CC79A7",    # reddish purple
    "threats": "#D55E00",    # vermilion
    "cyber": "#56B4E9",      # sky blue
    "diplomacy": "#F0E442",  # yellow
    "weapons": "#000000",    # black
}

#: A distinct marker shape per topic, so colour is never the only cue.
TOPIC_MARKERS = {"sanctions": "s", "drills": "^", "kaesong": "D", "demands": "o",
                 "threats": "v", "cyber": "P", "diplomacy": "h", "weapons": "X"}

#: Lane labels, as shown on the chart and in its description.
TOPIC_LABELS = {t: t.capitalize() for t in TOPICS}

_DPI = 100
INK = "#1a1a1a"
LABEL_PT, LANE_PT, TICK_PT, TITLE_PT = 11.0, 12.0, 11.0, 14.0  # font sizes: at least 11 points at the size a chart is drawn, for a projector


# --- sizes in points ---------------------------------------------------------

def width_pt(renderer, text, size=LABEL_PT, weight="normal"):
    """How wide ``text`` is drawn, in points, at ``size`` and ``weight``.

    >>> fig = new_figure(2, 1)
    >>> width_pt(fig.canvas.get_renderer(), "Kaesong") == width_pt(new_figure(3, 1).canvas.get_renderer(), "Kaesong")
    True
    """
    width, _, _ = renderer.get_text_width_height_descent(
        text, FontProperties(size=size, weight=weight), ismath=False)
    return width * 72.0 / renderer.dpi


#: The sizes of the texts measured so far, by text, font, resolution and font settings (see :class:`_Renderer`).
_METRICS: dict = {}


def _font_settings():
    import matplotlib

    rc = matplotlib.rcParams
    return (tuple(rc["font.family"]), tuple(rc["font.sans-serif"]), tuple(rc["font.serif"]),
            tuple(rc["font.monospace"]), rc["text.hinting"], rc["text.hinting_factor"], rc["text.kerning_factor"])


class _Renderer(RendererAgg):
    """Matplotlib's Agg renderer, which keeps the sizes of the texts it measured across figures.

    Every new figure has a renderer of its own, and matplotlib keeps what a renderer measured only for
    that renderer: a widget that draws a new figure for each choice would measure every label again.
    A text's size depends only on the text, its font properties, the resolution and the font settings,
    which make the key.
    """

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        key = (s, hash(prop), prop.get_size_in_points(), self.dpi, _font_settings())
        size = _METRICS.get(key)
        if size is None:
            size = super().get_text_width_height_descent(s, prop, ismath)
            if len(_METRICS) >= 50000:
                _METRICS.clear()
            _METRICS[key] = size
        return size


    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        # Where each glyph of a text goes (the font's layout of it) is kept too, when this matplotlib
        # draws text glyph by glyph (3.11 and later); the glyphs are drawn as matplotlib draws them.
        if ismath or not _GLYPH_BY_GLYPH:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        key = ("layout", s, hash(prop), prop.get_size_in_points(), self.dpi, _font_settings(),
               None if features is None else tuple(features), language)
        items = _METRICS.get(key)
        if items is None:
            from matplotlib.backends.backend_agg import get_hinting_flag

            font = self._prepare_font(prop)
            items = tuple((item.ft_object, item.glyph_index, item.x, item.y) for item in font._layout(
                s, flags=get_hinting_flag(), features=features, language=language))
            _METRICS[key] = items
        size = prop.get_size_in_points()
        self._draw_text_glyphs_and_boxes(gc, x, y, angle, ((font, size, glyph, 0, 1, dx, dy)
                                                           for font, glyph, dx, dy in items), [])


#: Whether matplotlib draws a text glyph by glyph from the font's layout of it, as 3.11 does: the layout is
#: kept only with the 3.11 series, whose drawing :meth:`_Renderer.draw_text` repeats (other versions draw
#: every text as matplotlib does; the test of the renderer's pixels runs with whichever is installed).
_GLYPH_BY_GLYPH = (__import__("matplotlib").__version__.split(".")[:2] == ["3", "11"]
                   and hasattr(RendererAgg, "_draw_text_glyphs_and_boxes")
                   and hasattr(__import__("matplotlib.ft2font", fromlist=["FT2Font"]).FT2Font, "_layout"))


class _Canvas(FigureCanvasAgg):
    """The Agg canvas of the kit's figures, drawing with a :class:`_Renderer`."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = _Renderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def plain_text(draw):
    """Decorate a function that draws a figure so that its texts are drawn as written, never as mathematics.

    Matplotlib reads text between two ``$`` as mathematics (an actor named
    ``$x$`` would lose its dollars, an unbalanced one stop the drawing); every
    text created inside ``draw`` is plain, whatever the data holds.

    >>> @plain_text
    ... def labelled():
    ...     fig = new_figure(2, 1)
    ...     return fig.text(0, 0, "$5 and $x^2$")
    >>> labelled().get_parse_math()
    False
    """
    import functools

    import matplotlib

    @functools.wraps(draw)
    def drawn(*args, **kwargs):
        with matplotlib.rc_context({"text.parse_math": False}):
            return draw(*args, **kwargs)

    return drawn


def new_figure(width, height):
    """A new figure in the kit's style, ``width`` by ``height`` inches, not managed by pyplot."""
    fig = Figure(figsize=(width, height), dpi=_DPI, facecolor="white", layout="none")
    _Canvas(fig)
    return fig


def set_title(fig, title, height):
    """The chart's title at the top of a figure ``height`` inches high, in the kit's title style."""
    fig.suptitle(title, x=0.5, y=1 - 0.12 / height, ha="center", va="top",
                 fontsize=TITLE_PT, fontweight="bold", color=INK)


# --- Chart --------------------------------------------------------------------

def palette_png(rgb) -> bytes:
    """A Pillow RGB picture as an 8-bit palette PNG, with no metadata.

    Charts have few colours: a palette of 128 keeps them sharp at about a third
    of the size of a full-colour PNG, which keeps lessons and pages light. The
    result is deterministic.

    >>> from PIL import Image
    >>> png = palette_png(Image.new("RGB", (4, 2), "white"))
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", Image.open(io.BytesIO(png)).mode
    (True, 'P')
    """
    from PIL import Image

    buf = io.BytesIO()
    rgb.quantize(colors=128, method=Image.Quantize.FASTOCTREE).save(buf, format="png")
    return buf.getvalue()


#: The environment variable that chooses how charts are shown: ``png`` (the default) or ``svg``.
CHART_FORMAT_ENV = "KOREA_KIT_CHART_FORMAT"

#: The formats a chart can be shown in.
CHART_FORMATS = ("png", "svg")


def chart_format() -> str:
    """How charts are shown now: ``svg`` if :data:`CHART_FORMAT_ENV` says so, else ``png``.

    Read at each call, so the website's build can ask for SVG in the kernels it starts.

    >>> import os
    >>> chart_format() in CHART_FORMATS
    True
    """
    wanted = os.environ.get(CHART_FORMAT_ENV, "").strip().lower()
    return wanted if wanted in CHART_FORMATS else "png"


class Chart:
    """A figure with its description (alt text) and an optional caption.

    Jupyter shows it through :meth:`_repr_mimebundle_`: a PNG (or, when
    :func:`chart_format` is ``svg``, an SVG), an HTML ``<figure>`` whose
    ``<img>`` carries the alt text, and the description (and caption) as
    plain text, which is deterministic so that strict nbval can compare it.

    >>> chart = Chart(new_figure(2, 1), "An empty <test> chart", caption="By me & you")
    >>> sorted(chart._repr_mimebundle_())
    ['image/png', 'text/html', 'text/plain']
    >>> print(chart._repr_mimebundle_()["text/plain"])
    An empty <test> chart
    By me & you
    >>> 'alt="An empty &lt;test&gt; chart"' in chart.to_html()
    True
    """

    dpi = _DPI

    def __init__(self, figure, description, caption=None):
        self.figure, self.description, self.caption = figure, description, caption

    def __repr__(self):
        text = self.description
        return f"Chart({text if len(text) <= 70 else text[:66] + '...'!r})"

    def png_bytes(self):
        """The figure as an 8-bit palette PNG at :attr:`dpi` (see :func:`palette_png`)."""
        return palette_png(_rgb(_drawn(self.figure, self.dpi)))

    def svg_text(self):
        """The figure as SVG text, its labels kept as text (``svg.fonttype: none``), without a date.

        >>> svg = Chart(new_figure(2, 1), "An empty chart").svg_text()
        >>> svg.lstrip().startswith("<?xml"), "<dc:date>" in svg
        (True, False)
        """
        import matplotlib

        fig = self.figure
        if not hasattr(fig.canvas, "buffer_rgba"):
            FigureCanvasAgg(fig)
        fig.set_dpi(self.dpi)
        buf = io.StringIO()
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "korea-kit"}):
            fig.savefig(buf, format="svg", facecolor="white", metadata={"Date": None})
        return buf.getvalue()

    def to_html(self, png=None, fmt=None):
        """An HTML ``<figure>``: the picture inline, the alt text and caption escaped.

        The picture is a PNG (``png``, if given, is that PNG already drawn), or
        an SVG when ``fmt`` (by default :func:`chart_format`) is ``svg``: a
        widget's static HTML then carries the SVG on the website.

        >>> 'src="data:image/svg+xml;base64,' in Chart(new_figure(2, 1), "Empty").to_html(fmt="svg")
        True
        """
        fmt = fmt or chart_format()
        if fmt == "svg":
            width, height = (round(v * self.dpi) for v in self.figure.get_size_inches())
            data, mime = self.svg_text().encode("utf-8"), "image/svg+xml"
        else:
            png = self.png_bytes() if png is None else png
            width, height = struct.unpack(">II", png[16:24])  # from the PNG's IHDR chunk
            data, mime = png, "image/png"
        # '/' is percent-encoded (a data: URL is percent-decoded before its
        # base64 is read), so the stored page holds no path-like runs of text.
        src = f"data:{mime};base64," + base64.b64encode(data).decode("ascii").replace("/", "%2F")
        caption = ("" if self.caption is None
                   else f"<figcaption>{html.escape(self.caption)}</figcaption>")
        figure = '<figure class="kk-chart kk-chart-svg">' if fmt == "svg" else "<figure>"
        return (f'{figure}<img src="{src}" alt="{html.escape(self.description)}" '
                f'width="{width}" height="{height}" style="max-width:100%;height:auto">'
                f"{caption}</figure>")

    def to_text(self):
        """The description, then the caption on its own line if there is one."""
        return self.description if self.caption is None else f"{self.description}\n{self.caption}"

    def _repr_mimebundle_(self, include=None, exclude=None):
        if chart_format() == "svg":
            bundle = {"text/html": self.to_html(fmt="svg"), "text/plain": self.to_text()}
        else:
            png = self.png_bytes()
            bundle = {"image/png": png, "text/html": self.to_html(png), "text/plain": self.to_text()}
        return {k: v for k, v in bundle.items()
                if (include is None or k in include) and (exclude is None or k not in exclude)}


def _drawn(fig, dpi):
    """The figure drawn at ``dpi`` on white, as an RGBA array (a view of the canvas's buffer)."""
    if not hasattr(fig.canvas, "buffer_rgba"):
        FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    face = fig.get_facecolor()
    fig.set_facecolor("white")
    try:
        fig.canvas.draw()
    finally:
        fig.set_facecolor(face)
    return np.asarray(fig.canvas.buffer_rgba())


def _rgb(rgba):
    from PIL import Image

    return Image.fromarray(np.ascontiguousarray(rgba[..., :3]), "RGB")


#: Pixels added around what changes: anti-aliasing, line widths and marker edges reach a little further
#: than the artists' extents.
_MARGIN_PX = 6


class QuickRedraw:
    """A figure drawn once, then drawn again only where it changes, for a widget's next view.

    A widget keeps one figure and changes a few of its artists for each new
    view (a highlight, a shaded day). :meth:`change` works out the rectangles of
    pixels those artists covered before and cover after the change, draws again only the
    artists that reach into those rectangles (in matplotlib's own order, every
    other one hidden for the time of the drawing), and copies the rectangles
    into the picture it keeps: outside them, nothing has changed. The picture is
    therefore the same, pixel for pixel, as a full drawing of the changed
    figure (:meth:`Chart.png_bytes`), at a fraction of the cost when few
    artists change. Artists are only ever changed in place, never added or
    removed, and the axes' limits stay as they are.

    >>> fig = new_figure(2, 1)
    >>> ax = fig.add_axes((0, 0, 1, 1))
    >>> dot = ax.plot([0.2], [0.5], "o")[0]
    >>> quick = QuickRedraw(fig)
    >>> quick.change([dot], lambda: dot.set_xdata([0.8]))
    >>> quick.png_bytes() == Chart(fig, "A dot").png_bytes()
    True
    """

    def __init__(self, figure, dpi=_DPI):
        self.figure, self.dpi = figure, dpi
        self._picture = _drawn(figure, dpi).copy()
        self._renderer = figure.canvas.get_renderer()
        self._leaves = list(self._walk(figure))
        self._extents = {}

    @staticmethod
    def _walk(artist):
        from matplotlib.axes import Axes

        for child in artist.get_children():
            if child is getattr(artist, "patch", None):
                continue  # the figure's or the axes' background: always drawn
            if isinstance(child, Axes):
                yield from QuickRedraw._walk(child)
            else:
                yield child

    def _extent(self, artist):
        """The artist's extent in pixels as ``(x0, y0, x1, y1)`` (y upwards), or None if it draws nothing."""
        from matplotlib.axis import Axis

        if not artist.get_visible():
            return None
        key = id(artist)
        if key not in self._extents:
            if isinstance(artist, Axis):  # its ticks and labels, and its grid lines across the axes
                boxes = [b for b in (artist.get_tightbbox(self._renderer), artist.axes.bbox) if b is not None]
            else:
                boxes = [artist.get_window_extent(self._renderer)]
            patch = getattr(artist, "get_bbox_patch", lambda: None)()
            if patch is not None:
                boxes.append(patch.get_window_extent(self._renderer))
            bounds = [(b.x0, b.y0, b.x1, b.y1) for b in boxes]
            if not all(math.isfinite(v) for b in bounds for v in b):
                bounds = [(-np.inf, -np.inf, np.inf, np.inf)]  # unknown: treat it as everywhere
            self._extents[key] = (min(b[0] for b in bounds), min(b[1] for b in bounds),
                                  max(b[2] for b in bounds), max(b[3] for b in bounds)) if bounds else None
        return self._extents[key]

    def change(self, artists, mutate):
        """Call ``mutate()``, which changes ``artists`` (and nothing else), and draw again what it changed."""
        before = [self._extent(a) for a in artists]
        mutate()
        for a in artists:
            self._extents.pop(id(a), None)
        height, width = self._picture.shape[:2]
        rects = []  # in pixels, (x0, y0, x1, y1), y upwards: each changed artist's extent before and after
        for box in before + [self._extent(a) for a in artists]:
            if box is None:
                continue
            rect = (max(0, int(np.floor(box[0])) - _MARGIN_PX), max(0, int(np.floor(box[1])) - _MARGIN_PX),
                    min(width, int(np.ceil(box[2])) + _MARGIN_PX), min(height, int(np.ceil(box[3])) + _MARGIN_PX))
            if rect[0] < rect[2] and rect[1] < rect[3] and rect not in rects:
                rects.append(rect)
        if not rects:
            return
        hidden = []
        for leaf in self._leaves:
            box = self._extent(leaf)
            if box is not None and not any(box[0] <= x1 + _MARGIN_PX and box[2] >= x0 - _MARGIN_PX
                                           and box[1] <= y1 + _MARGIN_PX and box[3] >= y0 - _MARGIN_PX
                                           for x0, y0, x1, y1 in rects):
                leaf.set_visible(False)
                hidden.append(leaf)
        try:
            drawn = _drawn(self.figure, self.dpi)
        finally:
            for leaf in hidden:
                leaf.set_visible(True)
        for x0, y0, x1, y1 in rects:
            rows = slice(height - y1, height - y0)  # the picture's rows run downwards
            self._picture[rows, x0:x1] = drawn[rows, x0:x1]

    def png_bytes(self):
        """The picture as :meth:`Chart.png_bytes` would give it: an 8-bit palette PNG."""
        return palette_png(_rgb(self._picture))


class Highlights(QuickRedraw):
    """A :class:`QuickRedraw` of a figure that holds every state's own artists, those of one state shown.

    ``shown`` maps a state (a highlighted id) to the artists drawn only in that
    state (its highlight); ``hidden`` maps a state to the artists drawn in every
    other state (what the highlight replaces). :meth:`show` switches to another
    state by showing and hiding those artists: the picture is the same as a full
    drawing of a figure made with that state's artists alone.

    >>> fig = new_figure(2, 1)
    >>> ax = fig.add_axes((0, 0, 1, 1))
    >>> dots = {x: ax.plot([x], [0.5], "o")[0] for x in (0.2, 0.8)}
    >>> quick = Highlights(fig, {x: [dot] for x, dot in dots.items()}, {}, 0.2)
    >>> dots[0.8].get_visible()
    False
    >>> quick.show(0.8)
    >>> dots[0.2].get_visible(), dots[0.8].get_visible()
    (False, True)
    """

    def __init__(self, figure, shown, hidden, state, dpi=_DPI):
        self._shown, self._hidden, self.state = shown, hidden, state
        for s in {*shown, *hidden} - {state}:
            self._set(s, False)
        self._set(state, True)  # last: artists may be shared between states
        super().__init__(figure, dpi)

    def states(self):
        """The states the figure can show.

        >>> fig = new_figure(2, 1)
        >>> sorted(Highlights(fig, {"a": [], "b": []}, {}, "a").states())
        ['a', 'b']
        """
        return {*self._shown, *self._hidden}

    def _set(self, state, on):
        for artist in self._shown.get(state, ()):
            artist.set_visible(on)
        for artist in self._hidden.get(state, ()):
            artist.set_visible(not on)

    def show(self, state):
        """Switch the picture to ``state``."""
        if state == self.state:
            return
        if state not in self.states():
            raise KeyError(f"no state {state!r} in this figure")
        old, self.state = self.state, state
        involved = {id(a): a for a in [*self._shown.get(old, ()), *self._hidden.get(old, ()),
                                       *self._shown.get(state, ()), *self._hidden.get(state, ())]}
        before = {key: a.get_visible() for key, a in involved.items()}
        self._set(old, False)
        self._set(state, True)
        changed = {key: a for key, a in involved.items() if a.get_visible() != before[key]}
        for key, a in changed.items():  # back as they were, for change() to see them before and after
            a.set_visible(before[key])

        def switch():
            for a in changed.values():
                a.set_visible(not a.get_visible())

        self.change(list(changed.values()), switch)
