// Reads and live marks on one new small class: 5 students, 40 marks, DONE; then each read 5 times (median ms).
// Needs the ws package: run it from a copy of ../shared/bench after npm ci (see docs/performance.md).
import WebSocket from 'ws';
const base = process.argv[2];
const run = Date.now().toString(36);
async function http(method, path, token, body) {
  const t0 = performance.now();
  const r = await fetch(base + path, { method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: token } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, ms: performance.now() - t0, json: (() => { try { return JSON.parse(text); } catch { return text; } })() };
}
async function user(name, role) {
  const email = `${name}-${run}@reads.test`;
  const s = await http('POST', '/auth/signup', null, { name, email, password: 'secret123', role });
  const l = await http('POST', '/auth/login', null, { email, password: 'secret123' });
  return { id: s.json.data._id, token: l.json.data.token };
}
const teacher = await user('t', 'teacher');
const students = [];
for (let i = 0; i < 5; i++) students.push(await user('s' + i, 'student'));
const cls = (await http('POST', '/class', teacher.token, { className: 'Reads ' + run })).json.data._id;
for (const s of students) await http('POST', `/class/${cls}/add-student`, teacher.token, { studentId: s.id });
await http('POST', '/attendance/start', teacher.token, { classId: cls });
const ws = new WebSocket(base.replace('http', 'ws') + '/ws?token=' + teacher.token);
await new Promise((ok) => ws.on('open', ok));
const echoes = [];
let waiting = null;
ws.on('message', (m) => { const f = JSON.parse(m.toString()); if (waiting && (f.event === 'ATTENDANCE_MARKED' || f.event === 'DONE' || f.event === 'ERROR')) { const w = waiting; waiting = null; w(f); } });
function send(frame) { return new Promise((ok) => { waiting = ok; ws.send(JSON.stringify(frame)); }); }
for (let i = 0; i < 40; i++) {
  const t0 = performance.now();
  await send({ event: 'ATTENDANCE_MARKED', data: { studentId: students[i % 5].id, status: i % 3 ? 'present' : 'absent' } });
  echoes.push(performance.now() - t0);
}
await send({ event: 'DONE' });
ws.close();
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const reads = {
  audit: () => http('GET', `/class/${cls}/audit`, teacher.token),
  csv: () => http('GET', `/class/${cls}/attendance.csv`, teacher.token),
  history: () => http('GET', `/class/${cls}/my-attendance/history`, students[0].token),
  sessions: () => http('GET', `/class/${cls}/sessions`, teacher.token),
  analytics: () => http('GET', `/class/${cls}/analytics`, teacher.token),
};
const out = { markEchoMedianMs: +med(echoes).toFixed(1), markEchoMaxMs: +Math.max(...echoes).toFixed(1) };
for (const [name, f] of Object.entries(reads)) {
  const times = [];
  for (let i = 0; i < 5; i++) { const r = await f(); if (r.status !== 200) throw new Error(name + ' ' + r.status); times.push(r.ms); }
  out[name + 'MedianMs'] = +med(times).toFixed(1);
}
console.log(JSON.stringify(out));
