#!/usr/bin/env bash
# End-to-end benchmark of the inference demo (see docs/benchmarks.md, "End to end").
#
#   ./mvnw -q -DskipTests package            # builds inference-demo/target/inference-demo.jar
#   inference-demo/bench/run-bench.sh        # ~22 minutes; writes inference-demo/target/bench/
#
# Side by side in one run, open loop, fixed rates of DURATION each: the demo with tiered caches (L1 + memcached
# L2), with L2 only (the seed's "Scheme A"), and with no cache. Then three fault runs on the tiered demo at
# FAULT_RATE: memcached frozen (SIGSTOP) for 20 s, memcached killed for 20 s (then restarted on its port), and the
# feature store failing 100% for 20 s. Everything it starts (memcached, the app) is stopped on exit.
#
# Then the degradation ladder, for this build and, with COMPARE_JAR, the build before it, one after the other in
# the same run: the default workload at LADDER_RATE, cold users (--cold-users: every request a new user, scenes
# uniform) at each of COLD_RATES, and the default workload at SLOW_RATE with the store healthy and then each of
# SLOW_MS slower (each run with its own seed, so that its tail users are new to the caches), counting store calls
# and the store breaker's refusals per second: one call per key whatever the readers' 45 ms budget, and calls
# past the breaker's slow-call threshold (100 ms) open it, after which it refuses most of them.
#
# Environment knobs (defaults in brackets):
#   RATES ["250 500 1000 1500 2000 2500 3000"]  DURATION [30s]  WARMUP [60s]  WARMUP_RATE [600]  FAULT_RATE [1000]
#   MODES ["tiered l2-only none"]  OUT [inference-demo/target/bench]  JAR [inference-demo/target/inference-demo.jar]
#   SKIP_FAULTS [0]  LADDER [1]  COMPARE_JAR []  LADDER_RATE [2000]  COLD_RATES ["250 500 1000"]  SLOW_RATE [500]
#   SLOW_MS ["80 200"]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAR="${JAR:-$ROOT/inference-demo/target/inference-demo.jar}"
OUT="${OUT:-$ROOT/inference-demo/target/bench}"
RATES="${RATES:-250 500 1000 1500 2000 2500 3000}"
MODES="${MODES:-tiered l2-only none}"
DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-60s}" # unmeasured load per app start, so that the JIT has settled before the first step
WARMUP_RATE="${WARMUP_RATE:-600}"
FAULT_RATE="${FAULT_RATE:-1000}"
SKIP_FAULTS="${SKIP_FAULTS:-0}"
LADDER="${LADDER:-1}"
COMPARE_JAR="${COMPARE_JAR:-}"
LADDER_RATE="${LADDER_RATE:-2000}"
COLD_RATES="${COLD_RATES:-250 500 1000}"
SLOW_RATE="${SLOW_RATE:-500}"
SLOW_MS="${SLOW_MS:-80 200}"
LOADGEN_JAR="$JAR" # the current load generator reads every build's answers

[[ -f "$JAR" ]] || { echo "no $JAR: run ./mvnw -q -DskipTests package first" >&2; exit 1; }
command -v memcached >/dev/null || { echo "memcached not found (apt-get install memcached)" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl not found" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
MC_PORT="$(free_port)"
APP_PORT="$(free_port)"
MGMT_PORT="$(free_port)"
MC_PID=""
APP_PID=""
LG_PID=""

cleanup() {
  set +e
  [[ -n "$LG_PID" ]] && kill "$LG_PID" 2>/dev/null
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID"; for _ in $(seq 1 50); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$APP_PID" 2>/dev/null
  fi
  if [[ -n "$MC_PID" ]] && kill -0 "$MC_PID" 2>/dev/null; then
    kill -CONT "$MC_PID"; kill -TERM "$MC_PID"; wait "$MC_PID" 2>/dev/null
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_memcached() {
  local user=()
  [[ "$(id -u)" == 0 ]] && user=(-u nobody)
  memcached -l 127.0.0.1 -p "$MC_PORT" -m 512 -c 4096 -U 0 "${user[@]}" >"$OUT/memcached.log" 2>&1 &
  MC_PID=$!
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$MC_PORT") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "memcached did not start" >&2; exit 1
}

memcached_cmd() { # one text-protocol command, e.g. flush_all
  exec 3<>"/dev/tcp/127.0.0.1/$MC_PORT"
  printf '%s\r\nquit\r\n' "$1" >&3
  timeout 5 cat <&3 >/dev/null || true
  exec 3>&-
}

start_app() { # mode [jar]
  local mode="$1" jar="${2:-$JAR}"
  rm -rf "$OUT/snapshots-$mode"
  # G1 as tuned for the demo (deploy/compose/Dockerfile.demo): L1 cache entries outlive several young collections,
  # and copying them between survivor spaces up to 15 times made 24-60 ms young pauses at 2000 rps; promoting them
  # after one and asking for 20 ms pauses gives 8-18 ms (docs/benchmarks-history.md).
  java -Xms512m -Xmx1g -XX:MaxGCPauseMillis=20 -XX:MaxTenuringThreshold=1 -jar "$jar" \
    --server.port="$APP_PORT" --management.server.port="$MGMT_PORT" \
    --demo.cache-mode="$mode" \
    --glasscache.memcached.servers="127.0.0.1:$MC_PORT" \
    --glasscache.failover.snapshot-dir="$OUT/snapshots-$mode" \
    --logging.level.root=WARN --logging.level.io.glasscache=WARN \
    >"$OUT/app-$mode.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 600); do
    if curl -fs "http://127.0.0.1:$MGMT_PORT/actuator/health/readiness" >/dev/null 2>&1; then return 0; fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "app ($mode) died; see $OUT/app-$mode.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "app ($mode) not ready after 120 s" >&2; exit 1
}

stop_app() {
  kill -TERM "$APP_PID"
  for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}

scrape() { curl -fs "http://127.0.0.1:$MGMT_PORT/actuator/prometheus"; }

# counters from the app: store calls, server-side request count and count within 50 ms, app CPU ticks
app_counters() {
  local text ticks
  text="$(scrape)"
  ticks="$(awk '{ print $14 + $15 }' "/proc/$APP_PID/stat")"
  awk -v ticks="$ticks" '
    /^demo_feature_store_calls_total\{/ { calls += $NF }
    /^resilience4j_circuitbreaker_not_permitted_calls_total\{.*name="featureStore"/ { refused += $NF }
    /^http_server_requests_seconds_count\{.*uri="\/api\/v1\/recommendations"/ { all += $NF }
    /^http_server_requests_seconds_bucket\{.*uri="\/api\/v1\/recommendations".*le="0.05"/ { fast += $NF }
    END { printf "%.0f %.0f %.0f %s %.0f\n", calls, all, fast, ticks, refused }' <<<"$text"
}

loadgen() { # label rate duration seed [extra flags...]
  # C1-only JIT and the serial GC: measured, the default JIT spent ~8 s of CPU compiling the load generator's
  # HTTP client in each 40 s run, on the same 2 vCPUs as the app; C1 cut its whole-life CPU by ~2.8x.
  local label="$1" rate="$2" duration="$3" seed="$4"
  shift 4
  java -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$LOADGEN_JAR" -Dloader.main=io.glasscache.demo.loadgen.LoadGenerator \
    org.springframework.boot.loader.launch.PropertiesLauncher \
    --target "http://127.0.0.1:$APP_PORT" --out "$OUT" --label "$label" --rate "$rate" --duration "$duration" \
    --seed "$seed" --warmup "${LOADGEN_WARMUP:-10s}" "$@" \
    | grep --line-buffered -E '^(loadgen|summary|latency|\[ *[0-9]+s\] )' \
    | { n=0; while IFS= read -r line; do # every 5th line; read is unbuffered (awk may block-buffer its input)
          n=$((n + 1)); if (( n % 5 == 1 )) || [[ $line == summary* || $line == latency* ]]; then echo "$line"; fi
        done; }
}

step() { # mode rate [label] [loadgen flags...]: one measured run (after its 10 s unmeasured warm-up) plus what
  # the app saw meanwhile
  local label="${3:-$1-$2}" rate="$2" before after secs hz
  shift 2; shift $(( $# > 0 ? 1 : 0 ))
  secs="$(( ${DURATION%s} + 10 ))" # the app-side counters also cover the load generator's warm-up
  hz="$(getconf CLK_TCK)"
  before="$(app_counters)"
  loadgen "$label" "$rate" "$DURATION" "${STEP_SEED:-$rate}" "$@" || echo "loadgen $label failed"
  after="$(app_counters)"
  read -r c0 a0 f0 t0 r0 <<<"$before"
  read -r c1 a1 f1 t1 r1 <<<"$after"
  {
    awk -v a="$c1" -v b="$c0" -v s="$secs" 'BEGIN { printf "storeCallsPerSecond=%.0f\n", (a - b) / s }'
    awk -v a="$r1" -v b="$r0" -v s="$secs" 'BEGIN { printf "storeCallsRefusedByBreakerPerSecond=%.0f\n", (a - b) / s }'
    awk -v a="$a1" -v b="$a0" -v fa="$f1" -v fb="$f0" \
      'BEGIN { n = a - b; printf "serverWithin50ms=%.1f%%\n", (n > 0 ? 100 * (fa - fb) / n : 0) }'
    awk -v a="$a1" -v b="$a0" -v ta="$t1" -v tb="$t0" -v hz="$hz" \
      'BEGIN { n = a - b; printf "appCpuMsPerRequest=%.2f\n", (n > 0 ? 1000 * (ta - tb) / hz / n : 0) }'
    echo "loadAverage=$(cut -d' ' -f1 /proc/loadavg)"
  } >"$OUT/$label.metrics"
  cat "$OUT/$label.metrics" | tr '\n' ' '; echo
}

saturated() { # label: p99 over 1 s or over 10% errors+empty means higher rates are pointless
  # top-level members come before the per-second timeline, whose entries repeat "errors" and "empty"
  awk -F'[:,]' '/"p99"/ && p == "" { p = $2 } /"completed"/ && c == "" { c = $2 }
    /"errors"/ && e == "" { e = $2 } /"empty"/ && m == "" { m = $2 }
    END { exit !(p + 0 > 1000 || (c + 0 > 0 && (e + m) / c > 0.10)) }' "$OUT/$1.json"
}

mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.png "$OUT"/*.metrics "$OUT"/*.log "$OUT"/summary.md
echo "bench: $(date -u +%FT%TZ) $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); memcached :$MC_PORT app :$APP_PORT mgmt :$MGMT_PORT; out $OUT"
start_memcached

for mode in $MODES; do
  memcached_cmd flush_all
  echo "== $mode"
  start_app "$mode"
  LOADGEN_WARMUP=15s loadgen "warmup-$mode" "$WARMUP_RATE" "$WARMUP" 1 >/dev/null || true # ramps up first
  for rate in $RATES; do
    step "$mode" "$rate"
    if saturated "$mode-$rate"; then echo "$mode saturated at $rate rps: stopping its ramp"; break; fi
  done
  stop_app
done

if [[ "$SKIP_FAULTS" != 1 ]]; then
  fault_run() { # label action-at-20s action-at-40s
    loadgen "$1" "$FAULT_RATE" 60s 7 >"$OUT/$1.log" &
    LG_PID=$!
    for _ in $(seq 1 300); do grep -q '^loadgen' "$OUT/$1.log" && break; sleep 0.1; done # sending has begun
    sleep 20; eval "$2"; echo "fault on: $2"
    sleep 20; eval "$3"; echo "fault off: $3"
    wait "$LG_PID" || echo "loadgen $1 failed"; LG_PID=""
    cat "$OUT/$1.log"
    echo "loadAverage=$(cut -d' ' -f1 /proc/loadavg)" >"$OUT/$1.metrics"
  }
  memcached_cmd flush_all
  echo "== faults (tiered, $FAULT_RATE rps, fault from s 21 to s 40)"
  start_app tiered
  # the same warm-up as the modes get: with 30 s, the first fault run (frozen) still paid for the JIT (one-second
  # P50s of 2-4 ms before the fault, 0.8-1.5 ms after it)
  LOADGEN_WARMUP=15s loadgen warmup-faults "$FAULT_RATE" "$WARMUP" 3 >/dev/null || true
  fault_run fault-memcached-frozen 'kill -STOP $MC_PID' 'kill -CONT $MC_PID'
  fault_run fault-memcached-killed 'kill -KILL $MC_PID; wait $MC_PID 2>/dev/null || true' 'start_memcached'
  fault_run fault-store-errors \
    "curl -fs -X PUT -H 'Content-Type: application/json' -d '{\"errorRate\":1.0}' http://127.0.0.1:$MGMT_PORT/admin/chaos/feature-store >/dev/null" \
    "curl -fs -X DELETE http://127.0.0.1:$MGMT_PORT/admin/chaos/feature-store >/dev/null"
  stop_app
fi

if [[ "$LADDER" == 1 ]]; then
  chaos() { # JSON body, or "" to reset; the chaos controls are on the app port (older builds) or the management one
    local port
    for port in "$MGMT_PORT" "$APP_PORT"; do
      if [[ -z "$1" ]]; then
        curl -fs -X DELETE "http://127.0.0.1:$port/admin/chaos/feature-store" >/dev/null && return 0
      else
        curl -fs -X PUT -H 'Content-Type: application/json' -d "$1" \
          "http://127.0.0.1:$port/admin/chaos/feature-store" >/dev/null && return 0
      fi
    done
    echo "chaos controls not found" >&2
  }
  builds=("current:$JAR")
  [[ -n "$COMPARE_JAR" ]] && builds+=("previous:$COMPARE_JAR")
  for entry in "${builds[@]}"; do
    build="${entry%%:*}"; jar="${entry#*:}"
    memcached_cmd flush_all
    echo "== ladder ($build: $jar)"
    start_app tiered "$jar"
    LOADGEN_WARMUP=15s loadgen "warmup-ladder-$build" "$WARMUP_RATE" "$WARMUP" 5 >/dev/null || true
    step tiered "$LADDER_RATE" "ladder-$build-default-$LADDER_RATE"
    for rate in $COLD_RATES; do
      step tiered "$rate" "ladder-$build-cold-$rate" --cold-users
    done
    step tiered "$SLOW_RATE" "ladder-$build-healthy-$SLOW_RATE"
    for ms in $SLOW_MS; do # each with its own seed: the healthy run's users are in the caches by now
      chaos "{\"latencyMs\":$ms}"
      STEP_SEED=$((SLOW_RATE + ms)) step tiered "$SLOW_RATE" "ladder-$build-store${ms}ms-$SLOW_RATE"
      chaos ""
    done
    stop_app
  done
fi

java -cp "$JAR" -Dloader.main=io.glasscache.demo.loadgen.BenchReport \
  org.springframework.boot.loader.launch.PropertiesLauncher "$OUT" 21:40
echo "bench: done $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg); results in $OUT (summary.md, *.json, *.png)"
