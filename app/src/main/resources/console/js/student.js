// The student's screens: their classes, the live banner ("You are marked present" the moment the teacher taps)
// and their history per class.
import {enc, get, myClasses} from './api.js';
import {classList, fill, h, field, percent, statusBadge, time, toast} from './dom.js';
import {classIdFrom} from './store.js';

const POLL_MS = 15_000;

export async function render(ctx, parts) {
  const [first, id] = parts;
  if (!first) return home(ctx);
  if (first === 'class' && id) return classScreen(ctx, id);
  ctx.screen('Page not found', h('p', {}, h('a', {href: '#/'}, 'Back to your classes')));
}

// ---------------------------------------------------------------- the live state of the student's classes
/**
 * Which of the student's classes has an open session, and the student's mark in it. The socket's broadcasts
 * carry no class, so each one starts a round of MY_ATTENDANCE requests, one per known class (answered from
 * memory by the server); a mark of this student is shown at once when only one class is open. Sessions start
 * without a broadcast, so a slow poll finds a new one before its first mark.
 */
class Tracker extends EventTarget {
  constructor(app) {
    super();
    this.live = app.live;
    this.me = app.user._id;
    this.states = new Map();
    this.running = null;
    this.again = false;
    this.listeners = {
      ATTENDANCE_MARKED: (event) => this.marked(event.detail),
      DONE: () => this.refresh(),
      connected: () => this.refresh(),
      reconnected: () => this.refresh(),
    };
    for (const [name, listener] of Object.entries(this.listeners)) this.live.addEventListener(name, listener);
    this.poll = setInterval(() => this.refresh(), POLL_MS);
  }

  dispose() {
    clearInterval(this.poll);
    for (const [name, listener] of Object.entries(this.listeners)) this.live.removeEventListener(name, listener);
  }

  marked({studentId, status}) {
    const open = [...this.states.values()].filter((s) => s.open);
    if (studentId === this.me) {
      if (open.length === 1) {
        open[0].status = status;
        this.changed();
      }
      this.refresh();
    } else if (!open.length) {
      // someone else's mark: a session is open in one of this student's classes, which one is not known yet
      this.refresh();
    }
  }

  refresh() {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.round().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.refresh();
      }
    });
    return this.running;
  }

  async round() {
    let classes;
    try {
      classes = await myClasses();
    } catch {
      return; // offline or the token expired: the next round tries again
    }
    for (const cls of classes) {
      if (!this.live.isLive) return;
      let frame;
      try {
        frame = await this.live.request('MY_ATTENDANCE', {classId: cls.id});
      } catch {
        return; // offline: the next connection starts a new round
      }
      const before = this.states.get(cls.id);
      if (frame.event === 'MY_ATTENDANCE') {
        this.states.set(cls.id, {open: true, status: frame.data.status, name: cls.name});
      } else if (before?.open) {
        let final = before.status;
        try {
          final = (await get(`/class/${cls.id}/my-attendance`)).status ?? final;
        } catch {
          // keep the last mark seen
        }
        this.states.set(cls.id, {open: false, status: final, name: cls.name, closed: true});
      }
    }
    this.changed();
  }

  changed() {
    this.dispatchEvent(new Event('change'));
  }
}

let tracker = null;

function trackerOf(app) {
  if (!tracker || tracker.live !== app.live) {
    tracker?.dispose();
    tracker = new Tracker(app);
  }
  return tracker;
}

/** The banner: one line per class with an open session (or one that just finished), or only for one class. */
function banner(ctx, onlyClassId) {
  const live = trackerOf(ctx.app);
  const box = h('div', {class: 'banners', id: 'live-banner', role: 'status', 'aria-live': 'polite'});
  const draw = () => {
    const lines = [];
    for (const [classId, state] of live.states) {
      if (onlyClassId && classId !== onlyClassId) continue;
      lines.push(bannerLine(state, !onlyClassId));
    }
    if (!lines.length && onlyClassId) {
      lines.push(h('p', {class: 'banner banner-idle'}, 'No attendance session is open in this class right now.'));
    }
    fill(box, lines);
  };
  live.addEventListener('change', draw);
  ctx.onLeave(() => live.removeEventListener('change', draw));
  draw();
  if (ctx.app.live.isLive) live.refresh();
  return box;
}

function bannerLine(state, withClass) {
  const where = withClass ? ` in ${state.name}` : '';
  if (state.closed) {
    const text = state.status === 'present' ? 'you were marked present' : state.status === 'absent'
      ? 'you were marked absent' : 'it is finished';
    return h('p', {class: `banner banner-closed banner-${state.status || 'none'}`},
      `Attendance${where} is finished: ${text}.`);
  }
  const lead = h('span', {class: 'banner-lead'}, `Attendance is open${where}. `);
  if (state.status === 'present' || state.status === 'absent') {
    return h('p', {class: `banner banner-open banner-${state.status}`}, lead,
      h('strong', {}, `You are marked ${state.status}`));
  }
  return h('p', {class: 'banner banner-open banner-none'}, lead, h('strong', {}, 'You are not marked yet'));
}

// ---------------------------------------------------------------- screens
async function home(ctx) {
  const classes = await myClasses().catch((error) => {
    toast(error.message, 'error');
    return [];
  });
  const list = classList(classes, 'No classes yet: your teacher adds you; a class code or link opens one too.');

  const code = h('input', {type: 'text', id: 'join-code', required: true, autocomplete: 'off'});
  const join = h('form', {class: 'card', id: 'join-class'},
    h('h2', {}, 'Open a class by its code'),
    field('Class code or link', code, 'Your teacher can give it to you; the class opens once you are in it.'),
    h('button', {type: 'submit'}, 'Open class'));
  join.addEventListener('submit', async (event) => {
    event.preventDefault();
    const classId = classIdFrom(code.value);
    if (!classId) {
      toast('That is not a class code or link.', 'error');
      return;
    }
    try {
      const cls = await get(`/class/${classId}`);
      location.hash = `#/class/${cls._id}`;
    } catch (error) {
      toast(error.status === 403 ? 'You are not in that class yet: ask your teacher to add you.' : error.message,
        'error');
    }
  });
  ctx.screen('Your classes', banner(ctx, null), h('section', {class: 'card'}, list), join);
}

async function classScreen(ctx, id) {
  let cls;
  try {
    cls = await get(`/class/${enc(id)}`);
  } catch (error) {
    if (error.status === 403 || error.status === 404) {
      ctx.screen('Class not available', h('p', {class: 'error', role: 'alert'}, error.status === 403
        ? 'You are not in this class yet: ask your teacher to add you, then open the link again.'
        : 'There is no class with this code.'), h('p', {}, h('a', {href: '#/'}, 'Back to your classes')));
      return;
    }
    throw error;
  }
  const history = h('section', {class: 'card', id: 'history', 'aria-labelledby': 'history-heading'});

  async function loadHistory() {
    try {
      const entries = await get(`/class/${cls._id}/my-attendance/history`);
      const present = entries.filter((e) => e.status === 'present').length;
      fill(history, h('h2', {id: 'history-heading'}, 'Your attendance'),
        entries.length
          ? [h('p', {id: 'history-summary'}, `Present in ${present} of ${entries.length} session${
            entries.length === 1 ? '' : 's'} (${percent(present / entries.length)}).`),
          h('div', {class: 'table-wrap'}, h('table', {id: 'history-table'},
            h('caption', {class: 'visually-hidden'}, 'Sessions, newest first'),
            h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Session'), h('th', {scope: 'col'}, 'Status'))),
            h('tbody', {}, entries.map((e) => h('tr', {}, h('td', {}, time(e.finalizedAt)),
              h('td', {}, statusBadge(e.status)))))))]
          : h('p', {class: 'muted', id: 'history-summary'}, 'No finished sessions yet.'));
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  ctx.on('DONE', loadHistory);
  ctx.on('reconnected', loadHistory);
  ctx.screen(cls.className, banner(ctx, cls._id), history,
    h('p', {}, h('a', {href: '#/'}, 'All your classes')));
  await loadHistory();
}
