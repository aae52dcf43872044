#!/bin/sh
# Guard benchmark: the real guard scheduler and Redis probing thousands of environments, each with one direct HTTP
# check against real loopback HTTP servers (dev.berth.promote.GuardBench, skipped in the normal test suite).
#   bench/guard/run.sh
# Settings (environment): BENCH_ENVIRONMENTS (2000), BENCH_SERVERS (4), BENCH_INTERVAL (2s: each environment's
# verify.interval), BENCH_INTERVALS (10 measured), BENCH_WARMUP (3 intervals).
# Prints the [bench] lines; they are also kept in target/guard-bench.txt.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
command -v redis-server >/dev/null 2>&1 || { echo "bench: redis-server is missing (apt-get install redis-server)" >&2; exit 1; }
cd "$ROOT"
LOG=$(mktemp "${TMPDIR:-/tmp}/berth-guard-bench.XXXXXX")
trap 'rm -f "$LOG"' EXIT INT TERM
status=0
./mvnw -q test -Dtest=GuardBench -Dberth.bench=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Dberth.bench.environments="${BENCH_ENVIRONMENTS:-2000}" -Dberth.bench.servers="${BENCH_SERVERS:-4}" \
  -Dberth.bench.interval="${BENCH_INTERVAL:-2s}" -Dberth.bench.intervals="${BENCH_INTERVALS:-10}" \
  -Dberth.bench.warmup-intervals="${BENCH_WARMUP:-3}" >"$LOG" 2>&1 || status=$?
grep '^\[bench\]' "$LOG" || { echo "bench: no result; the end of the Maven output:" >&2; tail -40 "$LOG" >&2; }
exit $status
