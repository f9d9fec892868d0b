package io.ledgerlab.lab.process;

import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.lab.engine.Link;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.process.netns.NamespaceNet;
import io.ledgerlab.lab.process.proxy.LinkFault;
import io.ledgerlab.lab.process.proxy.ProxyMesh;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.NodeSetup;
import io.ledgerlab.lab.target.NodeSlot;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network of real node processes. Nodes that dial the peers the lab gives them run on loopback
 * with the lab's fault proxies between them: every node dials each peer through its own proxy for
 * that directed link, so any partition shape, delay or loss is a proxy setting. Nodes that find
 * their peers themselves ({@link Target.Peering#DISCOVERED}) run each in a network namespace of its
 * own, and a link fault is an iptables drop there ({@link NamespaceNet}). It owns the processes,
 * proxies and namespaces it makes and removes all of them on {@link #close()}, also after a start
 * that failed halfway.
 */
public final class ProcessNetwork implements AutoCloseable {
  private final RunLayout run;

  /** Replaced, never changed, when a version is added at run time. */
  private volatile Network network;

  private final EventLog log;
  private final Runnable onChange;
  private final NodeProcess.ExitListener onExit;
  private final Map<String, NodeProcess> processes = new LinkedHashMap<>();
  private final Map<String, InetSocketAddress> p2p = new LinkedHashMap<>();
  private final Map<String, InetSocketAddress> rpc = new LinkedHashMap<>();

  private final Map<String, NodeClient> clients = new java.util.concurrent.ConcurrentHashMap<>();
  private final ClockOffsets clocks;
  private ProxyMesh mesh;
  private NamespaceNet namespaces;
  private Links links = Links.PROXIED;

  /** What every node start needs again when an upgrade swaps a node's software. */
  private Chain chain;

  private NodeLauncher launcher;
  private long supervisorPid;

  /** Each node's manifest entry with the version it runs now. */
  private final Map<String, Network.NodeSpec> specs =
      new java.util.concurrent.ConcurrentHashMap<>();

  private ProcessNetwork(
      RunLayout run,
      Network network,
      EventLog log,
      Runnable onChange,
      NodeProcess.ExitListener onExit) {
    this.run = run;
    this.network = network;
    this.log = log;
    this.onChange = onChange;
    this.onExit = onExit;
    this.clocks = new ClockOffsets(run, log);
  }

  /**
   * Starts every node of {@code network} in the prepared {@code run} directory and returns without
   * waiting for blocks; see {@link #awaitHeight}.
   *
   * @param supervisorPid written into each node's config: the node exits when that process is gone
   * @param onChange called whenever a node process starts or stops, to persist PIDs
   * @param onExit told the moment a node's process ends, and whether the lab asked it to
   */
  public static ProcessNetwork start(
      RunLayout run,
      Network network,
      Chain chain,
      NodeLauncher launcher,
      long supervisorPid,
      EventLog log,
      Runnable onChange,
      NodeProcess.ExitListener onExit)
      throws IOException {
    return start(
        run, network, chain, launcher, supervisorPid, log, onChange, onExit, Links.of(network));
  }

  /**
   * How nodes on loopback reach each other: through the lab's fault proxies, or directly. Direct
   * links take no link faults, and the process that starts the network listens on nothing — what an
   * agent in a closed network needs (the proxies are listening sockets of that process).
   */
  public enum Links {
    PROXIED,
    DIRECT;

    /** As the network file asks: {@code links.via}. */
    public static Links of(Network network) {
      return network.links().direct() ? DIRECT : PROXIED;
    }
  }

  /** As above, with the links chosen; nodes that find their peers themselves ignore the choice. */
  public static ProcessNetwork start(
      RunLayout run,
      Network network,
      Chain chain,
      NodeLauncher launcher,
      long supervisorPid,
      EventLog log,
      Runnable onChange,
      NodeProcess.ExitListener onExit,
      Links links)
      throws IOException {
    ProcessNetwork net = new ProcessNetwork(run, network, log, onChange, onExit);
    net.links = links;
    try {
      net.open(chain, launcher, supervisorPid);
      return net;
    } catch (IOException | RuntimeException e) {
      net.close();
      throw e;
    }
  }

  private void open(Chain chain, NodeLauncher launcher, long supervisorPid) throws IOException {
    this.chain = chain;
    this.launcher = launcher;
    this.supervisorPid = supervisorPid;
    List<ServerSocket> held = allocatePorts();
    try {
      if (chain.target().peering() == Target.Peering.DISCOVERED) {
        List<String> names = network.nodes().stream().map(Network.NodeSpec::name).toList();
        namespaces = NamespaceNet.create(names, run.root().resolve("namespaces.json"));
        names.forEach(n -> p2p.put(n, at(namespaces.address(n), p2p.get(n))));
        names.forEach(n -> rpc.put(n, at(namespaces.address(n), rpc.get(n))));
      } else if (links == Links.PROXIED) {
        mesh = ProxyMesh.start(p2p);
      }
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
    // The links are set before any node runs; each node starts as soon as it is prepared, so that
    // a target can hand a later node what an earlier one tells of itself (a boot record).
    setLinks(LinkState.of(network));
    for (Network.NodeSpec n : network.nodes()) {
      Files.createDirectories(run.data(n.name()));
      specs.put(n.name(), n);
      NodeCommand launch = prepare(n);
      // Each node works in its own directory: a program that writes where it stands (Lodestar's
      // dev mode writes its genesis there) must not share that file with its neighbours.
      NodeProcess p =
          new NodeProcess(
              n.name(), launch.command(), run.out(n.name()), launch.env(), run.nodeDir(n.name()));
      p.onExit(this::exited);
      processes.put(n.name(), p);
      p.start();
      log.info("lab.node.started", Map.of("node", p.name(), "pid", p.pid().orElse(-1L)));
    }
    onChange.run();
  }

  /** One node's command line and environment, as the target prepares it for its version. */
  private record NodeCommand(List<String> command, Map<String, String> env) {}

  private NodeCommand prepare(Network.NodeSpec n) throws IOException {
    NodeSlot slot =
        new NodeSlot(
            network,
            n,
            network.nodes().stream().map(Network.NodeSpec::name).toList().indexOf(n.name()),
            run,
            p2p.get(n.name()),
            rpc.get(n.name()),
            peersOf(n.name()),
            supervisorPid);
    NodeSetup setup = chain.prepare(slot);
    Map<String, String> values = new LinkedHashMap<>(slot.placeholders());
    values.putAll(setup.placeholders());
    Map<String, String> env = new LinkedHashMap<>(network.launch().env());
    env.putAll(setup.environment());
    List<String> command = new ArrayList<>();
    if (namespaces != null) {
      command.addAll(namespaces.enter(n.name()));
    }
    Network.Version version = network.version(n.version());
    command.addAll(
        version.classpath().map(launcher::withClasspath).orElse(launcher).command(values, run));
    return new NodeCommand(command, env);
  }

  /** The software version {@code node} runs now (or will at its next start). */
  public String version(String node) {
    process(node);
    return specs.get(node).version();
  }

  /**
   * Swaps the software of a node that is down: the target prepares it again for {@code version}
   * (its config, the chain code it carries) and its next start runs that version's classpath. Its
   * data directory stays: the new software recovers what the old one wrote.
   */
  public void setVersion(String node, String version) throws IOException {
    NodeProcess p = process(node);
    network.version(version);
    if (p.state() == NodeProcess.State.RUNNING || p.state() == NodeProcess.State.PAUSED) {
      throw new IllegalStateException(node + " is running; stop it before swapping its software");
    }
    Network.NodeSpec next = specs.get(node).withVersion(version);
    NodeCommand launch = prepare(next);
    clocks.rewrite(node);
    p.setCommand(launch.command(), launch.env());
    specs.put(node, next);
    log.info("lab.node.version", Map.of("node", node, "version", version));
  }

  /**
   * Adds a software version the manifest did not declare — a node build delivered while the network
   * runs (an agent's {@code upgrade-node} instruction). A name already declared is refused: a
   * version names one build.
   */
  public void addVersion(Network.Version version) {
    if (network.versions().containsKey(version.name())) {
      throw new IllegalArgumentException(
          "version " + version.name() + " exists; a new build needs a new version name");
    }
    network = network.withVersion(version);
  }

  private static InetSocketAddress at(String host, InetSocketAddress port) {
    return new InetSocketAddress(host, port.getPort());
  }

  /**
   * Fails, naming the node and port, when the manifest fixes ports and one is taken; free ports
   * need no check.
   */
  public static void checkPorts(Network network) throws IOException {
    int base = network.launch().basePort();
    if (base == 0) {
      return;
    }
    for (int i = 0; i < network.nodes().size(); i++) {
      for (int k = 0; k < 2; k++) {
        int port = base + 2 * i + k;
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
          s.setReuseAddress(true);
        } catch (IOException e) {
          throw new IOException(
              "port "
                  + port
                  + " ("
                  + network.nodes().get(i).name()
                  + (k == 0 ? " peer-to-peer" : " RPC")
                  + ") is already in use; choose another launch.basePort or 0 for free ports",
              e);
        }
      }
    }
  }

  /**
   * Picks each node's two ports. Free ports stay bound by the returned sockets until the proxies
   * have taken their own ephemeral ports, so that no proxy lands on a node's port.
   */
  private List<ServerSocket> allocatePorts() throws IOException {
    int base = network.launch().basePort();
    List<ServerSocket> held = new ArrayList<>();
    int i = 0;
    for (Network.NodeSpec n : network.nodes()) {
      p2p.put(n.name(), loopback(base == 0 ? hold(held) : base + 2 * i));
      rpc.put(n.name(), loopback(base == 0 ? hold(held) : base + 2 * i + 1));
      i++;
    }
    return held;
  }

  private static int hold(List<ServerSocket> held) throws IOException {
    ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    held.add(s);
    return s.getLocalPort();
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /**
   * Where {@code node} dials each peer: the lab's proxy for that directed link, or the peer's own
   * address when the nodes live in namespaces.
   */
  private Map<String, InetSocketAddress> peersOf(String node) {
    Map<String, InetSocketAddress> out = new LinkedHashMap<>();
    for (Network.NodeSpec other : network.nodes()) {
      if (!other.name().equals(node)) {
        out.put(
            other.name(),
            mesh == null ? p2p.get(other.name()) : mesh.addressFor(node, other.name()));
      }
    }
    return out;
  }

  // ---- Reading the network ---------------------------------------------------------------------

  public Network network() {
    return network;
  }

  public RunLayout run() {
    return run;
  }

  public List<String> names() {
    return List.copyOf(processes.keySet());
  }

  public NodeProcess process(String node) {
    NodeProcess p = processes.get(node);
    if (p == null) {
      throw new IllegalArgumentException(
          "no node named '" + node + "'; nodes: " + processes.keySet());
    }
    return p;
  }

  public InetSocketAddress rpcAddress(String node) {
    process(node);
    return rpc.get(node);
  }

  public InetSocketAddress p2pAddress(String node) {
    process(node);
    return p2p.get(node);
  }

  /** The node's RPC client; one per node, since each holds an HTTP client and its threads. */
  public NodeClient client(String node) {
    InetSocketAddress address = rpcAddress(node);
    return clients.computeIfAbsent(node, n -> NodeClient.of(n, NodeConfigs.hostPort(address)));
  }

  /** The fault proxies between the nodes; null when the nodes live in namespaces. */
  public ProxyMesh mesh() {
    return mesh;
  }

  /** The nodes' namespaces; null when the nodes run on loopback behind proxies. */
  public NamespaceNet namespaces() {
    return namespaces;
  }

  /** Waits until every running node has committed {@code height}; false on timeout. */
  public boolean awaitHeight(long height, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (minimumHeight() >= height) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** The lowest height over the running nodes; -1 when one does not answer. */
  public long minimumHeight() {
    long min = Long.MAX_VALUE;
    for (NodeProcess p : processes.values()) {
      if (p.state() != NodeProcess.State.RUNNING) {
        continue;
      }
      try {
        min = Math.min(min, client(p.name()).head().height());
      } catch (RpcException e) {
        return -1;
      }
    }
    return min == Long.MAX_VALUE ? -1 : min;
  }

  // ---- Faults ---------------------------------------------------------------------------------

  /** SIGKILL: a crash. */
  public void kill(String node) {
    process(node).kill();
    fault("killed", node);
  }

  /** SIGTERM and wait: a graceful stop; SIGKILL after the bound, and the log says so. */
  public void stop(String node) {
    stopProcess(process(node));
    fault("stopped", node);
  }

  private void stopProcess(NodeProcess p) {
    if (p.stop()) {
      log.warn(
          "lab.node.stop.escalated",
          Map.of("node", p.name(), "reason", "SIGTERM did not stop it in time: SIGKILL sent"));
    }
  }

  /** Starts a stopped or killed node again; it recovers from its RocksDB and catches up by sync. */
  public void restart(String node) throws IOException {
    NodeProcess p = process(node);
    if (p.state() == NodeProcess.State.RUNNING || p.state() == NodeProcess.State.PAUSED) {
      stopProcess(p);
    }
    p.start();
    log.info("lab.node.started", Map.of("node", node, "pid", p.pid().orElse(-1L)));
    onChange.run();
  }

  public void pause(String node) {
    process(node).pause();
    fault("paused", node);
  }

  public void resume(String node) {
    process(node).resume();
    log.info("lab.node.resumed", Map.of("node", node));
    clocks.resumed(node, () -> client(node));
  }

  /** Sets a node's clock offset, live and in its config so that a restart keeps it. */
  public void skew(String node, long offsetMicros) throws IOException, RpcException {
    NodeProcess.State state = process(node).state();
    clocks.set(
        node,
        offsetMicros,
        state == NodeProcess.State.RUNNING,
        state == NodeProcess.State.PAUSED,
        () -> client(node));
  }

  /** Sets the fault of every directed link; links not named are healthy. */
  public void setLinks(Map<Link, LinkState> links) {
    if (namespaces != null) {
      try {
        namespaces.set(links);
      } catch (IOException e) {
        throw new UncheckedIOException("setting the links' iptables rules failed", e);
      }
      return;
    }
    if (mesh == null) {
      if (links.values().stream().anyMatch(s -> !s.equals(LinkState.NONE))) {
        throw new UnsupportedOperationException(
            "the nodes are linked directly, without the lab's proxies: no link faults");
      }
      return;
    }
    List<String> names = network.nodes().stream().map(Network.NodeSpec::name).toList();
    for (String from : names) {
      for (String to : names) {
        if (!from.equals(to)) {
          LinkState s = links.getOrDefault(new Link(from, to), LinkState.NONE);
          LinkFault fault =
              new LinkFault(
                  s.blocked(),
                  s.stalled(),
                  s.latencyMicros(),
                  s.jitterMicros(),
                  s.loss(),
                  s.bandwidthBytesPerSecond());
          if (!mesh.fault(from, to).equals(fault)) {
            mesh.set(from, to, fault);
          }
        }
      }
    }
  }

  private void exited(String node, int exitCode, boolean expected) {
    if (!expected) {
      log.warn("lab.node.exited", Map.of("node", node, "exitCode", exitCode, "expected", false));
      onChange.run();
    }
    onExit.exited(node, exitCode, expected);
  }

  private void fault(String action, String node) {
    log.info("lab.node." + action, Map.of("node", node));
    onChange.run();
  }

  /** Stops every node (SIGTERM, then SIGKILL) and every proxy. */
  @Override
  public void close() {
    // Signal all first, then wait: n nodes stop in the time of one.
    processes.values().forEach(NodeProcess::requestStop);
    processes.values().forEach(this::stopProcess);
    if (!processes.isEmpty()) {
      log.info("lab.network.stopped", Map.of("nodes", processes.size()));
    }
    if (mesh != null) {
      mesh.close();
    }
    if (namespaces != null) {
      namespaces.close();
    }
    onChange.run();
  }
}
