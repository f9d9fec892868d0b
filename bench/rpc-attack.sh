#!/usr/bin/env bash
# A node's RPC under a slowloris and huge-body attack. Runs a 4-validator process network with a
# transfer workload (`ledgerlab run`, 100 tx/s, 5 s warm-up, 20 s measured) twice: alone, and
# while every node is held by 1,000 slowloris connections (a header line every 2 s, never
# finished; from 127.0.0.2-9) and a client sending 50 MB bodies again and again (1 s apart).
# Meanwhile bench/rpc-attack.py calls node_status on n0 back to back for 15 s (timeout 5 s; the
# attacker is a process of its own). The attack starts when the load starts (after the lab found
# the nodes ready). Prints a Markdown table: node_status latency, the workload's tx_submit latency
# (the lab's "accepted" latency), committed transfers and those without an answer (unknown), n0's
# height before and after the attack, what the attack saw.
#
# Usage: bench/rpc-attack.sh
#
# Takes the Maven lock ($LOCK_FILE, default /tmp/mvn.lock) for the build and the whole measurement:
# the figures mean nothing while a build shares the two cores. SKIP_BUILD=1 reuses the CLI jar.
# Needs python3 and a Linux loopback that routes 127.0.0.0/8.
set -euo pipefail
LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  flock "$LOCK_FILE" mvn -B -q -pl cli -am package -Dmaven.test.skip=true
fi
jar="$root/cli/target/ledgerlab.jar"
work="$(mktemp -d /tmp/ledgerlab-rpc-attack.XXXXXX)"
mkdir -p bench/results
out="bench/results/rpc-attack-$(date -u +%Y%m%dT%H%M%SZ).txt"
exec 9>"$LOCK_FILE"
flock 9
trap 'for r in "$work"/run-*/; do java -jar "$jar" down --run-dir "$r" >/dev/null 2>&1 || true; done' EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

{
  echo "# $(date -u) on $(nproc) cores, $(java -version 2>&1 | head -1), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); runs in $work"
  echo "| phase | node_status calls | p50 | p99 | max | unanswered (5 s) | tx_submit p50 | p99 | max | committed / unknown | n0 height before → after | attack: held at end / closed by node / 50 MB bodies sent, answers |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
} | tee "$out"

for phase in alone attack; do
  cat > "$work/$phase.yaml" <<YAML
name: rpc-$phase
network:
  name: rpc-$phase
  validators: 4
  accounts: 1000
  blockInterval: 200ms
workload:
  kind: transfer
  rate: 100/s
  clients: 4
  duration: 20s
  warmup: 5s
checks:
  quiet: 2s
YAML
  java -jar "$jar" run "$work/$phase.yaml" --engine process --run-dir "$work/run-$phase" > "$work/run-$phase.log" 2>&1 &
  run_pid=$!
  flag=""
  [[ $phase == attack ]] && flag="--attack"
  python3 bench/rpc-attack.py --run-dir "$work/run-$phase" --run-log "$work/run-$phase.log" --seconds 15 $flag > "$work/probe-$phase.json" || true
  wait "$run_pid" || true
  python3 - "$phase" "$work/probe-$phase.json" "$work/run-$phase/summary.json" <<'PY' | tee -a "$out"
import json, sys
phase, probe_file, summary_file = sys.argv[1:4]
f = lambda v: "-" if v is None else f"{v:.1f} ms"
try:
    p = json.loads(open(probe_file).read().strip().splitlines()[-1])
except Exception as e:
    p = {"calls": 0, "unanswered": 0, "p50": None, "p99": None, "max": None, "heightBefore": None, "heightAfter": None}
try:
    s = json.load(open(summary_file)); st = s["stats"]; acc = st["latencyMillis"].get("accepted", {})
    tx = (f"{acc.get('p50',0):.1f} ms", f"{acc.get('p99',0):.1f} ms", f"{acc.get('max',0):.1f} ms", f"{st['committed']} / {st['unknown']} ({s['verdict']})")
except Exception as e:
    tx = ("run failed", "", "", "")
attack = "-"
if phase == "attack":
    attack = f"{p.get('heldAtEnd')} / {p.get('closedByNode')} / {p.get('bodiesSent')}, {p.get('bodyAnswers')}"
print(f"| {phase} | {p['calls']} | {f(p['p50'])} | {f(p['p99'])} | {f(p['max'])} | {p['unanswered']} | {tx[0]} | {tx[1]} | {tx[2]} | {tx[3]} | {p['heightBefore']} → {p['heightAfter']} | {attack} |")
PY
done
echo "(table in $out)"
