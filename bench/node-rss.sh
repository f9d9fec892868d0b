#!/usr/bin/env bash
# Each node's resident memory under load: one `ledgerlab run` of 4 validators as processes with the
# default node JVM options (the manifest sets none) at --rate transfers/s for --seconds, sampling
# every node's VmRSS from /proc each second. Prints the committed throughput, commit latency p99 and
# each node's peak RSS, and writes them to bench/results/node-rss-<time>.txt.
#
# Usage: bench/node-rss.sh [--rate 1000] [--seconds 30] [--jvm-options "-Xmx96m ..."]
#
# It takes the Maven lock ($LOCK_FILE, default /tmp/mvn.lock) for the build and the run: the
# figures mean nothing while a build shares the cores. SKIP_BUILD=1 reuses the CLI jar.
set -euo pipefail
LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rate=1000
seconds=30
jvm=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) rate="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --jvm-options) jvm="$2"; shift 2 ;;
    *) echo "bench/node-rss.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  flock "$LOCK_FILE" mvn -B -q -pl cli -am package -Dmaven.test.skip=true
fi
jar="$root/cli/target/ledgerlab.jar"
work="$(mktemp -d /tmp/ledgerlab-node-rss.XXXXXX)"
mkdir -p bench/results
out="bench/results/node-rss-$(date -u +%Y%m%dT%H%M%SZ).txt"
launch=""
if [[ -n "$jvm" ]]; then
  launch="  launch:
    jvmOptions: [$(echo "$jvm" | sed 's/ \+/, /g')]"
fi
cat > "$work/rss.yaml" <<YAML
name: rss-$rate
network:
  name: rss-$rate
  validators: 4
  accounts: 5000
  blockInterval: 100ms
$launch
workload:
  kind: transfer
  rate: $rate/s
  clients: 4
  duration: ${seconds}s
  warmup: 5s
checks:
  quiet: 2s
YAML

measure() {
  java -jar "$jar" run "$work/rss.yaml" --engine process --run-dir "$work/run" > "$work/run.log" 2>&1 &
  local lab=$!
  : > "$work/rss.samples"
  while kill -0 "$lab" 2>/dev/null; do
    for pid in $(pgrep -f "NodeMain --config $work/run/" || true); do
      name="$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | sed -n 's#.*/nodes/\([^/]*\)/config.yaml.*#\1#p')"
      kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
      [[ -n "$name" && -n "$kb" ]] && echo "$name $kb" >> "$work/rss.samples"
    done
    sleep 1
  done
  wait "$lab" || true
}

{
  echo "# $(date -u) on $(nproc) cores, $(java -version 2>&1 | head -1); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); node JVM options: ${jvm:-the default}; run in $work"
  flock "$LOCK_FILE" bash -c "$(declare -f measure); $(declare -p jar work); measure"
  python3 - "$work" "$rate" <<'PY'
import json, sys
work, rate = sys.argv[1], sys.argv[2]
peak = {}
for line in open(f"{work}/rss.samples"):
    name, kb = line.split()
    peak[name] = max(peak.get(name, 0), int(kb) / 1024)
try:
    s = json.load(open(f"{work}/run/summary.json"))
    st = s["stats"]; c = st["latencyMillis"].get("committed", {})
    run = f"{st['throughputPerSecond']:.0f}/s committed, p99 {c.get('p99', 0):.0f} ms, verdict {s['verdict']}"
except Exception as e:
    run = f"run failed: {e}"
print(f"| offered | committed, p99, verdict | peak RSS per node (MB) |")
print("|---:|---|---|")
print(f"| {rate}/s | {run} | " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(peak.items())) + " |")
PY
} | tee "$out"
