"""Controls beside what they change: each widget's control and the view it changes fit one screen.

Used by the JupyterLab test of every lesson (``tests/test_lab_browser.py``, in the same run of the lesson).
:func:`controls_beside_views` sets the page to 1366×768, then, for every kit widget of the lesson shown (the
quiz and the role-play's simulation left out: their controls sit each beside its own feedback), operates each
of its controls once and finds the views that changed (its pictures and texts); for each control whose
views changed, it measures the box around the control and those views, and compares its height with the
notebook's visible area (a view in a box that scrolls counts for the part of it the box shows). The figures
of each lesson are written to ``test-artifacts/screen-fit-LESSON.json``.
"""

from __future__ import annotations

import json

from browser import artifact

__all__ = ["SCREEN", "controls_beside_views", "misfits"]

#: The screen a learner alone has: a 1366×768 laptop.
SCREEN = {"width": 1366, "height": 768}

#: The kit widgets measured: not the quiz (each question has its own feedback under it), not lesson 07's
#: simulation (the role-play's own layout), not the helper of keyboard and screen-reader access.
WIDGETS = ".kk-widget:not(.kk-quiz):not(.kk-quiz *):not(.kk-negotiation):not(.kk-negotiation *)"

#: The views of a widget a control may change: its pictures and its texts, as a learner sees them.
VIEWS_JS = """w => [...w.querySelectorAll('.widget-image, .widget-html')]
    .filter(v => v.offsetParent !== null && !v.closest('.kk-access'))
    .map(v => v.tagName === 'IMG' ? v.getAttribute('src') : v.innerText)"""

#: The boxes (in page coordinates) of the views whose content differs from ``before``, and of the control.
BOXES_JS = """([w, control, before]) => {
    const views = [...w.querySelectorAll('.widget-image, .widget-html')]
        .filter(v => v.offsetParent !== null && !v.closest('.kk-access'));
    const now = views.map(v => v.tagName === 'IMG' ? v.getAttribute('src') : v.innerText);
    const changed = views.filter((v, i) => now[i] !== before[i]);
    // what shows of a view in a box that scrolls is the part inside the box
    const box = e => {
        const r = e.getBoundingClientRect();
        let top = r.top, bottom = r.bottom;
        for (let a = e.parentElement; a && a !== w.parentElement; a = a.parentElement) {
            if (/auto|scroll/.test(getComputedStyle(a).overflowY) && a.scrollHeight > a.clientHeight) {
                const s = a.getBoundingClientRect();
                const clamp = y => Math.min(Math.max(y, s.top), s.bottom);
                top = clamp(top); bottom = clamp(bottom);
            }
        }
        return [top, bottom];
    };
    return {control: box(control), views: changed.map(box),
            names: changed.map(v => v.tagName === 'IMG' ? 'picture' : 'text: ' + v.innerText.slice(0, 40))};
}"""

#: The height of the notebook's visible area (the part of the screen that scrolls).
AREA_JS = """scope => {
    const panel = document.querySelector(scope);
    const area = panel.querySelector('.jp-WindowedPanel-outer') || panel.querySelector('.jp-Notebook');
    return area.getBoundingClientRect().height;
}"""


def misfits(measures: list[dict]) -> list[dict]:
    """The measures whose control and views do not fit the visible area.

    >>> misfits([{"height": 500, "area": 560}, {"height": 900, "area": 560, "widget": 1}])
    [{'height': 900, 'area': 560, 'widget': 1}]
    """
    return [m for m in measures if m["height"] > m["area"]]


def controls_beside_views(page, scope: str, lesson: str, operate, controls: str, timeout: float = 10) -> list[dict]:
    """Measure, at 1366×768, each control of each kit widget under ``scope`` with the views it changes.

    ``operate(control)`` works a control as a learner would (``test_lab_browser._operate``); ``controls`` is
    the selector of a widget's controls. Returns one dict per control that changed a view: the widget's
    number, the control's, what it changed, the height of the box around the control and those views, and
    the height of the notebook's visible area. A control that changes no view within ``timeout`` seconds
    (none should) is reported with ``"changed": []`` and no height.
    """
    size = page.viewport_size
    page.set_viewport_size(SCREEN)
    try:
        page.wait_for_timeout(300)  # JupyterLab lays itself out again
        area = page.evaluate(AREA_JS, scope)
        measures = []
        widgets = page.locator(f"{scope} {WIDGETS}")
        for w in range(widgets.count()):
            widget = widgets.nth(w)
            handles = widget.locator(controls)
            for c in range(handles.count()):
                control = handles.nth(c)
                if not control.is_visible():
                    continue
                widget.evaluate("w => w.scrollIntoView({block: 'start'})")
                before = widget.evaluate(VIEWS_JS)
                action = operate(control)
                try:
                    page.wait_for_function(f"([w, before]) => JSON.stringify(({VIEWS_JS})(w)) !== JSON.stringify(before)",
                                           arg=[widget.element_handle(), before], timeout=timeout * 1000)
                except Exception:
                    measures.append({"widget": w + 1, "control": c + 1, "action": action, "changed": []})
                    continue
                page.wait_for_timeout(200)  # the rest of the view's parts follow
                boxes = page.evaluate(BOXES_JS, [widget.element_handle(), control.element_handle(), before])
                tops = [boxes["control"][0], *(v[0] for v in boxes["views"])]
                bottoms = [boxes["control"][1], *(v[1] for v in boxes["views"])]
                measures.append({"widget": w + 1, "control": c + 1, "action": action, "changed": boxes["names"],
                                 "height": round(max(bottoms) - min(tops)), "area": round(area),
                                 "boxes": [[round(t), round(b)] for t, b in zip(tops, bottoms)]})
        artifact(f"screen-fit-{lesson.removesuffix('.ipynb')}.json").write_text(
            json.dumps(measures, indent=1), encoding="utf-8")
        return measures
    finally:
        page.set_viewport_size(size)
