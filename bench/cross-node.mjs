// Cross-node latency: teacher socket on node A marks at a fixed rate, students' sockets on node B;
// reports mark -> student frame latency on B. usage: node cross.mjs A_URL B_URL RATE COUNT STUDENTS
import WebSocket from 'ws';
const [A, B, RATE = '50', COUNT = '1000', STUDENTS = '20'] = process.argv.slice(2);
const post = async (base, path, body, token) => {
  const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) }, body: JSON.stringify(body) });
  return r.json();
};
const user = async (base, role, i) => {
  const email = `${role}${i}-${Date.now()}-${Math.random()}@x.test`;
  const s = await post(base, '/auth/signup', { name: role + i, email, password: 'secret123', role });
  const l = await post(base, '/auth/login', { email, password: 'secret123' });
  return { id: s.data._id, token: l.data.token };
};
const teacher = await user(A, 'teacher', 0);
const students = [];
for (let i = 0; i < +STUDENTS; i++) students.push(await user(B, 'student', i));
const cls = await post(A, '/class', { className: 'X' }, teacher.token);
const classId = cls.data._id;
for (const s of students) await post(A, `/class/${classId}/add-student`, { studentId: s.id }, teacher.token);
await post(A, '/attendance/start', { classId }, teacher.token);
const open = (base, token) => new Promise((res, rej) => { const ws = new WebSocket(base.replace('http', 'ws') + '/ws?token=' + token); ws.on('open', () => res(ws)); ws.on('error', rej); });
const tws = await open(A, teacher.token);
const sockets = await Promise.all(students.map(s => open(B, s.token)));
const sentAt = new Map(); const lat = []; let received = 0;
sockets[0].on('message', m => { const f = JSON.parse(m); if (f.event === 'ATTENDANCE_MARKED') { const k = f.data.studentId + f.data.status + '#'; const t = sentAt.get(k); if (t !== undefined) { lat.push(performance.now() - t); sentAt.delete(k); } received++; } });
let acks = 0; tws.on('message', m => { if (JSON.parse(m).event === 'ATTENDANCE_MARKED') acks++; });
const n = +COUNT; const interval = 1000 / +RATE; const start = performance.now();
for (let i = 0; i < n; i++) {
  const s = students[i % students.length]; const status = (Math.floor(i / students.length) % 2) ? 'absent' : 'present';
  sentAt.set(s.id + status + '#', performance.now());
  tws.send(JSON.stringify({ event: 'ATTENDANCE_MARKED', data: { studentId: s.id, status } }));
  const wait = start + (i + 1) * interval - performance.now(); if (wait > 0) await new Promise(r => setTimeout(r, wait));
}
await new Promise(r => setTimeout(r, 2000));
lat.sort((a, b) => a - b); const q = p => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]?.toFixed(1);
console.log(JSON.stringify({ rate: +RATE, sent: n, acked: acks, receivedOnB: received, measured: lat.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: lat.length ? lat[lat.length - 1].toFixed(1) : null }));
process.exit(0);
