package io.ledgerlab.lab.nemesis;

import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.Link;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.NodeStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts faults into effect on an engine, each with its own undo, and composes the ones in force at
 * the same time: a node held down by two faults starts when the last of them ends; a paused node
 * resumes when no pause holds it; a link carries every link fault in force (see {@link
 * LinkState#and}); a node's clock runs at the offset of its latest skew in force, or its own when
 * none is. So overlapping windows end exactly when their own window ends, on every engine.
 *
 * <p>A node that exited on its own is never started by an undo or a heal: that would hide the exit.
 * Thread-safe.
 */
public final class Faults {
  private final Engine engine;
  private final List<String> nodes;
  private final Map<Link, LinkState> baseLinks;
  private final Map<String, Long> baseOffsets;
  private final List<Active> active = new ArrayList<>();
  private final Map<String, Integer> downHolds = new HashMap<>();
  private final Map<String, Integer> pauseHolds = new HashMap<>();

  /** A fault in force: what it is and how to take it back. */
  public record InForce(long id, Fault fault) {}

  private final class Active implements Undo {
    final long id;
    final Fault fault;
    final Runnable release;
    boolean done;

    Active(long id, Fault fault, Runnable release) {
      this.id = id;
      this.fault = fault;
      this.release = release;
    }

    @Override
    public void undo() {
      synchronized (Faults.this) {
        if (done) {
          return;
        }
        // Released first: an undo that throws stays in force, and the heal tries it again.
        release.run();
        done = true;
        active.remove(this);
      }
    }
  }

  private long ids;

  /**
   * @param baseLinks every link's state when no fault is in force (the network's {@code links})
   * @param baseOffsets every node's own clock offset
   */
  public Faults(Engine engine, Map<Link, LinkState> baseLinks, Map<String, Long> baseOffsets) {
    this.engine = engine;
    this.nodes = engine.nodes();
    this.baseLinks = Map.copyOf(baseLinks);
    this.baseOffsets = Map.copyOf(baseOffsets);
  }

  public List<String> nodes() {
    return nodes;
  }

  /**
   * Puts {@code fault} into effect.
   *
   * @throws IllegalArgumentException naming an unknown node or a kind the engine cannot do
   */
  public synchronized Undo apply(Fault fault) {
    requireSupported(fault);
    long id = ++ids;
    Runnable release;
    if (fault instanceof Fault.OnNode n) {
      release = onNode(n);
    } else if (fault instanceof Fault.Upgrade u) {
      release = upgrade(u);
    } else if (fault instanceof Fault.Skew s) {
      release = skew(id, s);
    } else {
      release = links(id, (Fault.OnLinks) fault);
    }
    Active a = new Active(id, fault, release);
    if (fault.kind() != FaultKind.RESTART && fault.kind() != FaultKind.UPGRADE) {
      active.add(a);
      if (fault instanceof Fault.OnLinks) {
        engine.setLinks(effectiveLinks(-1));
      }
    }
    return a;
  }

  /** Undoes every fault in force, latest first. */
  public synchronized void healAll() {
    List<Active> latestFirst = new ArrayList<>(active);
    java.util.Collections.reverse(latestFirst);
    latestFirst.forEach(Active::undo);
    engine.setLinks(effectiveLinks(-1));
  }

  /** The faults in force now, oldest first. */
  public synchronized List<InForce> inForce() {
    return active.stream().map(a -> new InForce(a.id, a.fault)).toList();
  }

  /**
   * An operator's start: the node runs again, and the faults that held it down no longer do (they
   * stay listed until their windows end).
   */
  public synchronized void start(String node) {
    requireNode(node);
    downHolds.remove(node);
    if (!engine.status(node).alive()) {
      engine.start(node);
      if (pauseHolds.getOrDefault(node, 0) > 0) {
        engine.pause(node);
      }
    }
  }

  /** An operator's resume: the node runs, whatever pauses were in force. */
  public synchronized void resume(String node) {
    requireNode(node);
    pauseHolds.remove(node);
    if (engine.status(node) == NodeStatus.PAUSED) {
      engine.resume(node);
    }
  }

  // ---- Nodes ----------------------------------------------------------------------------------

  private Runnable onNode(Fault.OnNode f) {
    String node = f.node();
    requireNode(node);
    NodeStatus status = engine.status(node);
    switch (f.kind()) {
      case RESTART -> {
        if (status == NodeStatus.EXITED
            || (status == NodeStatus.DOWN && held(downHolds, node) == 0)) {
          bringUp(node);
        } else if (status.alive()) {
          engine.stop(node);
          bringUp(node);
        }
        return () -> {};
      }
      case PAUSE -> {
        if (status == NodeStatus.RUNNING) {
          engine.pause(node);
        }
        hold(pauseHolds, node, +1);
        return () -> {
          if (hold(pauseHolds, node, -1) == 0 && engine.status(node) == NodeStatus.PAUSED) {
            engine.resume(node);
          }
        };
      }
      default -> {
        if (status == NodeStatus.EXITED) {
          return () -> {};
        }
        if (status.alive()) {
          switch (f.kind()) {
            case KILL -> engine.kill(node);
            case CRASH -> engine.crash(node);
            case STOP -> engine.stop(node);
            default -> throw new IllegalStateException(f.kind().key());
          }
        }
        hold(downHolds, node, +1);
        return () -> {
          if (downHolds.containsKey(node) && hold(downHolds, node, -1) == 0) {
            if (engine.status(node) == NodeStatus.DOWN) {
              bringUp(node);
            }
          }
        };
      }
    }
  }

  /**
   * Stop, swap, start. A node that other faults hold down gets its new software now and starts with
   * it when the last of them ends; one that exited on its own is started, as a restart would (an
   * operator upgrading a dead node means to bring it back).
   */
  private Runnable upgrade(Fault.Upgrade u) {
    String node = u.node();
    requireNode(node);
    // Refused before the stop: a bad version must not leave the node down.
    engine.checkVersion(u.version());
    NodeStatus status = engine.status(node);
    if (status.alive()) {
      engine.stop(node);
    }
    engine.setVersion(node, u.version());
    if (held(downHolds, node) == 0) {
      bringUp(node);
    }
    return () -> {};
  }

  private void bringUp(String node) {
    engine.start(node);
    if (held(pauseHolds, node) > 0) {
      engine.pause(node);
    }
  }

  private static int held(Map<String, Integer> holds, String node) {
    return holds.getOrDefault(node, 0);
  }

  private static int hold(Map<String, Integer> holds, String node, int delta) {
    int n = Math.max(0, holds.getOrDefault(node, 0) + delta);
    if (n == 0) {
      holds.remove(node);
    } else {
      holds.put(node, n);
    }
    return n;
  }

  // ---- Clocks ---------------------------------------------------------------------------------

  private Runnable skew(long id, Fault.Skew s) {
    requireNode(s.node());
    engine.setClockOffset(s.node(), s.offsetMicros());
    return () -> engine.setClockOffset(s.node(), offsetAfter(s.node(), id));
  }

  /** The offset of the latest skew on {@code node} still in force other than {@code endingId}. */
  private long offsetAfter(String node, long endingId) {
    long offset = baseOffsets.getOrDefault(node, 0L);
    for (Active a : active) {
      if (a.id != endingId && a.fault instanceof Fault.Skew s && s.node().equals(node)) {
        offset = s.offsetMicros();
      }
    }
    return offset;
  }

  // ---- Links ----------------------------------------------------------------------------------

  private Runnable links(long id, Fault.OnLinks f) {
    f.named().forEach(this::requireNode);
    return () -> engine.setLinks(effectiveLinks(id));
  }

  /** The base links with every link fault in force on top, but the one {@code endingId}. */
  private Map<Link, LinkState> effectiveLinks(long endingId) {
    Map<Link, LinkState> out = new LinkedHashMap<>(baseLinks);
    for (Active a : active) {
      if (a.id != endingId && a.fault instanceof Fault.OnLinks l) {
        l.links(nodes).forEach((link, state) -> out.merge(link, state, LinkState::and));
      }
    }
    return out;
  }

  private void requireSupported(Fault fault) {
    if (!engine.faults().contains(fault.kind())) {
      throw new IllegalArgumentException(
          "the "
              + engine.name()
              + " engine cannot put '"
              + fault.kind().key()
              + "' into effect; it supports "
              + engine.faults().stream().sorted().map(FaultKind::key).toList()
              + (fault.kind().onLink() && engine.faults().stream().noneMatch(FaultKind::onLink)
                  ? " (its nodes' links are direct: nothing sits on a link to fault it)"
                  : ""));
    }
  }

  private void requireNode(String node) {
    if (!nodes.contains(node)) {
      throw new IllegalArgumentException("no node named '" + node + "'; nodes: " + nodes);
    }
  }
}
