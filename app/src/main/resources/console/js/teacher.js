// The teacher's screens: classes, one class's live attendance and students, past sessions, audit trail,
// analytics and the CSV. Everything goes through the public API and the live socket.
import {download, enc, get, myClasses, post} from './api.js';
import {barChart, lineChart} from './charts.js';
import {classList, fill, h, field, percent, shortDate, statusBadge, statusLabel, time, toast} from './dom.js';

export async function render(ctx, parts) {
  const [first, id, section, sessionId] = parts;
  if (!first) return home(ctx);
  if (first === 'class' && id) {
    if (!section) return classScreen(ctx, id);
    if (section === 'sessions' && sessionId) return sessionScreen(ctx, id, sessionId);
    if (section === 'sessions') return sessionsScreen(ctx, id);
    if (section === 'audit') return auditScreen(ctx, id);
    if (section === 'analytics') return analyticsScreen(ctx, id);
  }
  ctx.screen('Page not found', h('p', {}, h('a', {href: '#/'}, 'Back to your classes')));
}

// ---------------------------------------------------------------- classes
async function home(ctx) {
  const classes = await myClasses().catch((error) => {
    toast(error.message, 'error');
    return [];
  });
  const list = classList(classes, 'No classes yet. Create one below.');

  const name = h('input', {type: 'text', id: 'class-name', required: true, maxlength: '200'});
  const create = h('form', {class: 'card', id: 'create-class'},
    h('h2', {}, 'Create a class'), field('Class name', name),
    h('button', {type: 'submit'}, 'Create class'));
  create.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const created = await post('/class', {className: name.value.trim()});
      location.hash = `#/class/${created._id}`;
    } catch (error) {
      toast(error.message, 'error');
    }
  });

  ctx.screen('Your classes', h('section', {class: 'card'}, list), create);
}

async function loadClass(ctx, id) {
  const cls = await get(`/class/${enc(id)}`);
  cls.students.sort((a, b) => a.name.localeCompare(b.name));
  return cls;
}

function classNav(cls, current) {
  const base = `#/class/${cls._id}`;
  const link = (href, label, key) => h('a', {href, 'aria-current': key === current ? 'page' : null}, label);
  const csv = h('button', {type: 'button', class: 'secondary small', id: 'download-csv'}, 'Download CSV');
  csv.addEventListener('click', async () => {
    csv.disabled = true;
    try {
      await download(`/class/${cls._id}/attendance.csv`, `${slug(cls.className)}-attendance.csv`);
    } catch (error) {
      toast(error.message, 'error');
    } finally {
      csv.disabled = false;
    }
  });
  return h('nav', {class: 'tabs', 'aria-label': 'Class'},
    link(base, 'Attendance', 'live'),
    link(`${base}/sessions`, 'Past sessions', 'sessions'),
    link(`${base}/audit`, 'Audit trail', 'audit'),
    link(`${base}/analytics`, 'Analytics', 'analytics'),
    csv);
}

function slug(text) {
  return String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'class';
}

// ---------------------------------------------------------------- one class: live attendance
async function classScreen(ctx, id) {
  const live = ctx.app.live;
  const state = {cls: await loadClass(ctx, id), active: null, marks: new Map(), pending: new Set(), result: null};
  await loadSession(state);

  const sessionBox = h('section', {class: 'card', id: 'session', 'aria-labelledby': 'session-heading'});
  const studentsBox = h('section', {class: 'card', id: 'students', 'aria-labelledby': 'students-heading'});
  const rows = new Map();

  const counts = {present: 0, absent: 0, unmarked: 0};
  const countsBox = h('div', {class: 'counts', id: 'live-counts', role: 'status', 'aria-live': 'polite'});

  function recount() {
    counts.present = counts.absent = 0;
    for (const student of state.cls.students) {
      const status = state.marks.get(student._id);
      if (status === 'present') counts.present += 1;
      else if (status === 'absent') counts.absent += 1;
    }
    counts.unmarked = state.cls.students.length - counts.present - counts.absent;
    fill(countsBox,
      stat('count-present', counts.present, 'present', 'present'),
      stat('count-absent', counts.absent, 'absent', 'absent'),
      stat('count-unmarked', counts.unmarked, 'not marked', 'none'));
  }

  function updateRow(studentId) {
    const row = rows.get(studentId);
    if (!row) return;
    const status = state.marks.get(studentId) || null;
    row.element.dataset.status = status || 'none';
    row.element.classList.toggle('pending', state.pending.has(studentId));
    fill(row.status, statusLabel(status));
    row.present.setAttribute('aria-pressed', String(status === 'present'));
    row.absent.setAttribute('aria-pressed', String(status === 'absent'));
  }

  function mark(student, status) {
    if (!live.send('ATTENDANCE_MARKED', {studentId: student._id, status, classId: state.cls._id})) {
      toast('Offline: the mark was not sent. It will work again once reconnected.', 'error');
      return;
    }
    state.pending.add(student._id);
    updateRow(student._id);
  }

  function rosterRow(student) {
    const present = h('button', {type: 'button', class: 'mark mark-present', 'aria-pressed': 'false',
      onclick: () => mark(student, 'present')}, 'Present');
    const absent = h('button', {type: 'button', class: 'mark mark-absent', 'aria-pressed': 'false',
      onclick: () => mark(student, 'absent')}, 'Absent');
    const status = h('span', {class: 'row-status'});
    const element = h('li', {class: 'roster-row', id: `row-${student._id}`, dataset: {studentName: student.name}},
      h('span', {class: 'student'}, h('span', {class: 'student-name'}, student.name),
        h('small', {class: 'muted'}, student.email)),
      status,
      h('span', {class: 'mark-buttons', role: 'group', 'aria-label': `Mark ${student.name}`}, present, absent));
    rows.set(student._id, {element, status, present, absent});
    updateRow(student._id);
    return element;
  }

  function renderSession() {
    const focused = document.activeElement?.id || null;
    rows.clear();
    const heading = h('h2', {id: 'session-heading'}, state.active ? 'Attendance is open' : 'Attendance');
    if (state.active) {
      recount();
      const finish = h('button', {type: 'button', id: 'finish', class: 'danger'}, 'Finish (DONE)');
      const confirmBox = h('div', {class: 'confirm', id: 'finish-confirm', hidden: true});
      finish.addEventListener('click', () => {
        if (counts.unmarked === 0) return sendDone(finish);
        fill(confirmBox,
          h('p', {}, `${counts.unmarked} not marked yet: finishing records them absent.`),
          h('button', {type: 'button', id: 'finish-confirmed', class: 'danger',
            onclick: (e) => sendDone(e.currentTarget)}, 'Finish and record them absent'),
          h('button', {type: 'button', class: 'secondary', onclick: () => {
            confirmBox.hidden = true;
            finish.focus();
          }}, 'Cancel'));
        confirmBox.hidden = false;
        confirmBox.querySelector('button').focus();
      });
      const roster = state.cls.students.length
        ? h('ul', {class: 'roster', id: 'roster'}, state.cls.students.map(rosterRow))
        : h('p', {class: 'muted'}, 'No students in this class yet: add them below.');
      fill(sessionBox, heading, countsBox, roster, h('div', {class: 'actions'}, finish), confirmBox);
    } else {
      const startButton = h('button', {type: 'button', id: 'start-session'}, 'Start attendance');
      startButton.addEventListener('click', async () => {
        startButton.disabled = true;
        try {
          const started = await post('/attendance/start', {classId: state.cls._id});
          state.active = started.sessionId || 'active';
          state.marks.clear();
          state.pending.clear();
          state.result = null;
          renderSession();
          document.getElementById('finish')?.scrollIntoView({block: 'nearest'});
          sessionBox.querySelector('button.mark')?.focus();
        } catch (error) {
          toast(error.message, 'error');
          startButton.disabled = false;
        }
      });
      fill(sessionBox, heading,
        state.result ? resultBox(state.result) : h('p', {class: 'muted'}, 'No attendance session is open.'),
        h('div', {class: 'actions'}, startButton,
          state.result ? h('a', {href: `#/class/${state.cls._id}/sessions`}, 'See past sessions') : null));
    }
    if (focused) document.getElementById(focused)?.focus();
  }

  function sendDone(button) {
    if (!live.send('DONE', {classId: state.cls._id})) {
      toast('Offline: could not finish. Try again once reconnected.', 'error');
      return;
    }
    button.disabled = true;
  }

  let refreshing = null;
  function refresh() {
    refreshing ??= (async () => {
      try {
        state.cls = await loadClass(ctx, id);
        await loadSession(state);
        state.pending.clear();
        renderSession();
        renderStudents();
      } catch (error) {
        toast(error.message, 'error');
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  ctx.on('ATTENDANCE_MARKED', ({studentId, status}) => {
    // a teacher has one open session at a time: its marks are the only ones this socket receives
    if (!state.active) {
      // started elsewhere (another tab or device) while this screen showed none: load it
      if (state.cls.students.some((s) => s._id === studentId)) refresh();
      return;
    }
    if (!rows.has(studentId)) return;
    state.marks.set(studentId, status);
    state.pending.delete(studentId);
    updateRow(studentId);
    recount();
  });
  ctx.on('DONE', (result) => {
    if (!state.active) return;
    state.active = null;
    state.result = result;
    state.marks.clear();
    renderSession();
    document.getElementById('session-result')?.focus();
  });
  ctx.on('ERROR', ({message}) => {
    toast(message, 'error');
    if (message === 'No active attendance session' || message === 'Student not enrolled in class') refresh();
    else {
      state.pending.clear();
      for (const studentId of rows.keys()) updateRow(studentId);
    }
  });
  ctx.on('reconnected', refresh);

  // ---- students: the class's list, and adding from the search
  let everyone = null;
  const search = h('input', {type: 'search', id: 'student-search', autocomplete: 'off',
    'aria-controls': 'search-results'});
  const results = h('ul', {class: 'search-results', id: 'search-results', 'aria-live': 'polite'});

  async function showMatches() {
    const query = search.value.trim().toLowerCase();
    if (!query) return fill(results);
    if (!everyone) {
      try {
        everyone = await get('/students');
      } catch (error) {
        return fill(results, h('li', {class: 'error'}, error.message));
      }
    }
    const enrolled = new Set(state.cls.students.map((s) => s._id));
    const matches = everyone.filter((s) => s.name.toLowerCase().includes(query)
      || s.email.toLowerCase().includes(query)).slice(0, 8);
    if (!matches.length) return fill(results, h('li', {class: 'muted'}, 'No student matches.'));
    fill(results, matches.map((s) => h('li', {class: 'search-result', dataset: {studentName: s.name}},
      h('span', {class: 'student'}, h('span', {class: 'student-name'}, s.name), h('small', {class: 'muted'}, s.email)),
      enrolled.has(s._id)
        ? h('span', {class: 'muted'}, 'In this class')
        : h('button', {type: 'button', class: 'small', onclick: (e) => addStudent(s, e.currentTarget)},
          `Add ${s.name}`))));
  }

  async function addStudent(student, button) {
    button.disabled = true;
    try {
      await post(`/class/${state.cls._id}/add-student`, {studentId: student._id});
      state.cls = await loadClass(ctx, id);
      toast(`${student.name} added to ${state.cls.className}.`);
      renderStudents();
      renderSession();
      await showMatches();
      search.focus();
    } catch (error) {
      toast(error.message, 'error');
      button.disabled = false;
    }
  }
  search.addEventListener('input', showMatches);

  function renderStudents() {
    const list = state.cls.students.length
      ? h('ul', {class: 'enrolled', id: 'enrolled'}, state.cls.students.map((s) =>
        h('li', {}, h('span', {class: 'student-name'}, s.name), ' ', h('small', {class: 'muted'}, s.email))))
      : h('p', {class: 'muted', id: 'enrolled'}, 'Nobody yet.');
    fill(studentsBox,
      h('h2', {id: 'students-heading'}, `Students (${state.cls.students.length})`),
      list,
      field('Add students: search by name or e-mail', search),
      results);
  }

  const link = `${location.origin}/app/#/class/${state.cls._id}`;
  const linkInput = h('input', {type: 'text', readonly: true, id: 'class-link', value: link});
  const share = h('section', {class: 'card', 'aria-labelledby': 'share-heading'},
    h('h2', {id: 'share-heading'}, 'For your students'),
    h('p', {}, 'Class code: ', h('code', {id: 'class-code'}, state.cls._id)),
    field('Link to this class', linkInput, 'Students open it (or type the code) to follow attendance live.'),
    h('button', {type: 'button', class: 'secondary small', onclick: async () => {
      try {
        await navigator.clipboard.writeText(link);
        toast('Link copied.');
      } catch {
        linkInput.select();
      }
    }}, 'Copy link'));

  renderSession();
  renderStudents();
  ctx.screen(state.cls.className, classNav(state.cls, 'live'), sessionBox, studentsBox, share);
}

async function loadSession(state) {
  const sessions = await get(`/class/${state.cls._id}/sessions`);
  const active = sessions.find((s) => s.state === 'active');
  state.active = active ? active.sessionId : null;
  state.marks.clear();
  if (active) {
    const detail = await get(`/class/${state.cls._id}/sessions/${active.sessionId}`);
    for (const student of detail.students) if (student.status) state.marks.set(student._id, student.status);
  }
}

function stat(id, value, label, kind) {
  return h('div', {class: `stat stat-${kind}`, id},
    h('span', {class: 'stat-value'}, String(value)), h('span', {class: 'stat-label'}, label));
}

function resultBox(result) {
  return h('div', {class: 'result', id: 'session-result', tabindex: '-1'},
    h('p', {class: 'result-title'}, result.message === 'Attendance persisted' ? 'Attendance saved.' : result.message),
    h('div', {class: 'counts'},
      stat('final-present', result.present, 'present', 'present'),
      stat('final-absent', result.absent, 'absent', 'absent'),
      stat('final-total', result.total, 'total', 'none')));
}

// ---------------------------------------------------------------- past sessions
const STATE_LABELS = {active: 'Open', finalized: 'Finished', superseded: 'Replaced by a later start'};

async function sessionsScreen(ctx, id) {
  const [cls, sessions] = await Promise.all([loadClass(ctx, id), get(`/class/${enc(id)}/sessions`)]);
  const table = sessions.length
    ? h('div', {class: 'table-wrap'}, h('table', {id: 'sessions-table'},
      h('caption', {}, 'Sessions, newest first'),
      h('thead', {}, h('tr', {}, ['Started', 'Ended', 'State', 'Present', 'Absent', 'Total', ''].map((t) =>
        h('th', {scope: 'col'}, t)))),
      h('tbody', {}, sessions.map((s) => h('tr', {dataset: {state: s.state}},
        h('td', {}, time(s.startedAt)), h('td', {}, time(s.endedAt)), h('td', {}, STATE_LABELS[s.state] || s.state),
        h('td', {class: 'num'}, s.present), h('td', {class: 'num'}, s.absent), h('td', {class: 'num'}, s.total),
        h('td', {}, h('a', {href: `#/class/${cls._id}/sessions/${s.sessionId}`},
          'Details', h('span', {class: 'visually-hidden'}, ` of ${shortDate(s.startedAt)}`))))))))
    : h('p', {class: 'muted'}, 'No sessions yet.');
  ctx.screen(`${cls.className}: past sessions`, classNav(cls, 'sessions'), h('section', {class: 'card'}, table));
}

async function sessionScreen(ctx, id, sessionId) {
  const [cls, detail] = await Promise.all([loadClass(ctx, id),
    get(`/class/${enc(id)}/sessions/${enc(sessionId)}`)]);
  const marked = new Map(detail.students.map((s) => [s._id, s.status]));
  const everyone = [...detail.students];
  for (const s of cls.students) if (!marked.has(s._id)) everyone.push({_id: s._id, name: s.name, status: null});
  everyone.sort((a, b) => a.name.localeCompare(b.name));
  ctx.screen(`${cls.className}: session of ${shortDate(detail.startedAt)}`, classNav(cls, 'sessions'),
    h('section', {class: 'card'},
      h('dl', {class: 'facts'},
        h('dt', {}, 'State'), h('dd', {id: 'session-state'}, STATE_LABELS[detail.state] || detail.state),
        h('dt', {}, 'Started'), h('dd', {}, time(detail.startedAt)),
        h('dt', {}, 'Ended'), h('dd', {}, time(detail.endedAt)),
        h('dt', {}, 'Counts'), h('dd', {id: 'session-counts'},
          `${detail.present} present · ${detail.absent} absent · ${detail.total} total`)),
      h('div', {class: 'table-wrap'}, h('table', {id: 'session-students'},
        h('caption', {}, 'Students'),
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Student'), h('th', {scope: 'col'}, 'Status'))),
        h('tbody', {}, everyone.map((s) => h('tr', {},
          h('th', {scope: 'row'}, s.name), h('td', {}, statusBadge(s.status)))))))),
    h('p', {}, h('a', {href: `#/class/${cls._id}/sessions`}, 'All sessions'), ' · ',
      h('a', {href: `#/class/${cls._id}/audit`}, 'Audit trail')));
}

// ---------------------------------------------------------------- audit trail
async function auditScreen(ctx, id) {
  const cls = await loadClass(ctx, id);
  const names = new Map(cls.students.map((s) => [s._id, s.name]));
  const filter = h('select', {id: 'audit-student'},
    h('option', {value: ''}, 'All students'),
    cls.students.map((s) => h('option', {value: s._id}, s.name)));
  const body = h('tbody', {});
  const more = h('button', {type: 'button', class: 'secondary', id: 'audit-more', hidden: true}, 'Show older marks');
  const summary = h('p', {class: 'muted', id: 'audit-summary', role: 'status'});
  let cursor = null;
  let shown = 0;

  async function load(reset) {
    if (reset) {
      cursor = null;
      shown = 0;
      fill(body);
    }
    const params = new URLSearchParams({limit: '50'});
    if (cursor) params.set('cursor', cursor);
    if (filter.value) params.set('studentId', filter.value);
    try {
      const page = await get(`/class/${cls._id}/audit?${params}`);
      for (const entry of page.entries) body.append(auditRow(entry, names, ctx.app.user));
      shown += page.entries.length;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      summary.textContent = shown ? `${shown} mark${shown === 1 ? '' : 's'} shown, newest first.`
        : 'No marks yet.';
    } catch (error) {
      toast(error.message, 'error');
    }
  }
  filter.addEventListener('change', () => load(true));
  more.addEventListener('click', () => load(false));

  ctx.screen(`${cls.className}: audit trail`, classNav(cls, 'audit'),
    h('section', {class: 'card'},
      h('p', {}, 'Every mark ever made in this class: who marked whom, when, and what it was before.'),
      field('Student', filter), summary,
      h('div', {class: 'table-wrap'}, h('table', {id: 'audit-table'},
        h('caption', {class: 'visually-hidden'}, 'Audit trail'),
        h('thead', {}, h('tr', {}, ['When', 'Student', 'Mark', 'Before', 'How', 'By'].map((t) =>
          h('th', {scope: 'col'}, t)))),
        body)),
      more));
  await load(true);
}

function auditRow(entry, names, user) {
  const how = entry.how === 'auto-absent-at-finalize' ? 'Automatic at finish (DONE)' : 'Teacher marked';
  const by = entry.markedBy === user._id ? 'You' : entry.markedBy;
  return h('tr', {dataset: {student: entry.studentId}},
    h('td', {}, time(entry.markedAt)),
    h('td', {}, names.get(entry.studentId) || entry.studentId),
    h('td', {}, statusBadge(entry.status)),
    h('td', {}, entry.previousStatus ? statusLabel(entry.previousStatus) : '—'),
    h('td', {}, how),
    h('td', {}, by));
}

// ---------------------------------------------------------------- analytics
async function analyticsScreen(ctx, id) {
  const cls = await loadClass(ctx, id);
  const names = new Map(cls.students.map((s) => [s._id, s.name]));
  const threshold = h('input', {type: 'number', id: 'threshold', min: '1', max: '100', step: '1', value: '75',
    inputmode: 'numeric'});
  const form = h('form', {class: 'inline-form', id: 'threshold-form'},
    field('Flag students below (%)', threshold), h('button', {type: 'submit', class: 'secondary'}, 'Apply'));
  const content = h('div', {id: 'analytics', class: 'stack'}, h('p', {class: 'muted'}, 'Loading…'));
  let charts = [];
  const destroyCharts = () => {
    for (const chart of charts) chart.destroy();
    charts = [];
  };
  ctx.onLeave(destroyCharts);

  async function load() {
    const below = Math.min(100, Math.max(1, Number(threshold.value) || 75)) / 100;
    const [all, flagged] = await Promise.all([get(`/class/${cls._id}/analytics`),
      get(`/class/${cls._id}/analytics?below=${below}`)]);
    destroyCharts();
    if (!all.finalizedSessions) {
      fill(content, h('p', {class: 'muted', id: 'analytics-empty'},
        'No finished sessions yet: the charts appear after the first DONE.'));
      return;
    }
    const sessions = [...all.sessions].sort((a, b) => a.finalizedAt.localeCompare(b.finalizedAt));
    const students = [...all.students].sort((a, b) => (names.get(a.studentId) || '').localeCompare(
      names.get(b.studentId) || ''));
    const flaggedIds = new Set(flagged.students.map((s) => s.studentId));
    const overTime = h('canvas', {id: 'chart-sessions', role: 'img',
      'aria-label': 'Line chart: attendance rate per session, oldest first; the table below has the numbers.'});
    const perStudent = h('canvas', {id: 'chart-students', role: 'img',
      'aria-label': 'Bar chart: attendance rate per student; the table below has the numbers.'});
    fill(content,
      h('p', {id: 'analytics-summary'}, `${all.finalizedSessions} finished session${
        all.finalizedSessions === 1 ? '' : 's'}.`),
      h('section', {class: 'card', 'aria-labelledby': 'below-heading'},
        h('h2', {id: 'below-heading'}, `Students below ${Math.round(below * 100)}%`),
        flagged.students.length
          ? h('ul', {id: 'below-list', class: 'below-list'}, flagged.students.map((s) => h('li', {},
            h('strong', {}, names.get(s.studentId) || s.studentId), ` ${percent(s.rate)} (${s.present} of ${
              s.recordedSessions})`, s.currentAbsenceStreak ? `, absent the last ${s.currentAbsenceStreak}` : '')))
          : h('p', {id: 'below-list', class: 'muted'}, 'Nobody.')),
      h('div', {class: 'grid-2'},
        h('figure', {class: 'card chart'}, h('figcaption', {}, 'Attendance rate per session'),
          h('div', {class: 'chart-box'}, overTime)),
        h('figure', {class: 'card chart'}, h('figcaption', {}, 'Attendance rate per student'),
          h('div', {class: 'chart-box'}, perStudent))),
      h('section', {class: 'card'},
        h('div', {class: 'table-wrap'}, h('table', {id: 'student-rates'},
          h('caption', {}, 'Per student'),
          h('thead', {}, h('tr', {}, ['Student', 'Present', 'Sessions', 'Rate', 'Absent in a row'].map((t) =>
            h('th', {scope: 'col'}, t)))),
          h('tbody', {}, students.map((s) => h('tr', {class: flaggedIds.has(s.studentId) ? 'flagged' : null},
            h('th', {scope: 'row'}, names.get(s.studentId) || s.studentId), h('td', {class: 'num'}, s.present),
            h('td', {class: 'num'}, s.recordedSessions), h('td', {class: 'num'}, percent(s.rate)),
            h('td', {class: 'num'}, s.currentAbsenceStreak))))))),
      h('section', {class: 'card'},
        h('div', {class: 'table-wrap'}, h('table', {id: 'session-rates'},
          h('caption', {}, 'Per session'),
          h('thead', {}, h('tr', {}, ['Finished', 'Present', 'Recorded', 'Rate'].map((t) =>
            h('th', {scope: 'col'}, t)))),
          h('tbody', {}, sessions.map((s) => h('tr', {},
            h('td', {}, time(s.finalizedAt)), h('td', {class: 'num'}, s.present), h('td', {class: 'num'}, s.total),
            h('td', {class: 'num'}, percent(s.presentRatio)))))))));
    try {
      charts.push(await lineChart(overTime, sessions.map((s) => shortDate(s.finalizedAt)),
        sessions.map((s) => Math.round(s.presentRatio * 1000) / 10), below * 100));
      charts.push(await barChart(perStudent, students.map((s) => names.get(s.studentId) || s.studentId),
        students.map((s) => Math.round((s.rate ?? 0) * 1000) / 10), students.map((s) => flaggedIds.has(s.studentId))));
      content.dataset.charts = 'drawn';
    } catch (error) {
      content.prepend(h('p', {class: 'error', role: 'alert'}, `Charts unavailable: ${error.message}`));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await load();
    } catch (error) {
      toast(error.message, 'error');
    }
  });
  ctx.screen(`${cls.className}: analytics`, classNav(cls, 'analytics'), form, content);
  await load();
}
