package io.ledgerlab.lab.process.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The lab-owned network between a set of named nodes: one {@link LinkProxy} per ordered pair, so
 * node {@code a} reaches node {@code b} by dialing {@link #addressFor(String, String) addressFor(a,
 * b)}, and every directed link can be broken on its own.
 *
 * <p>Controls compose: each one changes only its own aspect of the links it names and leaves the
 * rest of their fault as it was. Blocks add up ({@code partition} then {@code isolate} blocks the
 * union of their links); {@code delay}, {@code loss}, {@code stall} and {@code bandwidth} replace
 * that aspect on the links they touch. {@link #heal()} puts every link back to {@link
 * LinkFault#NONE}.
 *
 * <p>Controls that take a set of nodes affect every link with an endpoint in the set, in both
 * directions; pass {@link #nodes()} for the whole network. Links are listed in the iteration order
 * of the map given to {@code start}.
 *
 * <p>Thread-safe: controls may arrive from any thread.
 */
public final class ProxyMesh implements AutoCloseable {
  private static final int OWNED_EVENT_LOOP_THREADS = 2;
  private static final long SHUTDOWN_WAIT_SECONDS = 5;

  private record Link(String from, String to) {
    boolean touches(Set<String> nodes) {
      return nodes.contains(from) || nodes.contains(to);
    }

    @Override
    public String toString() {
      return from + "→" + to;
    }
  }

  private final Set<String> nodes;
  private final Map<Link, LinkProxy> proxies;
  private final Map<Link, LinkFault> faults = new LinkedHashMap<>();
  private final EventLoopGroup ownedGroup;
  private boolean closed;

  private ProxyMesh(Set<String> nodes, Map<Link, LinkProxy> proxies, EventLoopGroup ownedGroup) {
    this.nodes = Collections.unmodifiableSet(nodes);
    this.proxies = proxies;
    this.ownedGroup = ownedGroup;
    for (Link link : proxies.keySet()) {
      faults.put(link, LinkFault.NONE);
    }
  }

  /** A mesh on its own two-thread event loop group, closed with the mesh; seed 0. */
  public static ProxyMesh start(Map<String, InetSocketAddress> nodeAddresses) {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            OWNED_EVENT_LOOP_THREADS,
            new DefaultThreadFactory("ledgerlab-proxy", true),
            NioIoHandler.newFactory());
    try {
      return start(nodeAddresses, group, group, 0);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
      throw e;
    }
  }

  /**
   * A mesh on a shared NIO event loop group, which it does not close.
   *
   * @param nodeAddresses where each node listens for its peers, by node name
   * @param seed decides the jitter and drop draws on every link
   */
  public static ProxyMesh start(
      Map<String, InetSocketAddress> nodeAddresses, EventLoopGroup group, long seed) {
    return start(nodeAddresses, Objects.requireNonNull(group, "group"), null, seed);
  }

  private static ProxyMesh start(
      Map<String, InetSocketAddress> nodeAddresses,
      EventLoopGroup group,
      EventLoopGroup ownedGroup,
      long seed) {
    Set<String> nodes = validateNodes(nodeAddresses);
    Map<Link, LinkProxy> proxies = new LinkedHashMap<>();
    try {
      long linkIndex = 0;
      for (String from : nodes) {
        for (String to : nodes) {
          if (!from.equals(to)) {
            long linkSeed = seed + 0x9E3779B97F4A7C15L * ++linkIndex;
            proxies.put(
                new Link(from, to),
                LinkProxy.open(from, to, nodeAddresses.get(to), 0, group, linkSeed));
          }
        }
      }
    } catch (RuntimeException e) {
      proxies.values().forEach(LinkProxy::close);
      throw e;
    }
    return new ProxyMesh(nodes, proxies, ownedGroup);
  }

  private static Set<String> validateNodes(Map<String, InetSocketAddress> nodeAddresses) {
    Objects.requireNonNull(nodeAddresses, "nodeAddresses");
    if (nodeAddresses.isEmpty()) {
      throw new IllegalArgumentException("nodeAddresses is empty; expected at least one node");
    }
    Set<String> nodes = new LinkedHashSet<>();
    nodeAddresses.forEach(
        (name, address) -> {
          if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("node names must not be blank, got " + name);
          }
          if (address == null) {
            throw new IllegalArgumentException("node " + name + " has no address");
          }
          nodes.add(name);
        });
    return nodes;
  }

  /** The node names, in the order given to {@code start}. */
  public Set<String> nodes() {
    return nodes;
  }

  /** What {@code from} should dial to reach {@code to}. */
  public InetSocketAddress addressFor(String from, String to) {
    return link(from, to).address();
  }

  /** The proxy of one directed link, for its counters. */
  public LinkProxy link(String from, String to) {
    return proxies.get(requireLink(from, to, "link"));
  }

  /**
   * Blocks every link between nodes of different groups, both ways. Nodes named in no group form
   * one more group together, so {@code partition(List.of(Set.of("n0")))} cuts n0 off from the rest.
   */
  public synchronized void partition(List<Set<String>> groups) {
    Objects.requireNonNull(groups, "groups");
    Map<String, Integer> groupOf = new HashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      Set<String> group = groups.get(i);
      if (group == null || group.isEmpty()) {
        throw new IllegalArgumentException("partition group " + i + " is empty in " + groups);
      }
      requireNodes(group, "partition");
      for (String node : group) {
        Integer previous = groupOf.put(node, i);
        if (previous != null) {
          throw new IllegalArgumentException(
              "node " + node + " is in partition groups " + previous + " and " + i + ": " + groups);
        }
      }
    }
    update(
        link -> groupOf.getOrDefault(link.from(), -1) != groupOf.getOrDefault(link.to(), -1),
        fault -> fault.withBlocked(true));
  }

  /** Cuts {@code node} off from every other node, both ways. */
  public synchronized void isolate(String node) {
    partition(List.of(Set.of(node)));
  }

  /** Blocks what {@code from} sends to {@code to}; {@code to} still reaches {@code from}. */
  public synchronized void cutOneWay(String from, String to) {
    Link cut = requireLink(from, to, "cutOneWay");
    update(cut::equals, fault -> fault.withBlocked(true));
  }

  /**
   * Blocks every link between {@code left} and {@code right}, both ways; nodes in neither keep all
   * their links and so bridge the two sides.
   */
  public synchronized void bridge(Set<String> left, Set<String> right) {
    requireSomeNodes(left, "bridge");
    requireSomeNodes(right, "bridge");
    for (String node : left) {
      if (right.contains(node)) {
        throw new IllegalArgumentException(
            "node " + node + " is on both sides of the bridge: " + left + " and " + right);
      }
    }
    update(
        link ->
            (left.contains(link.from()) && right.contains(link.to()))
                || (right.contains(link.from()) && left.contains(link.to())),
        fault -> fault.withBlocked(true));
  }

  /**
   * Delays every link with an endpoint in {@code nodes}, both byte directions of each connection.
   */
  public synchronized void delay(Set<String> nodes, long latencyMicros, long jitterMicros) {
    requireSomeNodes(nodes, "delay");
    update(link -> link.touches(nodes), fault -> fault.withLatency(latencyMicros, jitterMicros));
  }

  /** Resets connections on every link with an endpoint in {@code nodes}, per chunk sent. */
  public synchronized void loss(Set<String> nodes, double dropProbability) {
    requireSomeNodes(nodes, "loss");
    update(link -> link.touches(nodes), fault -> fault.withDropProbability(dropProbability));
  }

  /** Stalls every link with an endpoint in {@code nodes}: connections stay open, bytes are held. */
  public synchronized void stall(Set<String> nodes) {
    requireSomeNodes(nodes, "stall");
    update(link -> link.touches(nodes), fault -> fault.withStalled(true));
  }

  /** Limits every link with an endpoint in {@code nodes} to {@code bytesPerSecond}; 0 lifts it. */
  public synchronized void bandwidth(Set<String> nodes, long bytesPerSecond) {
    requireSomeNodes(nodes, "bandwidth");
    update(link -> link.touches(nodes), fault -> fault.withBandwidth(bytesPerSecond));
  }

  /** Sets the whole fault of one link. */
  public synchronized void set(String from, String to, LinkFault fault) {
    Objects.requireNonNull(fault, "fault");
    Link link = requireLink(from, to, "set");
    update(link::equals, ignored -> fault);
  }

  /** Every link back to {@link LinkFault#NONE}; held bytes flow, new connections pass. */
  public synchronized void heal() {
    update(link -> true, ignored -> LinkFault.NONE);
  }

  public synchronized LinkFault fault(String from, String to) {
    return faults.get(requireLink(from, to, "fault"));
  }

  /** The fault of every link, keyed "from→to". */
  public synchronized Map<String, LinkFault> faults() {
    Map<String, LinkFault> byName = new LinkedHashMap<>();
    faults.forEach((link, fault) -> byName.put(link.toString(), fault));
    return Collections.unmodifiableMap(byName);
  }

  /** One line per faulty link, such as "n0→n2 blocked"; "no faults" when all are healthy. */
  public synchronized String describe() {
    List<String> lines = new ArrayList<>();
    faults.forEach(
        (link, fault) -> {
          if (!fault.isNone()) {
            lines.add(link + " " + fault.describe());
          }
        });
    return lines.isEmpty() ? "no faults" : String.join("\n", lines);
  }

  /** Closes every proxy, and the event loop group if the mesh owns it. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    proxies.values().forEach(LinkProxy::close);
    if (ownedGroup != null) {
      ownedGroup
          .shutdownGracefully(0, SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS)
          .awaitUninterruptibly(TimeUnit.SECONDS.toMillis(SHUTDOWN_WAIT_SECONDS));
    }
  }

  @Override
  public synchronized String toString() {
    return "ProxyMesh" + nodes + ": " + describe().replace("\n", "; ");
  }

  /**
   * Changes the affected links. An invalid argument throws from the first {@code change}, before
   * any link is touched.
   */
  private void update(Predicate<Link> affected, UnaryOperator<LinkFault> change) {
    if (closed) {
      throw new IllegalStateException("the proxy mesh is closed");
    }
    for (Map.Entry<Link, LinkFault> entry : faults.entrySet()) {
      if (affected.test(entry.getKey())) {
        LinkFault changed = change.apply(entry.getValue());
        if (!changed.equals(entry.getValue())) {
          entry.setValue(changed);
          proxies.get(entry.getKey()).apply(changed);
        }
      }
    }
  }

  private Link requireLink(String from, String to, String control) {
    requireNode(from, control);
    requireNode(to, control);
    if (from.equals(to)) {
      throw new IllegalArgumentException(
          control + ": " + from + "→" + to + " is not a link; a node does not dial itself");
    }
    return new Link(from, to);
  }

  private void requireSomeNodes(Set<String> named, String control) {
    Objects.requireNonNull(named, control + " nodes");
    if (named.isEmpty()) {
      throw new IllegalArgumentException(
          control + ": no nodes given; pass nodes() for the whole network");
    }
    requireNodes(named, control);
  }

  private void requireNodes(Set<String> named, String control) {
    for (String node : named) {
      requireNode(node, control);
    }
  }

  private void requireNode(String node, String control) {
    if (!nodes.contains(node)) {
      throw new IllegalArgumentException(
          control + ": unknown node " + node + "; the mesh has " + nodes);
    }
  }
}
