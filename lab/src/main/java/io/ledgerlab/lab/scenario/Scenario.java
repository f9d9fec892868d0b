package io.ledgerlab.lab.scenario;

import io.ledgerlab.lab.engine.SignatureScheme;
import io.ledgerlab.lab.governance.GovernanceStep;
import io.ledgerlab.lab.load.RateShape;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.nemesis.FaultProfile;
import io.ledgerlab.lab.nemesis.FaultStep;
import io.ledgerlab.ledger.genesis.SourceLocations;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated scenario: what the pipeline runs, on any engine. Times are microseconds.
 *
 * @param engine the engine's name, such as {@code process} or {@code sim}
 * @param schedule the timed faults; each step's {@code source} is its JSON pointer in the file
 * @param where the file's key positions, so that a later check (another engine chosen on the
 *     command line) still names the line and column
 * @param signatures how the run's identities sign ({@code simulation.signatures}): real Ed25519
 *     unless the scenario asks the simulator for its own scheme
 */
public record Scenario(
    String name,
    String engine,
    long seed,
    Network network,
    WorkloadSpec workload,
    List<FaultStep> schedule,
    Optional<NemesisSpec> nemesis,
    ChecksSpec checks,
    SourceLocations where,
    List<GovernanceStep> governance,
    SignatureScheme signatures) {
  public Scenario {
    schedule = List.copyOf(schedule);
    governance = List.copyOf(governance);
    java.util.Objects.requireNonNull(signatures, "signatures");
  }

  /** A scenario whose identities sign with real Ed25519. */
  public Scenario(
      String name,
      String engine,
      long seed,
      Network network,
      WorkloadSpec workload,
      List<FaultStep> schedule,
      Optional<NemesisSpec> nemesis,
      ChecksSpec checks,
      SourceLocations where,
      List<GovernanceStep> governance) {
    this(
        name,
        engine,
        seed,
        network,
        workload,
        schedule,
        nemesis,
        checks,
        where,
        governance,
        SignatureScheme.ED25519);
  }

  /** A scenario that drives no governance. */
  public Scenario(
      String name,
      String engine,
      long seed,
      Network network,
      WorkloadSpec workload,
      List<FaultStep> schedule,
      Optional<NemesisSpec> nemesis,
      ChecksSpec checks,
      SourceLocations where) {
    this(name, engine, seed, network, workload, schedule, nemesis, checks, where, List.of());
  }

  /** The same scenario from another seed; a Poisson load draws its gaps from it too. */
  public Scenario withSeed(long newSeed) {
    WorkloadSpec w = workload;
    RateShape shape =
        w.shape() instanceof RateShape.Poisson p
            ? new RateShape.Poisson(p.perSecond(), newSeed)
            : w.shape();
    return new Scenario(
        name,
        engine,
        newSeed,
        network,
        w.withShape(shape),
        schedule,
        nemesis,
        checks,
        where,
        governance,
        signatures);
  }

  public Scenario withEngine(String newEngine) {
    return new Scenario(
        name,
        newEngine,
        seed,
        network,
        workload,
        schedule,
        nemesis,
        checks,
        where,
        governance,
        signatures);
  }

  /**
   * The same scenario with a shorter or longer load: a ramp spans the new length, and faults
   * scheduled past the end are dropped (see {@link #droppedBy}).
   */
  public Scenario withLoadDuration(long micros) {
    WorkloadSpec w = workload;
    RateShape shape =
        w.shape() instanceof RateShape.Ramp r
            ? new RateShape.Ramp(r.fromPerSecond(), r.toPerSecond(), micros * 1_000)
            : w.shape();
    WorkloadSpec changed =
        new WorkloadSpec(
            w.kind(),
            shape,
            w.ratePerSecond(),
            w.clients(),
            w.batch(),
            micros,
            w.warmupMicros(),
            w.options());
    List<FaultStep> kept = schedule.stream().filter(s -> s.atMicros() < micros).toList();
    List<GovernanceStep> keptGovernance =
        governance.stream().filter(s -> s.atMicros() < micros).toList();
    return new Scenario(
        name,
        engine,
        seed,
        network,
        changed,
        kept,
        nemesis,
        checks,
        where,
        keptGovernance,
        signatures);
  }

  /** The scheduled faults a load of {@code micros} would drop: they start after it ends. */
  public List<FaultStep> droppedBy(long micros) {
    return schedule.stream().filter(s -> s.atMicros() >= micros).toList();
  }

  /**
   * The load.
   *
   * @param shape when operations are due; null for a closed loop
   * @param ratePerSecond the nominal rate (for the report)
   */
  public record WorkloadSpec(
      String kind,
      RateShape shape,
      double ratePerSecond,
      int clients,
      int batch,
      long durationMicros,
      long warmupMicros,
      Map<String, String> options) {
    /** The kind that sends nothing: faults against an idle chain. */
    public static final String NONE = "none";

    public WorkloadSpec {
      options = Map.copyOf(options);
    }

    /** True when the run sends no load. */
    public boolean none() {
      return kind.equals(NONE);
    }

    /** The load in a few words, such as "constant 100/s transfer load" or "no load". */
    public String describe() {
      if (none()) {
        return "no load";
      }
      return (shape == null ? "closed-loop" : shape.describe()) + " " + kind + " load";
    }

    public WorkloadSpec withShape(RateShape newShape) {
      return new WorkloadSpec(
          kind, newShape, ratePerSecond, clients, batch, durationMicros, warmupMicros, options);
    }
  }

  /** A random nemesis: a new fault about every {@code intervalMicros}, of the profile's kinds. */
  public record NemesisSpec(FaultProfile profile, long intervalMicros) {}

  /** A user threshold such as {@code p99 < 2s}: {@code metric op value}, value in base units. */
  public record Threshold(String metric, String op, double value, String text) {
    public boolean holds(double actual) {
      return switch (op) {
        case "<" -> actual < value;
        case "<=" -> actual <= value;
        case ">" -> actual > value;
        case ">=" -> actual >= value;
        default -> throw new IllegalStateException("unknown operator " + op);
      };
    }
  }

  /**
   * The checks' bounds, the user's thresholds, and the replay the scenario asks for, if any.
   *
   * @param replay the {@code replay} check's input; empty when the scenario asks for none
   */
  public record ChecksSpec(
      long livenessMicros,
      long quietMicros,
      List<Threshold> thresholds,
      Optional<ReplaySpec> replay) {
    public ChecksSpec {
      thresholds = List.copyOf(thresholds);
    }

    /** No replay. */
    public ChecksSpec(long livenessMicros, long quietMicros, List<Threshold> thresholds) {
      this(livenessMicros, quietMicros, thresholds, Optional.empty());
    }
  }

  /**
   * Replay a node's chain from genesis under {@code with} after the run.
   *
   * @param with chain-code jars, each checked by the sandbox when the scenario was read
   * @param node the honest node whose chain is replayed, or null for the first that was read
   */
  public record ReplaySpec(List<java.nio.file.Path> with, String node) {
    public ReplaySpec {
      with = List.copyOf(with);
    }
  }
}
