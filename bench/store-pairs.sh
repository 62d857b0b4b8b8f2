#!/usr/bin/env bash
# Two stores side by side: for each trial, fresh copies of data directories A and B (say a restarted 100k-event
# store and a restarted empty one), a server on each, both up at once; then ws-bench (window 1, 200 students,
# 500 + 2,000 marks) on A and B in turn, run 1 then run 2, the order swapped from trial to trial. Prints each run's
# server CPU per mark and, from /proc, the CPU of each thread group over the run's marks (from its 201 sockets
# open to its end, so the run's set-up is left out). Needs a ws-bench copy:
# cp -r ../shared/bench /tmp/ws-bench && (cd /tmp/ws-bench && npm ci)
#   usage: bench/store-pairs.sh app/target/rollcall.jar DIR_A DIR_B [TRIALS=2]
set -euo pipefail
JAR=$1; A=$2; B=$3; TRIALS=${4:-2}
BENCH=${WS_BENCH:-/tmp/ws-bench/ws-bench.mjs}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/store-pairs.XXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill $p 2>/dev/null || true; wait $p 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

start() { # name source port -> pid in $WORK/name.pid
  rm -rf "$WORK/$1"; cp -r "$2" "$WORK/$1"
  WS_MESSAGES_PER_SOCKET=100000/1s SIGNUPS_PER_ADDRESS=100000/1m PORT=$3 DATA_DIR=$WORK/$1 \
    java ${JAVA_OPTS:-} -jar "$JAR" > "$WORK/$1.log" 2>&1 &
  echo $! > "$WORK/$1.pid"; PIDS+=($!)
  local t0=$SECONDS
  for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$3/health/ready" && break; sleep 0.25; done
  echo "  $1 ready after $((SECONDS - t0)) s"
}
threads() { cat /proc/$1/task/*/stat 2>/dev/null || true; } # a thread may end between the listing and the read
run() { # name port label
  local pid; pid=$(cat "$WORK/$1.pid")
  node "$BENCH" --url "http://127.0.0.1:$2" --students 200 --warmup 500 --marks 2000 --window 1 \
    --server-pid "$pid" --timeout 400 --json > "$WORK/run.json" &
  local bench=$!
  for _ in $(seq 1 800); do
    [ "$(ss -tn state established "( sport = :$2 )" | wc -l)" -gt 201 ] && break; sleep 0.1
  done
  threads "$pid" > "$WORK/t0"
  wait $bench
  threads "$pid" > "$WORK/t1"
  python3 - "$WORK/run.json" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); n = d['marks']['measured']
print(f"{sys.argv[2]}: CPU per mark {d['cpuDuringMarks']['serverCpuMs'] / n:.2f} ms, "
      f"{d['throughput']['marksPerSec']} marks/s, ok {d['ok']}; by thread (ms per mark): ", end='', flush=True)
PY
  # per measured mark, as ws-bench counts the server's CPU per mark (its warm-up marks fall in the window too)
  python3 "$HERE/thread-groups.py" "$WORK/t0" "$WORK/t1" --per \
    "$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['marks']['measured'])" "$WORK/run.json")"
}
for trial in $(seq 1 "$TRIALS"); do
  echo "trial $trial"
  start a "$A" 18710; start b "$B" 18711
  if [ $((trial % 2)) = 1 ]; then order="a b"; else order="b a"; fi
  for r in 1 2; do
    for s in $order; do
      if [ $s = a ]; then run a 18710 "  A run $r"; else run b 18711 "  B run $r"; fi
    done
  done
  for s in a b; do kill "$(cat "$WORK/$s.pid")"; wait "$(cat "$WORK/$s.pid")" 2>/dev/null || true; done
  PIDS=()
done
