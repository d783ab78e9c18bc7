#!/usr/bin/env bash
# The local memattr stack, on loopback only: Debian's Prometheus (with dashboards/prometheus/
# prometheus.yml, its recording and alerting rules) and Pushgateway, left running in the
# background with pid files; results directories are pushed with `memattr-host push`.
#
#   dashboards/tools/local_stack.sh start [RESULTS_DIR...]   start (or reuse) the stack, push runs
#   dashboards/tools/local_stack.sh push RESULTS_DIR...      push more runs to the running stack
#   dashboards/tools/local_stack.sh status | stop
#
# Environment: MEMATTR_STACK_DIR (state: pid files, logs, TSDB; default /tmp/memattr-stack),
# PROMETHEUS_PORT (9090), PUSHGATEWAY_PORT (9091), MEMATTR_HOST_PORT (9464: `memattr-host serve`
# target), MEMATTR_HOST (memattr-host binary; default build/native/host-runner/memattr-host).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
state=${MEMATTR_STACK_DIR:-/tmp/memattr-stack}
prom_port=${PROMETHEUS_PORT:-9090}
push_port=${PUSHGATEWAY_PORT:-9091}
host_port=${MEMATTR_HOST_PORT:-9464}
memattr_host=${MEMATTR_HOST:-$repo/build/native/host-runner/memattr-host}
prom_url=http://127.0.0.1:$prom_port
push_url=http://127.0.0.1:$push_port

say() { printf 'memattr stack: %s\n' "$*"; }
die() { printf 'memattr stack: %s\n' "$*" >&2; exit 1; }
alive() { [[ -f $state/$1.pid ]] && kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

ready() {  # ready PORT: GET /-/ready answers 200 (bash /dev/tcp: no curl needed)
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /-/ready HTTP/1.0\r\n\r\n' >&3 &&
    head -n1 <&3 | grep -q ' 200') 2>/dev/null
}

wait_ready() {  # wait_ready NAME PORT: polls /-/ready for up to 60 s
  local i
  for ((i = 0; i < 300; i++)); do
    ready "$2" && return 0
    alive "$1" || die "$1 exited; see $state/$1.log"
    sleep 0.2
  done
  die "$1 not ready on 127.0.0.1:$2 after 60 s; see $state/$1.log"
}

write_config() {
  sed -e "s|\"127.0.0.1:9091\"|\"127.0.0.1:$push_port\"|" \
      -e "s|\"127.0.0.1:9464\"|\"127.0.0.1:$host_port\"|" \
      -e "s|- recording_rules.yml|- $repo/dashboards/prometheus/recording_rules.yml|" \
      -e "s|- alerting_rules.yml|- $repo/dashboards/prometheus/alerting_rules.yml|" \
      "$repo/dashboards/prometheus/prometheus.yml" > "$state/prometheus.yml"
}

spawn() {  # spawn NAME ARGV...: background, own session, pid file
  local name=$1; shift
  setsid "$@" > "$state/$name.log" 2>&1 < /dev/null &
  echo $! > "$state/$name.pid"
}

start() {
  mkdir -p "$state"
  if ! alive pushgateway; then
    spawn pushgateway /usr/bin/prometheus-pushgateway --web.listen-address=127.0.0.1:$push_port \
      --persistence.file="$state/pushgateway.db"
  fi
  wait_ready pushgateway "$push_port"
  if ! alive prometheus; then
    write_config
    spawn prometheus /usr/bin/prometheus --config.file="$state/prometheus.yml" \
      --storage.tsdb.path="$state/tsdb" --web.listen-address=127.0.0.1:$prom_port
  fi
  wait_ready prometheus "$prom_port"
  say "Prometheus $prom_url (pid $(cat "$state/prometheus.pid")), Pushgateway $push_url (pid $(cat "$state/pushgateway.pid"))"
}

push() {
  local dir
  [[ -x $memattr_host ]] || die "memattr-host not found at $memattr_host (build it, or set MEMATTR_HOST)"
  for dir in "$@"; do "$memattr_host" push "$dir" --pushgateway "$push_url"; done
}

stop() {
  local name pid i
  for name in prometheus pushgateway; do
    alive "$name" || { rm -f "$state/$name.pid"; continue; }
    pid=$(cat "$state/$name.pid")
    kill -TERM "$pid"
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    rm -f "$state/$name.pid"
    say "stopped $name (pid $pid)"
  done
}

case ${1:-start} in
  start)
    shift || true
    start
    push "$@"
    say "open $prom_url (try: memattr_region_effective_type_info); Grafana: see dashboards/README.md"
    say "stop it with: $0 stop"
    ;;
  push) shift; alive pushgateway || die "not running; start it with: $0 start"; push "$@" ;;
  status)
    for name in prometheus pushgateway; do
      if alive "$name"; then say "$name running (pid $(cat "$state/$name.pid"))"; else say "$name stopped"; fi
    done
    ;;
  stop) stop ;;
  *) die "usage: $0 start [RESULTS_DIR...] | push RESULTS_DIR... | status | stop" ;;
esac
