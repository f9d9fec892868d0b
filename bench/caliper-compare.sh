#!/usr/bin/env bash
# Ledgerlab's generator against Hyperledger Caliper 0.6 (its Ethereum connector), each driving its
# own fresh anvil at the same fixed rates: the rate each sustained, the share of transactions that
# failed or stayed unknown, and the CPU each generator used (the node's own CPU is not counted).
# Caliper calls Counter.bump() from one account and waits for each receipt, as its connector does;
# Ledgerlab sends ERC-20 transfers of its token from 1,000 accounts, signed ahead. anvil mines a
# block a second (--block-time 1) so that the node is not what limits either.
# Needs: npm ci --prefix tools/ethereum; npm ci --prefix bench/caliper.
#
# Usage: bench/caliper-compare.sh [rates...]      (default 200 400 800 1600; ~8 minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rates=("$@")
[[ ${#rates[@]} -eq 0 ]] && rates=(200 400 800 1600)
anvil="$root/tools/ethereum/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
solc="$root/tools/ethereum/node_modules/.bin/solcjs"
caliper="$root/bench/caliper/node_modules/.bin/caliper"
for f in "$anvil" "$solc" "$caliper"; do
  [[ -x "$f" ]] || { echo "missing $f: npm ci --prefix tools/ethereum; npm ci --prefix bench/caliper" >&2; exit 2; }
done
LOCK_FILE="${LOCK_FILE:-/tmp/mvn.lock}"
flock "$LOCK_FILE" mvn -B -q -pl cli -am package -Dmaven.test.skip=true
jar="$root/cli/target/ledgerlab.jar"
work="$(mktemp -d)"
anvil_pid=""
cleanup() { [[ -n "$anvil_pid" ]] && kill "$anvil_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port=18650
duration=15

# Caliper's workspace: the contract compiled here, the connector's config, the workload module.
ws="$work/caliper"
mkdir -p "$ws"
cp bench/caliper/Counter.sol bench/caliper/bump.js "$ws/"
(cd "$ws" && "$solc" --bin --abi --optimize -o out Counter.sol >/dev/null)
python3 - "$ws" <<'PY'
import json, sys
ws = sys.argv[1]
abi = json.load(open(f"{ws}/out/Counter_sol_Counter.abi"))
code = open(f"{ws}/out/Counter_sol_Counter.bin").read().strip()
json.dump({"name": "Counter", "abi": abi, "bytecode": "0x" + code, "gas": 300000},
          open(f"{ws}/Counter.json", "w"))
PY
# anvil's first two well-known dev accounts (its default mnemonic): one deploys, one sends.
cat > "$ws/network.json" <<JSON
{"caliper": {"blockchain": "ethereum", "command": {}},
 "ethereum": {"url": "ws://127.0.0.1:$port", "chainId": 31337, "gasPrice": 100000000000,
  "contractDeployerAddress": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  "contractDeployerAddressPrivateKey": "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "fromAddress": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "fromAddressPrivateKey": "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "transactionConfirmationBlocks": 1,
  "contracts": {"Counter": {"path": "./Counter.json", "gas": {"bump": 60000}}}}}
JSON

# The CPU seconds (user + system) of a process and all its descendants but anvil, sampled until
# the process ends: a process that exits between samples keeps its last sample.
cpu_of_tree() { # pid
  declare -A last=()
  while kill -0 "$1" 2>/dev/null; do
    local pids=("$1") i=0
    while [[ $i -lt ${#pids[@]} ]]; do
      for c in $(cat /proc/"${pids[$i]}"/task/*/children 2>/dev/null); do pids+=("$c"); done
      i=$((i + 1))
    done
    for p in "${pids[@]}"; do
      [[ "$(cat /proc/"$p"/comm 2>/dev/null)" == anvil ]] && continue
      local t
      t=$(awk '{print $14 + $15}' /proc/"$p"/stat 2>/dev/null) && last[$p]=$t
    done
    sleep 0.2
  done
  local sum=0
  for p in "${!last[@]}"; do sum=$((sum + last[$p])); done
  python3 -c "print('%.1f' % ($sum / $(getconf CLK_TCK)))"
}

caliper_run() { # rate -> "sent_tps fail_pct cpu_s succ"
  "$anvil" --port "$port" --block-time 1 > "$work/anvil-caliper-$1.out" 2>&1 &
  anvil_pid=$!
  sleep 2
  cat > "$ws/bench.yaml" <<YAML
test:
  name: bump
  workers: {number: 1}
  rounds:
    - label: bump
      txDuration: $duration
      rateControl: {type: fixed-rate, opts: {tps: $1}}
      workload: {module: bump.js}
YAML
  # The workload module sits in a temporary workspace: it finds caliper-core through NODE_PATH.
  (cd "$ws" && NODE_PATH="$root/bench/caliper/node_modules" timeout 300 "$caliper" launch manager \
    --caliper-workspace . --caliper-networkconfig network.json --caliper-benchconfig bench.yaml \
    --caliper-flow-skip-start --caliper-flow-skip-end > "$work/caliper-$1.log" 2>&1) &
  local pid=$!
  cpu_of_tree "$pid" > "$work/time"
  wait "$pid" || true
  kill "$anvil_pid"; wait "$anvil_pid" 2>/dev/null || true; anvil_pid=""
  python3 - "$work/caliper-$1.log" "$work/time" <<'PY'
import re, sys
row = [l for l in open(sys.argv[1]) if l.startswith("| bump")]
cpu = float(open(sys.argv[2]).read().split()[-1])
if not row:
    print("0 100 %.1f 0" % cpu); sys.exit()
c = [x.strip() for x in row[-1].split("|")[1:-1]]
succ, fail, send = int(c[1]), int(c[2]), float(c[3])
print("%.0f %.1f %.1f %d" % (send, 100.0 * fail / max(1, succ + fail), cpu, succ))
PY
}

ledgerlab_run() { # rate -> "sent_tps fail_pct cpu_s committed"
  cat > "$work/s.yaml" <<YAML
name: gen
engine: process
seed: 1
network:
  name: gen
  target: ethereum
  targetOptions: {transfers: erc20}
  validators: 1
  accounts: 1000
  balance: 1000
  launch:
    command: $anvil --host 127.0.0.1 --port {rpcPort} --chain-id {chainId} --mnemonic {mnemonic} --accounts {accounts} --balance {balance} --block-time 1
workload:
  kind: transfer
  rate: $1/s
  duration: ${duration}s
  warmup: 2s
checks:
  liveness: 10s
  quiet: 2s
YAML
  java -jar "$jar" run "$work/s.yaml" --run-dir "$work/run-$1" > "$work/ledgerlab-$1.log" 2>&1 &
  local jvm=$! cpu
  cpu=$(cpu_of_tree "$jvm")
  wait "$jvm" || true
  python3 - "$work/run-$1/summary.json" "$cpu" "$duration" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["stats"]
cpu = float(sys.argv[2])
bad = s["rejected"] + s["unknown"]
print("%.0f %.1f %.1f %d" % (s["submitted"] / float(sys.argv[3]), 100.0 * bad / max(1, s["submitted"]),
                             cpu, s["committed"]))
PY
}

printf '%-10s %7s %10s %8s %12s %10s %14s\n' generator "tx/s" "sent tx/s" "fail %" "committed" "CPU s" "CPU ms per tx"
for rate in "${rates[@]}"; do
  for gen in caliper ledgerlab; do
    read -r sent fail cpu done < <("${gen}_run" "$rate")
    per=$(python3 -c "print('%.2f' % (1000 * $cpu / max(1, $done)))")
    printf '%-10s %7s %10s %8s %12s %10s %14s\n' "$gen" "$rate" "$sent" "$fail" "$done" "$cpu" "$per"
  done
done
