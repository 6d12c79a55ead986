#!/usr/bin/env bash
# The tiered cache's hot paths, two builds side by side: L1 hit, L2 hit (latency with one thread, throughput with
# eight) and the stampede of cold keys, each run of BEFORE followed by the same run of AFTER, ROUNDS times, with the
# host's steal and the load average per run. Starts its own memcached on 127.0.0.1:$PORT and stops it at the end.
#
#   ./mvnw -Pjmh -pl cache-core package -DskipTests && cp cache-core/target/benchmarks.jar /tmp/after.jar
#   (the same from an older commit into /tmp/before.jar)
#   cache-core/bench/compare-jmh.sh /tmp/before.jar /tmp/after.jar [out-dir]
#
# Writes <out-dir>/summary.txt (the lines docs/benchmarks.md quotes) and each run's JMH JSON and log.
set -euo pipefail

before=$(realpath "${1:?the benchmarks.jar of the baseline}")
after=$(realpath "${2:?the benchmarks.jar to compare}")
out=${3:-target/jmh-compare}
rounds=${ROUNDS:-2}
port=${PORT:-22122}
mkdir -p "$out"
cd "$out"
: > summary.txt

user=()
[[ $(id -u) == 0 ]] && user=(-u nobody) # memcached refuses to run as root
memcached "${user[@]}" -l 127.0.0.1 -p "$port" -U 0 -m 64 &
memcached_pid=$!
trap 'kill $memcached_pid 2>/dev/null || true' EXIT
sleep 1

# user+nice+system+idle+iowait+irq+softirq+steal and steal alone, from the first line of /proc/stat
cpu() { awk '/^cpu /{print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }

run() { # name jar args...
  local name=$1 jar=$2
  shift 2
  local s0 t0 s1 t1
  read -r s0 t0 < <(cpu)
  "$@" > "$name.log" 2>&1
  read -r s1 t1 < <(cpu)
  printf '%s: steal %s load %s %s\n' "$name" \
    "$(awk -v a="$s0" -v b="$s1" -v c="$t0" -v d="$t1" 'BEGIN{printf "%.1f%%", 100*(b-a)/(d-c)}')" \
    "$(cut -d' ' -f1 /proc/loadavg)" "$(date -u +%FT%TZ)" | tee -a summary.txt
  grep -E '^(Tiered|Benchmark)|rounds=' "$name.log" | tee -a summary.txt || true
}

for round in $(seq 1 "$rounds"); do
  for which in before after; do
    jar=$before
    [[ $which == after ]] && jar=$after
    run "l1-$which-$round" "$jar" java -jar "$jar" TieredL1HitBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s \
      -rf json -rff "l1-$which-$round.json"
    run "l2-sample-$which-$round" "$jar" java -jar "$jar" TieredL2HitBenchmark -p server="127.0.0.1:$port" \
      -bm sample -tu us -t 1 -f 1 -wi 3 -w 2s -i 5 -r 3s -rf json -rff "l2-sample-$which-$round.json"
    run "l2-thrpt-$which-$round" "$jar" java -jar "$jar" TieredL2HitBenchmark -p server="127.0.0.1:$port" \
      -bm thrpt -tu ms -t 8 -f 1 -wi 3 -w 2s -i 5 -r 3s -rf json -rff "l2-thrpt-$which-$round.json"
    run "stampede-$which-$round" "$jar" java -cp "$jar" io.glasscache.cache.bench.TieredStampede \
      "127.0.0.1:$port" 30
  done
done
echo "results in $(pwd)"
