#!/usr/bin/env bash
# The highest transfer rate 4 validators as OS processes commit with p99 commit latency <= 1 s on
# this machine. Runs one `ledgerlab run` per rate (no faults, 5 s warm-up, 20 s measured) and
# prints a table of offered rate, committed throughput, commit latency percentiles and verdict.
#
# Usage: bench/max-tps.sh [rates...]        default: 250 500 1000 1500 2000 3000
#        ENGINE=docker bench/max-tps.sh ...  the same on containers (default: process)
#
# Takes the Maven lock ($LOCK_FILE, default /tmp/mvn.lock) for the build and for each run: the
# figures mean nothing while a build shares the two cores. SKIP_BUILD=1 reuses the CLI jar.
set -euo pipefail
LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rates=("$@")
[[ ${#rates[@]} -eq 0 ]] && rates=(250 500 1000 1500 2000 3000)
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  flock "$LOCK_FILE" mvn -B -o -q -pl cli -am package -Dmaven.test.skip=true
fi
work="$(mktemp -d /tmp/ledgerlab-max-tps.XXXXXX)"
mkdir -p bench/results
out="bench/results/max-tps-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# ${ENGINE:-process} engine, $(date -u) on $(nproc) cores, $(java -version 2>&1 | head -1); runs in $work"
  echo "| offered | committed | p50 | p90 | p99 | max | rejected | verdict |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---|"
} | tee "$out"
best=0
for rate in "${rates[@]}"; do
  cat > "$work/tps-$rate.yaml" <<YAML
name: tps-$rate
network:
  name: tps-$rate
  validators: 4
  accounts: 5000
  blockInterval: 100ms
  launch:
    jvmOptions: [-Xms256m, -Xmx256m, -XX:+UseSerialGC]
workload:
  kind: transfer
  rate: $rate/s
  clients: 4
  duration: 20s
  warmup: 5s
checks:
  quiet: 2s
YAML
  flock "$LOCK_FILE" java -jar cli/target/ledgerlab.jar run "$work/tps-$rate.yaml" --engine "${ENGINE:-process}" --run-dir "$work/run-$rate" \
    > "$work/run-$rate.log" 2>&1 || true
  row="$(python3 - "$work/run-$rate/summary.json" "$rate" <<'PY'
import json, sys
try:
    s = json.load(open(sys.argv[1]))
except Exception as e:
    print(f"| {sys.argv[2]}/s | run failed: {e} | | | | | | |"); sys.exit()
st = s["stats"]; c = st["latencyMillis"].get("committed", {})
print(f"| {sys.argv[2]}/s | {st['throughputPerSecond']:.0f}/s | {c.get('p50',0):.0f} ms | {c.get('p90',0):.0f} ms "
      f"| {c.get('p99',0):.0f} ms | {c.get('max',0):.0f} ms | {st['rejected']} | {s['verdict']} |")
PY
)"
  echo "$row" | tee -a "$out"
  p99="$(python3 -c "import json;print(json.load(open('$work/run-$rate/summary.json'))['stats']['latencyMillis']['committed']['p99'])" 2>/dev/null || echo 1e9)"
  thr="$(python3 -c "import json;print(json.load(open('$work/run-$rate/summary.json'))['stats']['throughputPerSecond'])" 2>/dev/null || echo 0)"
  if python3 -c "import sys; sys.exit(0 if $p99 <= 1000 and $thr >= 0.95*$rate else 1)"; then best=$rate; fi
done
echo "highest offered rate committed in full with p99 <= 1 s: ${best}/s" | tee -a "$out"
