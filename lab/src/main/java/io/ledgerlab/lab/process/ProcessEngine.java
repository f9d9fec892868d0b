package io.ledgerlab.lab.process;

import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.ExitAccount;
import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.Link;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.NodeEvent;
import io.ledgerlab.lab.engine.NodeEvents;
import io.ledgerlab.lab.engine.NodeStatus;
import io.ledgerlab.lab.engine.RealTimeline;
import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.process.netns.LinkRules;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Nodes as OS processes on loopback: real TCP through the lab's per-link fault proxies, RocksDB
 * with fsync, signals for kill, stop, pause and resume. It cannot lose unsynced writes on a crash:
 * what a killed process wrote is in the operating system's hands.
 */
public final class ProcessEngine implements Engine {
  public static final String NAME = "process";

  private final ProcessNetwork net;
  private final Set<FaultKind> faults;
  private final RealTimeline timeline;
  private final Map<String, ChainClient> clients = new LinkedHashMap<>();
  private final NodeEvents events = new NodeEvents();
  private volatile boolean closed;

  private ProcessEngine(
      ProcessNetwork net,
      RealTimeline timeline,
      Function<String, ChainClient> clientOf,
      Set<FaultKind> faults) {
    this.net = net;
    this.timeline = timeline;
    this.faults = Set.copyOf(faults);
    for (String n : net.names()) {
      clients.put(n, clientOf.apply(n));
    }
  }

  /**
   * The engine of a started network.
   *
   * @param clientOf makes a node's client from its name and RPC address ("host:port")
   */
  public static ProcessEngine of(ProcessNetwork net, RealTimeline timeline, Chain chain) {
    return new ProcessEngine(
        net, timeline, n -> chain.client(n, net.rpcAddress(n)), supported(chain.target(), net));
  }

  /**
   * Starts the network of a deployment, whatever its target: one process per node, as the target
   * prepares it, and the lab's fault proxies on every link unless its links are direct.
   */
  public static ProcessEngine start(Deployment d) throws IOException {
    return start(d, ProcessNetwork.Links.of(d.network()));
  }

  /**
   * As {@link #start(Deployment)}, with the nodes' links chosen: {@link
   * ProcessNetwork.Links#DIRECT} starts no proxy (so this process listens on nothing) and offers no
   * link fault.
   */
  public static ProcessEngine start(Deployment d, ProcessNetwork.Links links) throws IOException {
    Chain chain = d.chain();
    NodeLauncher launcher =
        NodeLauncher.ofCurrentJvm(
            d.network().launch().command(), d.network().launch().jvmOptions());
    try {
      launcher.check();
      launcher.checkProgram(d.network().launch().here());
    } catch (IllegalStateException e) {
      throw new IOException(e.getMessage(), e);
    }
    ProcessNetwork.checkPorts(d.network());
    launcher.prepareClassDataArchive();
    RealTimeline timeline =
        new RealTimeline(
            e -> d.labLog().warn("lab.task.failed", Map.of("reason", String.valueOf(e))));
    // The exit listener must be in place before the first process runs: it forwards to the
    // engine once there is one, and exits before that are kept until then.
    java.util.concurrent.atomic.AtomicReference<ProcessEngine> engine =
        new java.util.concurrent.atomic.AtomicReference<>();
    List<Object[]> early = new ArrayList<>();
    NodeProcess.ExitListener forward =
        (node, code, expected) -> {
          synchronized (early) {
            if (engine.get() == null) {
              early.add(new Object[] {node, code, expected});
              return;
            }
          }
          engine.get().exited(node, code, expected);
        };
    ProcessNetwork net;
    try {
      net =
          ProcessNetwork.start(
              d.run(),
              d.network(),
              chain,
              launcher,
              ProcessHandle.current().pid(),
              d.labLog(),
              () -> {},
              forward,
              links);
    } catch (IOException | RuntimeException e) {
      timeline.close();
      throw e;
    }
    ProcessEngine started =
        new ProcessEngine(
            net, timeline, n -> chain.client(n, net.rpcAddress(n)), supported(chain.target(), net));
    synchronized (early) {
      engine.set(started);
      early.forEach(x -> started.exited((String) x[0], (Integer) x[1], (Boolean) x[2]));
    }
    return started;
  }

  /** What {@code target} supports on {@code net}'s links: none of the link faults if direct. */
  private static Set<FaultKind> supported(Target target, ProcessNetwork net) {
    Set<FaultKind> kinds = supported(target);
    if (net.mesh() == null && net.namespaces() == null) {
      // Direct links: nothing sits on a link to fault it.
      kinds.removeIf(FaultKind::onLink);
    }
    return kinds;
  }

  /** Reports a process exit as a node event; the engine's exit listener. */
  void exited(String node, int exitCode, boolean expected) {
    if (closed && !expected) {
      return;
    }
    events.emit(ExitAccount.exited(net.run(), node, timeline.nowMicros(), exitCode, expected));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<FaultKind> faults() {
    return faults;
  }

  /** Every fault kind but the power-loss crash. */
  static Set<FaultKind> supported() {
    Set<FaultKind> kinds = EnumSet.allOf(FaultKind.class);
    kinds.remove(FaultKind.CRASH);
    return kinds;
  }

  /**
   * What this engine can do to the nodes of {@code target}: what both support. Nodes in namespaces
   * take only the link faults that iptables rules make.
   */
  public static Set<FaultKind> supported(Target target) {
    Set<FaultKind> kinds = supported();
    kinds.retainAll(target.faults());
    if (target.peering() == Target.Peering.DISCOVERED) {
      kinds.removeIf(k -> !k.onNode() && k != FaultKind.UPGRADE && !LinkRules.FAULTS.contains(k));
    }
    return kinds;
  }

  @Override
  public Timeline timeline() {
    return timeline;
  }

  @Override
  public List<String> nodes() {
    return net.names();
  }

  @Override
  public ChainClient client(String node) {
    net.process(node);
    return clients.get(node);
  }

  @Override
  public Optional<java.net.URI> rpcEndpoint(String node) {
    return Optional.of(Engine.httpEndpoint(net.rpcAddress(node)));
  }

  @Override
  public NodeStatus status(String node) {
    return switch (net.process(node).state()) {
      case RUNNING -> NodeStatus.RUNNING;
      case PAUSED -> NodeStatus.PAUSED;
      case STOPPED, KILLED -> NodeStatus.DOWN;
      case EXITED -> NodeStatus.EXITED;
    };
  }

  @Override
  public void kill(String node) {
    requireOpen();
    net.kill(node);
  }

  @Override
  public void crash(String node) {
    throw new IllegalArgumentException(
        "the process engine cannot lose a node's unsynced writes; use kill, or the sim engine");
  }

  @Override
  public void stop(String node) {
    requireOpen();
    net.stop(node);
  }

  @Override
  public void start(String node) {
    requireOpen();
    try {
      net.restart(node);
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + node + " failed: " + e.getMessage(), e);
    }
    events.emit(NodeEvent.started(node, timeline.nowMicros(), net.version(node)));
  }

  @Override
  public void checkVersion(String version) {
    net.network().version(version);
  }

  @Override
  public void setVersion(String node, String version) {
    requireOpen();
    try {
      net.setVersion(node, version);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "swapping " + node + "'s software failed: " + e.getMessage(), e);
    }
  }

  /** See {@link ProcessNetwork#addVersion}. */
  public void addVersion(io.ledgerlab.lab.manifest.Network.Version version) {
    net.addVersion(version);
  }

  @Override
  public void pause(String node) {
    requireOpen();
    net.pause(node);
  }

  @Override
  public void resume(String node) {
    requireOpen();
    net.resume(node);
  }

  @Override
  public void setClockOffset(String node, long offsetMicros) {
    try {
      net.skew(node, offsetMicros);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RpcException e) {
      throw new IllegalStateException("setting " + node + "'s clock failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void setLinks(Map<Link, LinkState> links) {
    requireOpen();
    net.setLinks(links);
  }

  @Override
  public void onNodeEvent(Consumer<NodeEvent> listener) {
    events.subscribe(listener);
  }

  /** The structured logs the nodes wrote; a node binary that is not ours writes none. */
  @Override
  public List<Path> logFiles() {
    return net.names().stream().map(n -> net.run().log(n)).filter(Files::isRegularFile).toList();
  }

  /** The network underneath, for the supervisor's status. */
  public ProcessNetwork network() {
    return net;
  }

  /** Stops the timeline first, so that no pending fault starts a node while the rest stop. */
  @Override
  public void close() {
    closed = true;
    timeline.close();
    net.close();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the process engine is closed");
    }
  }
}
