#!/usr/bin/env bash
# The process engine's costs: time from `ledgerlab up` to the first committed block for 4 and 16
# validators (3 runs each), and each node's resident memory idle and under a 200 tx/s transfer
# load (on the last run of each size). Prints a Markdown table; a run takes about 3 minutes.
#
# Usage: bench/process-up.sh [--validators 4,16] [--repeats 3] [--rate 200] [--load-seconds 20]
#
# It takes the Maven lock ($LOCK_FILE, default /tmp/mvn.lock) for the build and the run, since the
# figures mean nothing while another build shares the two cores. SKIP_BUILD=1 reuses the jar.
set -euo pipefail
LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  flock "$LOCK_FILE" mvn -B -q -pl bench -am package -DskipTests
fi
mkdir -p bench/results
out="bench/results/process-up-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# $(date -u) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
  flock "$LOCK_FILE" java -cp bench/target/benchmarks.jar io.ledgerlab.bench.ProcessUpBench "$@"
} | tee "$out"
