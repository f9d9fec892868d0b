package io.ledgerlab.lab.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.lab.load.RateShape;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.nemesis.FaultProfile;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A validated scenario: what the engines run. Times are microseconds. */
public record Scenario(
    String name,
    Engine engine,
    long seed,
    Network network,
    WorkloadSpec workload,
    List<FaultStep> schedule,
    Optional<NemesisSpec> nemesis,
    ChecksSpec checks) {
  public Scenario {
    schedule = List.copyOf(schedule);
  }

  public Scenario withSeed(long newSeed) {
    return new Scenario(name, engine, newSeed, network, workload, schedule, nemesis, checks);
  }

  public Scenario withEngine(Engine newEngine) {
    return new Scenario(name, newEngine, seed, network, workload, schedule, nemesis, checks);
  }

  /** The same scenario with a shorter or longer load; faults scheduled past the end are dropped. */
  public Scenario withLoadDuration(long micros) {
    WorkloadSpec w = workload;
    WorkloadSpec shorter =
        new WorkloadSpec(
            w.kind(),
            w.shape(),
            w.ratePerSecond(),
            w.clients(),
            w.batch(),
            micros,
            w.warmupMicros(),
            w.options());
    List<FaultStep> kept = schedule.stream().filter(s -> s.atMicros() < micros).toList();
    return new Scenario(name, engine, seed, network, shorter, kept, nemesis, checks);
  }

  public enum Engine {
    PROCESS,
    SIM
  }

  /**
   * The load.
   *
   * @param shape when operations are due; null for a closed loop
   * @param ratePerSecond the nominal rate (for the simulator and the report)
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
    public WorkloadSpec {
      options = Map.copyOf(options);
    }
  }

  /**
   * One timed fault: a request as {@code ledgerlab fault} sends it, and the request that undoes it
   * after {@code forMicros} (0: at the heal phase).
   */
  public record FaultStep(
      long atMicros, long forMicros, ObjectNode request, ObjectNode undo, String label) {}

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

  public record ChecksSpec(long livenessMicros, long quietMicros, List<Threshold> thresholds) {
    public ChecksSpec {
      thresholds = List.copyOf(thresholds);
    }
  }
}
