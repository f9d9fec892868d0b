#!/usr/bin/env bash
# The highest rate each node commits in full — every submitted transfer committed, none rejected
# or unknown — with a committed p99 of at most 1 s: the same Ledgerlab generator, in the same run,
# against anvil, Hardhat's node, ganache and a single reference validator. Each rate is one `ledgerlab run`
# (15 s of load after 3 s of warm-up, no faults); a node's climb stops at its first failed rate.
# Needs the nodes of tools/ethereum (npm ci --prefix tools/ethereum); installs ganache, which
# only this benchmark uses, into bench/ganache from its lockfile.
#
# Usage: [NODES="anvil ganache"] bench/ethereum-rates.sh [rates...]
#        (default: every node, rates 50 100 200 400 800 1600 3200; ~12 minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rates=("${@:-}")
[[ -z "${rates[0]}" ]] && rates=(50 100 200 400 800 1600 3200)
LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
flock "$LOCK_FILE" mvn -B -q -pl cli -am package -Dmaven.test.skip=true
jar="$root/cli/target/ledgerlab.jar"
tools="$root/tools/ethereum"
[[ -x "$tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil" ]] ||
  { echo "anvil is missing: npm ci --prefix tools/ethereum" >&2; exit 2; }
npm ci --prefix "$root/bench/ganache" --no-audit --no-fund --loglevel=error
work="$(mktemp -d)"
trap '[[ -n "${KEEP:-}" ]] || rm -rf "$work"' EXIT

network() { # node
  case "$1" in
    anvil) cat <<YAML
  target: ethereum
  validators: 1
  accounts: 1000
  balance: 1000
  launch:
    command: >-
      $tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil --host 127.0.0.1
      --port {rpcPort} --chain-id {chainId} --mnemonic {mnemonic} --accounts {accounts}
      --balance {balance} --block-time 1 --mixed-mining
YAML
    ;;
    hardhat) cat <<YAML
  target: ethereum
  validators: 1
  accounts: 1000
  balance: 1000
  launch:
    command: $tools/hardhat-node --hostname 127.0.0.1 --port {rpcPort}
YAML
    ;;
    ganache) cat <<YAML
  target: ethereum
  validators: 1
  accounts: 1000
  balance: 1000
  launch:
    command: >-
      $root/bench/ganache/node_modules/.bin/ganache --server.host 127.0.0.1
      --server.port {rpcPort} --chain.chainId {chainId} --wallet.mnemonic {mnemonic}
      --wallet.totalAccounts {accounts} --wallet.defaultBalance {balance} --miner.blockTime 0.25
      --logging.quiet
YAML
    ;;
    reference) cat <<YAML
  validators: 1
  accounts: 1000
  blockInterval: 50ms
YAML
    ;;
  esac
}

run() { # node rate -> "committed submitted p99 cpu%"
  local dir="$work/$1-$2"
  cat > "$work/s.yaml" <<YAML
name: rate
engine: process
seed: 1
network:
  name: rate
$(network "$1")
workload:
  kind: transfer
  rate: $2/s
  duration: 15s
  warmup: 3s
checks:
  liveness: 10s
  quiet: 2s
YAML
  java -jar "$jar" run "$work/s.yaml" --run-dir "$dir" > "$dir.log" 2>&1 || true
  python3 - "$dir/summary.json" <<'PY'
import json, sys
try:
    s = json.load(open(sys.argv[1]))["stats"]
except (OSError, KeyError, ValueError):
    print("0 0 0 0 0 0"); sys.exit()
c = s["latencyMillis"]["committed"]
print(s["submitted"], s["committed"], s["rejected"], s["unknown"], round(c.get("p99", 0)),
      round(s["throughputPerSecond"]))
PY
}

printf '%-10s %8s %10s %10s %9s %9s %9s %10s\n' node "tx/s" submitted committed rejected unknown \
  "p99 ms" "commit/s"
nodes=(${NODES:-anvil hardhat ganache reference})
declare -A best
for node in "${nodes[@]}"; do
  best[$node]=none
  for rate in "${rates[@]}"; do
    read -r sub com rej unk p99 tps < <(run "$node" "$rate")
    printf '%-10s %8s %10s %10s %9s %9s %9s %10s\n' "$node" "$rate" "$sub" "$com" "$rej" "$unk" \
      "$p99" "$tps"
    if [[ "$sub" -gt 0 && "$com" -eq "$sub" && "$p99" -le 1000 ]]; then
      best[$node]=$rate
    else
      break
    fi
  done
done
echo
printf '%-10s %s\n' node "highest rate committed in full with p99 <= 1 s (tx/s)"
for node in "${nodes[@]}"; do printf '%-10s %s\n' "$node" "${best[$node]}"; done
