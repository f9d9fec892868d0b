#!/usr/bin/env bash
# 64 validators (or --validators N) of the reference chain as OS processes on this machine, as
# `ledgerlab up` starts them: the time to the first block every node committed, the blocks the
# chain commits in --seconds, the total resident memory of the node processes (sum of VmRSS from
# /proc) and per node, and the supervisor's. Prints a Markdown table and writes it to
# bench/results/scale-64-<time>.txt. Everything it starts it stops (`ledgerlab down`, then SIGKILL
# of any PID left in supervisor.json and of the supervisor's process group), also on failure.
#
# Usage: bench/scale-64.sh [--validators 64] [--seconds 60] [--timeout 600s] [--via direct|proxy]
#
# The nodes are linked directly by default (`links: {via: direct}`): a lab proxy per directed link
# costs the supervisor three descriptors at steady state (64 validators: 12,096) and more while
# connections churn at start; through proxies the supervisor ran out of descriptors at 64 here
# (hard limit 20,000) and no block came. --via proxy measures the proxied mesh.
#
# It takes the Maven lock ($LOCK_FILE, default /tmp/mvn.lock) for the build and the run: the
# figures mean nothing while a build shares the cores. SKIP_BUILD=1 reuses the CLI jar.
set -euo pipefail
LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
validators=64
seconds=60
timeout=600s
via=direct
while [[ $# -gt 0 ]]; do
  case "$1" in
    --validators) validators="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --via) via="$2"; shift 2 ;;
    *) echo "bench/scale-64.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  flock "$LOCK_FILE" mvn -B -q -pl cli -am package -Dmaven.test.skip=true
fi
jar="$root/cli/target/ledgerlab.jar"
work="$(mktemp -d /tmp/ledgerlab-scale.XXXXXX)"
run="$work/run"
mkdir -p bench/results
out="bench/results/scale-64-$(date -u +%Y%m%dT%H%M%SZ).txt"

# Each node holds a P2P socket per peer link; with --via proxy the supervisor a proxy per directed
# link (64 validators: 4,032 proxies, each a listening socket and two connected ones).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

cleanup() {
  set +e
  if [[ -f "$run/supervisor.json" ]]; then
    java -jar "$jar" down --run-dir "$run" >/dev/null 2>&1
    local pids
    pids="$(python3 -c "import json;s=json.load(open('$run/supervisor.json'));print(s.get('pid',''),*[n.get('pid','') for n in s.get('nodes',{}).values()])" 2>/dev/null)"
    local sup="${pids%% *}"
    [[ -n "$sup" ]] && kill -KILL -- "-$sup" 2>/dev/null
    for p in $pids; do kill -KILL "$p" 2>/dev/null; done
  fi
}
trap cleanup EXIT

cat > "$work/scale.yaml" <<YAML
name: scale-$validators
validators: $validators
accounts: $validators
blockInterval: 500ms
links: {via: $via}
YAML

measure() {
  local started ended
  started="$(date +%s.%N)"
  java -jar "$jar" up "$work/scale.yaml" --run-dir "$run" --no-dashboard --timeout "$timeout" \
    > "$work/up.log" 2>&1 || { cat "$work/up.log" >&2; echo "bench/scale-64.sh: up failed; logs in $run" >&2; exit 1; }
  ended="$(date +%s.%N)"
  python3 - "$run" "$seconds" "$started" "$ended" "$work/up.log" "$validators" <<'PY'
import json, re, sys, time, urllib.request
run, seconds, started, ended, uplog, validators = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], int(sys.argv[6])
s = json.load(open(f"{run}/supervisor.json"))
nodes = {name: n for name, n in s["nodes"].items()}
after = re.search(r"first block committed ([0-9.]+) s after start", open(uplog).read())

def height(rpc):
    req = urllib.request.Request(f"http://{rpc}/", data=json.dumps({"jsonrpc": "2.0", "id": 1, "method": "chain_head"}).encode(), headers={"Content-Type": "application/json"})
    try:
        return json.load(urllib.request.urlopen(req, timeout=5))["result"]["height"]
    except Exception:
        return None

def heights():
    return {name: height(n["rpc"]) for name, n in nodes.items()}

def rss_mb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None

h0 = heights(); t0 = time.time()
time.sleep(seconds)
h1 = heights(); t1 = time.time()
rss = sorted(r for r in (rss_mb(n["pid"]) for n in nodes.values()) if r is not None)
committed = [h1[k] - h0[k] for k in nodes if h0[k] is not None and h1[k] is not None]
committed.sort()
blocks = committed[len(committed) // 2] if committed else 0
print(f"| validators | up → first block (after start) | command → first block | blocks in {seconds} s (median node) | blocks/s | heights now (min / max) | RSS total (node processes) | RSS per node (min / median / max) | supervisor RSS |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
live = [h for h in h1.values() if h is not None]
print(f"| {validators} | {after.group(1) + ' s' if after else '?'} | {float(ended) - float(started):.1f} s | {blocks} | {blocks / (t1 - t0):.2f} | {min(live) if live else '-'} / {max(live) if live else '-'} "
      f"| {sum(rss) / 1024:.2f} GiB ({len(rss)} processes) | {rss[0]:.0f} / {rss[len(rss) // 2]:.0f} / {rss[-1]:.0f} MB | {rss_mb(s['pid']) or 0:.0f} MB |")
PY
}

{
  echo "# links: via $via. $(date -u) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); run in $run"
  flock "$LOCK_FILE" bash -c "$(declare -f measure); $(declare -p jar work run seconds validators timeout); measure"
} | tee "$out"
