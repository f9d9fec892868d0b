package io.ledgerlab.lab.process.netns;

import io.ledgerlab.lab.engine.Link;
import io.ledgerlab.lab.engine.LinkState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run's nodes, each in a network namespace of its own with one address on a bridge the run
 * creates (10.213.X.0/24, X the first subnet no interface or route of the host uses; the host side
 * is .1, node {@code i} is {@code .(10+i)}). The lab reaches the nodes from the host over the
 * bridge; the nodes have a route to that subnet only, so they reach each other and the host's
 * bridge address, nothing beyond. Names carry the lab's PID and a count of the networks it made, so
 * that runs in one JVM do not collide and a lab that died without cleaning up is swept by the next
 * one. Needs root, iproute2 and iptables.
 */
public final class NamespaceNet implements AutoCloseable {
  private static final String PREFIX_NS = "ll-";
  private static final String PREFIX_BRIDGE = "llb";
  private static final String PREFIX_VETH = "llv";
  private static final Pattern OWN_NS = Pattern.compile("^ll-(\\d+)-[0-9a-z]+-\\d+\\b.*");
  private static final Pattern OWN_BRIDGE =
      Pattern.compile("^\\d+: (llb([0-9a-z]+)-[0-9a-z]+)[:@].*");
  private static final Pattern OWN_FORWARD =
      Pattern.compile("^-A FORWARD -i (llb([0-9a-z]+)-[0-9a-z]+) -o llb\\S+ -j ACCEPT$");
  private static final java.util.concurrent.atomic.AtomicInteger MADE =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final int FIRST_HOST = 10;
  private static final int MAX_NODES = 240;
  private static final String NEEDS =
      "nodes in network namespaces need iproute2 and iptables (apt-get install iproute2"
          + " iptables) and root";

  private final String bridge;
  private final String subnet;
  private final Map<String, String> namespaces = new LinkedHashMap<>();
  private final Map<String, String> addresses = new LinkedHashMap<>();
  private final Map<String, String> applied = new LinkedHashMap<>();
  private boolean closed;

  private NamespaceNet(String bridge, String subnet) {
    this.bridge = bridge;
    this.subnet = subnet;
  }

  /**
   * Creates the bridge and one namespace per node, records them in {@code record} (a small JSON
   * file in the run directory), and undoes what it made if a step fails.
   */
  public static NamespaceNet create(List<String> nodes, Path record) throws IOException {
    if (nodes.size() > MAX_NODES) {
      throw new IOException("network namespaces hold at most " + MAX_NODES + " nodes a run");
    }
    sweepStale();
    long pid = ProcessHandle.current().pid();
    String made = Integer.toString(MADE.incrementAndGet(), 36);
    String id = Long.toString(pid, 36) + "-" + made;
    int x = HostSubnets.free("10.213.", pid, "").get(0);
    NamespaceNet net = new NamespaceNet(PREFIX_BRIDGE + id, "10.213." + x + ".");
    try {
      net.open(nodes, pid + "-" + made, id);
      net.record(record);
      return net;
    } catch (IOException | RuntimeException e) {
      net.close();
      throw e;
    }
  }

  /**
   * @param nsId the namespaces' middle part: the lab's PID and the count
   * @param linkId the interfaces' middle part, short enough for their 15 characters
   */
  private void open(List<String> nodes, String nsId, String linkId) throws IOException {
    run(List.of("ip", "link", "add", bridge, "type", "bridge"));
    // Bridged frames must not meet the host's iptables (Docker's FORWARD policy is DROP). The
    // bridge's own switch is not enough while the host's bridge-nf-call-iptables is on (dockerd
    // turns it on): the kernel calls iptables if either says so, so the bridge's traffic is
    // accepted in FORWARD too, until close.
    tryRun(List.of("ip", "link", "set", bridge, "type", "bridge", "nf_call_iptables", "0"));
    run(forward("-I", bridge));
    run(List.of("ip", "addr", "add", subnet + "1/24", "dev", bridge));
    run(List.of("ip", "link", "set", bridge, "up"));
    for (int i = 0; i < nodes.size(); i++) {
      String node = nodes.get(i);
      String ns = PREFIX_NS + nsId + "-" + i;
      String veth = PREFIX_VETH + linkId + "x" + i;
      String address = subnet + (FIRST_HOST + i);
      run(List.of("ip", "netns", "add", ns));
      namespaces.put(node, ns);
      addresses.put(node, address);
      run(List.of("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns));
      run(List.of("ip", "link", "set", veth, "master", bridge, "up"));
      run(List.of("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0"));
      run(List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
      run(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
      run(inside(node, "iptables", "-w", "-N", LinkRules.CHAIN));
      run(inside(node, "iptables", "-w", "-A", "OUTPUT", "-j", LinkRules.CHAIN));
      applied.put(node, LinkRules.restoreInput(node, Map.of(), Map.of(), false));
    }
  }

  /** Where the node lives: its address on the run's bridge. */
  public String address(String node) {
    String a = addresses.get(node);
    if (a == null) {
      throw new IllegalArgumentException(
          "no node named '" + node + "'; nodes: " + addresses.keySet());
    }
    return a;
  }

  /** Every node's address, in the network's order. */
  public Map<String, String> addresses() {
    return Map.copyOf(addresses);
  }

  /** What to put before a node's command so that it runs inside its namespace. */
  public List<String> enter(String node) {
    address(node);
    return List.of("ip", "netns", "exec", namespaces.get(node));
  }

  /**
   * Sets every directed link's fault; links not named are healthy. Rewrites only the namespaces
   * whose rules changed.
   *
   * @throws IllegalArgumentException for a fault rules cannot make (a delay, a stall, a cap)
   */
  public synchronized void set(Map<Link, LinkState> links) throws IOException {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (String node : namespaces.keySet()) {
      wanted.put(node, LinkRules.restoreInput(node, links, addresses, false));
    }
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      if (!e.getValue().equals(applied.get(e.getKey()))) {
        run(inside(e.getKey(), "iptables-restore", "-w", "--noflush"), e.getValue());
        applied.put(e.getKey(), e.getValue());
      }
    }
  }

  /** The rules in force in {@code node}'s namespace, as iptables lists them. */
  public String rules(String node) throws IOException {
    return run(inside(node, "iptables", "-w", "-S", LinkRules.CHAIN), null);
  }

  private List<String> inside(String node, String... command) {
    List<String> out = new ArrayList<>(enter(node));
    out.addAll(List.of(command));
    return out;
  }

  private void record(Path file) throws IOException {
    StringBuilder sb = new StringBuilder("{\n  \"bridge\": \"" + bridge + "\",\n");
    sb.append("  \"subnet\": \"").append(subnet).append("0/24\",\n  \"host\": \"");
    sb.append(subnet).append("1\",\n  \"nodes\": {");
    String sep = "\n";
    for (String node : namespaces.keySet()) {
      sb.append(sep)
          .append("    \"")
          .append(node)
          .append("\": {\"namespace\": \"")
          .append(namespaces.get(node))
          .append("\", \"address\": \"")
          .append(addresses.get(node))
          .append("\"}");
      sep = ",\n";
    }
    Files.writeString(file, sb.append("\n  }\n}\n").toString());
  }

  /** Deletes the namespaces (their veths go with them) and the bridge. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    namespaces.values().forEach(ns -> tryRun(List.of("ip", "netns", "del", ns)));
    tryRun(List.of("ip", "link", "del", bridge));
    tryRun(forward("-D", bridge));
  }

  /** The host's FORWARD rule that lets a run's bridge carry its own traffic: added or deleted. */
  private static List<String> forward(String action, String bridge) {
    return List.of("iptables", "-w", action, "FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT");
  }

  // ---- The host ----------------------------------------------------------------------------

  /** Removes the namespaces and bridges of labs that are gone. */
  static void sweepStale() throws IOException {
    for (String line : run(List.of("ip", "netns", "list"), null).split("\n")) {
      Matcher m = OWN_NS.matcher(line.trim());
      if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
        tryRun(List.of("ip", "netns", "del", line.trim().split("\\s")[0]));
      }
    }
    for (String line :
        run(List.of("ip", "-o", "link", "show", "type", "bridge"), null).split("\n")) {
      Matcher m = OWN_BRIDGE.matcher(line.trim());
      if (m.matches() && !alive(Long.parseLong(m.group(2), 36))) {
        tryRun(List.of("ip", "link", "del", m.group(1)));
      }
    }
    for (String line : run(List.of("iptables", "-w", "-S", "FORWARD"), null).split("\n")) {
      Matcher m = OWN_FORWARD.matcher(line.trim());
      if (m.matches() && !alive(Long.parseLong(m.group(2), 36))) {
        tryRun(forward("-D", m.group(1)));
      }
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void run(List<String> command) throws IOException {
    run(command, null);
  }

  private static void tryRun(List<String> command) {
    try {
      run(command, null);
    } catch (IOException e) {
      // Cleaning up what may already be gone.
    }
  }

  private static String run(List<String> command, String input) throws IOException {
    return HostCommand.run(command, input, NEEDS);
  }
}
