#!/usr/bin/env bash
# Exporter scrape latency, CPU and memory, side by side in one run: cache-exporter vs the seed-style Python baseline
# (prometheus_client custom collector + raw `stats` socket), both scraping one memcached with 20+ active slab
# classes on loopback. Bounded: WARMUP + SCRAPES sequential scrapes per exporter and way, then SCRAPES more for the
# CPU, then everything is stopped.
# Usage: cache-exporter/bench/scrape-bench.sh [SCRAPES] (build first: ./mvnw -B -o -pl cache-exporter package;
# JAR=... benchmarks another build, COMPARE_JAR=... adds a second jar's rows to the same run, named COMPARE_NAME)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
JAR="${JAR:-$HERE/../target/cache-exporter.jar}"
SCRAPES="${1:-2000}"
WARMUP=200
PY=/usr/bin/python3                          # Debian's python3, with python3-prometheus-client
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -o -pl cache-exporter package" >&2; exit 1; }
# The recommended flags: docs/exporter.md's one jvm-flags block (what the Dockerfile copies).
RECOMMENDED=$(awk '/<!-- jvm-flags:begin/ {on=1; next} on && /^```$/ {if (fenced) exit; fenced=1; next} fenced {print}' \
    "$HERE/../../docs/exporter.md" | xargs)
[ -n "$RECOMMENDED" ] || { echo "no jvm-flags block in docs/exporter.md" >&2; exit 1; }
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MC_PORT=$(free_port)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
USER_ARG=(); [ "$(id -u)" = 0 ] && USER_ARG=(-u nobody)
memcached "${USER_ARG[@]}" -l 127.0.0.1 -p "$MC_PORT" -U 0 -m 256 & PIDS+=($!)
sleep 0.3
CLASSES=$("$PY" "$HERE/load.py" fill "$MC_PORT" 30)

# Every exporter runs at once, started one after another (start-up is timed alone), then all are scraped in
# turn, round-robin (load.py interleaved): on a machine shared with other work, load falls on every row alike.
JVM_CONFIGS=("$RECOMMENDED")
for flags in "-Xmx32m" "-Xmx32m -XX:+UseSerialGC"; do
    [ "$flags" = "$RECOMMENDED" ] || JVM_CONFIGS+=("$flags")
done
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
steal() { awk '/^cpu / {t=0; for (i=2; i<=NF; i++) t+=$i; print $9, t}' /proc/stat; }
row() { printf '| %-78s | %9s | %7s | %7s | %9s | %7s | %7s | %8s | %7s | %6s | %7s |\n' "$@"; }
NAMES=(); PORTS=(); EPIDS=(); STARTS=()
launch() { # name, then the command
    local name=$1 port start pid; shift
    port=$(free_port); start=$(date +%s%N)
    "$@" "$port" & pid=$!; PIDS+=($pid)
    STARTS+=("$("$PY" "$HERE/load.py" wait "$port" "$start")")
    NAMES+=("$name"); PORTS+=("$port"); EPIDS+=("$pid")
}
java_exporter() { # jar, flags, port
    # shellcheck disable=SC2086
    exec java $2 -jar "$1" --memcached.address=127.0.0.1:"$MC_PORT" --web.listen-address=127.0.0.1:"$3" --log.level=warn
}
baseline() { exec "$PY" "$HERE/baseline_exporter.py" 127.0.0.1 "$MC_PORT" "$1"; }
for flags in "${JVM_CONFIGS[@]}"; do
    launch "cache-exporter (java $flags)" java_exporter "$JAR" "$flags"
    if [ -n "${COMPARE_JAR:-}" ]; then
        launch "${COMPARE_NAME:-compared jar} (java $flags)" java_exporter "$COMPARE_JAR" "$flags"
    fi
done
launch "seed-style baseline (python3)" baseline

read -r STEAL0 TOTAL0 <<< "$(steal)"
mapfile -t RESULTS < <("$PY" "$HERE/load.py" interleaved "$WARMUP" "$SCRAPES" "$(IFS=,; echo "${PORTS[*]}")" \
    "$(IFS=,; echo "${EPIDS[*]}")")
read -r STEAL1 TOTAL1 <<< "$(steal)"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) vCPU, load $(cut -d' ' -f1-3 /proc/loadavg), host steal" \
    "$("$PY" -c "print('%.1f' % (100.0 * ($STEAL1 - $STEAL0) / max(1, $TOTAL1 - $TOTAL0)))") % of CPU time over the run" \
    "(/proc/stat). memcached: $CLASSES active slab classes; $SCRAPES scrapes per exporter and client after $WARMUP" \
    "warm-up, round-robin over the exporters, sequential; then $SCRAPES Prometheus-style scrapes each for the CPU" \
    "(/proc/<pid>/stat). As Prometheus: Prometheus 2.42's headers (OpenMetrics first, gzip) on a connection kept" \
    "while the server keeps it. Plain: GET with no headers, a new connection each."
row exporter "as Prom p50 ms" "p99 ms" "sent KB" "plain p50 ms" "p99 ms" "CPU ms" families samples "RSS MB" "start s"
printf '|%s|\n' "--------------------------------------------------------------------------------|----------:|--------:|--------:|----------:|--------:|--------:|---------:|--------:|-------:|--------:"
last=$((${#NAMES[@]} - 1))
for i in "${!NAMES[@]}"; do
    read -r p50 p99 _ lp50 lp99 _ sent fam samp cpu <<< "${RESULTS[$i]}"
    row "${NAMES[$i]}" "$lp50" "$lp99" "$("$PY" -c "print('%.1f' % ($sent / 1024))")" "$p50" "$p99" "$cpu" \
        "$fam" "$samp" "$(rss "${EPIDS[$i]}")" "${STARTS[$i]}"
done
read -r O50 _ _ OL50 _ _ _ _ _ OCPU <<< "${RESULTS[0]}"; read -r B50 _ _ BL50 _ <<< "${RESULTS[$last]}"
"$PY" -c "print('p50 ratio ours (java $RECOMMENDED) / baseline: as Prometheus scrapes %.2f, plain %.2f' % ($OL50/$BL50, $O50/$B50))"
if [ -n "${COMPARE_JAR:-}" ]; then
    read -r C50 _ _ CL50 _ _ _ _ _ CCPU <<< "${RESULTS[1]}"
    "$PY" -c "print('ours / ${COMPARE_NAME:-compared jar}, same flags: p50 as Prometheus scrapes %.2f, plain %.2f, CPU per scrape %.2f, RSS %.2f' % ($OL50/$CL50, $O50/$C50, $OCPU/$CCPU, $(rss "${EPIDS[0]}")/$(rss "${EPIDS[1]}")))"
fi
