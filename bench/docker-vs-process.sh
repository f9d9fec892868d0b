#!/usr/bin/env bash
# The docker engine beside the process engine, in the same script run: time from `ledgerlab up`
# to the first committed block for 4 and 16 validators (the image is built before the first
# timed run and reused, as a user's second `up` finds it), and each node's memory idle after
# 10 s (process: resident set of the node's JVM; docker: the container's cgroup memory). Prints a
# Markdown table. The highest committed rate with p99 <= 1 s on each engine is
# ENGINE=docker bench/max-tps.sh beside bench/max-tps.sh.
#
# Usage: bench/docker-vs-process.sh [repeats]     default: 3
#
# Takes the Maven lock ($LOCK_FILE, default /tmp/mvn.lock): the figures mean nothing while another
# build shares the two cores. SKIP_BUILD=1 reuses the CLI jar. Needs a running dockerd.
set -euo pipefail
LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
repeats="${1:-3}"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  flock "$LOCK_FILE" mvn -B -q -pl cli -am package -Dmaven.test.skip=true
fi
jar="$root/cli/target/ledgerlab.jar"
work="$(mktemp -d /tmp/ledgerlab-docker-vs-process.XXXXXX)"
mkdir -p bench/results
out="bench/results/docker-vs-process-$(date -u +%Y%m%dT%H%M%SZ).txt"
exec 9>"$LOCK_FILE"
flock 9
# Whatever happens, no run of this script stays up.
trap 'for r in "$work"/*/; do java -jar "$jar" down --run-dir "$r" >/dev/null 2>&1 || true; done' EXIT

rss_mb() { # the summed resident memory of the node processes of a process run, per node
  python3 - "$1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1] + "/supervisor.json"))
mb = []
nodes = s["nodes"]
for n in (nodes.values() if isinstance(nodes, dict) else nodes):
    pid = n.get("pid")
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                mb.append(int(line.split()[1]) / 1024)
    except Exception:
        pass
print(f"{sum(mb)/max(1,len(mb)):.0f}")
PY
}

cgroup_mb() { # the mean memory of a docker run's containers, from their cgroups
  local total=0 count=0
  for id in $(docker ps -q --filter "label=io.ledgerlab.run=$1"); do
    local bytes
    bytes="$(docker stats --no-stream --format '{{.MemUsage}}' "$id" | awk '{print $1}')"
    total="$(python3 -c "
import re,sys
v='$bytes'; m=re.match(r'([0-9.]+)([KMG]i?B)',v); n=float(m.group(1)); u=m.group(2)
f={'KiB':1/1024,'MiB':1,'GiB':1024,'kB':1/1000,'MB':1,'GB':1000}[u]
print($total + n*f)")"
    count=$((count + 1))
  done
  python3 -c "print(f'{$total/max(1,$count):.0f}')"
}

{
  echo "# $(date -u) on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), $(docker version --format 'Docker {{.Server.Version}}')"
  echo "| engine | validators | up → first block (s), each run | median | memory per node, idle |"
  echo "|---|---:|---|---:|---:|"
} | tee "$out"

for n in 4 16; do
  printf 'name: bench-%s\nvalidators: %s\naccounts: 100\nblockInterval: 200ms\n' "$n" "$n" > "$work/v$n.yaml"
done
# The image is built once per content; build it before the timed runs.
java -jar "$jar" up "$work/v4.yaml" --engine docker --run-dir "$work/warm" > "$work/warm.log" 2>&1
java -jar "$jar" down --run-dir "$work/warm" > /dev/null

for engine in process docker; do
  for n in 4 16; do
    times=()
    mem="-"
    for r in $(seq 1 "$repeats"); do
      run="$work/$engine-$n-$r"
      log="$work/$engine-$n-$r.log"
      if java -jar "$jar" up "$work/v$n.yaml" --engine "$engine" --run-dir "$run" --timeout 120s > "$log" 2>&1; then
        times+=("$(sed -n 's/.*first block committed \([0-9.]*\) s after start.*/\1/p' "$log")")
        if [[ "$r" == "$repeats" ]]; then
          sleep 10
          if [[ "$engine" == process ]]; then
            mem="$(rss_mb "$run" || echo '?') MB"
          else
            mem="$(cgroup_mb "$run" || echo '?') MB"
          fi
        fi
      else
        times+=("failed")
      fi
      java -jar "$jar" down --run-dir "$run" > /dev/null 2>&1 || true
    done
    median="$(printf '%s\n' "${times[@]}" | grep -v failed | sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "-")}')"
    echo "| $engine | $n | ${times[*]} | $median | $mem |" | tee -a "$out"
  done
done
echo "runs in $work; table in $out"
