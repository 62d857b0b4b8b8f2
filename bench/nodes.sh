#!/usr/bin/env bash
# One node against two on one database, same machine, same clients: two ws-bench clients at once (each its own
# teacher, class of 200 and window 1), both against node 1, then one against each node. Node 1 serves the shared
# database (its embedded server, memory backend with its oplog, on EMBEDDED_MONGO_PORT); node 2 joins with CLUSTER.
# Needs a ws-bench copy: cp -r ../shared/bench /tmp/ws-bench && (cd /tmp/ws-bench && npm ci)
#   usage: bench/nodes.sh app/target/rollcall.jar [MARKS=1500]
set -uo pipefail
JAR=$(realpath "$1"); MARKS=${2:-1500}
BENCH=${WS_BENCH:-/tmp/ws-bench/ws-bench.mjs}
SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=' | head -c 48)
OUT=$(mktemp -d /tmp/nodes.XXXX)
LIMITS="SIGNUPS_PER_ADDRESS=100000/1m WS_MESSAGES_PER_SOCKET=100000/1s JWT_SECRET=$SECRET"
ready() { for _ in $(seq 1 240); do curl -sf -o /dev/null "$1/health/ready" && return 0; sleep 0.5; done; return 1; }
clients() { # $1 label, $2 URL of client 1, $3 URL of client 2
  node "$BENCH" --url "$2" --students 200 --window 1 --warmup 300 --marks "$MARKS" --timeout 400 --json > "$OUT/c1.json" &
  local p1=$!
  node "$BENCH" --url "$3" --students 200 --window 1 --warmup 300 --marks "$MARKS" --timeout 400 --json > "$OUT/c2.json" &
  local p2=$!
  wait $p1 $p2
  python3 - "$1" "$OUT/c1.json" "$OUT/c2.json" <<'PY'
import json, sys
runs = [json.load(open(p)) for p in sys.argv[2:]]
for r in runs:
    if not r.get('ok'):
        print(sys.argv[1], 'FAILED in phase', r.get('phase'), r.get('errors', [])[:2]); sys.exit(0)
t = sum(r['throughput']['marksPerSec'] for r in runs)
print(f"{sys.argv[1]}: {t:.1f} marks/s in total; " + "; ".join(
    f"client {i + 1} {r['throughput']['marksPerSec']} marks/s, echo p50 {r['latencyMs']['p50']} / p99 {r['latencyMs']['p99']} ms, "
    f"last student p99 {r['fanoutMs']['p99']} ms" for i, r in enumerate(runs)))
PY
}
for mode in one two; do
  DATA=$(mktemp -d /tmp/nodes-data.XXXX)
  env $LIMITS EMBEDDED_MONGO_PORT=27117 PORT=18001 DATA_DIR="$DATA" java -jar "$JAR" --rollcall.embedded-backend=memory \
    > "$OUT/node1-$mode.log" 2>&1 &
  N1=$!
  ready http://127.0.0.1:18001 || { echo "node 1 did not start"; kill $N1; exit 1; }
  N2=
  if [ $mode = two ]; then
    env $LIMITS PORT=18002 CLUSTER=true DB_URL=mongodb://127.0.0.1:27117/rollcall java -jar "$JAR" \
      > "$OUT/node2-$mode.log" 2>&1 &
    N2=$!
    ready http://127.0.0.1:18002 || { echo "node 2 did not start"; kill $N1 $N2; exit 1; }
    clients "two nodes, run 1" http://127.0.0.1:18001 http://127.0.0.1:18002
    clients "two nodes, run 2" http://127.0.0.1:18001 http://127.0.0.1:18002
  else
    clients "one node, run 1" http://127.0.0.1:18001 http://127.0.0.1:18001
    clients "one node, run 2" http://127.0.0.1:18001 http://127.0.0.1:18001
  fi
  kill $N2 2>/dev/null; [ -n "$N2" ] && wait $N2; kill $N1; wait $N1; rm -rf "$DATA"
done
echo "logs in $OUT"
