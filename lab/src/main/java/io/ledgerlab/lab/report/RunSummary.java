package io.ledgerlab.lab.report;

import java.util.List;
import java.util.Map;

/**
 * Everything a run's report shows, as written to {@code summary.json}: the verdicts first, then the
 * numbers and the time series behind the charts. Times are seconds since the run started. {@code
 * ledgerlab report <run-dir>} rebuilds the report from this file and the merged logs.
 *
 * @param status how the run ended: {@code completed}, {@code interrupted} (Ctrl-C: what ran so far,
 *     checks not run) or {@code failed} (the run itself broke; {@code notes} say how)
 * @param verdict VALID, INVALID or UNKNOWN: the combination of every check
 * @param network the nodes and what tolerance the Byzantine ones leave
 * @param logZeroMicros microseconds since the epoch at the run's second 0, in the clock the node
 *     logs are stamped with (virtual in the simulator)
 * @param traceDigest for a replayable engine, the digest of everything that happened; else ""
 * @param notes what a reader should know that the numbers do not say
 * @param observers what the network's observers measured; null when it has none
 * @param alerts the windows in which the run's Prometheus alerts fired ({@code monitoring}); empty
 *     without monitoring
 * @param signatures how the run's identities signed: {@code ed25519}, or {@code simulated} (the
 *     simulator's keyed hash, {@code simulation.signatures}) — a verdict reached without real
 *     cryptography says so
 */
public record RunSummary(
    String scenario,
    String engine,
    long seed,
    String startedAt,
    double durationSeconds,
    String status,
    String verdict,
    List<Check> checks,
    Stats stats,
    List<Series> throughput,
    List<Series> latency,
    List<Series> heights,
    List<FaultWindow> faults,
    List<Phase> phases,
    NetworkInfo network,
    long logZeroMicros,
    String traceDigest,
    List<String> notes,
    Observers observers,
    List<Alert> alerts,
    String signatures) {
  /** The scheme of every run that does not ask for another: real Ed25519. */
  public static final String ED25519 = "ed25519";

  public static final String COMPLETED = "completed";
  public static final String INTERRUPTED = "interrupted";
  public static final String FAILED = "failed";

  public RunSummary {
    checks = List.copyOf(checks);
    throughput = List.copyOf(throughput);
    latency = List.copyOf(latency);
    heights = List.copyOf(heights);
    faults = List.copyOf(faults);
    phases = List.copyOf(phases);
    notes = List.copyOf(notes);
    alerts = List.copyOf(alerts);
  }

  /** A summary of a run whose identities signed with real Ed25519. */
  public RunSummary(
      String scenario,
      String engine,
      long seed,
      String startedAt,
      double durationSeconds,
      String status,
      String verdict,
      List<Check> checks,
      Stats stats,
      List<Series> throughput,
      List<Series> latency,
      List<Series> heights,
      List<FaultWindow> faults,
      List<Phase> phases,
      NetworkInfo network,
      long logZeroMicros,
      String traceDigest,
      List<String> notes,
      Observers observers,
      List<Alert> alerts) {
    this(
        scenario,
        engine,
        seed,
        startedAt,
        durationSeconds,
        status,
        verdict,
        checks,
        stats,
        throughput,
        latency,
        heights,
        faults,
        phases,
        network,
        logZeroMicros,
        traceDigest,
        notes,
        observers,
        alerts,
        ED25519);
  }

  /** A summary of a network without observers and without monitoring. */
  public RunSummary(
      String scenario,
      String engine,
      long seed,
      String startedAt,
      double durationSeconds,
      String status,
      String verdict,
      List<Check> checks,
      Stats stats,
      List<Series> throughput,
      List<Series> latency,
      List<Series> heights,
      List<FaultWindow> faults,
      List<Phase> phases,
      NetworkInfo network,
      long logZeroMicros,
      String traceDigest,
      List<String> notes) {
    this(
        scenario,
        engine,
        seed,
        startedAt,
        durationSeconds,
        status,
        verdict,
        checks,
        stats,
        throughput,
        latency,
        heights,
        faults,
        phases,
        network,
        logZeroMicros,
        traceDigest,
        notes,
        null,
        List.of());
  }

  /** This summary with {@code more} alert windows. */
  public RunSummary withAlerts(List<Alert> more) {
    List<Alert> all = new java.util.ArrayList<>(alerts);
    all.addAll(more);
    return new RunSummary(
        scenario,
        engine,
        seed,
        startedAt,
        durationSeconds,
        status,
        verdict,
        checks,
        stats,
        throughput,
        latency,
        heights,
        faults,
        phases,
        network,
        logZeroMicros,
        traceDigest,
        notes,
        observers,
        all,
        signatures);
  }

  /**
   * What the observers measured of the validators, from their {@code observer.block} and {@code
   * observer.peer} events. The block figures are one observer's — the one that followed the most
   * blocks ({@code source}) — so that every height counts once and the intervals are one node's.
   *
   * @param observers the network's observers
   * @param source the observer whose blocks the figures come from, or "" when none logged a block
   * @param blocks the blocks {@code source} followed
   * @param divergences the divergences every observer logged, in all
   * @param roundChanges {@code source}'s blocks whose certificate is of a round above 0
   * @param meanIntervalSeconds the mean time between {@code source}'s blocks; 0 without any
   * @param lastIntervalSeconds the time before its last block; 0 without any
   * @param validators per validator, in the network's order
   * @param peers the peers' versions as each observer last learned them
   */
  public record Observers(
      List<String> observers,
      String source,
      long blocks,
      long divergences,
      long roundChanges,
      double meanIntervalSeconds,
      double lastIntervalSeconds,
      List<Participation> validators,
      List<PeerVersion> peers) {
    public Observers {
      observers = List.copyOf(observers);
      validators = List.copyOf(validators);
      peers = List.copyOf(peers);
    }
  }

  /**
   * One validator as the observers saw it.
   *
   * @param certificates the certificates observed
   * @param signed those holding its precommit
   * @param missed those without it
   * @param missedPercent {@code missed} of {@code certificates}, in percent; 0 without any
   * @param proposed the observed blocks it proposed
   */
  public record Participation(
      String validator,
      long certificates,
      long signed,
      long missed,
      double missedPercent,
      long proposed) {}

  /** A peer's software version, as {@code observer} learned it last. */
  public record PeerVersion(String observer, String peer, String version) {}

  /** The network: its nodes, and the bound the Byzantine ones are held to. */
  public record NetworkInfo(List<NodeInfo> nodes, String tolerance, boolean withinTolerance) {
    public NetworkInfo {
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * One node. {@code role} is honest, byzantine, twin or observer (honest, without a validator
   * key); {@code canary} is "none" unless the node runs deliberately broken software (still counted
   * honest).
   */
  public record NodeInfo(
      String name,
      String role,
      String behaviour,
      String canary,
      long power,
      double clockOffsetSeconds) {}

  /**
   * One check's verdict.
   *
   * @param atSeconds when the failure shows in the run (for the log excerpt), or null
   */
  public record Check(String name, String validity, String details, Double atSeconds) {}

  /**
   * What the workload did. Latencies are milliseconds per phase: {@code accepted} (from the
   * intended send time to the node's answer) and {@code committed} (from the intended send time to
   * the block that holds it).
   */
  public record Stats(
      long submitted,
      long accepted,
      long rejected,
      long committed,
      long unknown,
      double throughputPerSecond,
      Map<String, Latency> latencyMillis) {}

  public record Latency(long count, double p50, double p90, double p99, double max) {}

  /** A named line of a chart: points are {@code [seconds, value]}. */
  public record Series(String name, List<double[]> points) {}

  /** A fault in force from {@code start} to {@code end} seconds; end is null if never healed. */
  public record FaultWindow(String fault, String target, double start, Double end) {}

  /**
   * A window in which a Prometheus alert fired, in seconds since the run started: from the first
   * step of the query that found it firing to one step after the last (it fired until at least
   * then), so that one firing evaluation lasts one step, not zero. The step is the scrape and
   * evaluation interval, or coarser on a run too long for that many points (docs/monitoring.md).
   *
   * @param alert the rule's name, such as {@code LedgerlabHeightStalled}
   * @param labels the alert's labels but its name and state: {@code node}, {@code role}, ...
   * @param firingAtEnd whether it still fired when the run's Prometheus was last asked
   */
  public record Alert(
      String alert, Map<String, String> labels, double start, double end, boolean firingAtEnd) {
    public Alert {
      labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }

    public double seconds() {
      return end - start;
    }
  }

  /** A phase of the run: warmup, load, heal, quiet, final reads. */
  public record Phase(String name, double start, double end) {}
}
