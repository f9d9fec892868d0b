#!/usr/bin/env python3
"""Where a node's CPU went: aggregates the execution samples of JFR recordings by cost.

Usage: bench/jfr-top.py [--frames N] recording.jfr... [--committed TXS]

Each sample (jdk.ExecutionSample, read with `jfr print`) is charged to one cost: the innermost
frame that names a known cost wins (so SHA-256 inside the trie is the trie's, and Ed25519's own
SHA-512 is the signature's). Samples no rule names are "other" and their top frames are listed, so
a new hot spot shows up rather than hiding in a bucket. With --committed, the share of each cost
is also given in microseconds of sampled CPU per committed transaction, from the sampling period
of the recordings (JFR's profile settings sample Java code every 10 ms per running thread).
"""
import collections
import re
import subprocess
import sys

# (cost, pattern on a frame "package.Class.method"), innermost match wins. Order matters only
# when several patterns match the same frame.
RULES = [
    ("signature verify (Ed25519)", r"org\.bouncycastle\.math\.ec\.rfc8032|BouncyCastleEd25519\.verify|JdkEd25519"),
    ("signature sign (Ed25519)", r"KeyPair\.sign"),
    ("trie / state root", r"io\.ledgerlab\.ledger\.state\.(MerkleTrie|TrieNodes|TriePosition)"),
    ("state store / writes", r"io\.ledgerlab\.ledger\.state\.|io\.ledgerlab\.ledger\.store\."),
    ("RocksDB commit + fsync", r"org\.rocksdb\.|io\.ledgerlab\.runtime\.disk\."),
    ("block execution (rules, chain code)", r"io\.ledgerlab\.ledger\.(exec|chaincode)\."),
    ("mempool", r"io\.ledgerlab\.ledger\.mempool\."),
    ("tx decode / hash", r"io\.ledgerlab\.ledger\.tx\.(Transaction|TransactionCodec)\.|io\.ledgerlab\.ledger\.codec\."),
    ("block / vote / proposal (encode, hash, verify)", r"io\.ledgerlab\.ledger\.block\."),
    ("consensus messages", r"io\.ledgerlab\.ledger\.consensus\.|io\.ledgerlab\.node\.p2p\."),
    ("RPC JSON (Jackson)", r"com\.fasterxml\.jackson\."),
    ("RPC methods / HTTP server", r"io\.ledgerlab\.node\.rpc\.|sun\.net\.httpserver\.|com\.sun\.net\.httpserver\."),
    ("network I/O (Netty, sockets)", r"io\.netty\.|sun\.nio\.ch\.|java\.net\."),
    ("logs and metrics", r"io\.ledgerlab\.observe\.|io\.ledgerlab\.node\.metrics\.|io\.ledgerlab\.node\.MetricsTap|io\.ledgerlab\.runtime\.log\."),
    ("event loop hand-over", r"io\.ledgerlab\.runtime\.real\.EventLoop|java\.util\.concurrent\."),
    ("load generator and lab", r"io\.ledgerlab\.lab\."),
]
COMPILED = [(name, re.compile(p)) for name, p in RULES]
FRAME = re.compile(r"^\s+([\w$.<>/]+)\(")


def samples(path):
    out = subprocess.run(
        ["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
        check=True, capture_output=True, text=True).stdout
    stack, thread, inside = [], None, False
    for line in out.splitlines():
        if line.startswith("jdk.ExecutionSample"):
            stack, thread, inside = [], None, False
        elif "sampledThread" in line:
            m = re.search(r'"([^"]*)"', line)
            thread = m.group(1) if m else "?"
        elif "stackTrace = [" in line:
            inside = True
        elif inside and line.strip() == "]":
            inside = False
            yield thread, stack
        elif inside:
            m = FRAME.match(line)
            if m:
                stack.append(m.group(1))


def charge(stack):
    for frame in stack:
        for name, pattern in COMPILED:
            if pattern.search(frame):
                return name
    return None


def main(argv):
    frames, committed, paths = 8, None, []
    i = 0
    while i < len(argv):
        if argv[i] == "--frames":
            frames = int(argv[i + 1]); i += 2
        elif argv[i] == "--committed":
            committed = int(argv[i + 1]); i += 2
        else:
            paths.append(argv[i]); i += 1
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    costs, others, threads = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for p in paths:
        for thread, stack in samples(p):
            total += 1
            threads[re.sub(r"[-#]?\d+$", "", thread or "?")] += 1
            cost = charge(stack)
            if cost is None:
                cost = "other"
                others[stack[0] if stack else "?"] += 1
            costs[cost] += 1
    if total == 0:
        print("no execution samples in " + ", ".join(paths))
        return 1
    head = "| cost | samples | share |" + (" µs/tx (sampled) |" if committed else "")
    print(f"# {total} execution samples from {len(paths)} recording(s)")
    print(head)
    print("|---|---:|---:|" + ("---:|" if committed else ""))
    for cost, n in costs.most_common():
        row = f"| {cost} | {n} | {100.0 * n / total:.1f}% |"
        if committed:
            # 10 ms per sample (JFR profile settings for Java code).
            row += f" {n * 10_000 / committed:.1f} |"
        print(row)
    print()
    print("| thread | samples |")
    print("|---|---:|")
    for t, n in threads.most_common(8):
        print(f"| {t} | {n} |")
    if others:
        print()
        print(f"top frames of 'other' ({costs['other']} samples):")
        for f, n in others.most_common(frames):
            print(f"  {n:6d}  {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
