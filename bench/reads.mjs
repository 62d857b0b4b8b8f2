// Reads and live marks on one new small class per server: 5 students, 40 marks, DONE; then each read REPS times
// (default 5; median and 90th percentile, ms). Given several servers (say an empty store and a 100k-event one),
// it alternates them request by request, so both see the same machine load, and prints each one's line and the
// ratios of its medians to the first server's.
// Needs the ws package: run it from a copy of ../shared/bench after npm ci (see docs/performance.md).
//   usage: [REPS=5] node reads.mjs http://127.0.0.1:8030 [http://127.0.0.1:8031 ...]
import WebSocket from 'ws';
const bases = process.argv.slice(2);
const reps = Number(process.env.REPS ?? 5);
const run = Date.now().toString(36);
async function http(base, method, path, token, body) {
  const t0 = performance.now();
  const r = await fetch(base + path, { method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: token } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, ms: performance.now() - t0, json: (() => { try { return JSON.parse(text); } catch { return text; } })() };
}
async function user(base, name, role) {
  const email = `${name}-${run}@reads.test`;
  const s = await http(base, 'POST', '/auth/signup', null, { name, email, password: 'secret123', role });
  const l = await http(base, 'POST', '/auth/login', null, { email, password: 'secret123' });
  return { id: s.json.data._id, token: l.json.data.token };
}
// one class on one server: its users, 40 marks over the teacher's socket, DONE
async function setUp(base) {
  const teacher = await user(base, 't', 'teacher');
  const students = [];
  for (let i = 0; i < 5; i++) students.push(await user(base, 's' + i, 'student'));
  const cls = (await http(base, 'POST', '/class', teacher.token, { className: 'Reads ' + run })).json.data._id;
  for (const s of students) await http(base, 'POST', `/class/${cls}/add-student`, teacher.token, { studentId: s.id });
  await http(base, 'POST', '/attendance/start', teacher.token, { classId: cls });
  const ws = new WebSocket(base.replace('http', 'ws') + '/ws?token=' + teacher.token);
  await new Promise((ok) => ws.on('open', ok));
  const echoes = [];
  let waiting = null;
  ws.on('message', (m) => { const f = JSON.parse(m.toString()); if (waiting && (f.event === 'ATTENDANCE_MARKED' || f.event === 'DONE' || f.event === 'ERROR')) { const w = waiting; waiting = null; w(f); } });
  const send = (frame) => new Promise((ok) => { waiting = ok; ws.send(JSON.stringify(frame)); });
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    await send({ event: 'ATTENDANCE_MARKED', data: { studentId: students[i % 5].id, status: i % 3 ? 'present' : 'absent' } });
    echoes.push(performance.now() - t0);
  }
  await send({ event: 'DONE' });
  ws.close();
  return {
    echoes,
    reads: {
      audit: () => http(base, 'GET', `/class/${cls}/audit`, teacher.token),
      csv: () => http(base, 'GET', `/class/${cls}/attendance.csv`, teacher.token),
      history: () => http(base, 'GET', `/class/${cls}/my-attendance/history`, students[0].token),
      sessions: () => http(base, 'GET', `/class/${cls}/sessions`, teacher.token),
      analytics: () => http(base, 'GET', `/class/${cls}/analytics`, teacher.token),
    },
  };
}
const classes = [];
for (const base of bases) classes.push(await setUp(base));
const pick = (a, q) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(s.length * q))]; };
const outs = classes.map((c) => ({ markEchoMedianMs: +pick(c.echoes, 0.5).toFixed(1), markEchoMaxMs: +Math.max(...c.echoes).toFixed(1) }));
for (const name of Object.keys(classes[0].reads)) {
  const times = classes.map(() => []);
  for (let i = 0; i < reps; i++) {
    for (let k = 0; k < classes.length; k++) {
      const r = await classes[k].reads[name]();
      if (r.status !== 200) throw new Error(`${bases[k]} ${name} ${r.status}`);
      times[k].push(r.ms);
    }
  }
  times.forEach((t, k) => {
    outs[k][name + 'MedianMs'] = +pick(t, 0.5).toFixed(1);
    if (reps >= 10) outs[k][name + 'P90Ms'] = +pick(t, 0.9).toFixed(1);
  });
}
outs.forEach((out, k) => console.log((bases.length > 1 ? bases[k] + ' ' : '') + JSON.stringify(out)));
for (let k = 1; k < outs.length; k++) {
  const ratios = {};
  for (const key of Object.keys(outs[k]).filter((key) => key.endsWith('MedianMs'))) {
    ratios[key.replace('MedianMs', '')] = +(outs[k][key] / outs[0][key]).toFixed(2);
  }
  console.log(`${bases[k]} / ${bases[0]} medians: ${JSON.stringify(ratios)}`);
}
