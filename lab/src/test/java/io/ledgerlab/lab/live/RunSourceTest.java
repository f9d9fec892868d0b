package io.ledgerlab.lab.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.run.Pipeline;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a live view reads from a running scenario, through the pipeline's watcher: the engine's
 * nodes and their states, the nemesis's faults while they are in force, the workload's counters.
 * Read every simulated second of a sim run with a scheduled kill.
 */
class RunSourceTest {
  @TempDir Path dir;

  /** One reading of the source. */
  private record Reading(
      List<LiveSource.NodeEndpoint> nodes,
      List<LiveSource.FaultInForce> faults,
      Optional<LoadView> load) {}

  @Test
  void aRunningScenarioShowsItsNodesItsFaultsInForceAndItsLoad() throws Exception {
    String yaml =
        Runs.sim(
            4,
            Map.of(),
            "workload: {rate: 30/s, duration: 12s, warmup: 0s}\n"
                + "checks: {liveness: 20s, quiet: 2s}\n"
                + "faults:\n  schedule:\n    - {at: 3s, fault: kill, node: n3, for: 5s}\n");
    List<Reading> readings = Collections.synchronizedList(new ArrayList<>());
    List<String> console = new ArrayList<>();
    boolean[] closed = new boolean[1];
    Pipeline pipeline =
        new Pipeline(
                ScenarioParser.parse("t.yaml", yaml),
                new RunLayout(dir.resolve("run")),
                yaml,
                console::add)
            .watchedBy(
                live -> {
                  RunSource source = new RunSource(live);
                  Timeline time = live.engine().timeline();
                  Runnable[] read = new Runnable[1];
                  read[0] =
                      () -> {
                        if (!closed[0]) {
                          readings.add(new Reading(source.nodes(), source.faults(), source.load()));
                          time.after(1_000_000, read[0]);
                        }
                      };
                  time.after(1_000_000, read[0]);
                  return () -> closed[0] = true;
                });

    pipeline.run();

    assertThat(readings).isNotEmpty();
    assertThat(readings.get(0).nodes())
        .extracting(LiveSource.NodeEndpoint::name)
        .containsExactly("n0", "n1", "n2", "n3");
    // The simulator's nodes have no endpoint: the page says so rather than guessing.
    assertThat(readings.get(0).nodes()).allSatisfy(n -> assertThat(n.rpc()).isEmpty());
    Reading killed = readings.stream().filter(r -> !r.faults().isEmpty()).findFirst().orElseThrow();
    assertThat(killed.faults()).containsExactly(new LiveSource.FaultInForce("kill", "n3"));
    assertThat(killed.nodes().get(3).state()).isEqualTo("down");
    assertThat(readings.get(readings.size() - 1).faults()).isEmpty();
    LoadView last =
        readings.stream()
            .map(Reading::load)
            .flatMap(Optional::stream)
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(last.committed()).isPositive();
    assertThat(last.submitted()).isGreaterThanOrEqualTo(last.accepted());
    assertThat(last.p50Millis()).isPositive();
  }

  @Test
  void aWatcherThatCannotStartIsSaidAndTheRunGoesOn() throws Exception {
    String yaml =
        Runs.sim(
            4,
            Map.of(),
            "workload: {rate: 10/s, duration: 2s, warmup: 0s}\n"
                + "checks: {liveness: 10s, quiet: 1s}\n");
    List<String> console = new ArrayList<>();
    var summary =
        new Pipeline(
                ScenarioParser.parse("t.yaml", yaml),
                new RunLayout(dir.resolve("run")),
                yaml,
                console::add)
            .watchedBy(
                live -> {
                  throw new java.io.IOException("cannot listen on 127.0.0.1:1");
                })
            .run();
    assertThat(console).contains("the live view did not start: cannot listen on 127.0.0.1:1");
    assertThat(summary.verdict()).isEqualTo("VALID");
  }
}
