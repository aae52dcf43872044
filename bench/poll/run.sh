#!/bin/sh
# Poll benchmark: 1,000 repositories on a real Distribution registry polled by berth's real scheduler, registry lanes
# and Redis lease (dev.berth.poll.PollBench, skipped in the normal test suite).
#   bench/poll/run.sh
# Settings (environment): BENCH_REPOSITORIES (1000), BENCH_INTERVAL (30s: each app's track.poll),
# BENCH_INTERVALS (3 measured), BENCH_WARMUP (1 interval).
# Prints the [bench] lines; they are also kept in target/poll-bench.txt.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
command -v redis-server >/dev/null 2>&1 || { echo "bench: redis-server is missing (apt-get install redis-server)" >&2; exit 1; }
[ -x /usr/bin/docker-registry ] || { echo "bench: docker-registry is missing (apt-get install docker-registry)" >&2; exit 1; }
cd "$ROOT"
LOG=$(mktemp "${TMPDIR:-/tmp}/berth-poll-bench.XXXXXX")
trap 'rm -f "$LOG"' EXIT INT TERM
status=0
./mvnw -q test -Dtest=PollBench -Dberth.bench=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Dberth.bench.repositories="${BENCH_REPOSITORIES:-1000}" -Dberth.bench.interval="${BENCH_INTERVAL:-30s}" \
  -Dberth.bench.intervals="${BENCH_INTERVALS:-3}" -Dberth.bench.warmup-intervals="${BENCH_WARMUP:-1}" \
  >"$LOG" 2>&1 || status=$?
grep '^\[bench\]' "$LOG" || { echo "bench: no result; the end of the Maven output:" >&2; tail -40 "$LOG" >&2; }
exit $status
