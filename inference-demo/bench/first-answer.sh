#!/usr/bin/env bash
# The README's first curl against a demo started at its worst: an empty snapshot directory and no memcached (the
# servers setting points at a closed port). Sends the curl as soon as the port accepts and prints the first answer,
# its source and the seconds since launch; then stops the app. Everything on 127.0.0.1. See docs/benchmarks.md.
#
#   inference-demo/bench/first-answer.sh [JAR]     # default inference-demo/target/inference-demo.jar
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
jar="${1:-$ROOT/inference-demo/target/inference-demo.jar}"
dir=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
mgmt=$(free_port)
closed=$(free_port) # nothing listens there: memcached is down from the start

start=$(date +%s.%N)
java -jar "$jar" --server.address=127.0.0.1 --server.port="$port" --management.server.port="$mgmt" \
  --management.server.address=127.0.0.1 --glasscache.failover.snapshot-dir="$dir/snapshots" \
  --glasscache.memcached.servers="127.0.0.1:$closed" > "$dir/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT

url="http://127.0.0.1:$port/api/v1/recommendations?userId=u42&scene=home&page=0&size=10"
out=
for _ in $(seq 1 1200); do # up to 60 s
  if out=$(curl -s --max-time 5 "$url") && [[ -n $out ]]; then break; fi
  kill -0 "$pid" 2>/dev/null || { echo "the app exited; its log:" >&2; cat "$dir/app.log" >&2; exit 1; }
  sleep 0.05
done
end=$(date +%s.%N)
[[ -n $out ]] || { echo "no answer within 60 s; the app's log:" >&2; cat "$dir/app.log" >&2; exit 1; }
python3 - "$out" "$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}')" <<'PY'
import json, sys
answer, seconds = json.loads(sys.argv[1]), sys.argv[2]
print(f"first answer {seconds} s after launch: source={answer.get('source')} "
      f"reason={answer.get('reason')} items={len(answer.get('items') or [])} tookMs={answer.get('tookMs')}")
PY
