#!/usr/bin/env bash
# Checks the compose cluster profile's proxy without Docker: nginx runs deploy/nginx.conf unchanged but for its
# addresses (app:8000 and app2:8000 become two local nodes, port 80 becomes PROXY_PORT), in front of node 1
# (its embedded MongoDB, memory backend as in bench/cross-node.sh, shared on port 27117 in place of the replica set) and node 2 (CLUSTER=true). Then
# bench/cross-node.mjs goes through the proxy alone: its sign-ups, logins, class and session requests and its
# sockets are spread over both nodes round-robin, with no sticky sessions.
# Needs nginx (apt-get install nginx) and a ws-bench copy with cross-node.mjs beside it:
#   cp -r ../shared/bench /tmp/ws-bench && cp bench/cross-node.mjs /tmp/ws-bench/ && (cd /tmp/ws-bench && npm ci)
#   usage: deploy/check-proxy.sh app/target/rollcall.jar [MARKS=500]
set -uo pipefail
JAR=$(realpath "$1"); MARKS=${2:-500}
HERE=$(cd "$(dirname "$0")" && pwd)
CROSS=${CROSS_NODE:-/tmp/ws-bench/cross-node.mjs}
PROXY_PORT=${PROXY_PORT:-18080}
SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=' | head -c 48)
OUT=$(mktemp -d /tmp/check-proxy.XXXX)
# as in docker-compose.yml: client addresses from X-Forwarded-For
LIMITS="SIGNUPS_PER_ADDRESS=100000/1m WS_MESSAGES_PER_SOCKET=100000/1s JWT_SECRET=$SECRET SERVER_FORWARD_HEADERS_STRATEGY=native"
ready() { for _ in $(seq 1 400); do curl -sf -o /dev/null "$1/health/ready" && return 0; sleep 0.5; done; return 1; }
sed -e 's/server app:8000;/server 127.0.0.1:18011;/' -e 's/server app2:8000;/server 127.0.0.1:18012;/' \
    -e "s/listen 80;/listen 127.0.0.1:$PROXY_PORT;/" -e "s|access_log /dev/stdout paths;|access_log $OUT/access.log paths;|" \
    -e "s|^events {}|pid $OUT/nginx.pid; error_log $OUT/error.log;\nevents {}|" \
    -e "s|\$request_time';|\$request_time \$upstream_addr';|" \
    "$HERE/nginx.conf" > "$OUT/nginx.conf"
nginx -t -c "$OUT/nginx.conf" -p "$OUT" 2>&1 | tail -1 || exit 1
env $LIMITS EMBEDDED_MONGO_PORT=27117 PORT=18011 DATA_DIR="$OUT/data" java -jar "$JAR" \
  --rollcall.embedded-backend=memory > "$OUT/node1.log" 2>&1 &
N1=$!
trap 'kill $N1 $N2 2>/dev/null; [ -f "$OUT/nginx.pid" ] && kill "$(cat "$OUT/nginx.pid")"' EXIT
N2=
ready http://127.0.0.1:18011 || { echo "node 1 did not start"; exit 1; }
env $LIMITS PORT=18012 CLUSTER=true DB_URL=mongodb://127.0.0.1:27117/rollcall java -jar "$JAR" > "$OUT/node2.log" 2>&1 &
N2=$!
ready http://127.0.0.1:18012 || { echo "node 2 did not start"; exit 1; }
nginx -c "$OUT/nginx.conf" -p "$OUT" || exit 1
ready "http://127.0.0.1:$PROXY_PORT" || { echo "the proxy does not answer"; exit 1; }
PROXY=http://127.0.0.1:$PROXY_PORT
echo "through the proxy: $(node "$CROSS" "$PROXY" "$PROXY" 50 "$MARKS" 20)"
# which node served what (the copy's log format adds the upstream address), by status; 101: a socket upgraded
echo "requests by node and status:"
awk '{print $NF, $(NF-3)}' "$OUT/access.log" | sort | uniq -c
echo "logs in $OUT"
