package io.ledgerlab.lab.load;

import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a workload against a cluster: open loop on a {@link RateShape}, or closed loop with N
 * clients. Each operation is recorded in the history (invoke, then ok when a block holds it, fail
 * when a node rejects it, or unknown when the run ends first) and its latency is measured from the
 * intended send time, per phase: accepted (the node's answer) and committed (the block).
 *
 * <p>Each account is served by one node, so that its nonces arrive in order; when that node does
 * not answer, the account moves to the next node and re-reads its nonce there. Senders take every
 * operation that is due at once, up to {@code batchMax}, and submit them as one JSON-RPC batch per
 * node, so the generator keeps up at rates where one request per transaction would not.
 */
public final class LoadGenerator {
  /**
   * How to drive the load.
   *
   * @param shape when operations are due; null for a closed loop
   * @param clients sender threads (open loop), or clients each with one operation in flight
   * @param batchMax the most operations one request may carry
   */
  public record Config(RateShape shape, int clients, long durationNanos, int batchMax) {
    public Config {
      if (clients < 1 || clients > 256 || batchMax < 1 || batchMax > 100 || durationNanos <= 0) {
        throw new IllegalArgumentException(
            "a load needs 1..256 clients, a batch of 1..100 and a positive duration");
      }
    }
  }

  private static final long CLOSED_LOOP_WAIT_NANOS = 10_000_000_000L;
  private static final long LINGER_NANOS = 1_000_000;

  /** The most operations signed ahead of the load; beyond it, they are signed as they go. */
  private static final int PRESIGNED_MAX = 2_000_000;

  private final Workload workload;
  private final Cluster cluster;
  private final Accounts accounts;
  private final History history;
  private final LoadRecorder recorder;
  private final Config config;
  private final long runStartNanos;
  private final Map<Hash, Long> inFlight = new ConcurrentHashMap<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private RateShape.Schedule schedule;
  private Op[] ops;
  private Accounts.Draft[] drafts;
  private Transaction[] presigned;
  private long nextIndex;

  /** The next offset drawn from the schedule but not yet taken, or -1. */
  private long peeked = -1;

  private long loadStartNanos;

  /**
   * @param runStartNanos the run's time zero ({@link System#nanoTime()}), for per-second buckets
   */
  public LoadGenerator(
      Workload workload,
      Cluster cluster,
      List<KeyPair> keys,
      String chainId,
      History history,
      LoadRecorder recorder,
      Config config,
      long runStartNanos) {
    this.workload = workload;
    this.cluster = cluster;
    this.accounts = new Accounts(keys, chainId, cluster);
    this.history = history;
    this.recorder = recorder;
    this.config = config;
    this.runStartNanos = runStartNanos;
  }

  /**
   * Draws and signs every operation of an open-loop load before it starts, on every core, so that
   * signing never holds the generator back. Optional; without it operations are signed as sent.
   */
  public void presign() throws InterruptedException {
    if (config.shape() == null) {
      return;
    }
    RateShape.Schedule count = config.shape().schedule();
    int n = 0;
    while (n < PRESIGNED_MAX && count.nextOffsetNanos() < config.durationNanos()) {
      n++;
    }
    ops = new Op[n];
    drafts = new Accounts.Draft[n];
    presigned = new Transaction[n];
    for (int i = 0; i < n; i++) {
      ops[i] = workload.next(i);
      if (ops[i] instanceof Op.Tx tx) {
        drafts[i] = accounts.draft(tx.sender(), tx.payload());
      }
    }
    int threads = Runtime.getRuntime().availableProcessors();
    List<Thread> signers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      Thread signer =
          new Thread(
              () -> {
                for (int i = first; i < drafts.length; i += threads) {
                  if (drafts[i] != null) {
                    presigned[i] = accounts.signDraft(drafts[i]);
                  }
                }
              },
              "presign-" + t);
      signers.add(signer);
      signer.start();
    }
    for (Thread signer : signers) {
      signer.join();
    }
  }

  /** Runs the load for its duration; returns when every sender has stopped. */
  public void run() throws InterruptedException {
    loadStartNanos = System.nanoTime();
    schedule = config.shape() == null ? null : config.shape().schedule();
    List<Thread> senders = new ArrayList<>();
    for (int i = 0; i < config.clients(); i++) {
      Runnable body = config.shape() == null ? this::closedLoopClient : this::openLoopSender;
      Thread t = new Thread(body, "load-" + i);
      t.setDaemon(true);
      senders.add(t);
      t.start();
    }
    for (Thread t : senders) {
      t.join(config.durationNanos() / 1_000_000 + 60_000);
    }
    stopped.set(true);
    senders.forEach(Thread::interrupt);
  }

  /** Marks a transaction committed, seen in a block at {@code seenNanos}; called by a follower. */
  public void committed(Hash tx, long seenNanos, String where) {
    Long intended = inFlight.remove(tx);
    if (intended == null) {
      return;
    }
    recorder.committed(second(seenNanos), (seenNanos - intended) / 1_000);
    synchronized (history) {
      if (history.isOpen(tx)) {
        history.complete(micros(seenNanos), "lab", History.Type.OK, tx, where);
      }
    }
  }

  /** Transactions accepted and not yet seen in a block. */
  public int inFlight() {
    return inFlight.size();
  }

  // ---- Open loop ------------------------------------------------------------------------------

  /** A due operation: its index and intended send time. */
  private record Due(long index, long intendedNanos, Op op) {}

  private void openLoopSender() {
    List<Due> batch = new ArrayList<>(config.batchMax());
    while (!stopped.get()) {
      batch.clear();
      if (!takeDue(batch)) {
        return;
      }
      send(batch);
    }
  }

  /** Waits for the next operation to fall due and takes it with every other one due by then. */
  private boolean takeDue(List<Due> batch) {
    Due first;
    synchronized (this) {
      first = nextDue();
    }
    if (first == null) {
      return false;
    }
    // Linger a moment past the first operation's time so that a fast load fills its batch; the
    // wait counts in that operation's latency, which is measured from its intended time.
    sleepUntil(first.intendedNanos() + LINGER_NANOS);
    batch.add(first);
    synchronized (this) {
      while (batch.size() < config.batchMax()) {
        long peek = loadStartNanos + peekOffset();
        if (peek > System.nanoTime() || peek - loadStartNanos >= config.durationNanos()) {
          break;
        }
        Due d = nextDue();
        if (d == null) {
          break;
        }
        batch.add(d);
      }
    }
    return true;
  }

  private long peekOffset() {
    if (peeked < 0) {
      peeked = schedule.nextOffsetNanos();
    }
    return peeked;
  }

  private Due nextDue() {
    long offset = peekOffset();
    peeked = -1;
    if (offset >= config.durationNanos()) {
      return null;
    }
    long index = nextIndex++;
    Op op = ops != null && index < ops.length ? ops[(int) index] : workload.next(index);
    return new Due(index, loadStartNanos + offset, op);
  }

  private void send(List<Due> due) {
    Map<Integer, List<Due>> byNode = new HashMap<>();
    Map<Integer, List<Transaction>> txsByNode = new HashMap<>();
    for (Due d : due) {
      recorder.submitted(second(d.intendedNanos()));
      if (d.op() instanceof Op.Query q) {
        read(d, q);
        continue;
      }
      Op.Tx op = (Op.Tx) d.op();
      int i = (int) d.index();
      Accounts.Signed signed =
          drafts != null && d.index() < drafts.length && drafts[i] != null
              ? accounts.current(drafts[i], presigned[i])
              : accounts.sign(op.sender(), op.payload());
      byNode.computeIfAbsent(signed.node(), n -> new ArrayList<>()).add(d);
      txsByNode.computeIfAbsent(signed.node(), n -> new ArrayList<>()).add(signed.tx());
    }
    for (Map.Entry<Integer, List<Transaction>> e : txsByNode.entrySet()) {
      submit(e.getKey(), byNode.get(e.getKey()), e.getValue());
    }
  }

  private void submit(int node, List<Due> due, List<Transaction> txs) {
    NodeClient client = cluster.client(node);
    for (int i = 0; i < txs.size(); i++) {
      synchronized (history) {
        history.invoke(micros(due.get(i).intendedNanos()), client.node(), txs.get(i).hash());
      }
      inFlight.put(txs.get(i).hash(), due.get(i).intendedNanos());
    }
    List<NodeClient.Submitted> answers;
    try {
      answers = client.submitAll(txs);
    } catch (RpcException e) {
      cluster.markDown(node);
      for (int i = 0; i < txs.size(); i++) {
        accounts.resync(((Op.Tx) due.get(i).op()).sender());
        // The node may have admitted it before it stopped answering: the outcome is unknown
        // until a block shows it, so it stays in flight.
      }
      return;
    }
    long now = System.nanoTime();
    for (int i = 0; i < txs.size(); i++) {
      NodeClient.Submitted a = answers.get(i);
      Hash hash = txs.get(i).hash();
      if (a.accepted()) {
        recorder.accepted(second(now), (now - due.get(i).intendedNanos()) / 1_000);
      } else {
        recorder.rejected();
        inFlight.remove(hash);
        accounts.resync(((Op.Tx) due.get(i).op()).sender());
        synchronized (history) {
          if (history.isOpen(hash)) {
            history.complete(
                micros(now),
                client.node(),
                History.Type.FAIL,
                hash,
                a.reason() + ": " + a.detail());
          }
        }
      }
    }
  }

  private void read(Due d, Op.Query q) {
    int node = cluster.route((int) (d.index() % cluster.size()));
    try {
      cluster.client(node).query(q.chainCode(), q.method(), q.args());
      long now = System.nanoTime();
      recorder.read(second(now), (now - d.intendedNanos()) / 1_000);
    } catch (RpcException e) {
      cluster.markDown(node);
    }
  }

  // ---- Closed loop ----------------------------------------------------------------------------

  private void closedLoopClient() {
    long end = loadStartNanos + config.durationNanos();
    while (!stopped.get() && System.nanoTime() < end) {
      Due d;
      synchronized (this) {
        long index = nextIndex++;
        d = new Due(index, System.nanoTime(), workload.next(index));
      }
      send(List.of(d));
      if (d.op() instanceof Op.Tx) {
        awaitSettled(d.intendedNanos());
      }
    }
  }

  /** Waits until this client's last transaction left the in-flight set, or a bound passes. */
  private void awaitSettled(long sentNanos) {
    long deadline = sentNanos + CLOSED_LOOP_WAIT_NANOS;
    while (!stopped.get() && System.nanoTime() < deadline && inFlight.containsValue(sentNanos)) {
      LockSupport.parkNanos(2_000_000);
    }
  }

  // ---- Time -----------------------------------------------------------------------------------

  private void sleepUntil(long nanos) {
    long wait;
    while ((wait = nanos - System.nanoTime()) > 0 && !stopped.get()) {
      LockSupport.parkNanos(Math.min(wait, 50_000_000));
    }
  }

  private int second(long nanos) {
    return (int) ((nanos - runStartNanos) / 1_000_000_000L);
  }

  private long micros(long nanos) {
    return (nanos - runStartNanos) / 1_000;
  }
}
