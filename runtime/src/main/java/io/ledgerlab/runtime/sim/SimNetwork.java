package io.ledgerlab.runtime.sim;

import io.ledgerlab.runtime.entropy.Entropy;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.net.NodeId;
import io.ledgerlab.runtime.net.Transport;
import io.ledgerlab.runtime.time.Clock;
import io.ledgerlab.runtime.time.Timers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The simulated world's network and machines: every node's messages and timers run on one {@link
 * SimScheduler}; each directed link draws delay, loss and duplication from its own entropy stream;
 * partitions cut links; nodes crash, restart, pause and run skewed clocks. A trace digest over
 * every delivered message and fired timer, in order, proves two runs were the same.
 */
public final class SimNetwork {
  /** Where a node is in its life. */
  public enum State {
    UP,
    PAUSED,
    CRASHED
  }

  /** A paused node's socket buffers are finite too. */
  private static final int PAUSED_QUEUE_MAX = 100_000;

  /** So are a stalled link's. */
  private static final int STALLED_QUEUE_MAX = 100_000;

  /** Told when a node's code throws: the world stops that node as its process would die. */
  public interface FailureListener {
    void failed(NodeId node, RuntimeException e);
  }

  private record Held(Node from, NodeId to, byte[] message) {}

  private final SimScheduler scheduler;
  private final SeededEntropy seed;
  private final Map<NodeId, Node> nodes = new HashMap<>();
  private final Map<String, Entropy> links = new HashMap<>();
  private final Map<String, LinkFault> faults = new HashMap<>();
  private final Map<String, List<Held>> stalled = new HashMap<>();
  private final Map<String, Long> busyUntil = new HashMap<>();
  private final LinkModel wire;
  private FailureListener onFailure =
      (node, e) -> {
        throw e;
      };
  private final MessageDigest trace;
  private long delivered;
  private long dropped;

  /**
   * @param wire how every link behaves without faults: the simulated wire
   */
  public SimNetwork(SimScheduler scheduler, long seed, LinkModel wire) {
    this.scheduler = scheduler;
    this.seed = SeededEntropy.of(seed);
    this.wire = wire;
    try {
      this.trace = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public SimScheduler scheduler() {
    return scheduler;
  }

  /** Adds a node; its handler is bound through the returned transport. */
  public void add(NodeId id) {
    if (nodes.putIfAbsent(id, new Node(id)) != null) {
      throw new IllegalArgumentException("node " + id + " already exists");
    }
  }

  public Transport transport(NodeId id) {
    return node(id).transport;
  }

  public Timers timers(NodeId id) {
    return node(id).timers;
  }

  public Clock clock(NodeId id) {
    return node(id).clock;
  }

  /** A per-node entropy stream, independent of every other node's. */
  public Entropy entropy(NodeId id) {
    return seed.fork("node/" + id.name());
  }

  public State state(NodeId id) {
    return node(id).state;
  }

  // ---- Faults ----------------------------------------------------------------------------------

  /** Where a node's code that throws is reported; by default the exception propagates. */
  public void onFailure(FailureListener listener) {
    this.onFailure = listener;
  }

  /**
   * Sets the fault of the link {@code from → to}. When a stall ends, the messages it held are sent
   * on, in order, from now.
   */
  public void setFault(NodeId from, NodeId to, LinkFault fault) {
    String link = key(from, to);
    LinkFault before = faults.getOrDefault(link, LinkFault.NONE);
    if (fault.equals(LinkFault.NONE)) {
      faults.remove(link);
    } else {
      faults.put(link, fault);
    }
    if (before.stalled() && !fault.stalled()) {
      List<Held> held = stalled.remove(link);
      if (held != null) {
        held.forEach(h -> send(h.from(), h.to(), h.message()));
      }
    }
  }

  public LinkFault fault(NodeId from, NodeId to) {
    return faults.getOrDefault(key(from, to), LinkFault.NONE);
  }

  /** Kills the node: its timers and in-flight messages are lost; the caller drops its memory. */
  public void crash(NodeId id) {
    Node n = node(id);
    n.state = State.CRASHED;
    n.incarnation++;
    n.pausedWork.clear();
  }

  /** Brings a crashed node back; the caller builds a fresh node over its disk and binds it. */
  public void restart(NodeId id) {
    Node n = node(id);
    n.state = State.UP;
    n.incarnation++;
    n.handler = null;
  }

  /** Freezes the node like SIGSTOP: nothing runs, inputs queue up. */
  public void pause(NodeId id) {
    Node n = node(id);
    if (n.state == State.UP) {
      n.state = State.PAUSED;
    }
  }

  /** Like SIGCONT: the queued inputs run now, in order. */
  public void resume(NodeId id) {
    Node n = node(id);
    if (n.state != State.PAUSED) {
      return;
    }
    n.state = State.UP;
    List<Runnable> work = new ArrayList<>(n.pausedWork);
    n.pausedWork.clear();
    for (Runnable r : work) {
      scheduler.schedule(0, r);
    }
  }

  /**
   * Offsets the node's clock and makes it run fast or slow by {@code driftPpm} parts per million.
   */
  public void skewClock(NodeId id, long offsetMicros, long driftPpm) {
    Node n = node(id);
    n.clock.offsetMicros = offsetMicros;
    n.clock.driftPpm = driftPpm;
    n.clock.driftFromMicros = scheduler.nowMicros();
  }

  // ---- Observation -----------------------------------------------------------------------------

  /** SHA-256 over every delivered message and fired timer so far, in order, as hex. */
  public String traceDigest() {
    try {
      MessageDigest copy = (MessageDigest) trace.clone();
      return HexFormat.of().formatHex(copy.digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  public long deliveredMessages() {
    return delivered;
  }

  public long droppedMessages() {
    return dropped;
  }

  // ---- Internals -------------------------------------------------------------------------------

  private Node node(NodeId id) {
    Node n = nodes.get(id);
    if (n == null) {
      throw new IllegalArgumentException("no node " + id);
    }
    return n;
  }

  private static String key(NodeId from, NodeId to) {
    return from.name() + "->" + to.name();
  }

  private void send(Node from, NodeId toId, byte[] message) {
    Node to = nodes.get(toId);
    if (to == null || from.state != State.UP) {
      return;
    }
    String link = key(from.id, toId);
    Entropy random = links.computeIfAbsent(link, l -> seed.fork("link/" + l));
    LinkFault fault = faults.getOrDefault(link, LinkFault.NONE);
    if (fault.stalled()) {
      List<Held> held = stalled.computeIfAbsent(link, l -> new ArrayList<>());
      if (held.size() < STALLED_QUEUE_MAX) {
        held.add(new Held(from, toId, message));
      } else {
        dropped++;
      }
      return;
    }
    int copies = 1;
    if (random.nextInt(1_000_000) < wire.lossProbability() * 1_000_000) {
      copies = 0;
    } else if (random.nextInt(1_000_000) < wire.duplicateProbability() * 1_000_000) {
      copies = 2;
    }
    if (fault.loss() > 0 && random.nextInt(1_000_000) < fault.loss() * 1_000_000) {
      copies = 0;
    }
    if (fault.blocked()) {
      copies = 0;
    }
    if (copies == 0) {
      dropped++;
      return;
    }
    long sent = scheduler.nowMicros();
    if (fault.bandwidthBytesPerSecond() > 0) {
      // The link sends one message at a time at its rate: a message waits for those before it.
      long start = Math.max(sent, busyUntil.getOrDefault(link, 0L));
      long transmit = message.length * 1_000_000L / fault.bandwidthBytesPerSecond();
      busyUntil.put(link, start + transmit);
      sent = start + transmit;
    }
    for (int i = 0; i < copies; i++) {
      long delay =
          sent
              - scheduler.nowMicros()
              + wire.latencyMicros()
              + jitter(random, wire.jitterMicros())
              + fault.latencyMicros()
              + jitter(random, fault.jitterMicros());
      long incarnation = to.incarnation;
      scheduler.schedule(Math.max(0, delay), () -> deliver(from.id, to, incarnation, message));
    }
  }

  private static long jitter(Entropy random, long jitterMicros) {
    return jitterMicros == 0
        ? 0
        : random.nextInt((int) Math.min(Integer.MAX_VALUE, 2 * jitterMicros + 1)) - jitterMicros;
  }

  private void deliver(NodeId from, Node to, long incarnation, byte[] message) {
    if (to.incarnation != incarnation || to.state == State.CRASHED || to.handler == null) {
      dropped++;
      return;
    }
    if (to.state == State.PAUSED) {
      if (to.pausedWork.size() >= PAUSED_QUEUE_MAX) {
        dropped++;
        return;
      }
      long queuedIn = to.incarnation;
      to.pausedWork.add(() -> deliver(from, to, queuedIn, message));
      return;
    }
    delivered++;
    record('m', scheduler.nowMicros(), from.name() + ">" + to.id.name(), message);
    try {
      to.handler.onMessage(from, message);
    } catch (RuntimeException e) {
      onFailure.failed(to.id, e);
    }
  }

  private void record(char kind, long time, String where, byte[] payload) {
    ByteBuffer head = ByteBuffer.allocate(9);
    head.put((byte) kind).putLong(time);
    trace.update(head.array());
    trace.update(where.getBytes(StandardCharsets.UTF_8));
    if (payload != null) {
      trace.update(payload);
    }
  }

  private final class Node {
    final NodeId id;
    State state = State.UP;
    long incarnation;
    Transport.Handler handler;
    final List<Runnable> pausedWork = new ArrayList<>();
    final NodeClock clock = new NodeClock();
    final Transport transport;
    final Timers timers;
    long timersFired;

    Node(NodeId id) {
      this.id = id;
      this.transport =
          new Transport() {
            @Override
            public void send(NodeId peer, byte[] message) {
              SimNetwork.this.send(Node.this, peer, message);
            }

            @Override
            public void bind(Handler h) {
              handler = h;
            }
          };
      this.timers = this::schedule;
    }

    Timers.Cancellable schedule(long delayMicros, Runnable task) {
      long incarnationAtSchedule = incarnation;
      long scaled =
          clock.driftPpm == 0
              ? delayMicros
              : delayMicros * 1_000_000 / (1_000_000 + clock.driftPpm);
      boolean[] cancelled = {false};
      Timers.Cancellable inner =
          scheduler.schedule(
              Math.max(0, scaled), () -> fire(incarnationAtSchedule, task, cancelled));
      return () -> {
        cancelled[0] = true;
        inner.cancel();
      };
    }

    void fire(long incarnationAtSchedule, Runnable task, boolean[] cancelled) {
      if (incarnation != incarnationAtSchedule || state == State.CRASHED || cancelled[0]) {
        return;
      }
      if (state == State.PAUSED) {
        long queuedIn = incarnation;
        pausedWork.add(() -> fire(queuedIn, task, cancelled));
        return;
      }
      record(
          't',
          scheduler.nowMicros(),
          id.name(),
          ByteBuffer.allocate(8).putLong(timersFired++).array());
      try {
        task.run();
      } catch (RuntimeException e) {
        onFailure.failed(id, e);
      }
    }
  }

  /** A node's view of time: the world's time, shifted and drifting. */
  private final class NodeClock implements Clock {
    long offsetMicros;
    long driftPpm;
    long driftFromMicros;

    @Override
    public long nowMicros() {
      long now = scheduler.nowMicros();
      return now + offsetMicros + (now - driftFromMicros) * driftPpm / 1_000_000;
    }
  }
}
