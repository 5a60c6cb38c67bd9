// The accessibility helper of a kit widget (korea_kit/widgets/access.py), an anywidget module.
//
// It finds the kit widget it sits in (the nearest .kk-widget) and keeps, as the widget's
// controls are drawn and redrawn:
// - data-lm-suppress-shortcuts on the widget and every control in it: JupyterLab's notebook
//   shortcuts (arrows, a, b, ...) do not fire there; Escape focuses the widget's cell instead,
//   which gives the keys back to the notebook;
// - the names, alt texts and slider texts set in Python (the model's "parts");
// - aria-pressed on toggle buttons;
// - one live region, this view's own, whose text is replaced by each piece of news.

const FOCUSABLE = 'select, input, textarea, button, a[href], [role="slider"], [tabindex]';
const SUPPRESS = 'data-lm-suppress-shortcuts';

function set(element, name, value) {
  if (value === undefined || value === null) return;
  value = String(value);
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

let groups = 0;

function apply(root, parts) {
  set(root, SUPPRESS, 'true');
  // Each group of radio buttons gets a name of its own: arrow keys then stay inside one question
  // (unnamed radios of the whole page would form one group) and the group is one Tab stop.
  for (const group of root.querySelectorAll('.widget-radio-box')) {
    if (!group.dataset.kkGroup) group.dataset.kkGroup = 'kk-radio-' + (++groups);
    for (const radio of group.querySelectorAll('input[type="radio"]')) set(radio, 'name', group.dataset.kkGroup);
  }
  // A slider's readout is a text a learner can reach by Tab: it carries the slider's name.
  for (const slider of root.querySelectorAll('.widget-slider, .widget-hslider')) {
    const label = slider.querySelector('[role="slider"]');
    const name = label && label.getAttribute('aria-label');
    for (const readout of slider.querySelectorAll('.widget-readout')) {
      if (name) set(readout, 'aria-label', name + ': value');
    }
  }
  for (const control of root.querySelectorAll(FOCUSABLE)) set(control, SUPPRESS, 'true');
  for (const button of root.querySelectorAll('.widget-toggle-buttons button')) {
    set(button, 'aria-pressed', button.classList.contains('mod-active') ? 'true' : 'false');
  }
  for (const [key, part] of Object.entries(parts || {})) {
    for (const host of root.querySelectorAll('.' + key)) {
      let targets = part.part ? [...host.querySelectorAll(part.part)] : [host];
      if (part.part && host.matches(part.part)) targets = [host, ...targets];
      targets.forEach((target, i) => {
        for (const [name, value] of Object.entries(part.attrs || {})) {
          set(target, name, Array.isArray(value) ? value[Math.min(i, value.length - 1)] : value);
        }
        const values = part.values && part.values[Math.min(i, part.values.length - 1)];
        if (values) {
          const now = Math.round(parseFloat(target.getAttribute('aria-valuenow')));
          if (Number.isInteger(now) && values[now] !== undefined) set(target, 'aria-valuetext', values[now]);
        }
      });
    }
  }
}

function render({ model, el }) {
  el.classList.add('kk-access');
  const region = document.createElement('div');
  region.className = 'kk-live kk-visually-hidden';
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.setAttribute('aria-atomic', 'true');
  el.appendChild(region);

  let root = null;
  let observer = null;
  let waiting = null;
  let speaking = null;

  const update = () => {
    if (!root) return;
    apply(root, model.get('parts'));
    if (observer) onDisabled(observer.takeRecords()); // what apply changed needs no second pass
  };
  // A button that turns disabled while focused (the last "End round") hands focus to the next enabled
  // button of the widget, so the keyboard learner is not dropped to the top of the page.
  const onDisabled = records => {
    for (const record of records) {
      const button = record.target;
      if (record.attributeName !== 'disabled' || !button.disabled || button.tagName !== 'BUTTON') continue;
      if (document.activeElement && document.activeElement !== document.body && document.activeElement !== button) continue;
      const next = [...root.querySelectorAll('button')].find(b => !b.disabled && b !== button && b.offsetParent);
      if (next) next.focus();
    }
  };
  const onKey = event => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    const cell = root.closest('.jp-NotebookPanel .jp-Cell'); // JupyterLab's, not Voilà's
    if (cell) {
      event.preventDefault();
      cell.focus();
    }
  };
  const attach = () => {
    root = el.closest('.kk-widget');
    if (!root) return false;
    observer = new MutationObserver(records => { onDisabled(records); update(); });
    observer.observe(root, {
      subtree: true, childList: true, attributes: true,
      attributeFilter: ['class', 'aria-valuenow', 'aria-valuetext', 'alt', 'disabled'],
    });
    root.addEventListener('keydown', onKey, true); // capture: a text area stops its keys going up
    update();
    return true;
  };
  // The view is drawn before the page shows it: look for the kit widget once it is on the page.
  if (!attach()) {
    waiting = setInterval(() => { if (el.isConnected && attach()) { clearInterval(waiting); waiting = null; } }, 100);
  }

  const say = () => {
    // Empty the region, then fill it: the same element speaks again, even the same words.
    region.textContent = '';
    clearTimeout(speaking);
    speaking = setTimeout(() => {
      region.textContent = model.get('news');
      region.dataset.said = String(model.get('serial'));
    }, 150);
  };
  model.on('change:parts', update);
  model.on('change:serial', say);

  return () => {
    if (waiting) clearInterval(waiting);
    clearTimeout(speaking);
    if (observer) observer.disconnect();
    if (root) root.removeEventListener('keydown', onKey, true);
    model.off('change:parts', update);
    model.off('change:serial', say);
  };
}

export default { render };
