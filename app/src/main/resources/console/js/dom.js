// Tiny DOM helpers: every text goes in as a text node, never as HTML, so names and e-mails cannot inject markup.

/** h('button', {class: 'x', onclick: fn}, 'text', child, [children]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value') el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return h('time', {datetime: iso}, date.toLocaleString([], {dateStyle: 'medium', timeStyle: 'short'}));
}

export function shortDate(iso) {
  return new Date(iso).toLocaleString([], {month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'});
}

export function percent(ratio) {
  return ratio == null ? '—' : `${Math.round(ratio * 100)}%`;
}

export function statusLabel(status) {
  if (status === 'present') return 'Present';
  if (status === 'absent') return 'Absent';
  return 'Not marked';
}

export function statusBadge(status) {
  return h('span', {class: `badge badge-${status || 'none'}`}, statusLabel(status));
}

/** A label with its input, for forms. */
export function field(label, input, hint) {
  const id = input.id || (input.id = `f-${Math.random().toString(36).slice(2, 9)}`);
  return h('div', {class: 'field'},
    h('label', {for: id}, label),
    input,
    hint ? h('small', {class: 'muted'}, hint) : null);
}

let toastTimer;
/** A short message for the screen reader and the eye; errors stay a little longer. */
/** The home screens' list of the user's classes, each a link to its page (or the hint when there are none). */
export function classList(classes, emptyHint) {
  return classes.length
    ? h('ul', {class: 'class-list', id: 'class-list'}, classes.map((c) =>
      h('li', {}, h('a', {href: `#/class/${c.id}`}, c.name || c.id))))
    : h('p', {class: 'muted', id: 'class-list'}, emptyHint);
}

export function toast(message, kind = 'info') {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.className = `toast toast-${kind}`;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, kind === 'error' ? 8000 : 4000);
}
