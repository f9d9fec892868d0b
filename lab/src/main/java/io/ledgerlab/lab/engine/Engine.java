package io.ledgerlab.lab.engine;

import io.ledgerlab.lab.target.ChainClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the nodes of a run live: in this JVM on virtual time, as OS processes, as containers. An
 * engine starts a network, hands out a client per node, puts faults into effect, tells of every
 * node's start and exit, and stops everything on {@link #close()} — also after a failure.
 *
 * <p>Its controls are primitives: each one sets a state (a node down, a link's fault, a clock
 * offset). Composing overlapping faults and undoing each on its own is the nemesis's work ({@code
 * io.ledgerlab.lab.nemesis.Faults}), the same for every engine.
 */
public interface Engine extends AutoCloseable {
  /** The engine's name, such as {@code sim} or {@code process}. */
  String name();

  /** The fault kinds this engine can put into effect. */
  Set<FaultKind> faults();

  Timeline timeline();

  /** Node names, in the network's order. */
  List<String> nodes();

  /** The client of one node; the same object for the whole run. */
  ChainClient client(String node);

  NodeStatus status(String node);

  /** Kills a running or paused node: its memory is lost, what it gave the OS survives. */
  void kill(String node);

  /**
   * A power loss: as {@link #kill}, and unsynced writes are lost; needs {@link FaultKind#CRASH}.
   */
  void crash(String node);

  /** Stops a node gracefully. */
  void stop(String node);

  /** Starts a node that is down; it recovers from its disk and catches up. */
  void start(String node);

  void pause(String node);

  void resume(String node);

  /**
   * Swaps the software version a node runs from its next start: the middle of a rolling upgrade
   * (stop, swap, start), which {@code Faults} composes. The node must be down; its disk stays.
   * Needs {@link FaultKind#UPGRADE}.
   *
   * @param version a name under the network's {@code versions}
   * @throws IllegalStateException when the node is running
   */
  default void setVersion(String node, String version) {
    throw new UnsupportedOperationException(
        "the " + name() + " engine cannot swap a node's software version");
  }

  /**
   * Checks that this engine could swap a node to {@code version}, before anything stops: a version
   * the network does not name, or whose software this engine cannot run, is refused here.
   *
   * @throws IllegalArgumentException naming the version and why
   */
  default void checkVersion(String version) {
    throw new UnsupportedOperationException(
        "the " + name() + " engine cannot swap a node's software version");
  }

  /** Sets a node's clock offset from the true time, in microseconds. */
  void setClockOffset(String node, long offsetMicros);

  /**
   * Sets the fault of every directed link; links not in {@code links} are healthy. The engine
   * applies only what changed.
   */
  void setLinks(Map<Link, LinkState> links);

  /** Tells {@code listener} of every node start and exit from now on, on any thread. */
  void onNodeEvent(Consumer<NodeEvent> listener);

  /**
   * The node's HTTP endpoint ({@code http://host:port/}: its JSON-RPC and {@code /metrics}) as
   * reachable from the lab's host; empty on engines whose nodes have none (the simulator).
   */
  default Optional<java.net.URI> rpcEndpoint(String node) {
    return Optional.empty();
  }

  /**
   * {@code http://host:port/} of a node's HTTP address, IPv6 literals bracketed: what {@link
   * #rpcEndpoint} gives on engines whose nodes the lab reaches directly.
   */
  static java.net.URI httpEndpoint(java.net.InetSocketAddress address) {
    String host = address.getHostString();
    return java.net.URI.create(
        "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
  }

  /** Every node's structured JSON-lines log, for the merged timeline and the report. */
  List<Path> logFiles();

  /**
   * A digest of everything that happened, for engines that can replay a run exactly (the
   * simulator's trace digest): equal digests mean equal runs.
   */
  default Optional<String> traceDigest() {
    return Optional.empty();
  }

  /** Stops every node and releases everything the engine holds. Idempotent. */
  @Override
  void close();
}
