"""What a kit widget tells keyboard and screen-reader learners: names, states, alt text and news.

ipywidgets draws the controls but cannot name a dropdown that has no description, say which
day a slider shows, give a picture alt text, or keep JupyterLab's notebook shortcuts out of a
widget. :class:`Access` does that: every kit widget (:class:`~korea_kit.widgets.panels.KitWidget`)
holds one, as its last child. It is an `anywidget <https://anywidget.dev>`_ widget: its small
front-end module (``access.js``, beside this file, with ``access.css``) finds the kit widget it
sits in and, in JupyterLab and in Voilà alike,

- marks every control of the widget with ``data-lm-suppress-shortcuts``, so that keys typed in
  a kit widget (arrows, Shift with an arrow, ``a``, ``b``...) work the control instead of the
  notebook; Escape gives the keys back to the notebook (it focuses the widget's cell);
- gives each control the name, and each picture the alt text, set here in Python; says which
  toggle button is pressed (``aria-pressed``); makes a slider announce the label the learner
  sees (``aria-valuetext``: "1 Apr", not "0");
- keeps one live region (``role="status"``) whose text it replaces with the news of each
  change (:meth:`Access.say`): the chart's new description, the quiz's feedback, the round's
  result;
- shows a focus mark of 3 pixels, at 3:1 or better against the page (``access.css``).

Where no kernel runs (the website, a saved notebook) the widget's static rendering is shown
instead, which carries its own alt text.

>>> import ipywidgets as widgets
>>> access = Access()
>>> day = widgets.SelectionSlider(options=[("1 Apr", 1), ("2 Apr", 2)], description="Day")
>>> access.cover(widgets.VBox([day]))
>>> part = access.parts[part_class(day)]
>>> part["part"], part["values"], part["attrs"]
('.noUi-handle', [['1 Apr', '2 Apr']], {'aria-label': ['Day']})
>>> access.say("Shown: 2 April 2013."); access.news, access.serial
('Shown: 2 April 2013.', 1)
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import ipywidgets as widgets
import traitlets

__all__ = ["Access", "part_class", "lead", "FOCUS_PARTS"]

#: For each kind of control, the element in it that takes the focus (and so its name and state).
FOCUS_PARTS = {
    widgets.Dropdown: "select",
    widgets.Select: "select",
    widgets.SelectMultiple: "select",
    widgets.SelectionSlider: ".noUi-handle",
    widgets.SelectionRangeSlider: ".noUi-handle",
    widgets.IntSlider: ".noUi-handle",
    widgets.IntRangeSlider: ".noUi-handle",
    widgets.Textarea: "textarea",
    widgets.Text: "input",
    widgets.ToggleButtons: ".widget-toggle-buttons",
    widgets.RadioButtons: ".widget-radio-box",
    widgets.Checkbox: "input",
    widgets.Image: "",
}

_HERE = Path(__file__).parent


def part_class(widget) -> str:
    """The CSS class by which the front end finds ``widget`` (unique on the page: the model's id).

    >>> part_class(widgets.Button()).startswith("kk-a-")
    True
    """
    return f"kk-a-{widget.model_id}"


def lead(text: str, lines: int = 1) -> str:
    """The first ``lines`` lines of a view's plain text, as one passage to announce.

    >>> lead("Round 1 (11 to 15 April 2013)\\nAfter this round: none met.\\n- North Korea | no move", 2)
    'Round 1 (11 to 15 April 2013). After this round: none met.'
    """
    kept = [line.strip() for line in text.splitlines() if line.strip()][:lines]
    return " ".join(line if line[-1] in ".!?:;" else f"{line}." for line in kept)


def _part(widget) -> str:
    for kind in type(widget).__mro__:
        if kind in FOCUS_PARTS:
            return FOCUS_PARTS[kind]
    return ""


class Access(anywidget.AnyWidget):
    """The accessibility helper of one kit widget (see the module's description).

    Attributes
    ----------
    parts : dict
        By :func:`part_class`: ``part`` (the selector of the focusable element inside the
        control, ``""`` for the control itself), ``attrs`` (attribute name to a value, or to a
        list of values, one per element found, such as the two handles of a range slider) and
        ``values`` (for a slider, per handle, the text of each position).
    news, serial : str, int
        The text of the latest :meth:`say`, and how many there have been.
    """

    _esm = _HERE / "access.js"
    _css = _HERE / "access.css"

    parts = traitlets.Dict().tag(sync=True)
    news = traitlets.Unicode("").tag(sync=True)
    serial = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("kk-access")

    def _update_part(self, control, attrs=None, **fields) -> None:
        key = part_class(control)
        if key not in control._dom_classes:
            control.add_class(key)
        entry = dict(self.parts.get(key, {"part": _part(control), "attrs": {}}))
        if attrs:
            entry["attrs"] = {**entry["attrs"], **attrs}
        entry.update(fields)
        if entry != self.parts.get(key):
            self.parts = {**self.parts, key: entry}

    def name(self, control, text) -> None:
        """Give ``control`` an accessible name (``aria-label``); a list names each element, e.g. each handle.

        A row of toggle buttons or radio buttons is named as a group (``role="group"``, ``"radiogroup"``).
        """
        role = ({"role": "group"} if isinstance(control, widgets.ToggleButtons)
                else {"role": "radiogroup"} if isinstance(control, widgets.RadioButtons) else {})
        self._update_part(control, {"aria-label": text, **role})

    def alt(self, image, text: str) -> None:
        """Give the picture ``image`` (an :class:`ipywidgets.Image`) its alt text, what it shows now."""
        self._update_part(image, {"alt": text, "role": "img"})

    def region(self, box, text: str) -> None:
        """Make ``box`` (a box of the widget that scrolls) a named region that takes the focus, so that it
        scrolls from the keyboard too (``tabindex="0"``, ``role="region"``, ``aria-label``)."""
        self._update_part(box, {"tabindex": "0", "role": "region", "aria-label": text})

    def value_texts(self, slider, texts) -> None:
        """What a slider announces at each position: ``texts[i]`` for position ``i`` (a list per handle)."""
        texts = [list(texts)] if texts and isinstance(texts[0], str) else [list(t) for t in texts]
        self._update_part(slider, values=texts)

    def say(self, text: str) -> None:
        """Announce ``text`` in the widget's live region, replacing what it said before."""
        with self.hold_sync():
            self.news, self.serial = text, self.serial + 1

    def cover(self, root) -> None:
        """Name the sliders of ``root`` (any box of widgets) after their description, and make them announce
        their options' labels; name every other described control of a kind :data:`FOCUS_PARTS` lists
        that has no name yet."""
        for widget in _descendants(root):
            description = getattr(widget, "description", "") or ""
            if isinstance(widget, (widgets.SelectionSlider, widgets.SelectionRangeSlider)):
                labels = list(widget._options_labels)
                ends = [""] if isinstance(widget, widgets.SelectionSlider) else [" (from)", " (to)"]
                self.value_texts(widget, [labels] * len(ends))
                if part_class(widget) not in self.parts or "aria-label" not in self.parts[part_class(widget)]["attrs"]:
                    self.name(widget, [f"{description or 'Position'}{end}" for end in ends])
            elif description and isinstance(widget, tuple(FOCUS_PARTS)) and not isinstance(widget, widgets.Checkbox):
                if part_class(widget) not in self.parts:
                    self.name(widget, description)


def _descendants(root):
    for child in getattr(root, "children", ()):
        yield child
        yield from _descendants(child)
