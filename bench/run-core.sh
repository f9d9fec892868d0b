#!/usr/bin/env bash
# Builds the JMH jar and runs the core benchmarks (Ed25519, transaction admission, blocks) with
# settings sized for a 2-core machine: one fork and one thread per benchmark. Warm-up and
# measurement come from the benchmarks' own annotations: 3 x 2 s warm-up (10 x 2 s where
# BouncyCastle verification is measured, which warms up slowly), 5 x 2 s measurement, and a fixed,
# pre-touched 3 GB heap per fork (BlockBench says why). A full run takes about 10 minutes.
#
# Usage: bench/run-core.sh [extra JMH options, e.g. -p accounts=10000 or -prof gc]
#
# Writes bench/results/core-<UTC time>.json (JMH JSON) and .txt (the machine, the JMH log and the
# table), and prints the table at the end.
#
# The cores are shared, so every Maven build and benchmark run takes the lock in $LOCK_FILE
# (default /tmp/mvn.lock) and holds it for the whole command. Do not wrap this script in flock:
# it takes the lock itself, and would wait for itself. SKIP_BUILD=1 reuses the existing jar.
set -euo pipefail

LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
BENCHMARKS='io\.ledgerlab\.bench\.(Ed25519Bench|TxBench|BlockBench)\.'

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  flock "$LOCK_FILE" mvn -B -q -pl bench -am package -DskipTests
fi
jar="bench/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  echo "run-core.sh: $jar is missing; build it or drop SKIP_BUILD" >&2
  exit 1
fi

mkdir -p bench/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
json="bench/results/core-$stamp.json"
log="bench/results/core-$stamp.txt"
jmh=(java -jar "$jar" "$BENCHMARKS" -f 1 -t 1 -rf json -rff "$json" "$@")

{
  echo "# Ledgerlab core benchmarks, $stamp"
  echo "# nproc: $(nproc)"
  echo "# cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "# memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "# os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  java -version 2>&1 | sed 's/^/# java: /'
  echo "# command: flock $LOCK_FILE ${jmh[*]}"
} | tee "$log"

# The load is read once the lock is held, so it shows what else runs beside the benchmarks.
flock "$LOCK_FILE" bash -c 'echo "# load at start: $(cut -d" " -f1-3 /proc/loadavg)"; exec "$@"' \
  load "${jmh[@]}" 2>&1 | tee -a "$log"

echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
echo
sed -n '/^Benchmark  /,/^$/p' "$log"
echo "JSON: $json"
echo "Log:  $log"
