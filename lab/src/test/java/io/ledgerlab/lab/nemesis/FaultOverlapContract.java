package io.ledgerlab.lab.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.testing.Runs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overlapping faults end in their own windows, on every engine: a 12 s pause of n3 overlapped by a
 * 3 s delay on every link. The old bug undid any link fault with a global heal, so the end of the
 * delay also resumed n3, 7 s early. Written once; {@code FaultOverlapTest} runs it in the simulator
 * and {@code FaultOverlapIT} on node processes.
 */
abstract class FaultOverlapContract {
  static final double PAUSE_START = 2;
  static final double PAUSE_END = 14;
  static final double DELAY_START = 4;
  static final double DELAY_END = 7;

  @TempDir Path dir;

  /** The engine to run on: "sim" or "process". */
  abstract String engine();

  /** How far from its schedule a window may start or end, in seconds, on this engine. */
  abstract double slackSeconds();

  String scenario() {
    return """
        name: fault-overlap
        engine: %s
        seed: 7
        network:
          name: fault-overlap
          validators: 4
          accounts: 100
          blockInterval: 200ms
        workload:
          rate: 50/s
          duration: 20s
          warmup: 0s
        faults:
          schedule:
            - {at: 2s, fault: pause, node: n3, for: 12s}
            - {at: 4s, fault: delay, latency: 50ms, for: 3s}
        checks:
          liveness: 20s
          quiet: 2s
        """
        .formatted(engine());
  }

  @Test
  void aShortDelayEndingInsideALongPauseLeavesTheNodePausedUntilItsOwnEnd() throws Exception {
    Runs runs = new Runs(dir);
    RunSummary summary = runs.run(scenario());
    double load = loadStart(summary);
    String why = "checks: %s%nconsole: %s".formatted(summary.checks(), runs.console());
    String windows = "windows: %s; load from %.1f s".formatted(summary.faults(), load);

    RunSummary.FaultWindow pause = window(summary, "pause");
    RunSummary.FaultWindow delay = window(summary, "delay");
    assertThat(pause.target()).isEqualTo("n3");
    assertThat(delay.target()).startsWith("all");
    assertThat(summary.faults()).as("the fault table").hasSize(2);
    double slack = slackSeconds();
    assertThat(pause.start() - load).as("pause start").isCloseTo(PAUSE_START, within(slack));
    assertThat(pause.end()).as("pause end").isNotNull();
    assertThat(pause.end() - load).as("pause end").isCloseTo(PAUSE_END, within(slack));
    assertThat(delay.start() - load).as("delay start").isCloseTo(DELAY_START, within(slack));
    assertThat(delay.end()).as("delay end").isNotNull();
    assertThat(delay.end() - load).as("delay end").isCloseTo(DELAY_END, within(slack));

    List<double[]> n3 = heights(summary, "n3");
    assertThat(n3).as("n3 answered before the pause").anyMatch(p -> p[0] < pause.start());
    assertThat(n3)
        .as("n3 answered after the delay ended but while it was paused (%s)", windows)
        .noneMatch(p -> p[0] > delay.end() + slack && p[0] < pause.end() - slack);
    assertThat(n3)
        .as("n3 answered while it was paused (%s)", windows)
        .noneMatch(p -> p[0] > pause.start() + slack && p[0] < pause.end() - slack);

    long reachedByTheOthers =
        List.of("n0", "n1", "n2").stream()
            .flatMap(n -> heights(summary, n).stream())
            .filter(p -> p[0] <= pause.end())
            .mapToLong(p -> (long) p[1])
            .max()
            .orElseThrow();
    assertThat(n3)
        .as(
            "n3 answers after the pause and reaches height %d, the others' at its end (%s)",
            reachedByTheOthers, why)
        .anyMatch(p -> p[0] > pause.end() && p[1] >= reachedByTheOthers);

    assertThat(summary.verdict()).as(why).isEqualTo("VALID");
  }

  private static double loadStart(RunSummary s) {
    return s.phases().stream()
        .filter(p -> p.name().equals("load under faults"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no load phase in " + s.phases()))
        .start();
  }

  private static RunSummary.FaultWindow window(RunSummary s, String fault) {
    List<RunSummary.FaultWindow> found =
        s.faults().stream().filter(w -> w.fault().equals(fault)).toList();
    assertThat(found).as("%s windows in %s", fault, s.faults()).hasSize(1);
    return found.get(0);
  }

  private static List<double[]> heights(RunSummary s, String node) {
    return s.heights().stream()
        .filter(series -> series.name().equals(node))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no heights of " + node))
        .points();
  }
}
