#!/usr/bin/env bash
# Exporter scrape latency, side by side in one run: cache-exporter vs the seed-style Python baseline
# (prometheus_client custom collector + raw `stats` socket), both scraping one memcached with 20+ active slab
# classes on loopback. Bounded: WARMUP + SCRAPES sequential scrapes per exporter, then everything is stopped.
# Usage: cache-exporter/bench/scrape-bench.sh [SCRAPES] (build first: ./mvnw -B -o -pl cache-exporter package)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
JAR="${JAR:-$HERE/../target/cache-exporter.jar}"
SCRAPES="${1:-2000}"
WARMUP=200
PY=/usr/bin/python3                          # Debian's python3, with python3-prometheus-client
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -o -pl cache-exporter package" >&2; exit 1; }
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MC_PORT=$(free_port); BASE_PORT=$(free_port)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
USER_ARG=(); [ "$(id -u)" = 0 ] && USER_ARG=(-u nobody)
memcached "${USER_ARG[@]}" -l 127.0.0.1 -p "$MC_PORT" -U 0 -m 256 & PIDS+=($!)
sleep 0.3
CLASSES=$("$PY" "$HERE/load.py" fill "$MC_PORT" 30)

# cache-exporter under each JVM flag set, one process at a time, then the baseline
JVM_CONFIGS=("-Xmx32m" "-Xmx32m -XX:+UseSerialGC" "-Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
row() { printf '| %-72s | %9s | %9s | %9s | %8s | %7s | %7s | %8s |\n' "$@"; }
ROWS=()
for flags in "${JVM_CONFIGS[@]}"; do
    port=$(free_port)
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    java $flags -jar "$JAR" --memcached.address=127.0.0.1:"$MC_PORT" --web.listen-address=127.0.0.1:"$port" \
        --log.level=warn & pid=$!; PIDS+=($pid)
    started=$("$PY" "$HERE/load.py" wait "$port" "$start")
    read -r p50 p99 rate fam samp < <("$PY" "$HERE/load.py" bench "$port" "$WARMUP" "$SCRAPES")
    ROWS+=("cache-exporter (java $flags)|$p50|$p99|$rate|$fam|$samp|$(rss "$pid")|$started")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    [ -z "${O50:-}" ] && O50=$p50
done

start=$(date +%s%N)
"$PY" "$HERE/baseline_exporter.py" 127.0.0.1 "$MC_PORT" "$BASE_PORT" & BASE=$!; PIDS+=($BASE)
BASE_START=$("$PY" "$HERE/load.py" wait "$BASE_PORT" "$start")
read -r B50 B99 BRATE BFAM BSAMP < <("$PY" "$HERE/load.py" bench "$BASE_PORT" "$WARMUP" "$SCRAPES")
BRSS=$(rss "$BASE")

echo "memcached: $CLASSES active slab classes; $SCRAPES scrapes per exporter after $WARMUP warm-up, sequential, new connection each"
row exporter "p50 ms" "p99 ms" scrapes/s families samples "RSS MB" "start s"
printf '|%s|\n' "--------------------------------------------------------------------------|-----------|-----------|-----------|----------|---------|---------|----------"
for r in "${ROWS[@]}"; do IFS='|' read -r -a c <<< "$r"; row "${c[@]}"; done
row "seed-style baseline (python3)" "$B50" "$B99" "$BRATE" "$BFAM" "$BSAMP" "$BRSS" "$BASE_START"
"$PY" -c "print('p50 ratio ours (-Xmx32m) / baseline: %.2f' % ($O50/$B50))"
