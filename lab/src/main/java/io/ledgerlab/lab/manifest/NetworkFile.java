package io.ledgerlab.lab.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A network as written in a manifest (or under {@code network:} in a scenario), before validation.
 * Every field mirrors a key; the comment gives its default.
 */
public final class NetworkFile {
  /** Required: the network's name, used for the run directory; letters, digits, '-', '_'. */
  @JsonProperty(required = true)
  public String name;

  /**
   * The chain the nodes run, by target name ({@code reference}, {@code ethereum}...). Default:
   * {@code reference}, Ledgerlab's own chain.
   */
  @JsonProperty public String target;

  /** Settings of the target's own, such as {@code transfers: erc20}; docs/targets.md. */
  @JsonProperty public Map<String, String> targetOptions;

  /** The chain id every transaction carries. Default: the name (the target may choose another). */
  @JsonProperty public String chainId;

  /** How many validators, named n0, n1, ... Default: 4. Give this or {@code nodes}. */
  @JsonProperty public Integer validators;

  /** The validators one by one, when they differ. Default: {@code validators} honest ones. */
  @JsonProperty public List<NodeEntry> nodes;

  /** Funded accounts for workloads. Default: 100. */
  @JsonProperty public Integer accounts;

  /** Each account's balance at genesis. Default: 1000000000. */
  @JsonProperty public Long balance;

  /**
   * The pause after each commit before the next height starts, e.g. {@code 500ms}. Default: 500ms.
   */
  @JsonProperty public String blockInterval;

  /** Every link's behaviour from the start. Default: a clean network. */
  @JsonProperty public LinksEntry links;

  /** How node processes are launched. Default: the reference node. */
  @JsonProperty public LaunchEntry launch;

  /**
   * User chain-code jars installed at genesis, beside the built-in {@code token} and {@code kv}
   * (reference target only). Each is checked by the node's sandbox when the manifest is read.
   * Default: none.
   */
  @JsonProperty public List<ChainCodeEntry> chainCode;

  /**
   * Software versions the nodes run, by name (letters, digits, '-', '_', '.'), such as {@code v1}
   * and {@code v2}; a node names its own with {@code version}, and an {@code upgrade} fault swaps a
   * node to another. Default: one version, {@code current}, the lab's own build.
   */
  @JsonProperty public Map<String, VersionEntry> versions;

  public static final class VersionEntry {
    /**
     * Engines that start processes: the node's classpath for {@code {classpath}} in the launch
     * command — jars or class directories relative to this file. Default: the lab's own.
     */
    @JsonProperty public List<String> classpath;

    /**
     * Chain-code jars this version carries beyond genesis, for upgrades governance installs at a
     * height; a node without the jar an upgrade names halts at that height. Default: none.
     */
    @JsonProperty public List<ChainCodeEntry> chainCode;

    /**
     * Test-only: an execution rule deliberately different from the lab's build (a canary, see
     * {@code canary} on a node), so a mixed network can be shown to diverge. Default: none.
     */
    @JsonProperty public String canary;
  }

  /**
   * Operators who govern chain-code upgrades on chain (reference target only): the lab generates
   * {@code count} operator keys, puts them in the genesis, and any {@code threshold} of them
   * approve an install. Default: none.
   */
  @JsonProperty public OperatorsEntry operators;

  /**
   * How many observers to add after the validators, named o0, o1, ...: nodes without a validator
   * key that follow the chain, re-execute every block and measure the validators. Default: 0.
   */
  @JsonProperty public Integer observers;

  /** Whether every node relays the proposals and votes it has not seen before. Default: false. */
  @JsonProperty public Boolean relay;

  /**
   * How long a transaction waits in an observer's mempool before the observer rebroadcasts it, e.g.
   * {@code 2s}. Default: observers rescue nothing.
   */
  @JsonProperty public String rescueAfter;

  /**
   * Monitoring the lab runs beside the nodes: {@code prometheus}, or an object with {@code kind:
   * prometheus} and thresholds (docs/monitoring.md). Default: none.
   */
  @JsonProperty public MonitoringEntry monitoring;

  /** {@code monitoring: prometheus}, or {@code monitoring: {kind: prometheus, ...}}. */
  public static final class MonitoringEntry {
    /** Required: {@code prometheus}, the one kind there is. */
    @JsonProperty(required = true)
    public String kind;

    /** How often Prometheus scrapes the nodes and evaluates its rules. Default: 1s. */
    @JsonProperty public String scrapeInterval;

    /**
     * How long a node's height may stay unchanged, or the node unscraped, before {@code
     * LedgerlabHeightStalled} fires. Default: 10s.
     */
    @JsonProperty public String stalledFor;

    /**
     * The share of certificates (as observers count them) missing a validator's precommit above
     * which {@code LedgerlabValidatorMissingVotes} fires, such as {@code 20%}. Default: 20%.
     */
    @JsonProperty public String missedVotes;

    /** The look-back of the missed-votes and growing-mempool rules. Default: 30s. */
    @JsonProperty public String window;

    public MonitoringEntry() {}

    /** The short form, {@code monitoring: prometheus}: a kind with the default thresholds. */
    public MonitoringEntry(String kind) {
      this.kind = kind;
    }
  }

  static final class OperatorsEntry {
    /** Required: how many operators, 1 to 64. */
    @JsonProperty(required = true)
    public Integer count;

    /** How many must approve (M of N), 1 to count. Default: a majority, count / 2 + 1. */
    @JsonProperty public Integer threshold;
  }

  static final class ChainCodeEntry {
    /** Required: the jar, relative to this file. */
    @JsonProperty(required = true)
    public String jar;

    /** The jar's SHA-256 in lower-case hex; when given, a jar that differs is refused. */
    @JsonProperty public String sha256;
  }

  public static final class NodeEntry {
    /** Required: the node's name, such as {@code n0}. */
    @JsonProperty(required = true)
    public String name;

    /**
     * {@code validator} or {@code observer}: an observer has no validator key and takes no {@code
     * power}, {@code behaviour} or {@code twin}. Default: validator.
     */
    @JsonProperty public String role;

    /** Voting power. Default: 1. */
    @JsonProperty public Long power;

    /** A Byzantine behaviour, such as {@code double-vote} or {@code silent}. Default: honest. */
    @JsonProperty public String behaviour;

    /** This node's clock offset, such as {@code +2s} or {@code -500ms}. Default: 0. */
    @JsonProperty public String clockOffset;

    /**
     * Test-only: deliberately broken software that the lab still counts honest, so a check must
     * catch it — {@code half-quorum}, {@code ignore-lock}, {@code crash}, {@code mint}, {@code
     * corrupt-state}, {@code skip-sync}, {@code double-sign} (see docs/checks.md). Default: none.
     */
    @JsonProperty public String canary;

    /**
     * Runs this validator as two instances sharing its key (Twins); it counts as Byzantine. Only
     * engines that say so can. Default: false.
     */
    @JsonProperty public Boolean twin;

    /** The software version it starts with, a name under {@code versions}. Default: the first. */
    @JsonProperty public String version;
  }

  public static final class LinksEntry {
    /** Added one-way latency, e.g. {@code 20ms}. Default: 0. */
    @JsonProperty public String latency;

    /** Uniform jitter on top of the latency. Default: 0. */
    @JsonProperty public String jitter;

    /** The probability that a forwarded chunk resets its connection. Default: 0. */
    @JsonProperty public Double loss;

    /** A bandwidth cap per link, e.g. {@code 1MiB} (per second). Default: unlimited. */
    @JsonProperty public String bandwidth;

    /**
     * {@code proxy}: through the lab's fault proxies (default); {@code direct}: node to node, with
     * no link fault possible.
     */
    @JsonProperty public String via;
  }

  public static final class LaunchEntry {
    /**
     * The command that starts one node, with placeholders (docs/manifest.md and the target's own).
     * Default: the target's node, if it has one.
     */
    @JsonProperty public String command;

    /** Environment variables for every node process, on top of the lab's own. Default: none. */
    @JsonProperty public Map<String, String> env;

    /** JVM options for {@code {jvmOptions}}. Default: a small heap and the serial collector. */
    @JsonProperty public List<String> jvmOptions;

    /** The lowest log level nodes write. Default: info. */
    @JsonProperty public String logLevel;

    /** The first port to use (two per node); 0 picks free ports. Default: 0. */
    @JsonProperty public Integer basePort;

    /**
     * The docker engine only: a directory (relative to this file) with a Dockerfile, built here, in
     * which {@code command} runs. Default: an image the lab builds of the reference node, or of the
     * command's program with the libraries it links (docs/engines.md).
     */
    @JsonProperty public String image;
  }
}
