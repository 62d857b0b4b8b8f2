// Used by login-flood.sh. 50 clients logging in as fast as they can (correct password), until killed; prints answers by status on exit.
const [url, email, password, clients = '50'] = process.argv.slice(2);
const counts = {};
let stop = false;
process.on('SIGTERM', () => { stop = true; });
async function client() {
  while (!stop) {
    try {
      const r = await fetch(`${url}/auth/login`, {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({email, password})});
      await r.arrayBuffer();
      counts[r.status] = (counts[r.status] || 0) + 1;
    } catch (e) { counts.error = (counts.error || 0) + 1; }
  }
}
await Promise.all(Array.from({length: Number(clients)}, client));
console.log(JSON.stringify(counts));
