#!/usr/bin/env bash
# GlassCache's stack without Docker: the topology of deploy/compose and deploy/k8s as plain processes on loopback.
#
#   deploy/local/stack.sh up       start what is not running yet (idempotent), wait until each answers, show status
#   deploy/local/stack.sh status   each process, its PID and state, and the URLs
#   deploy/local/stack.sh down     stop exactly what `up` started, by the PIDs it recorded
#   deploy/local/stack.sh config   write the configuration files into the run directory and print the settings
#
# Processes: memcached x3 (a Ketama ring under the demo), cache-exporter (one Prometheus target per node through
# /scrape?target=), inference-demo, Alertmanager, Prometheus (GlassCache's rules, alerts to that Alertmanager),
# Grafana when installed and GRAFANA_ADMIN_PASSWORD is set, and the load generator at a modest rate.
# Binaries from Debian's packages (memcached, prometheus, prometheus-alertmanager; grafana optional) and the
# project's jars (built with ./mvnw -q -DskipTests package when missing). Everything listens on 127.0.0.1 only.
#
# Environment (defaults in brackets):
#   GLASSCACHE_RUN_DIR [deploy/local/.run]  logs/, pids/, the rendered configuration and the servers' data
#   MEMCACHED_PORTS ["11211 11212 11213"]   one memcached per port: the ring, in this order
#   EXPORTER_PORT [9150]  DEMO_PORT [8080]  MANAGEMENT_PORT [8081]  PROMETHEUS_PORT [9090]
#   ALERTMANAGER_PORT [9093]  GRAFANA_PORT [3000]
#   LOADGEN_RATE [20]      requests/s of the load generator; 0: no load generator
#   MEMCACHED_MEMORY_MB [64]  START_TIMEOUT [180] seconds for the slowest process (the demo) to become ready
#   DEMO_ARGS [none]       more arguments for the demo, split on spaces, each --name=value, e.g.
#                          "--glasscache.failover.snapshot-interval=5s" (the fault suite, docs/reliability.md)
#   JAVA [java]  MEMCACHED_BIN [memcached]  PROMETHEUS_BIN [prometheus]
#   ALERTMANAGER_BIN [prometheus-alertmanager, else alertmanager]  GRAFANA_BIN [grafana, else grafana-server]
#   GRAFANA_HOME [/usr/share/grafana]  GRAFANA_ADMIN_PASSWORD (no default: without it Grafana is not started)
# See docs/deploy.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
run_dir="${GLASSCACHE_RUN_DIR:-$root/deploy/local/.run}"
read -r -a memcached_ports <<<"${MEMCACHED_PORTS:-11211 11212 11213}"
exporter_port="${EXPORTER_PORT:-9150}"
demo_port="${DEMO_PORT:-8080}"
management_port="${MANAGEMENT_PORT:-8081}"
prometheus_port="${PROMETHEUS_PORT:-9090}"
alertmanager_port="${ALERTMANAGER_PORT:-9093}"
grafana_port="${GRAFANA_PORT:-3000}"
loadgen_rate="${LOADGEN_RATE:-20}"
memcached_memory_mb="${MEMCACHED_MEMORY_MB:-64}"
start_timeout="${START_TIMEOUT:-180}"
read -r -a demo_args <<<"${DEMO_ARGS:-}"
java="${JAVA:-java}"
memcached_bin="${MEMCACHED_BIN:-memcached}"
prometheus_bin="${PROMETHEUS_BIN:-prometheus}"
alertmanager_bin="${ALERTMANAGER_BIN:-$(command -v prometheus-alertmanager || command -v alertmanager || echo prometheus-alertmanager)}"
grafana_bin="${GRAFANA_BIN:-$(command -v grafana || command -v grafana-server || true)}"
grafana_home="${GRAFANA_HOME:-/usr/share/grafana}"

exporter_jar="$root/cache-exporter/target/cache-exporter.jar"
demo_jar="$root/inference-demo/target/inference-demo.jar"

# JVM flags, as in the images (deploy/compose/Dockerfile.*, docs/demo.md, docs/exporter.md); JvmFlagsTest holds them
# to the documented ones.
demo_jvm=(-Xms512m -Xmx1g -XX:MaxGCPauseMillis=20 -XX:MaxTenuringThreshold=1)
exporter_jvm=(-Xmx32m -Xms8m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError)
loadgen_jvm=(-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)

host=127.0.0.1
readiness_path=/actuator/health/readiness
logs="$run_dir/logs"
pids="$run_dir/pids"

die() { echo "stack.sh: $*" >&2; exit 1; }

for port in "${memcached_ports[@]}" "$exporter_port" "$demo_port" "$management_port" "$prometheus_port" \
    "$alertmanager_port" "$grafana_port"; do
  if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then die "not a port: '$port'"; fi
done
((${#memcached_ports[@]} > 0)) || die "MEMCACHED_PORTS names no port"
[[ "$loadgen_rate" =~ ^[0-9]+$ ]] || die "LOADGEN_RATE must be a whole number of requests per second: '$loadgen_rate'"
demo_arg='^--[A-Za-z0-9][]A-Za-z0-9.[_*-]*=.*$' # a Spring property, e.g. --glasscache.caches.x.ttl=1m
for arg in "${demo_args[@]}"; do
  [[ "$arg" =~ $demo_arg ]] || die "DEMO_ARGS takes --name=value arguments only: '$arg'"
done

memcached_names=()
memcached_addresses=()
for i in "${!memcached_ports[@]}"; do
  memcached_names+=("memcached-$i")
  memcached_addresses+=("$host:${memcached_ports[$i]}")
done
ring="$(IFS=,; echo "${memcached_addresses[*]}")"

grafana_enabled() { [[ -n "$grafana_bin" && -n "${GRAFANA_ADMIN_PASSWORD:-}" ]]; }
loadgen_enabled() { ((loadgen_rate > 0)); }

# Start order; `down` goes the other way.
services() {
  printf '%s\n' "${memcached_names[@]}" cache-exporter inference-demo alertmanager prometheus
  if grafana_enabled; then echo grafana; fi
  if loadgen_enabled; then echo loadgen; fi
}

# --- configuration ----------------------------------------------------------------------------------------------

render_config() {
  mkdir -p "$run_dir" "$logs" "$pids"
  local targets
  targets="$(printf "'%s', " "${memcached_addresses[@]}")"
  cat >"$run_dir/prometheus.yml" <<YAML
# Rendered by deploy/local/stack.sh: the jobs, paths and labels of deploy/prometheus/prometheus.yml (compose), on
# loopback ports.
global:
  scrape_interval: 5s
  evaluation_interval: 5s

rule_files:
  - '$root/deploy/prometheus/rules/*.yml'

alerting:
  alertmanagers:
    - static_configs:
        - targets: ['$host:$alertmanager_port']

scrape_configs:
  - job_name: inference-demo
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ['$host:$management_port']

  - job_name: memcached
    metrics_path: /scrape
    static_configs:
      - targets: [${targets%, }]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: $host:$exporter_port
YAML
  # Grafana's provisioning: deploy/grafana/provisioning with this stack's Prometheus and dashboards directory.
  mkdir -p "$run_dir/grafana/provisioning/datasources" "$run_dir/grafana/provisioning/dashboards"
  sed "s#http://prometheus:9090#http://$host:$prometheus_port#" \
    "$root/deploy/grafana/provisioning/datasources/prometheus.yml" \
    >"$run_dir/grafana/provisioning/datasources/prometheus.yml"
  sed "s#path: /etc/grafana/dashboards#path: $root/deploy/grafana/dashboards#" \
    "$root/deploy/grafana/provisioning/dashboards/glasscache.yml" \
    >"$run_dir/grafana/provisioning/dashboards/glasscache.yml"
}

print_settings() {
  cat <<SETTINGS
RUN_DIR=$run_dir
MEMCACHED=$ring
EXPORTER=http://$host:$exporter_port
DEMO=http://$host:$demo_port
MANAGEMENT=http://$host:$management_port
DEMO_READINESS=http://$host:$management_port$readiness_path
PROMETHEUS=http://$host:$prometheus_port
ALERTMANAGER=http://$host:$alertmanager_port
GRAFANA=http://$host:$grafana_port
PROMETHEUS_CONFIG=$run_dir/prometheus.yml
ALERTMANAGER_CONFIG=$root/deploy/alertmanager/alertmanager.yml
LOADGEN_RATE=$loadgen_rate
DEMO_ARGS=${demo_args[*]}
SETTINGS
}

# --- processes ----------------------------------------------------------------------------------------------------

# A PID file holds the PID and the process's start time: a PID the kernel has since given to another process is
# never taken for ours.
start_time() { ps -o lstart= -p "$1" 2>/dev/null | sed 's/^ *//'; }

# The recorded PID of a service if that very process still runs, else nothing. An exited process that its new
# parent (init, once `up` has returned) has not reaped yet is a zombie: not running.
running_pid() {
  local file="$pids/$1.pid" pid started
  [[ -f "$file" ]] || return 0
  IFS=$'\t' read -r pid started <"$file" || return 0
  [[ -n "$pid" && "$(start_time "$pid")" == "$started" ]] || return 0
  [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" == Z* ]] || echo "$pid"
}

# Something accepts connections on 127.0.0.1:port.
listening() { (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null; }

# Starts "$@" in its own process group (job control), with no terminal, its output in logs/<name>.log, and records
# its PID. Children get only the environment given here.
launch() {
  local name="$1"
  shift
  set -m
  (cd "$run_dir" && exec env -i PATH="$PATH" HOME="${HOME:-/tmp}" LANG=C.UTF-8 "$@") \
    </dev/null >>"$logs/$name.log" 2>&1 &
  local pid=$!
  set +m
  printf '%s\t%s\n' "$pid" "$(start_time "$pid")" >"$pids/$name.pid"
}

port_of() {
  case "$1" in
    memcached-*) echo "${memcached_ports[${1#memcached-}]}" ;;
    cache-exporter) echo "$exporter_port" ;;
    inference-demo) echo "$demo_port $management_port" ;;
    prometheus) echo "$prometheus_port" ;;
    alertmanager) echo "$alertmanager_port" ;;
    grafana) echo "$grafana_port" ;;
    loadgen) echo "" ;;
  esac
}

start() {
  local name="$1" port
  case "$name" in
    memcached-*)
      port="$(port_of "$name")"
      local user=()
      [[ "$(id -u)" == 0 ]] && user=(-u nobody) # memcached refuses to run as root
      launch "$name" "$memcached_bin" -l "$host" -p "$port" -U 0 -m "$memcached_memory_mb" -c 1024 "${user[@]}"
      ;;
    cache-exporter)
      local allowed
      allowed="$(IFS=,; echo "${memcached_addresses[*]}")"
      launch "$name" "$java" "${exporter_jvm[@]}" -jar "$exporter_jar" \
        --memcached.address="${memcached_addresses[0]}" --scrape.allowed-targets="$allowed" \
        --web.listen-address="$host:$exporter_port"
      ;;
    inference-demo)
      mkdir -p "$run_dir/failover"
      launch "$name" GLASSCACHE_MEMCACHED_SERVERS="$ring" GLASSCACHE_FAILOVER_SNAPSHOT_DIR="$run_dir/failover" \
        "$java" "${demo_jvm[@]}" -jar "$demo_jar" \
        --server.address="$host" --server.port="$demo_port" \
        --management.server.address="$host" --management.server.port="$management_port" "${demo_args[@]}"
      ;;
    alertmanager)
      launch "$name" "$alertmanager_bin" --config.file="$root/deploy/alertmanager/alertmanager.yml" \
        --storage.path="$run_dir/alertmanager" --web.listen-address="$host:$alertmanager_port" \
        --cluster.listen-address=
      ;;
    prometheus)
      launch "$name" "$prometheus_bin" --config.file="$run_dir/prometheus.yml" \
        --storage.tsdb.path="$run_dir/prometheus" --storage.tsdb.retention.time=2d \
        --web.listen-address="$host:$prometheus_port"
      ;;
    grafana)
      local subcommand=()
      [[ "$(basename "$grafana_bin")" == grafana ]] && subcommand=(server)
      launch "$name" GF_SECURITY_ADMIN_PASSWORD="$GRAFANA_ADMIN_PASSWORD" \
        GF_PATHS_DATA="$run_dir/grafana/data" GF_PATHS_LOGS="$run_dir/grafana/logs" \
        GF_PATHS_PLUGINS="$run_dir/grafana/plugins" GF_PATHS_PROVISIONING="$run_dir/grafana/provisioning" \
        GF_SERVER_HTTP_ADDR="$host" GF_SERVER_HTTP_PORT="$grafana_port" \
        GF_AUTH_ANONYMOUS_ENABLED=true GF_AUTH_ANONYMOUS_ORG_ROLE=Viewer GF_USERS_ALLOW_SIGN_UP=false \
        GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH="$root/deploy/grafana/dashboards/feature-cache.json" \
        GF_LOG_MODE=console GF_ANALYTICS_REPORTING_ENABLED=false GF_ANALYTICS_CHECK_FOR_UPDATES=false \
        "$grafana_bin" "${subcommand[@]}" --homepath "$grafana_home"
      ;;
    loadgen)
      # A run lasts an hour at most: start the next one when it ends, as compose and kind restart theirs.
      launch "$name" bash -c 'while :; do "$@" || sleep 5; done' loadgen \
        "$java" "${loadgen_jvm[@]}" -cp "$demo_jar" -Dloader.main=io.glasscache.demo.loadgen.LoadGenerator \
        org.springframework.boot.loader.launch.PropertiesLauncher \
        --target "http://$host:$demo_port" --rate "$loadgen_rate" --duration 1h --label local \
        --out "$run_dir/loadgen"
      ;;
  esac
}

ready() {
  local name="$1"
  case "$name" in
    memcached-*)
      local reply
      reply="$( (exec 3<>"/dev/tcp/$host/$(port_of "$name")" && printf 'version\r\nquit\r\n' >&3 &&
        IFS= read -r -t 2 line <&3 && echo "$line") 2>/dev/null || true)"
      [[ "$reply" == VERSION* ]]
      ;;
    cache-exporter) curl -fsS -o /dev/null "http://$host:$exporter_port/" 2>/dev/null ;;
    inference-demo) curl -fsS -o /dev/null "http://$host:$management_port$readiness_path" 2>/dev/null ;;
    prometheus) curl -fsS -o /dev/null "http://$host:$prometheus_port/-/ready" 2>/dev/null ;;
    alertmanager) curl -fsS -o /dev/null "http://$host:$alertmanager_port/-/ready" 2>/dev/null ;;
    grafana) curl -fsS -o /dev/null "http://$host:$grafana_port/api/health" 2>/dev/null ;;
    loadgen) true ;;
  esac
}

await_ready() {
  local name="$1" pid="$2" limit=60
  [[ "$name" == inference-demo ]] && limit="$start_timeout"
  local deadline=$((SECONDS + limit))
  until ready "$name"; do
    if [[ -z "$(running_pid "$name")" ]]; then
      echo "stack.sh: $name (PID $pid) exited; the end of $logs/$name.log:" >&2
      tail -n 20 "$logs/$name.log" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "stack.sh: $name (PID $pid) not ready after ${limit}s; the end of $logs/$name.log:" >&2
      tail -n 20 "$logs/$name.log" >&2 || true
      return 1
    fi
    sleep 0.5
  done
}

url_of() {
  case "$1" in
    memcached-*) echo "$host:$(port_of "$1")" ;;
    cache-exporter) echo "http://$host:$exporter_port/scrape?target=${memcached_addresses[0]}" ;;
    inference-demo) echo "http://$host:$demo_port/api/v1/recommendations?userId=u1&scene=home  http://$host:$management_port/actuator/health" ;;
    prometheus) echo "http://$host:$prometheus_port/targets  http://$host:$prometheus_port/alerts" ;;
    alertmanager) echo "http://$host:$alertmanager_port" ;;
    grafana) echo "http://$host:$grafana_port" ;;
    loadgen) echo "$loadgen_rate requests/s, reports in $run_dir/loadgen" ;;
  esac
}

require() { command -v "$1" >/dev/null || die "$1 is not installed ($2)"; }

up() {
  require "$memcached_bin" "apt-get install memcached"
  require "$prometheus_bin" "apt-get install prometheus"
  require "$alertmanager_bin" "apt-get install prometheus-alertmanager"
  require "$java" "a JDK 17 or newer"
  require curl "apt-get install curl"
  if [[ ! -f "$exporter_jar" || ! -f "$demo_jar" ]]; then
    echo "== building the jars (./mvnw -q -DskipTests package)"
    (cd "$root" && ./mvnw -q -DskipTests package)
  fi
  render_config
  local name pid port
  while read -r name; do
    pid="$(running_pid "$name")"
    if [[ -n "$pid" ]]; then
      echo "== $name already running (PID $pid)"
    else
      for port in $(port_of "$name"); do
        listening "$port" && die "port $port ($name) is taken by a process this stack did not start"
      done
      start "$name"
      pid="$(running_pid "$name")"
      echo "== $name started (PID ${pid:-?})"
    fi
    await_ready "$name" "$pid" || exit 1
  done < <(services)
  if [[ -z "$grafana_bin" ]]; then
    echo "== grafana not installed: skipped"
  elif [[ -z "${GRAFANA_ADMIN_PASSWORD:-}" ]]; then
    echo "== grafana skipped: set GRAFANA_ADMIN_PASSWORD (there is no default)"
  fi
  status
}

status() {
  local name pid all=0
  printf '%-16s %-8s %-8s %s\n' SERVICE PID STATE URL
  while read -r name; do
    pid="$(running_pid "$name")"
    if [[ -n "$pid" ]]; then
      printf '%-16s %-8s %-8s %s\n' "$name" "$pid" running "$(url_of "$name")"
    else
      printf '%-16s %-8s %-8s %s\n' "$name" - stopped "$(url_of "$name")"
      all=1
    fi
  done < <(services)
  echo "logs: $logs"
  return "$all"
}

stop() {
  local name="$1" pid grace=15
  pid="$(running_pid "$name")"
  if [[ -z "$pid" ]]; then
    [[ -f "$pids/$name.pid" ]] && echo "== $name was not running"
    rm -f "$pids/$name.pid"
    return 0
  fi
  # The demo shuts down gracefully (10 s) and then writes its last failover snapshot.
  [[ "$name" == inference-demo ]] && grace=30
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while [[ -n "$(running_pid "$name")" ]] && ((SECONDS < deadline)); do sleep 0.2; done
  if [[ -n "$(running_pid "$name")" ]]; then
    echo "== $name (PID $pid) ignored SIGTERM for ${grace}s: SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  # Whatever else ran in its process group (the load generator's JVM under its restart loop) goes with it.
  if kill -0 -- "-$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
  rm -f "$pids/$name.pid"
  echo "== $name stopped (PID $pid)"
}

down() {
  [[ -d "$pids" ]] || { echo "== nothing recorded in $pids"; return 0; }
  # Every PID file, not only today's services(): a service whose knob changed since `up` is still stopped.
  local name known=() file i
  while read -r name; do known+=("$name"); done < <(services)
  for ((i = ${#known[@]} - 1; i >= 0; i--)); do stop "${known[$i]}"; done
  for file in "$pids"/*.pid; do
    [[ -e "$file" ]] || continue
    name="$(basename "$file" .pid)"
    stop "$name"
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  config) render_config && print_settings ;;
  *)
    echo "usage: $0 up|down|status|config   (see the top of this file)" >&2
    exit 2
    ;;
esac
