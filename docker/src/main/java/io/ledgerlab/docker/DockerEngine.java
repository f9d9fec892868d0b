package io.ledgerlab.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateNetworkResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.ledgerlab.docker.image.Images;
import io.ledgerlab.docker.image.NodeImage;
import io.ledgerlab.lab.client.NodeClient;
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
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.process.ClockOffsets;
import io.ledgerlab.lab.process.NodeLauncher;
import io.ledgerlab.lab.process.netns.LinkRules;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.NodeSetup;
import io.ledgerlab.lab.target.NodeSlot;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.runtime.log.EventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Nodes as containers on the local Docker daemon: one internal bridge network per run (a subnet the
 * lab picks, recorded in the run's {@code docker.json}; nothing outside it is reachable), each node
 * with its own address on it, the run directory bind-mounted at its own path so that configs, data
 * and logs are where the other engines put them. Kill, stop, start and pause are the daemon's
 * (SIGKILL, SIGTERM then SIGKILL, the cgroup freezer); link faults are iptables drops in each
 * container's network namespace; the daemon's event stream tells of every exit. Everything it makes
 * is labelled with the run and this lab, and removed on {@link #close()}, at JVM exit, or by the
 * next lab if this one dies.
 */
public final class DockerEngine implements Engine {
  public static final String NAME = "docker";

  /** Fault kinds containers take: no delay, stall or bandwidth cap (this kernel has no netem). */
  static final Set<FaultKind> FAULTS =
      EnumSet.of(
          FaultKind.KILL,
          FaultKind.STOP,
          FaultKind.RESTART,
          FaultKind.PAUSE,
          FaultKind.PARTITION,
          FaultKind.ISOLATE,
          FaultKind.CUT,
          FaultKind.BRIDGE,
          FaultKind.LOSS,
          FaultKind.SKEW,
          FaultKind.UPGRADE);

  private static final int STOP_SECONDS = 5;
  private static final AtomicInteger MADE = new AtomicInteger();

  private enum State {
    RUNNING,
    PAUSED,
    DOWN,
    EXITED
  }

  /** One node's container and what the lab knows of it. */
  private static final class Node {
    final String name;
    final int index;
    volatile String container;
    volatile State state = State.DOWN;
    volatile boolean expectingExit;
    volatile long pid;
    String rules;
    volatile LogPump pump;

    /** Its manifest entry with the version it runs now: an upgrade swaps it. */
    volatile Network.NodeSpec spec;

    Node(String name, int index) {
      this.name = name;
      this.index = index;
    }
  }

  private final DockerClient docker;
  private final RunLayout run;
  private final Network network;
  private final Chain chain;
  private final EventLog log;
  private final RealTimeline timeline;
  private final ClockOffsets clocks;
  private final Set<FaultKind> faults;
  private final String owner;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, ChainClient> clients = new LinkedHashMap<>();
  private final Map<String, NodeClient> rpcClients = new ConcurrentHashMap<>();
  private final NodeEvents events = new NodeEvents();
  private volatile Map<Link, LinkState> links = Map.of();
  private String networkId;
  private String networkName;
  private String subnet;
  private Addresses at;
  private NodeImage image;
  private ResultCallback.Adapter<Event> watch;
  private Thread cleanupAtExit;
  private volatile boolean closed;

  private DockerEngine(DockerClient docker, Deployment d, String owner) {
    this.docker = docker;
    this.owner = owner;
    this.run = d.run();
    this.network = d.network();
    this.chain = d.chain();
    this.log = d.labLog();
    this.clocks = new ClockOffsets(run, log);
    this.timeline =
        new RealTimeline(e -> log.warn("lab.task.failed", Map.of("reason", String.valueOf(e))));
    Set<FaultKind> kinds = EnumSet.copyOf(FAULTS);
    kinds.retainAll(chain.target().faults());
    this.faults = kinds;
  }

  /**
   * Builds the nodes' image if missing, makes the run's network and starts every node's container;
   * returns without waiting for blocks. On failure nothing is left behind.
   */
  public static DockerEngine start(Deployment d, Consumer<String> progress) throws IOException {
    return start(d, progress, Daemon.self());
  }

  /**
   * As {@link #start(Deployment, Consumer)}, for a network that outlives this JVM ({@code ledgerlab
   * up}): its containers are owned by {@link Daemon#DETACHED}, so no later lab sweeps them; see
   * {@link #detach()}.
   */
  public static DockerEngine startDetachable(Deployment d, Consumer<String> progress)
      throws IOException {
    return start(d, progress, Daemon.DETACHED);
  }

  private static DockerEngine start(Deployment d, Consumer<String> progress, String owner)
      throws IOException {
    DockerClient docker = Daemon.connect();
    DockerEngine engine = new DockerEngine(docker, d, owner);
    try {
      engine.open(progress);
      return engine;
    } catch (IOException | RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  private void open(Consumer<String> progress) throws IOException {
    List<String> swept = Daemon.sweepStale(docker);
    if (!swept.isEmpty()) {
      log.info("lab.docker.swept", Map.of("removed", swept));
    }
    // Whatever happens to this JVM from here on, what it made goes with it.
    cleanupAtExit = new Thread(this::close, "docker-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanupAtExit);
    image =
        new Images(docker, progress).forLaunch(network.launch(), NodeLauncher.currentClasspath());
    log.info("lab.docker.image", Map.of("image", image.tag(), "built", image.built()));
    createNetwork();
    at = new Addresses(subnet, network);
    int i = 0;
    for (Network.NodeSpec n : network.nodes()) {
      nodes.put(n.name(), new Node(n.name(), i++));
    }
    // The nodes are all known before the first event can name one; the map is not changed again.
    watchEvents();
    links = LinkState.of(network);
    i = 0;
    for (Network.NodeSpec n : network.nodes()) {
      Node node = nodes.get(n.name());
      node.spec = n;
      Files.createDirectories(run.data(n.name()));
      NodeSlot slot = new NodeSlot(network, n, i, run, at.p2p(i), at.rpc(i), at.peers(i), 0);
      NodeSetup setup = chain.prepare(slot);
      node.container = create(node, slot, setup);
      startContainer(node);
      i++;
    }
    for (Node node : nodes.values()) {
      clients.put(node.name, chain.client(node.name, rpcAddress(node.name)));
    }
    record();
  }

  /** The node's RPC address on the run's network. */
  public InetSocketAddress rpcAddress(String name) {
    return at.rpc(node(name).index);
  }

  // ---- Network and containers -----------------------------------------------------------------

  private Map<String, String> labels(String kind) {
    return Map.of(Daemon.LABEL, kind, Daemon.RUN, run.root().toString(), Daemon.OWNER, owner);
  }

  /** An internal bridge on the first 10.214.X.0/24 that neither the host nor Docker uses. */
  private void createNetwork() throws IOException {
    networkName =
        "ledgerlab-"
            + Long.toString(ProcessHandle.current().pid(), 36)
            + "-"
            + Integer.toString(MADE.incrementAndGet(), 36);
    DockerException last = null;
    for (int x : Subnets.candidates(docker)) {
      String prefix = "10.214." + x + ".";
      try {
        CreateNetworkResponse made =
            docker
                .createNetworkCmd()
                .withName(networkName)
                .withDriver("bridge")
                .withInternal(true)
                .withCheckDuplicate(true)
                .withLabels(labels("network"))
                .withIpam(
                    new com.github.dockerjava.api.model.Network.Ipam()
                        .withConfig(
                            new com.github.dockerjava.api.model.Network.Ipam.Config()
                                .withSubnet(prefix + "0/24")
                                .withGateway(prefix + "1")))
                .exec();
        networkId = made.getId();
        subnet = prefix;
        log.info(
            "lab.docker.network",
            Map.of("network", networkName, "subnet", prefix + "0/24", "internal", true));
        return;
      } catch (DockerException e) {
        if (!String.valueOf(e.getMessage()).contains("overlap")) {
          throw new IOException("creating the run's network failed: " + e.getMessage(), e);
        }
        last = e;
      }
    }
    throw new IOException("no free subnet 10.214.X.0/24 for the run's network", last);
  }

  private String create(Node node, NodeSlot slot, NodeSetup setup) throws IOException {
    ContainerSpec spec = ContainerSpec.of(image, slot, setup);
    Map<String, String> labels = new LinkedHashMap<>(labels("node"));
    labels.put(Daemon.NODE, node.name);
    try {
      return docker
          .createContainerCmd(spec.image())
          .withName(networkName + "-" + node.name)
          .withHostName(node.name)
          .withLabels(labels)
          .withEntrypoint(spec.command().get(0))
          .withCmd(spec.command().subList(1, spec.command().size()))
          .withEnv(spec.envList())
          .withWorkingDir(spec.workingDir())
          .withUser(spec.user())
          .withIpv4Address(spec.address())
          .withHostConfig(
              HostConfig.newHostConfig()
                  .withNetworkMode(networkName)
                  .withBinds(new Bind(spec.mount(), new Volume(spec.mount()))))
          .exec()
          .getId();
    } catch (DockerException e) {
      throw new IOException("creating " + node.name + "'s container failed: " + e.getMessage(), e);
    }
  }

  private void startContainer(Node node) throws IOException {
    node.expectingExit = false;
    // Running before the start: a node that dies at once must not be marked running after its
    // exit event.
    node.state = State.RUNNING;
    try {
      docker.startContainerCmd(node.container).exec();
    } catch (DockerException e) {
      node.state = State.DOWN;
      throw new IOException("starting " + node.name + "'s container failed: " + e.getMessage(), e);
    }
    var state = docker.inspectContainerCmd(node.container).exec().getState();
    node.pid = state.getPidLong() == null ? 0 : state.getPidLong();
    if (node.pump == null) {
      node.pump = new LogPump(docker, node.container, run.out(node.name));
    }
    node.pump.follow();
    if (node.pid > 0) {
      // A new start is a new network namespace: the lab's chain and the links' rules again.
      NetnsRules.install(node.pid);
      node.rules = rulesOf(node.name);
      NetnsRules.apply(node.pid, node.rules);
    }
    log.info(
        "lab.node.started",
        Map.of("node", node.name, "container", node.container.substring(0, 12)));
  }

  /**
   * The iptables input for a node's outgoing links. Nodes that dial the peers the lab gives them
   * send on those connections only (the reference node), so a one-way cut drops only the
   * connections the sender opened and stays one-way under TCP.
   */
  private String rulesOf(String name) {
    return LinkRules.restoreInput(
        name, links, at.hosts(), chain.target().peering() == Target.Peering.GIVEN);
  }

  /**
   * The run's network and containers, in {@code docker.json}: what {@code down} and people read.
   */
  private void record() throws IOException {
    StringBuilder sb = new StringBuilder("{\n");
    sb.append("  \"network\": \"").append(networkName).append("\",\n");
    sb.append("  \"networkId\": \"").append(networkId).append("\",\n");
    sb.append("  \"subnet\": \"").append(subnet).append("0/24\",\n");
    sb.append("  \"host\": \"").append(subnet).append("1\",\n");
    sb.append("  \"internal\": true,\n");
    sb.append("  \"image\": \"").append(image.tag()).append("\",\n");
    sb.append("  \"owner\": \"").append(owner).append("\",\n  \"nodes\": {");
    String sep = "\n";
    for (Node n : nodes.values()) {
      sb.append(sep)
          .append("    \"")
          .append(n.name)
          .append("\": {\"container\": \"")
          .append(n.container)
          .append("\", \"address\": \"")
          .append(at.host(n.index))
          .append("\"}");
      sep = ",\n";
    }
    Files.writeString(run.root().resolve("docker.json"), sb.append("\n  }\n}\n").toString());
  }

  // ---- Events -----------------------------------------------------------------------------

  /** Follows the daemon's events for this run's containers: every exit, expected or not. */
  private void watchEvents() {
    watch =
        docker
            .eventsCmd()
            .withEventTypeFilter(EventType.CONTAINER)
            .withLabelFilter(Map.of(Daemon.RUN, run.root().toString(), Daemon.OWNER, owner))
            .withEventFilter("die")
            .exec(
                new ResultCallback.Adapter<>() {
                  @Override
                  public void onNext(Event e) {
                    died(e);
                  }
                });
  }

  private void died(Event e) {
    Map<String, String> attributes =
        e.getActor() == null || e.getActor().getAttributes() == null
            ? Map.of()
            : e.getActor().getAttributes();
    Node node = nodes.get(attributes.get(Daemon.NODE));
    if (node == null) {
      return;
    }
    int code;
    try {
      code = Integer.parseInt(attributes.getOrDefault("exitCode", "-1"));
    } catch (NumberFormatException x) {
      code = -1;
    }
    boolean expected = node.expectingExit;
    if (!expected) {
      node.state = State.EXITED;
      if (closed) {
        return;
      }
      if (node.pump != null) {
        node.pump.drain();
      }
      log.warn("lab.node.exited", Map.of("node", node.name, "exitCode", code, "expected", false));
    }
    events.emit(ExitAccount.exited(run, node.name, timeline.nowMicros(), code, expected));
  }

  // ---- Engine -----------------------------------------------------------------------------

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<FaultKind> faults() {
    return faults;
  }

  @Override
  public Timeline timeline() {
    return timeline;
  }

  @Override
  public List<String> nodes() {
    return List.copyOf(nodes.keySet());
  }

  @Override
  public ChainClient client(String name) {
    node(name);
    return clients.get(name);
  }

  /**
   * A node's RPC on the run's bridge network, which the host reaches directly: the lab's own
   * clients use the same address.
   */
  @Override
  public java.util.Optional<java.net.URI> rpcEndpoint(String name) {
    return java.util.Optional.of(io.ledgerlab.lab.engine.Engine.httpEndpoint(rpcAddress(name)));
  }

  @Override
  public NodeStatus status(String name) {
    return switch (node(name).state) {
      case RUNNING -> NodeStatus.RUNNING;
      case PAUSED -> NodeStatus.PAUSED;
      case DOWN -> NodeStatus.DOWN;
      case EXITED -> NodeStatus.EXITED;
    };
  }

  @Override
  public void kill(String name) {
    Node node = running(name);
    node.expectingExit = true;
    try {
      thaw(node);
      docker.killContainerCmd(node.container).withSignal("KILL").exec();
    } catch (DockerException e) {
      throw new IllegalStateException("killing " + name + " failed: " + e.getMessage(), e);
    }
    node.state = State.DOWN;
    log.info("lab.node.killed", Map.of("node", name));
  }

  @Override
  public void crash(String name) {
    throw new IllegalArgumentException(
        "the docker engine cannot lose a node's unsynced writes; use kill, or the sim engine");
  }

  @Override
  public void stop(String name) {
    Node node = running(name);
    node.expectingExit = true;
    long started = System.nanoTime();
    try {
      thaw(node);
      docker.stopContainerCmd(node.container).withTimeout(STOP_SECONDS).exec();
    } catch (com.github.dockerjava.api.exception.NotModifiedException e) {
      // Stopped already.
    } catch (DockerException e) {
      throw new IllegalStateException("stopping " + name + " failed: " + e.getMessage(), e);
    }
    node.state = State.DOWN;
    if ((System.nanoTime() - started) / 1_000_000_000L >= STOP_SECONDS) {
      log.warn(
          "lab.node.stop.escalated",
          Map.of("node", name, "reason", "SIGTERM did not stop it in time: SIGKILL sent"));
    }
    log.info("lab.node.stopped", Map.of("node", name));
  }

  @Override
  public void start(String name) {
    requireOpen();
    Node node = node(name);
    try {
      if (node.state == State.RUNNING || node.state == State.PAUSED) {
        stop(name);
      }
      startContainer(node);
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + name + " failed: " + e.getMessage(), e);
    }
    events.emit(NodeEvent.started(name, timeline.nowMicros(), node.spec.version()));
  }

  /**
   * The target prepares the stopped node again for {@code version} — its config in the run
   * directory, which the container mounts, with the canary and chain code of that version — and the
   * same container starts on it. A version's classpath is refused before the run: the image holds
   * the node's code.
   */
  @Override
  public void checkVersion(String version) {
    if (network.version(version).classpath().isPresent()) {
      throw new IllegalArgumentException(
          "version " + version + " names a classpath; the docker engine runs the node's image");
    }
  }

  @Override
  public void setVersion(String name, String version) {
    requireOpen();
    Node node = node(name);
    if (node.state == State.RUNNING || node.state == State.PAUSED) {
      throw new IllegalStateException(name + " is running; stop it before swapping its software");
    }
    checkVersion(version);
    Network.NodeSpec next = node.spec.withVersion(version);
    try {
      chain.prepare(
          new NodeSlot(
              network,
              next,
              node.index,
              run,
              at.p2p(node.index),
              at.rpc(node.index),
              at.peers(node.index),
              0));
      clocks.rewrite(name);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "swapping " + name + "'s software failed: " + e.getMessage(), e);
    }
    node.spec = next;
    log.info("lab.node.version", Map.of("node", name, "version", version));
  }

  @Override
  public void pause(String name) {
    Node node = running(name);
    docker.pauseContainerCmd(node.container).exec();
    node.state = State.PAUSED;
    log.info("lab.node.paused", Map.of("node", name));
  }

  @Override
  public void resume(String name) {
    requireOpen();
    Node node = node(name);
    if (node.state != State.PAUSED) {
      return;
    }
    docker.unpauseContainerCmd(node.container).exec();
    node.state = State.RUNNING;
    log.info("lab.node.resumed", Map.of("node", name));
    clocks.resumed(name, () -> rpcClient(name));
  }

  /** Sets the node's clock offset through its own option ({@link ClockOffsets}). */
  @Override
  public void setClockOffset(String name, long offsetMicros) {
    State state = node(name).state;
    try {
      clocks.set(
          name, offsetMicros, state == State.RUNNING, state == State.PAUSED, () -> rpcClient(name));
    } catch (IOException | RpcException e) {
      throw new IllegalStateException("setting " + name + "'s clock failed: " + e.getMessage(), e);
    }
  }

  /** The node's own RPC client, for its clock option; one per node. */
  private NodeClient rpcClient(String name) {
    return rpcClients.computeIfAbsent(
        name, n -> NodeClient.of(n, NodeConfigs.hostPort(rpcAddress(n))));
  }

  /** Rewrites the rules of each running node whose outgoing links changed. */
  @Override
  public synchronized void setLinks(Map<Link, LinkState> wanted) {
    requireOpen();
    links = Map.copyOf(wanted);
    for (Node node : nodes.values()) {
      if (node.state == State.DOWN || node.state == State.EXITED || node.pid <= 0) {
        continue; // its rules are set when it starts
      }
      String input = rulesOf(node.name);
      if (!input.equals(node.rules)) {
        try {
          NetnsRules.apply(node.pid, input);
          node.rules = input;
        } catch (IOException e) {
          throw new UncheckedIOException("setting " + node.name + "'s link rules failed", e);
        }
      }
    }
  }

  /** The iptables rules in force in a node's namespace, for tests and people. */
  public String rules(String name) throws IOException {
    return NetnsRules.list(node(name).pid);
  }

  /** The name of the run's Docker network. */
  public String networkName() {
    return networkName;
  }

  /** The image the nodes run. */
  public NodeImage image() {
    return image;
  }

  @Override
  public void onNodeEvent(Consumer<NodeEvent> listener) {
    events.subscribe(listener);
  }

  @Override
  public List<Path> logFiles() {
    return nodes.keySet().stream().map(run::log).filter(Files::isRegularFile).toList();
  }

  /**
   * Stops every container (SIGTERM, then SIGKILL after 5 s, all at once), keeps their last output,
   * and removes the containers and the network. Idempotent.
   */
  @Override
  public synchronized void close() {
    // Synchronized: at Ctrl-C the exit hook and the run's own close meet here, and the second
    // waits for the first to finish rather than racing it over the same containers.
    if (closed) {
      return;
    }
    closed = true;
    timeline.close();
    List<Thread> stopping = new ArrayList<>();
    for (Node node : nodes.values()) {
      if (node.container == null) {
        continue;
      }
      node.expectingExit = true;
      Thread t =
          new Thread(
              () -> {
                try {
                  thaw(node);
                  docker.stopContainerCmd(node.container).withTimeout(STOP_SECONDS).exec();
                } catch (DockerException e) {
                  // Gone or stopped already; removal below takes what is left.
                }
                if (node.pump != null) {
                  node.pump.drain();
                  node.pump.close();
                }
              },
              "docker-stop-" + node.name);
      t.start();
      stopping.add(t);
    }
    for (Thread t : stopping) {
      try {
        t.join((STOP_SECONDS + 10) * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    stopWatching();
    if (!nodes.isEmpty()) {
      log.info("lab.network.stopped", Map.of("nodes", nodes.size()));
    }
    removeAll();
    release();
  }

  /**
   * Leaves the containers and the network running and lets go of them: no more events, no more
   * copying of their output (the nodes' structured logs go on into the run directory), no removal
   * at JVM exit. {@code ledgerlab down} removes them by the run's label.
   */
  public synchronized void detach() {
    closed = true;
    timeline.close();
    nodes.values().stream().filter(n -> n.pump != null).forEach(n -> n.pump.close());
    release();
  }

  private void stopWatching() {
    if (watch != null) {
      try {
        watch.close();
      } catch (IOException e) {
        // The stream goes with the client.
      }
      watch = null;
    }
  }

  /** Lets go of the daemon: no more events, no removal at JVM exit, the client closed. */
  private void release() {
    stopWatching();
    if (cleanupAtExit != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
      } catch (IllegalStateException e) {
        // Shutting down (Ctrl-C): the hook is this close, or removes everything as it should.
      }
      cleanupAtExit = null;
    }
    Daemon.close(docker);
  }

  /** Removes every container and network of this run made by this lab. */
  private void removeAll() {
    try {
      Daemon.removeLabelled(docker, Map.of(Daemon.RUN, run.root().toString(), Daemon.OWNER, owner));
    } catch (RuntimeException e) {
      log.warn("lab.docker.cleanup.failed", Map.of("reason", String.valueOf(e.getMessage())));
    }
  }

  /** A frozen container cannot be signalled: thawed first. */
  private void thaw(Node node) {
    if (node.state == State.PAUSED) {
      docker.unpauseContainerCmd(node.container).exec();
    }
  }

  private Node node(String name) {
    Node n = nodes.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no node named '" + name + "'; nodes: " + nodes.keySet());
    }
    return n;
  }

  private Node running(String name) {
    requireOpen();
    return node(name);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the docker engine is closed");
    }
  }
}
