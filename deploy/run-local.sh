#!/usr/bin/env bash
# `make run`: the local Apache Kafka (reused if running), a cleanwire worker, the example pages bundled in
# the repo pushed to the input topic, and the clean articles printed as they arrive. Ctrl-C stops
# everything this script started (the worker; the broker too if this script started it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p "$root/.cache"
bin=$root/.venv/bin
export KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:${KAFKA_PORT:-9092}}
export CLEANWIRE_HTTP_PORT=${CLEANWIRE_HTTP_PORT:-6066}
export CLEANWIRE_DATA_DIR=${CLEANWIRE_DATA_DIR:-$root/.cache/run-data}
run_id=${RUN_ID:-$(date +%s)}
# Fresh topics per run, so that what is printed is this run's articles.
export CLEANWIRE_INPUT_TOPIC=${CLEANWIRE_INPUT_TOPIC:-pages.raw.run-$run_id}
export CLEANWIRE_OUTPUT_TOPIC=${CLEANWIRE_OUTPUT_TOPIC:-articles.clean.run-$run_id}
export CLEANWIRE_DLQ_TOPIC=${CLEANWIRE_DLQ_TOPIC:-pages.rejected.run-$run_id}
export CLEANWIRE_APP_ID=${CLEANWIRE_APP_ID:-cleanwire-run-$run_id}

started_kafka=""
worker_pid=""
consumer_pid=""
cleanup() {
  trap - INT TERM EXIT
  [ -n "$consumer_pid" ] && kill "$consumer_pid" 2>/dev/null || true
  if [ -n "$worker_pid" ]; then kill -TERM "$worker_pid" 2>/dev/null || true; wait "$worker_pid" 2>/dev/null || true; fi
  [ -n "$started_kafka" ] && deploy/kafka/kafka.sh down || true
  echo "run: stopped" >&2
}
trap cleanup INT TERM EXIT

if [ "$KAFKA_BOOTSTRAP_SERVERS" = "127.0.0.1:${KAFKA_PORT:-9092}" ] && ! deploy/kafka/kafka.sh status; then
  deploy/kafka/kafka.sh up >/dev/null
  started_kafka=1
fi
echo "run: Kafka at $KAFKA_BOOTSTRAP_SERVERS; input $CLEANWIRE_INPUT_TOPIC -> output $CLEANWIRE_OUTPUT_TOPIC" >&2

CLEANWIRE_LOG_FORMAT=${CLEANWIRE_LOG_FORMAT:-text} "$bin/cleanwire" worker > "$root/.cache/run-worker.log" 2>&1 &  # a file a person reads
worker_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$CLEANWIRE_HTTP_PORT/readyz" >/dev/null 2>&1 && break
  kill -0 "$worker_pid" 2>/dev/null || { echo "run: the worker exited; see .cache/run-worker.log" >&2; tail -20 "$root/.cache/run-worker.log" >&2; exit 1; }
  sleep 1
done
echo "run: worker ready (metrics: http://127.0.0.1:$CLEANWIRE_HTTP_PORT/metrics, log: .cache/run-worker.log)" >&2

example=tests/resources/examples/moscowtimes-putin-kim
url=$("$bin/python" -c "import json,sys;print(json.load(open(sys.argv[1]))['url'])" "$example/meta.json")
"$bin/cleanwire" produce --quiet --url "$url" --content-type text/plain "$example/page.txt"
pages=()
for d in tests/resources/corpus tests/resources/ops-pages; do [ -d "$d" ] && pages+=("$d"); done
[ ${#pages[@]} -gt 0 ] && "$bin/cleanwire" produce --quiet "${pages[@]}"

echo "run: clean articles as they arrive (Ctrl-C to stop):" >&2
"$bin/cleanwire" consume --from-beginning --summary &
consumer_pid=$!
wait "$consumer_pid"
