package io.ledgerlab.lab.manifest;

import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.runtime.log.EventLog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated network: what the engines start.
 *
 * @param nodes every node the engines start: the validators first, then the observers
 * @param blockIntervalMicros the pause after each commit before the next height
 * @param relay whether every node relays the proposals and votes it has not seen before
 * @param rescueAfterMicros how long a transaction waits in an observer's mempool before the
 *     observer rebroadcasts it; 0: observers rescue nothing
 * @param monitoring what the lab runs beside the nodes to watch them: {@link Monitoring#NONE}, or a
 *     Prometheus that scrapes them and evaluates alerting rules
 */
public record Network(
    String name,
    String chainId,
    List<NodeSpec> nodes,
    int accounts,
    long accountBalance,
    long blockIntervalMicros,
    Links links,
    Launch launch,
    String target,
    Map<String, String> targetOptions,
    List<ChainCodeJar> chainCode,
    Map<String, Version> versions,
    Operators operators,
    boolean relay,
    long rescueAfterMicros,
    Monitoring monitoring) {
  public Network {
    nodes = List.copyOf(nodes);
    targetOptions = Map.copyOf(targetOptions);
    chainCode = List.copyOf(chainCode);
    // In the manifest's order, for the report; never empty: every node runs some version.
    versions =
        java.util.Collections.unmodifiableMap(
            new java.util.LinkedHashMap<>(
                versions.isEmpty() ? Map.of(Version.CURRENT, Version.current()) : versions));
    for (NodeSpec n : nodes) {
      if (!versions.containsKey(n.version())) {
        throw new IllegalArgumentException(n.name() + " runs unknown version " + n.version());
      }
    }
    java.util.Objects.requireNonNull(operators, "operators");
    if (nodes.stream().noneMatch(NodeSpec::validator)) {
      throw new IllegalArgumentException("a network needs at least one validator");
    }
    if (rescueAfterMicros < 0) {
      throw new IllegalArgumentException("rescueAfterMicros must be 0 (off) or positive");
    }
    java.util.Objects.requireNonNull(monitoring, "monitoring");
  }

  /** A network whose nodes neither relay nor rescue, without monitoring. */
  public Network(
      String name,
      String chainId,
      List<NodeSpec> nodes,
      int accounts,
      long accountBalance,
      long blockIntervalMicros,
      Links links,
      Launch launch,
      String target,
      Map<String, String> targetOptions,
      List<ChainCodeJar> chainCode,
      Map<String, Version> versions,
      Operators operators) {
    this(
        name,
        chainId,
        nodes,
        accounts,
        accountBalance,
        blockIntervalMicros,
        links,
        launch,
        target,
        targetOptions,
        chainCode,
        versions,
        operators,
        false,
        0,
        Monitoring.NONE);
  }

  /** A network whose nodes all run the lab's own build, without operators. */
  public Network(
      String name,
      String chainId,
      List<NodeSpec> nodes,
      int accounts,
      long accountBalance,
      long blockIntervalMicros,
      Links links,
      Launch launch,
      String target,
      Map<String, String> targetOptions,
      List<ChainCodeJar> chainCode) {
    this(
        name,
        chainId,
        nodes,
        accounts,
        accountBalance,
        blockIntervalMicros,
        links,
        launch,
        target,
        targetOptions,
        chainCode,
        Map.of(),
        Operators.NONE);
  }

  /**
   * A software version some nodes run, and a rolling upgrade ({@code upgrade} fault) swaps in: on a
   * blockchain nobody upgrades every node at once, so a network runs several at a time.
   *
   * @param classpath the node's classpath ({@code {classpath}} in the launch command) on engines
   *     that start processes; empty: the lab's own
   * @param chainCode user chain-code jars this version carries beyond genesis, for upgrades that
   *     governance installs at a height
   * @param canary test-only: an execution rule deliberately different from the lab's build, so a
   *     mixed network can be shown to diverge
   */
  public record Version(
      String name,
      java.util.Optional<String> classpath,
      List<ChainCodeJar> chainCode,
      Canary canary) {
    /** The name of the version every node runs when a manifest names none: the lab's own build. */
    public static final String CURRENT = "current";

    public Version {
      chainCode = List.copyOf(chainCode);
    }

    public static Version current() {
      return new Version(CURRENT, java.util.Optional.empty(), List.of(), Canary.NONE);
    }
  }

  /** This network with {@code version} among its versions (replacing one of the same name). */
  public Network withVersion(Version version) {
    Map<String, Version> more = new java.util.LinkedHashMap<>(versions);
    more.put(version.name(), version);
    return new Network(
        name,
        chainId,
        nodes,
        accounts,
        accountBalance,
        blockIntervalMicros,
        links,
        launch,
        target,
        targetOptions,
        chainCode,
        more,
        operators,
        relay,
        rescueAfterMicros,
        monitoring);
  }

  /** This network with node {@code node} running {@code versionName}, one of its versions. */
  public Network withNodeVersion(String node, String versionName) {
    version(versionName);
    List<NodeSpec> next = new java.util.ArrayList<>();
    boolean found = false;
    for (NodeSpec n : nodes) {
      found |= n.name().equals(node);
      next.add(n.name().equals(node) ? n.withVersion(versionName) : n);
    }
    if (!found) {
      throw new IllegalArgumentException("no node named '" + node + "'");
    }
    return new Network(
        name,
        chainId,
        next,
        accounts,
        accountBalance,
        blockIntervalMicros,
        links,
        launch,
        target,
        targetOptions,
        chainCode,
        versions,
        operators,
        relay,
        rescueAfterMicros,
        monitoring);
  }

  /** The version called {@code versionName}. */
  public Version version(String versionName) {
    Version v = versions.get(versionName);
    if (v == null) {
      throw new IllegalArgumentException(
          "no version named '" + versionName + "'; versions: " + versions.keySet());
    }
    return v;
  }

  /** Whether nodes run, or can be upgraded to, more than one software version. */
  public boolean mixedVersions() {
    return versions.size() > 1;
  }

  /** The deliberately broken software {@code node} runs: its own canary, or else its version's. */
  public Canary canary(NodeSpec node) {
    return node.canary() != Canary.NONE ? node.canary() : version(node.version()).canary();
  }

  /**
   * The chain's operators, whose keys the lab generates and puts in the genesis: any {@code
   * threshold} of the {@code count} approve a chain-code install (reference target only).
   */
  public record Operators(int count, int threshold) {
    public static final Operators NONE = new Operators(0, 0);

    public boolean isEmpty() {
      return count == 0;
    }
  }

  /**
   * A user chain-code jar to install at genesis, as the sandbox found it when the manifest was
   * read.
   *
   * @param jar where the manifest names it, absolute
   * @param name the chain code's name, as the jar's implementation tells it
   * @param sha256 the jar's SHA-256, lower-case hex
   */
  public record ChainCodeJar(Path jar, String name, int version, String sha256) {}

  /** A network of Ledgerlab's reference chain. */
  public Network(
      String name,
      String chainId,
      List<NodeSpec> nodes,
      int accounts,
      long accountBalance,
      long blockIntervalMicros,
      Links links,
      Launch launch) {
    this(
        name,
        chainId,
        nodes,
        accounts,
        accountBalance,
        blockIntervalMicros,
        links,
        launch,
        "reference",
        Map.of(),
        List.of());
  }

  /** What a node is in the network: a validator votes; an observer follows, checks and measures. */
  public enum Role {
    VALIDATOR,
    OBSERVER;

    /** As manifests spell it: {@code validator}, {@code observer}. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One node: a validator, or an observer — a node without a validator key, outside the genesis
   * validator set, that follows the chain, re-executes every block and measures the validators.
   *
   * @param power voting power; 0 for an observer, which holds none
   * @param canary deliberately broken software the lab still counts honest (test-only)
   * @param twin whether it runs as two instances sharing its key (counted Byzantine)
   * @param version the software version it starts with (see {@link Version})
   */
  public record NodeSpec(
      String name,
      long power,
      Behaviour behaviour,
      long clockOffsetMicros,
      Canary canary,
      boolean twin,
      String version,
      Role role) {
    public NodeSpec {
      java.util.Objects.requireNonNull(role, "role");
      if (role == Role.OBSERVER && (power != 0 || behaviour.isByzantine() || twin)) {
        throw new IllegalArgumentException(
            name + ": an observer has no voting power, no Byzantine behaviour and no twin");
      }
    }

    /** A validator. */
    public NodeSpec(
        String name,
        long power,
        Behaviour behaviour,
        long clockOffsetMicros,
        Canary canary,
        boolean twin,
        String version) {
      this(name, power, behaviour, clockOffsetMicros, canary, twin, version, Role.VALIDATOR);
    }

    /** An honest observer running {@code version}, with its canary (test-only) and clock offset. */
    public static NodeSpec observer(
        String name, long clockOffsetMicros, Canary canary, String version) {
      return new NodeSpec(
          name, 0, Behaviour.HONEST, clockOffsetMicros, canary, false, version, Role.OBSERVER);
    }

    public NodeSpec(String name, long power, Behaviour behaviour, long clockOffsetMicros) {
      this(name, power, behaviour, clockOffsetMicros, Canary.NONE, false);
    }

    public NodeSpec(
        String name,
        long power,
        Behaviour behaviour,
        long clockOffsetMicros,
        Canary canary,
        boolean twin) {
      this(name, power, behaviour, clockOffsetMicros, canary, twin, Version.CURRENT);
    }

    /** The same node running {@code versionName}: what a rolling upgrade makes of it. */
    public NodeSpec withVersion(String versionName) {
      return new NodeSpec(
          name, power, behaviour, clockOffsetMicros, canary, twin, versionName, role);
    }

    public boolean validator() {
      return role == Role.VALIDATOR;
    }

    public boolean observer() {
      return role == Role.OBSERVER;
    }

    /** The behaviour as manifests spell it: {@code honest}, {@code double-vote}... */
    public String behaviourName() {
      return behaviour.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The canary as manifests spell it, or {@code none}. */
    public String canaryName() {
      return canary.key();
    }

    /** Honest as the checks count it: no Byzantine behaviour and no twin. */
    public boolean honest() {
      return !behaviour.isByzantine() && !twin;
    }
  }

  /**
   * Monitoring as people run it beside a network: a real Prometheus that scrapes every node's
   * {@code /metrics} and evaluates alerting rules with these thresholds (docs/monitoring.md).
   *
   * @param kind {@code none} or {@code prometheus}
   * @param scrapeIntervalMicros how often Prometheus scrapes and evaluates the rules
   * @param stalledForMicros how long a node's height may stay unchanged (or the node unscraped)
   *     before {@code LedgerlabHeightStalled} fires
   * @param missedVotesRatio the share of certificates missing a validator's precommit, over {@code
   *     windowMicros}, above which {@code LedgerlabValidatorMissingVotes} fires
   * @param windowMicros the look-back of the rate rules (missed votes, a growing mempool)
   */
  public record Monitoring(
      String kind,
      long scrapeIntervalMicros,
      long stalledForMicros,
      double missedVotesRatio,
      long windowMicros) {
    public static final String PROMETHEUS = "prometheus";
    public static final Monitoring NONE = new Monitoring("none", 0, 0, 0, 0);
    public static final long SCRAPE_INTERVAL_MICROS_DEFAULT = 1_000_000;
    public static final long STALLED_FOR_MICROS_DEFAULT = 10_000_000;
    public static final double MISSED_VOTES_RATIO_DEFAULT = 0.2;
    public static final long WINDOW_MICROS_DEFAULT = 30_000_000;

    public Monitoring {
      java.util.Objects.requireNonNull(kind, "kind");
    }

    /** Prometheus with the default thresholds. */
    public static Monitoring prometheus() {
      return new Monitoring(
          PROMETHEUS,
          SCRAPE_INTERVAL_MICROS_DEFAULT,
          STALLED_FOR_MICROS_DEFAULT,
          MISSED_VOTES_RATIO_DEFAULT,
          WINDOW_MICROS_DEFAULT);
    }

    public boolean enabled() {
      return !this.equals(NONE);
    }
  }

  /**
   * The behaviour of every link from the start.
   *
   * @param direct whether nodes dial each other directly ({@code via: direct}): no lab proxy sits
   *     on a link, so none can be faulted, and the lab holds no socket per link — what lets 64 node
   *     processes run under one descriptor limit. Only where the lab starts the node processes.
   */
  public record Links(
      long latencyMicros,
      long jitterMicros,
      double loss,
      long bandwidthBytesPerSecond,
      boolean direct) {
    public static final Links CLEAN = new Links(0, 0, 0, 0);

    /** Links through the lab's proxies. */
    public Links(long latencyMicros, long jitterMicros, double loss, long bandwidthBytesPerSecond) {
      this(latencyMicros, jitterMicros, loss, bandwidthBytesPerSecond, false);
    }
  }

  /**
   * How node processes are launched.
   *
   * @param env environment variables set for every node process
   * @param here the directory of the file the network was read from, for {@code {here}} in the
   *     command
   * @param image a Docker build context to run the command in, for the docker engine
   */
  public record Launch(
      String command,
      List<String> jvmOptions,
      EventLog.Level logLevel,
      int basePort,
      Map<String, String> env,
      Path here,
      java.util.Optional<Path> image) {
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
      env = Map.copyOf(env);
    }

    public Launch(
        String command,
        List<String> jvmOptions,
        EventLog.Level logLevel,
        int basePort,
        Map<String, String> env,
        Path here) {
      this(command, jvmOptions, logLevel, basePort, env, here, java.util.Optional.empty());
    }

    /** No environment of its own, relative paths from the working directory. */
    public Launch(String command, List<String> jvmOptions, EventLog.Level logLevel, int basePort) {
      this(command, jvmOptions, logLevel, basePort, Map.of(), Path.of("").toAbsolutePath());
    }
  }

  /** The nodes in the genesis validator set, in the manifest's order. */
  public List<NodeSpec> validators() {
    return nodes.stream().filter(NodeSpec::validator).toList();
  }

  /** The nodes that follow without a validator key, in the manifest's order. */
  public List<NodeSpec> observers() {
    return nodes.stream().filter(NodeSpec::observer).toList();
  }

  public List<NodeSpec> byzantine() {
    return nodes.stream().filter(n -> !n.honest()).toList();
  }

  public List<NodeSpec> honest() {
    return nodes.stream().filter(NodeSpec::honest).toList();
  }

  /** Voting power in all (observers hold none), and held by Byzantine nodes (twins count). */
  public long power() {
    return nodes.stream().mapToLong(NodeSpec::power).sum();
  }

  public long byzantinePower() {
    return byzantine().stream().mapToLong(NodeSpec::power).sum();
  }

  /**
   * Whether BFT tolerates the Byzantine nodes: they hold less than a third of the voting power
   * (with equal power, f of 3f+1).
   */
  public boolean withinTolerance() {
    return 3 * byzantinePower() < power();
  }

  /**
   * The bound in words: "1 Byzantine of 4 is within f = 1", "2 Byzantine of 4 exceeds f = 1", or
   * with unequal power "Byzantine power 5 of 12 exceeds the 3 tolerated". Validators only: an
   * observer votes on nothing, so it neither counts in the bound nor can exceed it.
   */
  public String toleranceSentence() {
    long total = power();
    long tolerated = (total - 1) / 3;
    List<NodeSpec> validators = validators();
    boolean equal = validators.stream().allMatch(n -> n.power() == 1);
    String verb = withinTolerance() ? " is within " : " exceeds ";
    if (equal) {
      return byzantine().size() + " Byzantine of " + validators.size() + verb + "f = " + tolerated;
    }
    return "Byzantine power "
        + byzantinePower()
        + " of "
        + total
        + verb
        + "the "
        + tolerated
        + " tolerated (less than a third)";
  }

  public NodeSpec node(String nodeName) {
    return nodes.stream()
        .filter(n -> n.name().equals(nodeName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node named '" + nodeName + "'"));
  }
}
