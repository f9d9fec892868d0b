#!/usr/bin/env bash
# Chain-code benchmarks: what metering costs (MeteringBench: a compute-heavy contract plain and
# through the sandbox), what a unit test in the kit costs (KitBench), both JMH with one fork and
# one thread; then campaign operations per second on the simulator (CampaignSpeed: 5 runs of 200
# steps on 4 validators, without and with the campaign's faults). About 2 minutes.
#
# Usage: bench/chaincode.sh [runs] [steps per run]
# Takes the lock in $LOCK_FILE (default /tmp/mvn.lock) for the build and each measurement.
set -euo pipefail

LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
runs="${1:-5}"
steps="${2:-200}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  flock "$LOCK_FILE" mvn -B -q -pl bench -am package -DskipTests -Dinvoker.skip=true
fi
jar="bench/target/benchmarks.jar"
echo "# nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
java -version 2>&1 | head -1 | sed 's/^/# java: /'
echo "# load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
flock "$LOCK_FILE" java -jar "$jar" 'io\.ledgerlab\.bench\.(MeteringBench|KitBench)\.' -f 1 -t 1 \
  2>&1 | sed -n '/^Benchmark  /,/^$/p'
flock "$LOCK_FILE" java -cp "$jar" io.ledgerlab.bench.CampaignSpeed "$runs" "$steps" \
  | grep -v '^campaign '
