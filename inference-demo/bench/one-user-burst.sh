#!/usr/bin/env bash
# Many requests for one new user while the feature store is slow, from outside (the empty-answers issue's third
# finding): for each JAR, with the store made LATENCY_MS slower, USERS bursts of BURST concurrent requests, each
# burst for a user no cache holds, then the store's user-feature calls per burst (the app's
# demo_feature_store_calls_total{operation="user"}) and the answers by source. Starts its own memcached and the
# app, everything on 127.0.0.1, and stops them on exit. See docs/benchmarks.md ("One new user, many requests").
#
#   inference-demo/bench/one-user-burst.sh JAR [JAR...]     # BURST [100]  USERS [5]  LATENCY_MS [200]
set -euo pipefail

BURST="${BURST:-100}"
USERS="${USERS:-5}"
LATENCY_MS="${LATENCY_MS:-200}"
(($# > 0)) || { echo "usage: $0 JAR [JAR...]" >&2; exit 2; }
command -v memcached >/dev/null || { echo "memcached not found (apt-get install memcached)" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
dir=$(mktemp -d)
mc_port=$(free_port)
app_pid=""
user=()
[[ $(id -u) == 0 ]] && user=(-u nobody) # memcached refuses to run as root
memcached "${user[@]}" -l 127.0.0.1 -p "$mc_port" -U 0 -m 64 &
mc_pid=$!
cleanup() {
  [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  kill "$mc_pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

user_calls() { # the store's completed user-feature calls so far
  curl -fs "http://127.0.0.1:$mgmt/actuator/prometheus" \
    | awk '/^demo_feature_store_calls_total\{/ && /operation="user"/ { n += $NF } END { printf "%.0f\n", n }'
}

chaos() { # JSON body; the controls are on the management port (current) or the API port (older builds)
  local port
  for port in "$mgmt" "$port_api"; do
    curl -fs -X PUT -H 'Content-Type: application/json' -d "$1" \
      "http://127.0.0.1:$port/admin/chaos/feature-store" >/dev/null && return 0
  done
  echo "chaos controls not found" >&2; return 1
}

for jar in "$@"; do
  port_api=$(free_port)
  mgmt=$(free_port)
  java -jar "$jar" --server.address=127.0.0.1 --server.port="$port_api" --management.server.port="$mgmt" \
    --management.server.address=127.0.0.1 --glasscache.memcached.servers="127.0.0.1:$mc_port" \
    --glasscache.failover.snapshot-dir="$dir/snapshots-$port_api" --logging.level.root=WARN \
    > "$dir/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$mgmt/actuator/health/readiness" >/dev/null 2>&1 && break
    kill -0 "$app_pid" 2>/dev/null || { echo "the app exited; its log:" >&2; cat "$dir/app.log" >&2; exit 1; }
    sleep 0.2
  done
  chaos "{\"latencyMs\":$LATENCY_MS}"
  sleep 1 # the warm-up's and readiness's calls are done
  echo "== $jar: store ${LATENCY_MS} ms slower, $USERS bursts of $BURST concurrent requests for one new user each"
  for u in $(seq 1 "$USERS"); do
    id="burst-$RANDOM$RANDOM-$u"
    rm -f "$dir"/answer-*.json
    before=$(user_calls)
    url="http://127.0.0.1:$port_api/api/v1/recommendations?userId=$id&scene=home&page=0&size=10"
    start=$(date +%s%N)
    seq 1 "$BURST" | xargs -P "$BURST" -I{} curl -s --max-time 5 -o "$dir/answer-{}.json" "$url"
    took=$((($(date +%s%N) - start) / 1000000))
    sleep $((LATENCY_MS * 3 / 1000 + 1)) # every call the burst started has ended
    after=$(user_calls)
    sources=$(python3 - "$dir" "$BURST" <<'PY'
import collections, json, sys
counts = collections.Counter()
for i in range(1, int(sys.argv[2]) + 1):
    try:
        with open(f"{sys.argv[1]}/answer-{i}.json") as f:
            answer = json.load(f)
        counts[answer.get("source") if answer.get("items") else "empty"] += 1
    except (OSError, ValueError):
        counts["no answer"] += 1
print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))
PY
)
    echo "burst $u (${took} ms from the first request sent to the last answer): user-feature store calls" \
      "$((after - before)); answers $sources"
  done
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
done
