package io.ledgerlab.lab.process.netns;

import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.Link;
import io.ledgerlab.lab.engine.LinkState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A node's link faults as iptables rules in its own namespace's {@value #CHAIN} chain, which its
 * OUTPUT chain jumps to: what the node sends to a peer is dropped there, so a fault on the directed
 * link {@code a→b} lives in {@code a}'s namespace and the way back is untouched. The kernel has no
 * {@code netem} here, so delays, stalls and bandwidth caps cannot be rules: a state asking for one
 * is refused, and {@link #FAULTS} leaves those kinds out.
 */
public final class LinkRules {
  /** The chain the rules live in, in every node's namespace. */
  public static final String CHAIN = "LEDGERLAB";

  /** The link fault kinds that rules can put into effect. */
  public static final Set<FaultKind> FAULTS =
      EnumSet.of(
          FaultKind.PARTITION, FaultKind.ISOLATE, FaultKind.CUT, FaultKind.BRIDGE, FaultKind.LOSS);

  private LinkRules() {}

  /**
   * The {@code iptables-restore --noflush} input that makes {@code node}'s chain hold exactly the
   * rules of its outgoing links in {@code links}; declaring the chain empties it first.
   *
   * @param addresses every node's address, by name
   * @param sendsOnDialed whether nodes send their messages only on connections they dialed (the
   *     reference node does): then a fault on {@code a→b} drops only the packets of connections
   *     {@code a} opened, and {@code a} still acknowledges what {@code b} sends on its own, so a
   *     one-way cut of TCP stays one-way. Otherwise (one connection carries both ways) every packet
   *     from {@code a} to {@code b} is dropped.
   */
  public static String restoreInput(
      String node,
      Map<Link, LinkState> links,
      Map<String, String> addresses,
      boolean sendsOnDialed) {
    StringBuilder sb = new StringBuilder("*filter\n:" + CHAIN + " - [0:0]\n");
    for (String rule : rules(node, links, addresses, sendsOnDialed)) {
      sb.append("-A ").append(CHAIN).append(' ').append(rule).append('\n');
    }
    return sb.append("COMMIT\n").toString();
  }

  /** The rules of {@code node}'s outgoing links, in the network's order. */
  static List<String> rules(
      String node, Map<Link, LinkState> links, Map<String, String> addresses, boolean dialed) {
    List<String> out = new ArrayList<>();
    String only = dialed ? " -m conntrack --ctdir ORIGINAL" : "";
    for (Map.Entry<String, String> peer : addresses.entrySet()) {
      if (peer.getKey().equals(node)) {
        continue;
      }
      Link link = new Link(node, peer.getKey());
      LinkState s = links.getOrDefault(link, LinkState.NONE);
      requireSupported(link, s);
      if (s.blocked()) {
        out.add("-d " + peer.getValue() + "/32" + only + " -j DROP");
      } else if (s.loss() > 0) {
        out.add(
            String.format(
                Locale.ROOT,
                "-d %s/32%s -m statistic --mode random --probability %.6f -j DROP",
                peer.getValue(),
                only,
                s.loss()));
      }
    }
    return out;
  }

  private static void requireSupported(Link link, LinkState s) {
    if (s.stalled()
        || s.latencyMicros() > 0
        || s.jitterMicros() > 0
        || s.bandwidthBytesPerSecond() > 0) {
      throw new IllegalArgumentException(
          link
              + ": nodes in network namespaces take drops and random loss only (the kernel has no"
              + " netem for delays, stalls or bandwidth caps), got "
              + s);
    }
  }
}
