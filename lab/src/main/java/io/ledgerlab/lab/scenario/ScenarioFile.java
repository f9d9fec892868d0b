package io.ledgerlab.lab.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ledgerlab.lab.manifest.NetworkFile;
import java.util.List;
import java.util.Map;

/**
 * A scenario as written in YAML, before validation: a network, a workload, the faults it must
 * survive, the checks and the report. Every field mirrors a key; its comment gives the default. The
 * JSON Schema in {@code docs/scenario.schema.json} describes the same format for editors.
 */
public final class ScenarioFile {
  /** The scenario's name, for the report and the run directory. Default: the network's name. */
  @JsonProperty public String name;

  /**
   * Where the network runs: {@code process} (OS processes on loopback) or {@code sim} (the
   * deterministic simulator, in virtual time). The same file runs on every engine; a key an engine
   * cannot honour is rejected with its line and column. Default: process.
   */
  @JsonProperty public String engine;

  /**
   * Settings of the simulator itself; only the {@code sim} engine takes them, any other rejects the
   * key. Default: none.
   */
  @JsonProperty public SimulationEntry simulation;

  public static final class SimulationEntry {
    /**
     * {@code ed25519} (real signatures, as node processes make) or {@code simulated}: a keyed hash
     * per identity, far cheaper, that still rejects a signature made with another identity's key
     * (docs/manifest.md). Reports name the scheme. Default: ed25519.
     */
    @JsonProperty public String signatures;
  }

  /**
   * The seed of everything random: workload, nemesis, and in simulation the whole world. Default:
   * 1.
   */
  @JsonProperty public Long seed;

  /** Required: the network, exactly as in a manifest (see docs/manifest.md). */
  @JsonProperty(required = true)
  public NetworkFile network;

  /** The load. Default: transfers at 100/s for 30s after a 5s warm-up. */
  @JsonProperty public WorkloadEntry workload;

  /** The faults: a timed schedule, a random nemesis, or both. Default: none. */
  @JsonProperty public FaultsEntry faults;

  /** The checks' bounds and the user's thresholds. Default: every check with default bounds. */
  @JsonProperty public ChecksEntry checks;

  /**
   * Governance actions at times of the load (reference target, with {@code network.operators}): the
   * lab proposes a chain-code install and its operators approve it. Default: none.
   */
  @JsonProperty public List<GovernanceEntry> governance;

  public static final class GovernanceEntry {
    /** Required: when, counted from the start of the load like the faults, such as 10s. */
    @JsonProperty(required = true)
    public String at;

    /** Required: what to install. */
    @JsonProperty(required = true)
    public InstallEntry install;

    /** How many operators approve, the proposer included. Default: the threshold. */
    @JsonProperty public Integer approvals;
  }

  public static final class InstallEntry {
    /** Required: the chain code's name, as its jar's implementation tells it. */
    @JsonProperty(required = true)
    public String chainCode;

    /** Required: the version, as its jar's implementation tells it. */
    @JsonProperty(required = true)
    public Integer version;

    /** Required: the jar, relative to this file. */
    @JsonProperty(required = true)
    public String jar;

    /**
     * Required: the activation height, absolute ({@code 120}) or relative to the head height when
     * proposed ({@code +20}, at least +3).
     */
    @JsonProperty(required = true)
    public String activateAt;
  }

  public static final class WorkloadEntry {
    /**
     * transfer, erc20, kv, noop, call, or a kind registered through the WorkloadProvider SPI.
     * Default: transfer.
     */
    @JsonProperty public String kind;

    /** Open-loop rate such as {@code 200/s}. Default: 100/s. */
    @JsonProperty public String rate;

    /** constant, ramp, step, poisson (open loop) or closed (N clients). Default: constant. */
    @JsonProperty public String shape;

    /** ramp: the rate at the end of the load. */
    @JsonProperty public String rampTo;

    /** step: the rates in turn, such as [100/s, 200/s, 400/s]. */
    @JsonProperty public List<String> steps;

    /** step: how long each rate holds. Default: 10s. */
    @JsonProperty public String stepEvery;

    /** Sender threads (open loop) or clients with one operation in flight (closed). Default: 8. */
    @JsonProperty public Integer clients;

    /** The most transactions one request carries. Default: 50. */
    @JsonProperty public Integer batch;

    /** How long the load runs, faults included. Default: 30s. */
    @JsonProperty public String duration;

    /** Load before the measured phase, without faults. Default: 5s. */
    @JsonProperty public String warmup;

    /** The workload kind's own options, such as {@code skew: 0.99} or {@code mix: b}. */
    @JsonProperty public Map<String, String> options;
  }

  public static final class FaultsEntry {
    /** Faults at given times of the load phase. Default: none. */
    @JsonProperty public List<StepEntry> schedule;

    /** Random faults drawn from the seed. Default: none. */
    @JsonProperty public NemesisEntry nemesis;
  }

  public static final class StepEntry {
    /** Required: when, from the start of the load phase, such as {@code 10s}. */
    @JsonProperty(required = true)
    public String at;

    /**
     * Required: kill, crash (power loss: unsynced writes lost; sim only), stop, restart, pause,
     * partition, isolate, cut, bridge, delay, loss, stall, bandwidth, skew or upgrade.
     */
    @JsonProperty(required = true)
    public String fault;

    /**
     * How long it lasts before its own undo (killed/stopped nodes start, paused resume, its links
     * heal, its skew ends); other faults in force stay. Not for restart. Default: until the heal.
     */
    @JsonProperty("for")
    public String lasts;

    /** kill, crash, stop, restart, pause, isolate, skew, upgrade: the node. */
    @JsonProperty public String node;

    /** cut: the sending side. */
    @JsonProperty public String from;

    /** cut: the side that stops hearing. upgrade: the version to swap in (network.versions). */
    @JsonProperty public String to;

    /**
     * partition: the groups, such as [[n0, n1], [n2, n3]]; nodes in no group form one more. bridge:
     * the two sides, such as [[n0, n1], [n3, n4]]; nodes in neither see both.
     */
    @JsonProperty public List<List<String>> groups;

    /** delay, loss, stall, bandwidth: the nodes whose links it hits. Default: all. */
    @JsonProperty public List<String> nodes;

    /** delay: added latency. */
    @JsonProperty public String latency;

    /** delay: jitter. Default: 0. */
    @JsonProperty public String jitter;

    /**
     * loss: the probability that a message is lost (sim) or a forwarded chunk resets its connection
     * (processes).
     */
    @JsonProperty public Double probability;

    /** bandwidth: bytes per second per link, such as 64KiB. */
    @JsonProperty public String bandwidth;

    /** skew: the clock offset, such as +2s or -500ms. */
    @JsonProperty public String offset;
  }

  public static final class NemesisEntry {
    /**
     * partitions, links, crashes, clock-skew or all; each engine draws the kinds it supports.
     * Default: all.
     */
    @JsonProperty public String profile;

    /** About how often a new fault starts; lengths and gaps are drawn around it. Default: 10s. */
    @JsonProperty public String interval;
  }

  public static final class ChecksEntry {
    /** After the heal, every honest node must commit a new block within this. Default: 30s. */
    @JsonProperty public String liveness;

    /** The quiet period after the heal, before the final reads. Default: 5s. */
    @JsonProperty public String quiet;

    /** User thresholds such as "p99 < 2s", "throughput > 500/s", "committed >= 1000". */
    @JsonProperty public List<String> thresholds;

    /**
     * Replay one node's chain from genesis under new chain code after the run (the {@code replay}
     * check). Default: no replay.
     */
    @JsonProperty public ReplayEntry replay;
  }

  public static final class ReplayEntry {
    /**
     * Required: chain-code jars, relative to this file; each stands in for the chain code of its
     * name wherever the chain ran it.
     */
    @JsonProperty(required = true)
    public List<String> with;

    /** The honest node whose chain is replayed. Default: the first honest node that was read. */
    @JsonProperty public String node;
  }
}
