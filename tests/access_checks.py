"""Accessibility checks of the lessons as a learner uses them: axe-core on the outputs, and the keyboard.

Used by the browser tests of JupyterLab (``tests/test_lab_browser.py``, in the same run of each
lesson) and of Voilà (``tests/test_voila.py``):

- :func:`axe_outputs` runs axe-core on the output areas of the lesson shown, and returns every
  violation of serious or critical impact, with how many elements each one concerns (a report of
  each lesson's figures is written to ``test-artifacts/``);
- :func:`check_charts_alt` checks that every chart image of a kit widget has alt text, the
  description the widget shows under it;
- :func:`operate_by_keyboard` operates each kind of kit widget of the lesson (slider, dropdown,
  toggle buttons, checkbox, topic list, quiz choices, text area, buttons) with keys only and
  checks that the value changed, that focus stayed in the widget, that the focus mark shows at
  3:1 or better, and that the notebook's cells were left alone (no shortcut of the notebook fired).
"""

from __future__ import annotations

import json
import re

from browser import artifact

__all__ = ["axe_outputs", "check_charts_alt", "operate_by_keyboard", "KINDS"]

#: Run axe-core on the parts of the page matched by a selector; keep the violations of serious or
#: critical impact, each with the number of elements it concerns and the first few of them.
AXE_JS = """async selector => {
    const report = await axe.run({include: [[selector]]}, {resultTypes: ['violations']});
    return report.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                    targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def _axe_script() -> str:
    """axe-core's script, as axe-playwright-python ships it."""
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def axe_outputs(page, scope: str, name: str) -> list[dict]:
    """axe-core's serious and critical violations in the output areas under ``scope``.

    Each violation is a dict with ``id``, ``impact``, ``help``, ``count`` (elements concerned) and
    ``targets``. The figures are also written to ``test-artifacts/axe-NAME.json``.
    """
    if page.evaluate("() => typeof window.axe") == "undefined":
        page.evaluate(_axe_script())
    violations = page.evaluate(AXE_JS, f"{scope} .jp-OutputArea-output")
    artifact(f"axe-{name}.json").write_text(json.dumps(violations, indent=1), encoding="utf-8")
    return violations


def describe(violations: list[dict]) -> str:
    """The violations, one a line, for a failure's message."""
    return "\n".join(f"{v['id']} ({v['impact']}, {v['count']} elements): {v['help']} {v['targets']}"
                     for v in violations)


#: Every chart image of a kit widget: its alt text and the description the widget shows.
CHARTS_JS = """scope => [...document.querySelectorAll(scope + ' .kk-widget img.widget-image')].map(img => ({
    alt: img.getAttribute('alt'), src: (img.getAttribute('src') || '').length,
}))"""


def check_charts_alt(page, scope: str, where: str) -> int:
    """Assert that every chart image of a kit widget under ``scope`` has alt text; return how many there are."""
    charts = page.evaluate(CHARTS_JS, scope)
    missing = [c for c in charts if not (c["alt"] or "").strip()]
    assert not missing, f"{where}: {len(missing)} of {len(charts)} chart images of kit widgets have no alt text"
    return len(charts)


# ---------------------------------------------------------------------------------------------
# The keyboard

#: The kinds of kit control a learner operates, and the selector of the element that takes focus.
KINDS = {
    "slider": ".kk-widget .noUi-handle",
    "dropdown": ".kk-widget .widget-dropdown select",
    "toggle buttons": ".kk-widget .widget-toggle-buttons button",
    "checkbox": ".kk-widget .widget-checkbox input[type=checkbox]",
    "topic list": ".kk-widget .widget-select-multiple select",
    "quiz choices": ".kk-quiz .widget-radio-box input[type=radio]",
    "text area": ".kk-widget textarea",
    "button": ".kk-widget button.jupyter-button:not(.widget-toggle-button)",
}

#: The focused element: which kit widget holds it, and how its focus mark looks against the background.
FOCUS_JS = """() => {
    const e = document.activeElement;
    const widget = e && e.closest('.kk-widget');
    const s = getComputedStyle(e);
    const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92
        : Math.pow((v + 0.055) / 1.055, 2.4); }).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
    // the background the mark is drawn on: the first ancestor (outside the element) with a colour
    let back = [255, 255, 255];
    for (let p = e.parentElement; p; p = p.parentElement) {
        const c = rgb(getComputedStyle(p).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) { back = c.slice(0, 3); break; }
    }
    const mark = rgb(s.outlineColor).slice(0, 3);
    const [l1, l2] = [lum(mark), lum(back)].sort((a, b) => b - a);
    return {widget: widget ? widget.dataset.kkTestId || null : null, tag: e.tagName,
            outline: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
            contrast: (l1 + 0.05) / (l2 + 0.05)};
}"""

#: The cells of the notebook in front of the learner, and the one that is active.
CELLS_JS = """panel => {
    const cells = [...document.querySelectorAll(panel + ' .jp-Cell')];
    return {count: cells.length, active: cells.findIndex(c => c.classList.contains('jp-mod-active'))};
}"""


def _mark_widgets(page, scope: str) -> None:
    """Give every kit widget under ``scope`` an id of the test's own, to tell where the focus is."""
    page.evaluate("""scope => document.querySelectorAll(scope + ' .kk-widget').forEach(
        (w, i) => { if (!w.dataset.kkTestId) w.dataset.kkTestId = String(i); })""", scope)


def _widget_id(control) -> str:
    return control.evaluate("c => c.closest('.kk-widget').dataset.kkTestId")


def _focus(page, control, where: str) -> dict:
    """Focus ``control``; return the focus facts, checked: in a kit widget, with a mark of 3:1 or better."""
    control.scroll_into_view_if_needed()
    control.focus()
    focus = page.evaluate(FOCUS_JS)
    assert focus["widget"] is not None, f"{where}: the control did not take the focus"
    return focus


def _check_mark(page, where: str) -> None:
    """The focused element shows a focus mark at least 2 px wide, at 3:1 or better against its background."""
    focus = page.evaluate(FOCUS_JS)
    assert focus["outline"] != "none" and focus["width"] >= 2 and focus["contrast"] >= 3, (
        f"{where}: the focus mark of a {focus['tag']} is {focus['outline']} {focus['width']} px "
        f"at {focus['contrast']:.2f}:1 (at least 2 px at 3:1 is needed)")


def _still_inside(page, widget: str, where: str) -> None:
    focus = page.evaluate(FOCUS_JS)
    assert focus["widget"] == widget, f"{where}: the focus left the kit widget (now on a {focus['tag']})"


def _wait(page, js: str, arg, where: str, what: str, timeout: float) -> None:
    try:
        page.wait_for_function(js, arg=arg, timeout=timeout * 1000)
    except Exception:
        raise AssertionError(f"{where}: {what}") from None


def _slider(page, control, where, timeout):
    facts = "h => [h.getAttribute('aria-valuenow'), h.getAttribute('aria-valuemax'), h.getAttribute('aria-valuetext'), h.getAttribute('aria-label') || h.getAttribute('aria-labelledby')]"
    now, top, text, name = control.evaluate(facts)
    assert name, f"{where}: the slider handle has no name"
    readouts = control.evaluate("h => [...h.closest('.widget-slider, .widget-hslider').querySelectorAll('.widget-readout')]"
                                ".map(r => r.getAttribute('aria-label'))")
    assert all(readouts), f"{where}: a slider's readout, which Tab reaches, has no name"
    assert text and not re.fullmatch(r"[\d.]+", text), f"{where}: the slider announces {text!r}, not what it shows"
    key = "ArrowLeft" if now == top else "ArrowRight"
    page.keyboard.press(key)
    _wait(page, "([h, now]) => h.getAttribute('aria-valuenow') !== now", [control.element_handle(), now],
          where, f"{key} did not move the slider", timeout)
    _wait(page, "([h, text]) => h.getAttribute('aria-valuetext') !== text && !/^[\\d.]+$/.test(h.getAttribute('aria-valuetext'))",
          [control.element_handle(), text], where, "the slider's aria-valuetext did not follow its value", timeout)
    return f"{key}: {text} → {control.get_attribute('aria-valuetext')}"


def _dropdown(page, control, where, timeout):
    before = control.evaluate("s => s.selectedIndex")
    key = "ArrowUp" if before == control.evaluate("s => s.options.length - 1") else "ArrowDown"
    page.keyboard.press(key)
    _wait(page, "([s, before]) => s.selectedIndex !== before", [control.element_handle(), before],
          where, f"{key} did not change the dropdown", timeout)
    return f"{key}: option {before} → {control.evaluate('s => s.selectedIndex')}"


def _topics(page, control, where, timeout):
    chosen = "s => [...s.options].map(o => o.selected).join()"
    before = control.evaluate(chosen)
    # the lesson's hint: the arrow keys move, Shift with an arrow picks several
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Shift+ArrowDown")
    _wait(page, "([s, before]) => [...s.options].map(o => o.selected).join() !== before",
          [control.element_handle(), before], where, "the arrow keys did not change the topics chosen", timeout)
    for key in ("a", "b"):  # once notebook shortcuts: insert a cell above, below
        page.keyboard.press(key)
    return f"ArrowUp, Shift+ArrowDown, a, b: {before} → {control.evaluate(chosen)}"


def _toggles(page, control, where, timeout):
    group = control.locator("xpath=ancestor::*[contains(@class, 'widget-toggle-buttons')][1]")
    off = group.locator("button:not(.mod-active):not([disabled])")
    assert off.count(), f"{where}: no toggle button to press"
    target = off.first.element_handle()  # the element: once pressed, a locator would find the next one
    pressed = "g => [...g.querySelectorAll('button')].map(b => b.getAttribute('aria-pressed')).join()"
    before = group.evaluate(pressed)
    # each button says whether it is pressed (a row may start with none pressed: a verdict not given yet)
    assert set(before.split(",")) <= {"true", "false"} and before.split(",").count("true") <= 1, \
        f"{where}: the toggle buttons do not each say whether they are pressed (aria-pressed): {before}"
    target.focus()
    _check_mark(page, where)
    page.keyboard.press("Space")
    _wait(page, "b => b.getAttribute('aria-pressed') === 'true'", target, where,
          "Space did not press the toggle button (aria-pressed)", timeout)
    return f"Space on {target.inner_text()!r}: pressed {before} → {group.evaluate(pressed)}"


def _checkbox(page, control, where, timeout):
    before = control.is_checked()
    page.keyboard.press("Space")
    _wait(page, "([c, before]) => c.checked !== before", [control.element_handle(), before], where,
          "Space did not tick the box", timeout)
    return f"Space: {before} → {not before}"


def _radios(page, control, where, timeout):
    group = control.locator("xpath=ancestor::*[contains(@class, 'widget-radio-box')][1]")
    value = "g => [...g.querySelectorAll('input')].findIndex(i => i.checked)"
    page.keyboard.press("Space")  # choose the first
    _wait(page, f"g => ({value})(g) === 0", group.element_handle(), where, "Space did not choose the option", timeout)
    page.keyboard.press("ArrowDown")  # the next one
    _wait(page, f"g => ({value})(g) === 1", group.element_handle(), where,
          "ArrowDown did not move to the next choice", timeout)
    names = page.evaluate("() => [...document.querySelectorAll('.kk-quiz .widget-radio-box')]"
                          ".map(g => [...new Set([...g.querySelectorAll('input')].map(i => i.name))])")
    assert all(len(n) == 1 and n[0] for n in names) and len({n[0] for n in names}) == len(names), (
        f"{where}: each question's radio buttons need a name of their own, or arrow keys leave the question")
    return "Space, ArrowDown: choice 1 → 2"


def _textarea(page, control, where, timeout):
    page.keyboard.type("Kaesong, a b")
    assert control.input_value().endswith("Kaesong, a b"), f"{where}: typing did not reach the text area"
    return "typed 'Kaesong, a b'"


def _button(page, control, where, timeout):
    """Press a button with Enter (the quiz's Check, or the simulation's End round)."""
    text = control.inner_text().strip()
    page.keyboard.press("Enter")
    return f"Enter on {text!r}"


OPERATE = {"slider": _slider, "dropdown": _dropdown, "topic list": _topics, "toggle buttons": _toggles,
           "checkbox": _checkbox, "quiz choices": _radios, "text area": _textarea, "button": _button}


def _first(page, scope: str, kind: str):
    """The first control of ``kind`` under ``scope`` a learner can use (shown, enabled); None if there is none."""
    controls = page.locator(", ".join(f"{scope} {part}" for part in KINDS[kind].split(", ")))
    for i in range(controls.count()):
        control = controls.nth(i)
        if control.is_visible() and control.is_enabled():
            if kind == "button" and not re.fullmatch(r"Check|End round \d", control.inner_text().strip()):
                continue
            if kind == "dropdown" and control.evaluate("s => s.closest('.kk-quiz') !== null") \
                    and page.locator(f"{scope} .kk-widget:not(.kk-quiz) .widget-dropdown select").count():
                continue  # a lesson's own dropdown first
            return control
    return None


#: The kit widget's state as the checks read it: its live region (which the test marks, to tell it is the
#: same element later), what the region said last and how many times, and its pictures' alt text.
WIDGET_JS = """w => {
    const region = w.querySelector('.kk-live');
    if (region && !region.kkTestMark) region.kkTestMark = Symbol.for('kk-test');
    return {region: region !== null, said: region ? Number(region.dataset.said || 0) : 0,
            text: region ? region.textContent : '',
            alts: [...w.querySelectorAll('img.widget-image')].map(i => i.getAttribute('alt') || '')};
}"""

#: The kinds whose use must be announced (and, in a widget with a chart, give it new alt text).
NEWS = {"slider", "dropdown", "topic list", "toggle buttons", "button"}


def _news(page, widget, before, kind, where, timeout):
    """The widget's one live region said something new, and its pictures' alt text follows the view."""
    _wait(page, "([w, said]) => { const r = w.querySelector('.kk-live');"
                " return r && Number(r.dataset.said || 0) > said && r.textContent.trim().length > 0; }",
          [widget.element_handle(), before["said"]], where, f"using the {kind} announced nothing", timeout)
    after = widget.evaluate(WIDGET_JS)
    assert widget.evaluate("w => w.querySelector('.kk-live').kkTestMark === Symbol.for('kk-test')"), \
        f"{where}: the live region was made anew instead of speaking again"
    assert widget.locator(".kk-live").count() == 1, f"{where}: a widget has one live region"
    if before["alts"]:
        assert all(after["alts"]) and after["alts"] != before["alts"], (
            f"{where}: the chart's alt text did not follow the view: {before['alts']} → {after['alts']}")
    return after["text"]


def operate_by_keyboard(page, scope: str, lesson: str, timeout: float = 30) -> dict:
    """Operate each kind of kit control of the lesson with keys only; return what was done, by kind.

    For each kind of :data:`KINDS` the lesson has: focus its first control, then, with keys only,
    operate it and check that its value changed, that the focus stayed in the kit widget and that
    its focus mark shows (3:1 or better); where the control changes a view (:data:`NEWS`), that the
    widget's one live region, the same element as before, announced it, and that its chart's alt
    text changed with it; and that the notebook's cells and its active cell stayed as they were
    (no notebook shortcut fired). Last, Escape hands the keys back to the notebook: the focus goes
    to the widget's cell (in JupyterLab).
    """
    _mark_widgets(page, scope)
    done = {}
    for kind, operate in OPERATE.items():
        control = _first(page, scope, kind)
        if control is None:
            continue
        where = f"{lesson}, {kind}"
        _focus(page, control, where)
        widget_id = _widget_id(control)
        widget = page.locator(f"{scope} .kk-widget[data-kk-test-id='{widget_id}']")
        before = widget.evaluate(WIDGET_JS)
        cells = page.evaluate(CELLS_JS, scope)
        if kind != "toggle buttons":  # those focus the button they press
            _check_mark(page, where)
        done[kind] = operate(page, control, where, timeout)
        if kind in NEWS and not (kind == "dropdown" and control.evaluate("s => !!s.closest('.kk-quiz')")):
            done[kind] += f"; announced {_news(page, widget, before, kind, where, timeout)[:80]!r}"
        _still_inside(page, widget_id, where)
        after = page.evaluate(CELLS_JS, scope)
        assert after == cells, f"{where}: the keys changed the notebook's cells: {cells} → {after}"
    if done and page.locator(".jp-NotebookPanel").count():  # JupyterLab
        last = page.evaluate("() => document.activeElement.closest('.kk-widget') !== null")
        assert last, f"{lesson}: the focus is not in a kit widget before Escape"
        page.keyboard.press("Escape")
        back = page.evaluate("() => document.activeElement.classList.contains('jp-Cell')")
        assert back, f"{lesson}: Escape in a kit widget did not hand the keys back to the notebook"
        done["Escape"] = "focus back on the widget's cell"
    return done
