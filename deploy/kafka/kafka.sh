#!/usr/bin/env bash
# Local Apache Kafka (KRaft, one combined broker/controller on 127.0.0.1) without Docker.
#   kafka.sh up      resolve jars with Maven (once), format storage (once), start, wait until ready
#   kafka.sh down    stop the broker started here
#   kafka.sh status  exit 0 when the broker accepts connections
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HOME_DIR (.cache/kafka),
#              KAFKA_HEAP_OPTS (-Xmx512m).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
home=${KAFKA_HOME_DIR:-$root/.cache/kafka}
port=${KAFKA_PORT:-9092}
cport=${KAFKA_CONTROLLER_PORT:-9093}
data=$home/data-$port
lib=$home/lib
pidfile=$data/kafka.pid
logfile=$data/kafka.log

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# a cluster id that cannot start with '-' (the storage tool would read it as an option)
cluster_id() { python3 -c 'import base64,uuid
while (i := base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")).startswith("-"): pass
print(i)'; }

resolve() {
  if [ ! -f "$lib/.complete" ] || [ "$here/pom.xml" -nt "$lib/.complete" ]; then
    echo "kafka: resolving Apache Kafka with Maven into $lib" >&2
    rm -rf "$lib"; mkdir -p "$lib"
    mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$lib" -DincludeScope=runtime >&2
    touch "$lib/.complete"
  fi
}

running_pid() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && cat "$pidfile"
}

up() {
  if port_open "$port"; then
    echo "kafka: already running at 127.0.0.1:$port" >&2
    echo "127.0.0.1:$port"; return 0
  fi
  resolve
  mkdir -p "$data"
  sed -e "s#\${KAFKA_PORT}#$port#g" -e "s#\${CONTROLLER_PORT}#$cport#g" -e "s#\${KAFKA_DATA}#$data#g" \
    "$here/server.properties" > "$data/server.properties"
  local cp="$lib/*"
  local jvm=(java -cp "$cp" -Dlog4j2.configurationFile="$here/log4j2.yaml")
  if [ ! -f "$data/logs/meta.properties" ]; then
    "${jvm[@]}" kafka.tools.StorageTool format --standalone -t "$(cluster_id)" \
      -c "$data/server.properties" >/dev/null 2>"$data/format.err" || {
      # --standalone needs controller.quorum.bootstrap.servers; with static voters plain format works.
      "${jvm[@]}" kafka.tools.StorageTool format -t "$(cluster_id)" \
        -c "$data/server.properties" >"$data/format.err" 2>&1 || { cat "$data/format.err" >&2; exit 1; }
    }
  fi
  # shellcheck disable=SC2086
  nohup "${jvm[@]}" ${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m} -XX:+UseG1GC -Djava.awt.headless=true \
    kafka.Kafka "$data/server.properties" >"$logfile" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 120); do
    if port_open "$port"; then
      echo "kafka: ready at 127.0.0.1:$port (pid $(cat "$pidfile"), log $logfile)" >&2
      echo "127.0.0.1:$port"; return 0
    fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "kafka: the broker exited; last log lines:" >&2; tail -30 "$logfile" >&2; exit 1
    fi
    sleep 0.5
  done
  echo "kafka: not ready after 60 s; see $logfile" >&2; exit 1
}

down() {
  local pid
  if pid=$(running_pid); then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    echo "kafka: stopped" >&2
  else
    echo "kafka: not running (no broker started from $data)" >&2
  fi
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) port_open "$port" ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
