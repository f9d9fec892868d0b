package io.ledgerlab.lab.load;

import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.Op;
import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.lab.target.Submitted;
import io.ledgerlab.lab.target.Wallet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a workload against a cluster, on the run's {@link Timeline}: open loop on a {@link
 * RateShape}, or closed loop with N clients. The same code drives every engine; in the simulator it
 * runs on virtual time. Each operation is recorded in the history (invoke, then ok when a block
 * holds it, fail when a node rejects it, or unknown when the run ends first) and its latency is
 * measured from the intended send time, per phase: accepted (the node's answer) and committed (the
 * block).
 *
 * <p>Open loop: each of the {@code clients} senders claims the next operation, waits for its
 * intended time (plus a millisecond, so a fast load fills its batch), takes every other operation
 * due by then up to {@code batchMax}, and submits them as one request per node. Closed loop: each
 * client sends one operation and waits until a block holds it (or a bound passes) before the next.
 */
public final class LoadGenerator {
  /**
   * How to drive the load.
   *
   * @param shape when operations are due; null for a closed loop
   * @param clients senders (open loop), or clients each with one operation in flight
   * @param batchMax the most operations one request may carry
   */
  public record Config(RateShape shape, int clients, long durationMicros, int batchMax) {
    public Config {
      if (clients < 1 || clients > 256 || batchMax < 1 || batchMax > 100 || durationMicros <= 0) {
        throw new IllegalArgumentException(
            "a load needs 1..256 clients, a batch of 1..100 and a positive duration");
      }
    }
  }

  private static final long CLOSED_LOOP_WAIT_MICROS = 10_000_000L;
  private static final long LINGER_MICROS = 1_000;

  /** The most operations signed ahead of the load; beyond it, they are signed as they go. */
  private static final int PRESIGNED_MAX = 2_000_000;

  private final Workload workload;
  private final Cluster cluster;
  private final Wallet wallet;
  private final History history;
  private final LoadRecorder recorder;
  private final Config config;
  private final Timeline timeline;
  private final Map<String, Long> inFlight = new HashMap<>();
  private final Map<String, Integer> awaitedBy = new HashMap<>();
  private RateShape.Schedule schedule;
  private Op[] ops;
  private Wallet.Draft[] drafts;
  private SignedTx[] presigned;
  private long nextIndex;
  private long peeked = -1;
  private long startMicros;
  private int busy;
  private volatile boolean stopped;

  public LoadGenerator(
      Workload workload,
      Cluster cluster,
      Wallet wallet,
      History history,
      LoadRecorder recorder,
      Config config,
      Timeline timeline) {
    this.workload = workload;
    this.cluster = cluster;
    this.wallet = wallet;
    this.history = history;
    this.recorder = recorder;
    this.config = config;
    this.timeline = timeline;
  }

  /**
   * Draws and signs every operation of an open-loop load before it starts, on every core, so that
   * signing never holds the generator back. Only in real time: in virtual time signing costs none.
   */
  public void presign() throws InterruptedException {
    if (config.shape() == null || timeline.virtual()) {
      return;
    }
    RateShape.Schedule count = config.shape().schedule();
    int n = 0;
    while (n < PRESIGNED_MAX && count.nextOffsetNanos() / 1_000 < config.durationMicros()) {
      n++;
    }
    ops = new Op[n];
    drafts = new Wallet.Draft[n];
    presigned = new SignedTx[n];
    for (int i = 0; i < n; i++) {
      ops[i] = workload.next(i);
      if (ops[i] instanceof Op.Tx tx) {
        drafts[i] = wallet.draft(tx);
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
                    presigned[i] = wallet.sign(drafts[i]);
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

  /** Starts the load now; it runs for its duration on the timeline. */
  public synchronized void start() {
    startMicros = timeline.nowMicros();
    schedule = config.shape() == null ? null : config.shape().schedule();
    for (int i = 0; i < config.clients(); i++) {
      int client = i;
      if (config.shape() == null) {
        timeline.at(startMicros, () -> closedLoopNext(client));
      } else {
        claimAndWait();
      }
    }
  }

  /** The run time at which the load ends. */
  public long endMicros() {
    return startMicros + config.durationMicros();
  }

  /**
   * Waits until the load's end, then until no request is still in progress (at most {@code
   * graceMicros} more); then nothing more is sent.
   */
  public void awaitEnd(long graceMicros) throws InterruptedException {
    timeline.sleepUntil(endMicros());
    long deadline = timeline.nowMicros() + graceMicros;
    while (busy() && timeline.nowMicros() < deadline) {
      timeline.sleep(10_000);
    }
    stopped = true;
  }

  /** Stops sending at once. */
  public void stop() {
    stopped = true;
  }

  private synchronized boolean busy() {
    return busy > 0;
  }

  /** Marks a transaction committed, seen in a block at run time {@code seenMicros}. */
  public void committed(String tx, long seenMicros, String where) {
    Long intended;
    Integer client;
    synchronized (this) {
      intended = inFlight.remove(tx);
      client = awaitedBy.remove(tx);
    }
    if (intended == null) {
      return;
    }
    // Possibly before the submit reply that accepts it (this runs on the block follower's thread).
    recorder.committedTx(tx);
    recorder.committed(second(seenMicros), seenMicros - intended);
    synchronized (history) {
      if (history.isOpen(tx)) {
        history.complete(seenMicros, "lab", History.Type.OK, tx, where);
      }
    }
    if (client != null && !stopped) {
      int c = client;
      timeline.at(seenMicros, () -> closedLoopNext(c));
    }
  }

  // ---- Open loop ------------------------------------------------------------------------------

  /** A due operation: its index and intended send time. */
  private record Due(long index, long intendedMicros, Op op) {}

  /** Claims the next operation and schedules a sender at its time; none when the load is over. */
  private synchronized void claimAndWait() {
    Due first = nextDue();
    if (first == null || stopped) {
      return;
    }
    busy++;
    timeline.at(first.intendedMicros() + LINGER_MICROS, () -> sendFrom(first));
  }

  private void sendFrom(Due first) {
    try {
      if (stopped) {
        return;
      }
      List<Due> batch = new ArrayList<>(config.batchMax());
      batch.add(first);
      synchronized (this) {
        long now = timeline.nowMicros();
        while (batch.size() < config.batchMax()) {
          long peek = startMicros + peekOffset();
          if (peek > now || peek - startMicros >= config.durationMicros()) {
            break;
          }
          Due d = nextDue();
          if (d == null) {
            break;
          }
          batch.add(d);
        }
      }
      send(batch);
    } finally {
      synchronized (this) {
        busy--;
      }
      claimAndWait();
    }
  }

  private long peekOffset() {
    if (peeked < 0) {
      peeked = schedule.nextOffsetNanos() / 1_000;
    }
    return peeked;
  }

  private Due nextDue() {
    long offset = peekOffset();
    peeked = -1;
    if (offset >= config.durationMicros()) {
      return null;
    }
    long index = nextIndex++;
    Op op = ops != null && index < ops.length ? ops[(int) index] : workload.next(index);
    return new Due(index, startMicros + offset, op);
  }

  private void send(List<Due> due) {
    Map<Integer, List<Due>> byNode = new HashMap<>();
    Map<Integer, List<SignedTx>> txsByNode = new HashMap<>();
    for (Due d : due) {
      recorder.submitted(second(d.intendedMicros()));
      if (d.op() instanceof Op.Get get) {
        read(d, get);
        continue;
      }
      Op.Tx op = (Op.Tx) d.op();
      int i = (int) d.index();
      Wallet.Signed signed =
          drafts != null && d.index() < drafts.length && drafts[i] != null
              ? wallet.current(drafts[i], presigned[i])
              : wallet.sign(op);
      byNode.computeIfAbsent(signed.node(), n -> new ArrayList<>()).add(d);
      txsByNode.computeIfAbsent(signed.node(), n -> new ArrayList<>()).add(signed.tx());
    }
    // In node order, so that a simulated run submits in the same order every time.
    for (int node = 0; node < cluster.size(); node++) {
      if (txsByNode.containsKey(node)) {
        submit(node, byNode.get(node), txsByNode.get(node), null);
      }
    }
  }

  /**
   * Submits one node's share of a batch. {@code client} is the closed-loop client waiting on the
   * single transaction, or null.
   */
  private void submit(int node, List<Due> due, List<SignedTx> txs, Integer client) {
    ChainClient c = cluster.client(node);
    boolean[] retry = new boolean[txs.size()];
    synchronized (this) {
      for (int i = 0; i < txs.size(); i++) {
        // A transaction signed again after a resync can be byte for byte one still in flight:
        // then it is a retry of that operation, which keeps its first intended time.
        retry[i] = inFlight.putIfAbsent(txs.get(i).id(), due.get(i).intendedMicros()) != null;
        if (client != null) {
          awaitedBy.put(txs.get(i).id(), client);
        }
      }
    }
    synchronized (history) {
      for (int i = 0; i < txs.size(); i++) {
        if (!history.isOpen(txs.get(i).id())) {
          history.invoke(due.get(i).intendedMicros(), c.node(), txs.get(i).id());
        }
      }
    }
    List<Submitted> answers;
    try {
      answers = c.submit(txs);
    } catch (ClientException e) {
      cluster.markDown(node);
      for (Due d : due) {
        wallet.resync(((Op.Tx) d.op()).sender());
      }
      // The node may have admitted them before it stopped answering: their outcome is unknown
      // until a block shows them, so they stay in flight.
      return;
    }
    long now = timeline.nowMicros();
    for (int i = 0; i < txs.size(); i++) {
      Submitted a = answers.get(i);
      String id = txs.get(i).id();
      if (a.accepted()) {
        recorder.accepted(second(now), now - due.get(i).intendedMicros());
        recorder.acceptedTx(id);
        continue;
      }
      recorder.rejected();
      wallet.resync(((Op.Tx) due.get(i).op()).sender());
      if (retry[i]) {
        // The node refused the copy ("already pending", "nonce used"): the first may still be,
        // or have been, applied, so the operation stays unknown until a block shows it.
        continue;
      }
      synchronized (this) {
        inFlight.remove(id);
        awaitedBy.remove(id);
      }
      synchronized (history) {
        if (history.isOpen(id)) {
          history.complete(now, c.node(), History.Type.FAIL, id, a.reason() + ": " + a.detail());
        }
      }
      if (client != null && !stopped) {
        timeline.at(now + LINGER_MICROS, () -> closedLoopNext(client));
      }
    }
  }

  private void read(Due d, Op.Get get) {
    int node = cluster.route((int) (d.index() % cluster.size()));
    try {
      cluster.client(node).read(get);
      long now = timeline.nowMicros();
      recorder.read(second(now), now - d.intendedMicros());
    } catch (ClientException e) {
      cluster.markDown(node);
    }
  }

  // ---- Closed loop ----------------------------------------------------------------------------

  /** The next operation of closed-loop {@code client}, unless the load is over. */
  private void closedLoopNext(int client) {
    long now = timeline.nowMicros();
    if (stopped || now >= endMicros()) {
      return;
    }
    Due d;
    synchronized (this) {
      busy++;
      long index = nextIndex++;
      d = new Due(index, now, workload.next(index));
    }
    try {
      recorder.submitted(second(now));
      if (d.op() instanceof Op.Get get) {
        read(d, get);
        // A read costs no virtual time: without a pause, a closed loop of reads would spin at
        // one instant of the simulator forever.
        timeline.at(timeline.nowMicros() + LINGER_MICROS, () -> closedLoopNext(client));
        return;
      }
      Wallet.Signed signed = wallet.sign((Op.Tx) d.op());
      String id = signed.tx().id();
      submit(signed.node(), List.of(d), List.of(signed.tx()), client);
      // Unanswered: move on after a bound, as a client that gives up waiting would.
      timeline.at(
          now + CLOSED_LOOP_WAIT_MICROS,
          () -> {
            boolean stillWaiting;
            synchronized (this) {
              stillWaiting = awaitedBy.remove(id) != null;
            }
            if (stillWaiting) {
              closedLoopNext(client);
            }
          });
    } finally {
      synchronized (this) {
        busy--;
      }
    }
  }

  private int second(long runMicros) {
    return (int) (runMicros / 1_000_000L);
  }
}
