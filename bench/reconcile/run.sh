#!/bin/sh
# Rollback benchmark (scenario 4 of issue 11): berth as a real process (the packaged app), one app with staging and
# production on a real OpenSSH host with the real agent and podman-compose; each run deploys a new release to both,
# makes both regress at the same instant and measures regression -> rollback started and -> rollback verified
# (dev.berth.faults.RollbackBench, skipped in the normal test suite).
#   bench/reconcile/run.sh
# Settings (environment): BENCH_RUNS (20).
# Prints the [bench] lines; the summary is also kept in target/reconcile-bench.txt.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
for tool in redis-server docker-registry podman podman-compose /usr/sbin/sshd; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing (bin/install-deps)" >&2; exit 1; }
done
cd "$ROOT"
LOG=$(mktemp "${TMPDIR:-/tmp}/berth-reconcile-bench.XXXXXX")
trap 'rm -f "$LOG"' EXIT INT TERM
status=0
# The benchmark starts target/quarkus-app/quarkus-run.jar: package first (without running the test suite).
./mvnw -q package -DskipTests >"$LOG" 2>&1 || { tail -40 "$LOG" >&2; exit 1; }
./mvnw -q test -Dtest=RollbackBench -Dberth.bench=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Dberth.bench.runs="${BENCH_RUNS:-20}" >"$LOG" 2>&1 || status=$?
grep '^\[bench\]' "$LOG" || { echo "bench: no result; the end of the Maven output:" >&2; tail -40 "$LOG" >&2; }
exit $status
