#!/usr/bin/env python3
"""The RPC attacker and prober of bench/rpc-attack.sh (see there).

Waits for the nodes of a `ledgerlab run` directory to answer, reads n0's height, then (with
--attack) holds SLOWLORIS connections on every node that send a header line every TRICKLE
seconds and never finish (reconnecting when the node closes one), plus BODIES clients per node
that each send a 50 MB body again and again; meanwhile it calls node_status on n0 back to back and
records each call's latency. After --seconds it stops the attack and reads n0's height again.
Prints one JSON line: latencies (ms), unanswered calls, heights, connections the node closed.
"""
import argparse
import asyncio
import glob
import http.client
import json
import multiprocessing
import os
import re
import statistics
import threading
import time

BODY_BYTES = 50 * 1024 * 1024


def rpc_addresses(run_dir):
    out = {}
    for cfg in sorted(glob.glob(os.path.join(run_dir, "nodes", "*", "config.yaml"))):
        m = re.search(r"^rpc:\s*(\S+):(\d+)\s*$", open(cfg).read(), re.M)
        if m:
            out[os.path.basename(os.path.dirname(cfg))] = (m.group(1), int(m.group(2)))
    return out


def call(conn, method):
    body = json.dumps({"jsonrpc": "2.0", "method": method, "params": {}, "id": 1})
    conn.request("POST", "/", body, {"Content-Type": "application/json"})
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        raise IOError(f"status {r.status}")
    return json.loads(data)["result"]


def height(addr, wait_s):
    deadline = time.time() + wait_s
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection(*addr, timeout=2)
            h = call(c, "node_status")["height"]
            c.close()
            return h
        except Exception:
            time.sleep(0.2)
    return None


def probe(addr, stop, latencies, failures, timeout_s):
    conn = None
    while not stop.is_set():
        if conn is None:
            conn = http.client.HTTPConnection(*addr, timeout=timeout_s)
        t0 = time.perf_counter()
        try:
            call(conn, "node_status")
            latencies.append((time.perf_counter() - t0) * 1000)
        except Exception:
            failures.append((time.perf_counter() - t0) * 1000)
            conn.close()
            conn = None
        time.sleep(0.01)


class Attack:
    def __init__(self, nodes, slowloris, bodies, trickle_s, sources):
        self.nodes, self.slowloris, self.bodies = nodes, slowloris, bodies
        self.trickle_s, self.sources = trickle_s, sources
        self.closed_by_node = 0
        self.refused = 0
        self.held = 0
        self.bodies_sent = 0
        self.body_answers = {}
        # Checked by every loop: a cancellation alone can be swallowed by wait_for (Python 3.11).
        self.stopping = False

    async def slow(self, addr, i):
        src = self.sources[i % len(self.sources)]
        while not self.stopping:
            try:
                r, w = await asyncio.open_connection(*addr, local_addr=(src, 0))
            except OSError:
                self.refused += 1
                await asyncio.sleep(0.5)
                continue
            self.held += 1
            try:
                w.write(b"POST / HTTP/1.1\r\nHost: x\r\n")
                await w.drain()
                n = 0
                while not self.stopping:
                    # Trickle a header line, then check whether the node closed us.
                    try:
                        data = await asyncio.wait_for(r.read(4096), self.trickle_s)
                        if not data:
                            break
                    except asyncio.TimeoutError:
                        pass
                    w.write(b"X-Slow-%d: %d\r\n" % (n, n))
                    await w.drain()
                    n += 1
            except (OSError, ConnectionError):
                pass
            finally:
                self.held -= 1
                self.closed_by_node += 1
                w.close()

    async def body(self, addr, i):
        src = self.sources[(i + 3) % len(self.sources)]
        piece = b"x" * (256 * 1024)
        while not self.stopping:
            try:
                r, w = await asyncio.open_connection(*addr, local_addr=(src, 0))
                w.write(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        b"Content-Length: %d\r\n\r\n" % BODY_BYTES)
                sent = 0
                while sent < BODY_BYTES and not self.stopping:
                    w.write(piece)
                    await w.drain()
                    sent += len(piece)
                self.bodies_sent += 1
                line = await asyncio.wait_for(r.readline(), 10)
                status = line.split(b" ")[1].decode() if line.count(b" ") >= 1 else "none"
                self.body_answers[status] = self.body_answers.get(status, 0) + 1
                w.close()
            except Exception as e:
                key = type(e).__name__
                self.body_answers[key] = self.body_answers.get(key, 0) + 1
            await asyncio.sleep(1)

    async def run(self, stop_event):
        tasks = []
        for addr in self.nodes:
            for i in range(self.slowloris):
                tasks.append(asyncio.create_task(self.slow(addr, i)))
                if i % 100 == 99:
                    await asyncio.sleep(0.05)
            for i in range(self.bodies):
                tasks.append(asyncio.create_task(self.body(addr, i)))
        while not stop_event.is_set():
            await asyncio.sleep(0.2)
        stats = {"heldAtEnd": self.held, "closedByNode": self.closed_by_node,
                 "connectFailures": self.refused, "bodiesSent": self.bodies_sent,
                 "bodyAnswers": self.body_answers}
        self.stopping = True
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return stats


def attack_process(nodes, slowloris, bodies, trickle_s, stop_event, results):
    attack = Attack(nodes, slowloris, bodies, trickle_s, [f"127.0.0.{k}" for k in range(2, 10)])
    results.put(asyncio.run(attack.run(stop_event)))


def pct(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run-dir", required=True)
    ap.add_argument("--run-log", required=True, help="the run's console output")
    ap.add_argument("--attack", action="store_true")
    ap.add_argument("--seconds", type=float, default=25)
    ap.add_argument("--slowloris", type=int, default=1000, help="per node")
    ap.add_argument("--bodies", type=int, default=1, help="50 MB senders per node")
    ap.add_argument("--trickle", type=float, default=2.0)
    ap.add_argument("--timeout", type=float, default=5.0, help="a probe call's timeout")
    a = ap.parse_args()

    deadline = time.time() + 180
    nodes = {}
    while time.time() < deadline and len(nodes) == 0:
        nodes = rpc_addresses(a.run_dir)
        time.sleep(0.2)
    n0 = nodes["n0"]
    # Start with the lab's workload, so the attack covers its measured window (the workload waits
    # for the nodes to answer first: an attack before it would only delay its start).
    while time.time() < deadline and "the load starts" not in open(a.run_log).read():
        time.sleep(0.1)
    # Every node's config is written by now; the first look may have found only some of them.
    nodes = rpc_addresses(a.run_dir)
    before = height(n0, 60)
    stop = threading.Event()
    latencies, failures = [], []
    stats = {}
    # The attack runs in a process of its own: in this one it would hold the interpreter lock the
    # probe needs, and the probe's latencies would be Python's, not the node's.
    attacker = None
    if a.attack:
        loop_stop = multiprocessing.Event()
        results = multiprocessing.Queue()
        attacker = multiprocessing.Process(
            target=attack_process,
            args=(list(nodes.values()), a.slowloris, a.bodies, a.trickle, loop_stop, results))
        attacker.start()
        time.sleep(1.5)  # let the connections open
    t = threading.Thread(target=probe, args=(n0, stop, latencies, failures, a.timeout))
    t.start()
    time.sleep(a.seconds)
    stop.set()
    t.join()
    if attacker:
        loop_stop.set()
        stats = results.get(timeout=60)
        attacker.join(60)
    after = height(n0, 60)
    print(json.dumps({
        "calls": len(latencies), "unanswered": len(failures),
        "p50": pct(latencies, 50), "p99": pct(latencies, 99),
        "max": max(latencies) if latencies else None,
        "heightBefore": before, "heightAfter": after,
        **stats,
    }))


if __name__ == "__main__":
    main()
