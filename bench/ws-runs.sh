#!/usr/bin/env bash
# Starts a jar on a fresh data directory, runs ws-bench (window 1, 200 students, 500 warm-up + 2,000 marks)
# RUNS times on that one server, and prints marks/s, echo p50/p99 and server CPU per mark of each run.
# With THREADS=1 it also prints, for the last run, each thread group's share of the server's CPU over 20 s
# in the middle of it. Needs a ws-bench copy: cp -r ../shared/bench /tmp/ws-bench && (cd /tmp/ws-bench && npm ci)
#   usage: bench/ws-runs.sh app/target/rollcall.jar [RUNS=3] [WINDOW=1]
set -euo pipefail
JAR=$1; RUNS=${2:-3}; WINDOW=${3:-1}
BENCH=${WS_BENCH:-/tmp/ws-bench/ws-bench.mjs}
DATA=$(mktemp -d /tmp/ws-runs.XXXX)
PORT=${PORT:-18$((RANDOM % 900 + 100))}
# ws-bench signs up 201 users per run and marks flat out: lift those two limits for the benchmark only
WS_MESSAGES_PER_SOCKET=100000/1s SIGNUPS_PER_ADDRESS=100000/1m PORT=$PORT DATA_DIR=$DATA \
  java ${JAVA_OPTS:-} -jar "$JAR" > "$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 240); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break; sleep 0.5; done

threads() { cat /proc/$PID/task/*/stat 2>/dev/null || true; } # a thread may end between the listing and the read

for run in $(seq 1 "$RUNS"); do
  node "$BENCH" --url "http://127.0.0.1:$PORT" --students 200 --warmup 500 --marks 2000 --window "$WINDOW" \
    --server-pid "$PID" --timeout 400 --json > "$DATA/run.json" &
  BENCH_PID=$!
  if [ "${THREADS:-0}" = 1 ] && [ "$run" = "$RUNS" ]; then
    sleep 25; threads > "$DATA/t1"; FROM=$(date -u +%FT%T); sleep 20; threads > "$DATA/t2"
    echo "threads sampled from $FROM to $(date -u +%FT%T) UTC"
  fi
  wait $BENCH_PID
  python3 - "$DATA/run.json" "$run" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); l = d['latencyMs']; n = d['marks']['measured']
print(f"run {sys.argv[2]}: {d['throughput']['marksPerSec']} marks/s, echo p50 {l['p50']} ms, p99 {l['p99']} ms, "
      f"CPU per mark {d['cpuDuringMarks']['serverCpuMs'] / n:.2f} ms, ok {d['ok']}")
PY
done
if [ -f "$DATA/t2" ]; then
  python3 "$(dirname "$0")/thread-groups.py" "$DATA/t1" "$DATA/t2"
fi
