#!/usr/bin/env bash
# Exporter scrape latency, side by side in one run: cache-exporter vs the seed-style Python baseline
# (prometheus_client custom collector + raw `stats` socket), both scraping one memcached with 20+ active slab
# classes on loopback. Bounded: WARMUP + SCRAPES sequential scrapes per exporter, then everything is stopped.
# Usage: cache-exporter/bench/scrape-bench.sh [SCRAPES] (build first: ./mvnw -B -o -pl cache-exporter package)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
JAR="$HERE/../target/cache-exporter.jar"
SCRAPES="${1:-2000}"
WARMUP=200
PY=/usr/bin/python3                          # Debian's python3, with python3-prometheus-client
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -o -pl cache-exporter package" >&2; exit 1; }
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MC_PORT=$(free_port); OURS_PORT=$(free_port); BASE_PORT=$(free_port)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
USER_ARG=(); [ "$(id -u)" = 0 ] && USER_ARG=(-u nobody)
memcached "${USER_ARG[@]}" -l 127.0.0.1 -p "$MC_PORT" -U 0 -m 256 & PIDS+=($!)
sleep 0.3
CLASSES=$("$PY" "$HERE/load.py" fill "$MC_PORT" 30)

start=$(date +%s%N)
java -Xmx32m -jar "$JAR" --memcached.address=127.0.0.1:"$MC_PORT" --web.listen-address=127.0.0.1:"$OURS_PORT" \
    --log.level=warn & OURS=$!; PIDS+=($OURS)
OURS_START=$("$PY" "$HERE/load.py" wait "$OURS_PORT" "$start")
start=$(date +%s%N)
"$PY" "$HERE/baseline_exporter.py" 127.0.0.1 "$MC_PORT" "$BASE_PORT" & BASE=$!; PIDS+=($BASE)
BASE_START=$("$PY" "$HERE/load.py" wait "$BASE_PORT" "$start")

read -r B50 B99 BRATE BFAM BSAMP < <("$PY" "$HERE/load.py" bench "$BASE_PORT" "$WARMUP" "$SCRAPES")
read -r O50 O99 ORATE OFAM OSAMP < <("$PY" "$HERE/load.py" bench "$OURS_PORT" "$WARMUP" "$SCRAPES")
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
ORSS=$(rss "$OURS"); BRSS=$(rss "$BASE")

echo "memcached: $CLASSES active slab classes; $SCRAPES scrapes per exporter after $WARMUP warm-up, sequential, new connection each"
printf '| %-34s | %9s | %9s | %9s | %8s | %7s | %7s | %8s |\n' exporter "p50 ms" "p99 ms" scrapes/s families samples "RSS MB" "start s"
printf '|%s|\n' "------------------------------------|-----------|-----------|-----------|----------|---------|---------|---------"
printf '| %-34s | %9s | %9s | %9s | %8s | %7s | %7s | %8s |\n' "cache-exporter (java -Xmx32m)" "$O50" "$O99" "$ORATE" "$OFAM" "$OSAMP" "$ORSS" "$OURS_START"
printf '| %-34s | %9s | %9s | %9s | %8s | %7s | %7s | %8s |\n' "seed-style baseline (python3)" "$B50" "$B99" "$BRATE" "$BFAM" "$BSAMP" "$BRSS" "$BASE_START"
"$PY" -c "print('p50 ratio ours/baseline: %.2f' % ($O50/$B50))"
