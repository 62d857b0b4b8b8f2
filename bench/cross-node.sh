#!/usr/bin/env bash
# Cross-node latency from a cold start: node 1 serves its embedded MongoDB (memory backend, oplog) on
# EMBEDDED_MONGO_PORT, node 2 joins it with CLUSTER; then bench/cross-node.mjs RUNS times (teacher on node 1,
# 20 students on node 2, 50 marks/s, 1,000 marks). The first run starts as soon as both nodes answer ready
# (or SETTLE seconds later).
# Needs a ws-bench copy with cross-node.mjs beside it:
#   cp -r ../shared/bench /tmp/ws-bench && cp bench/cross-node.mjs /tmp/ws-bench/ && (cd /tmp/ws-bench && npm ci)
#   usage: bench/cross-node.sh app/target/rollcall.jar [RUNS=3]
set -uo pipefail
JAR=$(realpath "$1"); RUNS=${2:-3}
CROSS=${CROSS_NODE:-/tmp/ws-bench/cross-node.mjs}
SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=' | head -c 48)
OUT=$(mktemp -d /tmp/cross-node.XXXX)
LIMITS="SIGNUPS_PER_ADDRESS=100000/1m WS_MESSAGES_PER_SOCKET=100000/1s JWT_SECRET=$SECRET"
ready() { for _ in $(seq 1 400); do curl -sf -o /dev/null "$1/health/ready" && return 0; sleep 0.5; done; return 1; }
START=$(date +%s)
env $LIMITS EMBEDDED_MONGO_PORT=27117 PORT=18001 DATA_DIR="$OUT/data" java -jar "$JAR" \
  --rollcall.embedded-backend=memory > "$OUT/node1.log" 2>&1 &
N1=$!
ready http://127.0.0.1:18001 || { echo "node 1 did not start"; kill $N1; exit 1; }
env $LIMITS PORT=18002 CLUSTER=true DB_URL=mongodb://127.0.0.1:27117/rollcall java -jar "$JAR" \
  > "$OUT/node2.log" 2>&1 &
N2=$!
ready http://127.0.0.1:18002 || { echo "node 2 did not start"; kill $N1 $N2; exit 1; }
echo "both nodes ready $(( $(date +%s) - START )) s after node 1 started"
sleep "${SETTLE:-0}" # SETTLE=30: let node 2's joining (claims handed over) finish before the first run
for run in $(seq 1 "$RUNS"); do
  echo "run $run: $(node "$CROSS" http://127.0.0.1:18001 http://127.0.0.1:18002 50 1000 20)"
done
kill $N2; wait $N2; kill $N1; wait $N1
echo "logs in $OUT"
