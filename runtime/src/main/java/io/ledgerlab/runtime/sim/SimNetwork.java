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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  private final SimScheduler scheduler;
  private final SeededEntropy seed;
  private final Map<NodeId, Node> nodes = new HashMap<>();
  private final Map<String, Entropy> links = new HashMap<>();
  private final Map<String, LinkModel> linkOverrides = new HashMap<>();
  private final Set<String> cut = new HashSet<>();
  private LinkModel defaultLink;
  private final MessageDigest trace;
  private long delivered;
  private long dropped;

  public SimNetwork(SimScheduler scheduler, long seed, LinkModel defaultLink) {
    this.scheduler = scheduler;
    this.seed = SeededEntropy.of(seed);
    this.defaultLink = defaultLink;
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

  public void setDefaultLink(LinkModel model) {
    this.defaultLink = model;
  }

  public void setLink(NodeId from, NodeId to, LinkModel model) {
    linkOverrides.put(key(from, to), model);
  }

  /**
   * Splits the nodes into groups that cannot reach each other; nodes in no group keep all links.
   */
  public void partition(List<Set<NodeId>> groups) {
    for (int i = 0; i < groups.size(); i++) {
      for (int j = 0; j < groups.size(); j++) {
        if (i != j) {
          for (NodeId a : groups.get(i)) {
            for (NodeId b : groups.get(j)) {
              cut.add(key(a, b));
            }
          }
        }
      }
    }
  }

  /** Cuts the link from {@code from} to {@code to} only: a one-way partition. */
  public void cutOneWay(NodeId from, NodeId to) {
    cut.add(key(from, to));
  }

  public void heal() {
    cut.clear();
    linkOverrides.clear();
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
    LinkModel model = linkOverrides.getOrDefault(link, defaultLink);
    int copies = 1;
    if (random.nextInt(1_000_000) < model.lossProbability() * 1_000_000) {
      copies = 0;
    } else if (random.nextInt(1_000_000) < model.duplicateProbability() * 1_000_000) {
      copies = 2;
    }
    if (cut.contains(link)) {
      copies = 0;
    }
    if (copies == 0) {
      dropped++;
      return;
    }
    for (int i = 0; i < copies; i++) {
      long delay =
          model.latencyMicros()
              + (model.jitterMicros() == 0
                  ? 0
                  : random.nextInt((int) (2 * model.jitterMicros() + 1)) - model.jitterMicros());
      long incarnation = to.incarnation;
      scheduler.schedule(Math.max(0, delay), () -> deliver(from.id, to, incarnation, message));
    }
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
    to.handler.onMessage(from, message);
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
      task.run();
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
