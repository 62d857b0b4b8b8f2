#!/usr/bin/env bash
# Mark latency during a login flood (issue 9): starts a jar on a fresh data directory, runs ws-bench (window 1,
# 200 students, 500 warm-up + 3,000 marks) warm-up, quiet, during 50 clients hammering /auth/login with a correct
# password (bench/login-flood.mjs), and quiet again; prints marks/s, echo p50/p99 and CPU per mark of each.
# Needs a ws-bench copy: cp -r ../shared/bench /tmp/ws-bench && (cd /tmp/ws-bench && npm ci)
#   usage: bench/login-flood.sh app/target/rollcall.jar
set -euo pipefail
JAR=$1
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH=${WS_BENCH:-/tmp/ws-bench/ws-bench.mjs}
DATA=$(mktemp -d /tmp/login-flood.XXXX)
PORT=${PORT:-18$((RANDOM % 900 + 100))}
URL=http://127.0.0.1:$PORT
WS_MESSAGES_PER_SOCKET=100000/1s SIGNUPS_PER_ADDRESS=100000/1m PORT=$PORT DATA_DIR=$DATA \
  java ${JAVA_OPTS:-} -jar "$JAR" > "$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 240); do curl -sf -o /dev/null "$URL/health/ready" && break; sleep 0.5; done
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' "$URL/auth/signup" \
  -d '{"name":"Flood","email":"flood@school.test","password":"secret123","role":"student"}'

bench() {
  node "$BENCH" --url "$URL" --students 200 --window 1 --server-pid "$PID" --timeout 400 --json \
    --warmup 500 --marks 3000 > "$DATA/$1.json"
}
show() {
  python3 - "$DATA/$1.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); l = d['latencyMs']; n = d['marks']['measured']
print(f"{sys.argv[2]}: {d['throughput']['marksPerSec']} marks/s, echo p50 {l['p50']} ms, p99 {l['p99']} ms, "
      f"CPU per mark {d['cpuDuringMarks']['serverCpuMs'] / n:.2f} ms, ok {d['ok']}")
PY
}
bench warm; show warm
bench quiet; show quiet
bench flood & BENCH_PID=$!
sleep 22 # the flood starts once the bench's warm-up is over
node "$HERE/login-flood.mjs" "$URL" flood@school.test secret123 50 > "$DATA/answers.txt" & FLOOD_PID=$!
wait $BENCH_PID; kill -TERM $FLOOD_PID; wait $FLOOD_PID || true
show flood; echo "login answers during the flood, by status: $(cat "$DATA/answers.txt")"
bench after; show after
