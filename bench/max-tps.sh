#!/usr/bin/env bash
# The highest transfer rate 4 validators as OS processes commit with p99 commit latency <= 1 s on
# this machine. Runs one `ledgerlab run` per rate (no faults, 5 s warm-up, 20 s measured) and
# prints a table of offered rate, committed throughput, commit latency percentiles, the peak
# resident memory of the node processes (VmHWM, the highest of the four), the CPU time the four
# nodes and the lab process (load generator, history, checks) spent per transaction the chain
# committed (whole run: start-up and warm-up included, so it is an upper bound) and the verdict.
#
# Usage: bench/max-tps.sh [rates...]        default: 250 500 1000 1500 2000 3000
#        ENGINE=docker bench/max-tps.sh ...  the same on containers (default: process; no RSS
#                                            column there: the nodes are not this machine's
#                                            children)
#        JFR=1 bench/max-tps.sh ...          also records each node with Java Flight Recorder
#                                            (profile settings) into <work>/run-<rate>-jfr/;
#                                            bench/jfr-top.py says where the CPU went
#        EXTRA_JVM=-XX:... bench/max-tps.sh  one more JVM option for the nodes (comma-separated
#                                            for several, as in the manifest's jvmOptions list)
#        CLIENT_BATCH=n bench/max-tps.sh ... the workload's batch: the most transactions one
#                                            request carries (default: the workload's, 50)
#
# Takes the Maven lock ($LOCK_FILE, default /tmp/mvn.lock) for the build and for each run: the
# figures mean nothing while a build shares the two cores. SKIP_BUILD=1 reuses the CLI jar. The
# build is online (no -o), so the script works on a fresh clone.
set -euo pipefail
LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rates=("$@")
[[ ${#rates[@]} -eq 0 ]] && rates=(250 500 1000 1500 2000 3000)
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  flock "$LOCK_FILE" mvn -B -q -pl cli -am package -Dmaven.test.skip=true
fi
work="$(mktemp -d /tmp/ledgerlab-max-tps.XXXXXX)"
mkdir -p bench/results
out="bench/results/max-tps-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "# ${ENGINE:-process} engine, $(date -u) on $(nproc) cores, $(java -version 2>&1 | head -1); runs in $work"
  echo "# commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)'); JFR=${JFR:-0}; CLIENT_BATCH=${CLIENT_BATCH:-default}"
  echo "| offered | committed | p50 | p90 | p99 | max | rejected | peak RSS/node | node CPU/tx | lab CPU/tx | verdict |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
} | tee "$out"

# Samples every node process of run directory $1, and the lab process that runs it, once a second
# into $2 as "role pid VmHWM-kB cpu-ticks" lines (VmHWM: the peak resident set; cpu: user + system
# time so far), until killed. Processes are found by their command lines, which name the run
# directory; /proc is read without forking, so the sampler takes next to no CPU from the run.
sample_procs() {
  local dir="$1" into="$2" role pid key value rest hwm stat
  while true; do
    for role in node lab; do
      local pattern="io.ledgerlab.node.NodeMain.*$dir"
      [[ $role == lab ]] && pattern="ledgerlab.jar run .*--run-dir $dir"
      for pid in $(pgrep -f "$pattern" || true); do
        hwm=0
        while read -r key value rest; do
          if [[ "$key" == VmHWM: ]]; then hwm="$value"; fi
        done 2>/dev/null < "/proc/$pid/status" || continue
        read -r -a stat 2>/dev/null < "/proc/$pid/stat" || continue
        echo "$role $pid $hwm $((stat[13] + stat[14]))" >> "$into"
      done
    done
    sleep 1
  done
}

best=0
for rate in "${rates[@]}"; do
  jvm="-Xms256m, -Xmx256m, -XX:+UseSerialGC${EXTRA_JVM:+, $EXTRA_JVM}"
  if [[ "${JFR:-0}" == 1 ]]; then
    mkdir -p "$work/run-$rate-jfr"
    jvm="$jvm, '-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=$work/run-$rate-jfr'"
  fi
  batch=""
  [[ -n "${CLIENT_BATCH:-}" ]] && batch="  batch: ${CLIENT_BATCH}"
  cat > "$work/tps-$rate.yaml" <<YAML
name: tps-$rate
network:
  name: tps-$rate
  validators: 4
  accounts: 5000
  blockInterval: 100ms
  launch:
    jvmOptions: [$jvm]
workload:
  kind: transfer
  rate: $rate/s
  clients: 4
$batch
  duration: 20s
  warmup: 5s
checks:
  quiet: 2s
YAML
  : > "$work/procs-$rate.txt"
  sample_procs "$work/run-$rate" "$work/procs-$rate.txt" &
  sampler=$!
  flock "$LOCK_FILE" java -jar cli/target/ledgerlab.jar run "$work/tps-$rate.yaml" --engine "${ENGINE:-process}" --run-dir "$work/run-$rate" \
    > "$work/run-$rate.log" 2>&1 || true
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  row="$(python3 - "$work/run-$rate" "$rate" "$work/procs-$rate.txt" "$(getconf CLK_TCK)" <<'PY'
import json, os, sys
run, rate, procs, tck = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
hwm, ticks = {}, {}
for line in open(procs):
    role, pid, kb, t = line.split()
    hwm[(role, pid)] = max(hwm.get((role, pid), 0), int(kb))
    ticks[(role, pid)] = max(ticks.get((role, pid), 0), int(t))
node_hwm = max([v for (r, _), v in hwm.items() if r == "node"], default=0)
rss = f"{node_hwm / 1024:.0f} MB" if node_hwm else "n/a"
# Every transaction the chain committed during the whole run (warm-up included), from n0's log.
chain = 0
try:
    for line in open(os.path.join(run, "logs", "n0.jsonl")):
        if '"block.committed"' in line:
            chain += json.loads(line).get("txs", 0)
except OSError:
    pass
def per_tx(role):
    cpu = sum(t for (r, _), t in ticks.items() if r == role) / tck
    return f"{cpu * 1e6 / chain:.0f} µs" if chain and cpu else "n/a"
try:
    s = json.load(open(os.path.join(run, "summary.json")))
except Exception as e:
    print(f"| {rate}/s | run failed: {e} | | | | | | {rss} | | | |"); sys.exit()
st = s["stats"]; c = st["latencyMillis"].get("committed", {})
print(f"| {rate}/s | {st['throughputPerSecond']:.0f}/s | {c.get('p50',0):.0f} ms | {c.get('p90',0):.0f} ms "
      f"| {c.get('p99',0):.0f} ms | {c.get('max',0):.0f} ms | {st['rejected']} | {rss} "
      f"| {per_tx('node')} | {per_tx('lab')} | {s['verdict']} |")
PY
)"
  echo "$row" | tee -a "$out"
  p99="$(python3 -c "import json;print(json.load(open('$work/run-$rate/summary.json'))['stats']['latencyMillis']['committed']['p99'])" 2>/dev/null || echo 1e9)"
  thr="$(python3 -c "import json;print(json.load(open('$work/run-$rate/summary.json'))['stats']['throughputPerSecond'])" 2>/dev/null || echo 0)"
  if python3 -c "import sys; sys.exit(0 if $p99 <= 1000 and $thr >= 0.95*$rate else 1)"; then best=$rate; fi
done
echo "highest offered rate committed in full with p99 <= 1 s: ${best}/s" | tee -a "$out"
