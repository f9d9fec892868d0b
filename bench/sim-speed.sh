#!/usr/bin/env bash
# Simulated seconds per wall second of `ledgerlab sim` for 4, 16 and 64 validators, nearly idle
# (1 tx/s: every run of the pipeline has a load) and with 100 tx/s, plus seeds per hour for a 4-validator, 10-simulated-minute scenario with one
# Byzantine validator and every fault kind. Prints a table. Every row runs with real Ed25519
# signatures (verification results memoized across the simulated nodes); the two goal rows (4
# validators at 100 tx/s, 64 nearly idle) run again with the simulator's own scheme
# (--signatures simulated: a keyed hash per identity, see docs/manifest.md), each beside its
# real-crypto figure.
#
# Usage: bench/sim-speed.sh            (about 12 minutes on 2 cores)
#        ROWS=goals bench/sim-speed.sh (only the goal rows, both schemes; no seeds-per-hour line)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
flock "$LOCK_FILE" mvn -B -q -pl cli -am package -Dmaven.test.skip=true
jar=cli/target/ledgerlab.jar

speed() { # validators rate duration seeds signatures
  flock "$LOCK_FILE" java -jar "$jar" sim --validators "$1" --rate "$2" --duration "$3" --seeds "$4" \
    --signatures "$5" |
    sed -n 's/.*simulated s in \([0-9.]*\) wall s (\([0-9]*\)x real time).*/\1 \2/p'
}

row() { # validators rate signatures
  local d
  case $1 in 4) d=10m ;; 16) d=2m ;; 64) d=30s ;; esac
  read -r wall x < <(speed "$1" "$2" "$d" 1..2 "$3")
  printf '%-11s %-9s %-10s %-8s %-11s %10s %12s\n' "$1" "$2" "$d" 1..2 "$3" "$wall" "${x}x"
}

printf '%-11s %-9s %-10s %-8s %-11s %10s %12s\n' validators "tx/s" duration seeds signatures \
  "wall s" "sim/wall"
if [ "${ROWS:-all}" = goals ]; then
  for scheme in ed25519 simulated; do row 4 100 "$scheme"; done
  for scheme in ed25519 simulated; do row 64 1 "$scheme"; done
  exit 0
fi
for v in 4 16 64; do
  for rate in 1 100; do
    row "$v" "$rate" ed25519
  done
done
row 4 100 simulated
row 64 1 simulated

start=$(date +%s.%N)
flock "$LOCK_FILE" java -jar "$jar" sim --validators 4 --byzantine 1 --faults all --duration 10m --seeds 1..3 | tail -1
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'seeds per hour (4 validators, 1 byzantine, all faults, 100 tx/s, 10 simulated minutes): {3*3600/s:.0f}')" "$start" "$end"
