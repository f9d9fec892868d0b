package io.ledgerlab.lab.manifest;

import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.runtime.log.EventLog;
import java.util.List;

/**
 * A validated network: what the engines start.
 *
 * @param blockIntervalMicros the pause after each commit before the next height
 */
public record Network(
    String name,
    String chainId,
    List<NodeSpec> nodes,
    int accounts,
    long accountBalance,
    long blockIntervalMicros,
    Links links,
    Launch launch) {
  public Network {
    nodes = List.copyOf(nodes);
  }

  /** One validator. */
  public record NodeSpec(String name, long power, Behaviour behaviour, long clockOffsetMicros) {
    public boolean honest() {
      return !behaviour.isByzantine();
    }
  }

  /** The behaviour of every link from the start. */
  public record Links(
      long latencyMicros, long jitterMicros, double loss, long bandwidthBytesPerSecond) {
    public static final Links CLEAN = new Links(0, 0, 0, 0);
  }

  /** How node processes are launched. */
  public record Launch(
      String command, List<String> jvmOptions, EventLog.Level logLevel, int basePort) {
    /** The reference node, run from the classpath Ledgerlab itself runs from. */
    public static final String REFERENCE_NODE =
        "{java} {jvmOptions} -cp {classpath} io.ledgerlab.node.NodeMain --config {config}";

    /**
     * Small enough that a 16-node network fits on a laptop, with the JIT left on so the node runs
     * at full speed under load.
     */
    public static final List<String> JVM_OPTIONS_DEFAULT =
        List.of(
            "-Xms32m",
            "-Xmx96m",
            "-XX:+UseSerialGC",
            "-XX:MaxMetaspaceSize=64m",
            "-XX:ReservedCodeCacheSize=32m",
            "-Xss512k",
            "-XX:TieredStopAtLevel=1");

    public Launch {
      jvmOptions = List.copyOf(jvmOptions);
    }
  }

  public List<NodeSpec> byzantine() {
    return nodes.stream().filter(n -> !n.honest()).toList();
  }

  public NodeSpec node(String nodeName) {
    return nodes.stream()
        .filter(n -> n.name().equals(nodeName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node named '" + nodeName + "'"));
  }
}
