#!/bin/sh
# Ingest benchmark: berth (packaged jar, fresh redis-server with AOF) against a minimal @octokit/webhooks receiver.
#   bench/ingest/run.sh
# For each receiver: a warm-up, (a) requests/s at saturation, (b) latency at a fixed 1,000 requests/s; then for berth
# the check that the events stream grew by exactly the number of 2xx answers (none lost, none stored twice).
# Settings (environment): BENCH_DURATION (20s), BENCH_WARMUP (20s: the JIT is still compiling before that), BENCH_RATE (1000), BENCH_CONNECTIONS (50),
# BENCH_RATE_CONNECTIONS (20), BENCH_THREADS (2), BENCH_PAYLOADS (1000), BENCH_SKIP_BUILD=1 to reuse target/.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${BENCH_DURATION:-20s}
WARMUP=${BENCH_WARMUP:-20s}
RATE=${BENCH_RATE:-1000}
CONNS=${BENCH_CONNECTIONS:-50}
RATE_CONNS=${BENCH_RATE_CONNECTIONS:-20}
THREADS=${BENCH_THREADS:-2}
COUNT=${BENCH_PAYLOADS:-1000}
SECRET="bench-secret-$(date +%s)"

for tool in wrk node npm redis-server redis-cli java; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (apt-get install wrk nodejs npm redis-server)" >&2; exit 1; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/berth-bench.XXXXXX")
PIDS=""
cleanup() {
  for pid in $PIDS; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $PIDS; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

wait_http() { # url what
  i=0
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null || true)" = 200 ]; do
    i=$((i + 1))
    if [ "$i" -gt 600 ]; then echo "bench: $2 did not come up; see $WORK" >&2; exit 1; fi
    sleep 0.1
  done
}

echo "== machine: $(nproc) cores, $(uname -sr); load: $(uptime | sed 's/.*load average/load average/')"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "== building berth (./mvnw -q package -DskipTests)"
  (cd "$ROOT" && ./mvnw -q package -DskipTests)
fi
echo "== installing the Node receiver (npm ci)"
(cd "$HERE/node-receiver" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

echo "== generating $COUNT signed push bodies"
node "$HERE/gen-payloads.js" "$ROOT/src/test/resources/github/push/4.json" "$SECRET" "$COUNT" "$WORK/payloads.tsv"

REDIS_PORT=$(free_port)
mkdir -p "$WORK/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --appendonly yes --appendfsync everysec \
  --save "" --logfile "$WORK/redis/redis.log" &
PIDS="$PIDS $!"
until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.1; done

BERTH_PORT=$(free_port)
# No trimming during the run, so the check sees every stored event.
BERTH_HTTP_PORT=$BERTH_PORT BERTH_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" BERTH_WEBHOOKS_GITHUB_SECRETS="$SECRET" \
  BERTH_EVENTS_MAX_LENGTH=100000000 \
  java -jar "$ROOT/target/quarkus-app/quarkus-run.jar" >"$WORK/berth.log" 2>&1 &
PIDS="$PIDS $!"
NODE_PORT=$(free_port)
(cd "$HERE/node-receiver" && PORT=$NODE_PORT SECRET="$SECRET" exec node server.js) >"$WORK/node.log" 2>&1 &
PIDS="$PIDS $!"
wait_http "http://127.0.0.1:$BERTH_PORT/q/health/ready" berth
until curl -s -o /dev/null "http://127.0.0.1:$NODE_PORT/"; do sleep 0.1; done

RESULTS="$WORK/results"
: >"$RESULTS"
# wrk_run name target run-id duration connections rate(0 = as fast as possible) [acked ids file prefix]
wrk_run() {
  name=$1 url=$2 run=$3 dur=$4 conns=$5 rate=$6 acked=${7:-}
  out=$(wrk -t"$THREADS" -c"$conns" -d"$dur" --timeout 10s -s "$HERE/signed-push.lua" "$url" -- \
    "$WORK/payloads.tsv" "$run" "$rate" "$THREADS" "$acked")
  line=$(echo "$out" | grep '^BENCH ')
  echo "$name $line" >>"$RESULTS"
  echo "   $name: $line"
}
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

MISMATCH=0
for target in berth node; do
  if [ "$target" = berth ]; then url="http://127.0.0.1:$BERTH_PORT/webhooks/github"; else url="http://127.0.0.1:$NODE_PORT/webhooks/github"; fi
  run="$target-$(date +%s)"
  echo "== $target: warm-up $WARMUP, saturation $DURATION x $CONNS connections, fixed $RATE/s $DURATION x $RATE_CONNS connections"
  before=$(redis-cli -p "$REDIS_PORT" xlen berth:events)
  acked=""
  if [ "$target" = berth ]; then acked="$WORK/acked"; fi
  wrk_run "$target-warmup" "$url" "$run-w" "$WARMUP" "$CONNS" 0 "${acked:+$acked-w}"
  wrk_run "$target-saturation" "$url" "$run-s" "$DURATION" "$CONNS" 0 "${acked:+$acked-s}"
  wrk_run "$target-rate" "$url" "$run-r" "$DURATION" "$RATE_CONNS" "$RATE" "${acked:+$acked-r}"
  if [ "$target" = berth ]; then
    # None lost: every stream id berth acknowledged (202) is in the stream. None twice: no delivery id is stored
    # twice. Stored but not acknowledged: requests still in flight when wrk stopped (wrk does not count their
    # answers), or answered 503 after Redis had stored them; the sender retries those and gets 200 duplicate.
    redis-cli -p "$REDIS_PORT" xrange berth:events - + >"$WORK/stream.txt"
    grep -E '^[0-9]+-[0-9]+$' "$WORK/stream.txt" | sort >"$WORK/stream-ids"
    awk 'prev == "delivery" { print } { prev = $0 }' "$WORK/stream.txt" | sort >"$WORK/stream-deliveries"
    cat "$WORK"/acked-* | sort >"$WORK/acked-ids"
    acked_n=$(wc -l <"$WORK/acked-ids")
    stored=$(wc -l <"$WORK/stream-ids")
    lost=$(comm -23 "$WORK/acked-ids" "$WORK/stream-ids" | wc -l)
    twice=$(uniq -d "$WORK/stream-deliveries" | wc -l)
    dup=0
    for phase in warmup saturation rate; do dup=$((dup + $(field other2xx "$(grep "^berth-$phase " "$RESULTS")"))); done
    unacked=$((stored - acked_n + lost))
    echo "   berth: acknowledged $acked_n, stored $stored, lost $lost, stored twice $twice, 200-duplicate answers $dup, stored but not acknowledged $unacked"
    if [ "$lost" -ne 0 ] || [ "$twice" -ne 0 ] || [ "$dup" -ne 0 ]; then MISMATCH=1; fi
    echo "check acknowledged=$acked_n stored=$stored lost=$lost stored_twice=$twice stored_not_acknowledged=$unacked" >>"$RESULTS"
  fi
done

echo
echo "== results ($(nproc) cores; load after the run: $(uptime | sed 's/.*load average: //'))"
printf '%-8s | %-18s | %10s | %8s | %8s | %8s | %8s | %6s\n' receiver measure "requests/s" "p50 ms" "p90 ms" "p99 ms" "max ms" "non-2xx"
for target in berth node; do
  for phase in saturation rate; do
    l=$(grep "^$target-$phase " "$RESULTS")
    label=$([ "$phase" = saturation ] && echo "saturation" || echo "fixed $RATE/s")
    printf '%-8s | %-18s | %10s | %8s | %8s | %8s | %8s | %6s\n' "$target" "$label" "$(field rps "$l")" \
      "$(field p50_ms "$l")" "$(field p90_ms "$l")" "$(field p99_ms "$l")" "$(field max_ms "$l")" \
      "$(($(field non2xx "$l") + $(field errors "$l")))"
  done
done
grep '^check ' "$RESULTS" | sed 's/^check /berth lost\/duplicate check: /'
if [ "$MISMATCH" -ne 0 ]; then
  echo "FAILED: an acknowledged event is missing or an event is stored twice" >&2
  exit 1
fi
echo "OK: every acknowledged event is stored, none twice"
