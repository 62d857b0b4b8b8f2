#!/usr/bin/env bash
# Which JIT compilations a fresh server makes before ready, during each ws-bench run's set-up, and during its
# marks: JFR records every compilation from the JVM's start (a recording started later makes the JIT recompile
# thousands of methods), and the phases are cut at the wall-clock times this script notes (ready; a run's start;
# its 201 sockets open, when the marks begin; its end). Prints each phase's compilations and compile time, and
# for each marks phase the C2 compilations that were a method's first and the ones that recompiled it; and the
# deoptimizations of each phase, with the compiled methods they threw away in the 5 s before ready, and for the
# longest recompilations of each marks phase the deoptimization that threw the earlier code away.
# Needs a ws-bench copy: cp -r ../shared/bench /tmp/ws-bench && (cd /tmp/ws-bench && npm ci)
#   usage: bench/compile-phases.sh app/target/rollcall.jar [RUNS=2]
# DATA_SRC=<a data directory> starts the server on a fresh copy of it (say a restarted 100k-event store) instead
# of an empty one.
set -euo pipefail
JAR=$1; RUNS=${2:-2}
BENCH=${WS_BENCH:-/tmp/ws-bench/ws-bench.mjs}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$(mktemp -d /tmp/compile-phases.XXXX)
PORT=${PORT:-18$((RANDOM % 900 + 100))}
cat > "$DATA/compilation.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.Compilation"><setting name="enabled">true</setting><setting name="threshold">0 ms</setting></event>
  <event name="jdk.Deoptimization"><setting name="enabled">true</setting><setting name="stackTrace">false</setting></event>
</configuration>
JFC
now() { date +%s%3N; }
if [ -n "${DATA_SRC:-}" ]; then cp -r "$DATA_SRC" "$DATA/data"; fi
WS_MESSAGES_PER_SOCKET=100000/1s SIGNUPS_PER_ADDRESS=100000/1m PORT=$PORT DATA_DIR=$DATA/data \
  java -XX:StartFlightRecording=filename="$DATA/compilations.jfr",settings="$DATA/compilation.jfc" ${JAVA_OPTS:-} \
  -jar "$JAR" > "$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 480); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break; sleep 0.25; done
echo "ready $(now)" > "$DATA/phases"
for run in $(seq 1 "$RUNS"); do
  echo "start$run $(now)" >> "$DATA/phases"
  node "$BENCH" --url "http://127.0.0.1:$PORT" --students 200 --warmup 500 --marks 2000 --window 1 \
    --server-pid "$PID" --timeout 400 --json > "$DATA/run.json" &
  BENCH_PID=$!
  for _ in $(seq 1 800); do
    [ "$(ss -tn state established "( sport = :$PORT )" | wc -l)" -gt 201 ] && break; sleep 0.1
  done
  echo "marks$run $(now)" >> "$DATA/phases"
  wait $BENCH_PID
  echo "end$run $(now)" >> "$DATA/phases"
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(f\"run $run: {d['throughput']['marksPerSec']} marks/s, CPU per mark {d['cpuDuringMarks']['serverCpuMs'] / d['marks']['measured']:.2f} ms, ok {d['ok']}\")" "$DATA/run.json"
done
jcmd $PID JFR.dump filename="$DATA/compilations.jfr" > /dev/null
jfr print --json --events jdk.Compilation,jdk.Deoptimization "$DATA/compilations.jfr" > "$DATA/compilations.json"
python3 "$HERE/compile-phases.py" "$DATA/compilations.json" "$DATA/phases"
