#!/usr/bin/env bash
# Upgrade-path benchmarks: what opening a keystore costs per key derivation (KeystoreBench, JMH,
# one fork, one thread), then how fast a chain replays from genesis under its own code alone and
# side by side with a replacement (ReplaySpeed: 200 blocks of 1,000 transfers by default, best of
# three). About 2 minutes.
#
# Usage: bench/upgrades.sh [blocks] [transfers per block]
# Takes the lock in $LOCK_FILE (default /tmp/mvn.lock) for the build and each measurement.
set -euo pipefail

LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
blocks="${1:-200}"
transfers="${2:-1000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  flock "$LOCK_FILE" mvn -B -q -pl bench -am package -DskipTests -Dinvoker.skip=true
fi
jar="bench/target/benchmarks.jar"
echo "# nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
java -version 2>&1 | head -1 | sed 's/^/# java: /'
echo "# load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
flock "$LOCK_FILE" java -jar "$jar" 'io\.ledgerlab\.bench\.KeystoreBench\.' -f 1 -t 1 \
  2>&1 | sed -n '/^Benchmark  /,/^$/p'
flock "$LOCK_FILE" java -Xmx3g -cp "$jar" io.ledgerlab.bench.ReplaySpeed "$blocks" "$transfers"
