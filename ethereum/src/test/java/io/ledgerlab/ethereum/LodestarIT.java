package io.ledgerlab.ethereum;

import static io.ledgerlab.ethereum.RunAsserts.check;
import static io.ledgerlab.ethereum.RunAsserts.verdicts;
import static io.ledgerlab.ethereum.RunAsserts.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.report.Reports;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.run.Pipeline;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/lodestar.yaml} on four real Lodestar beacon nodes, each in a network namespace: a
 * kill takes one node away, a partition into halves stalls finality for at least as long as it
 * lasts, finality moves on after the heal, and the nodes agree on every finalized block. About five
 * minutes, so it runs under the {@code third-party} profile ({@code scripts/lodestar-it.sh}), not
 * in {@code mvn -B verify}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LodestarIT {
  static final Path LODESTAR =
      Path.of("..", "tools", "lodestar", "node_modules", ".bin", "lodestar");

  @TempDir Path dir;
  private final List<String> console = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void lodestarIsInstalled() {
    assertThat(Files.isExecutable(LODESTAR))
        .as(
            "%s is missing: run `npm ci --prefix tools/lodestar` (scripts/lodestar-it.sh does)",
            LODESTAR)
        .isTrue();
  }

  @Test
  void finalityStallsUnderAPartitionInHalvesAndResumesAfterTheHealWithNoFork() throws Exception {
    Path file = Path.of("..", "examples", "lodestar.yaml");
    Scenario scenario = ScenarioParser.read(file);
    RunLayout layout = new RunLayout(dir.resolve("lodestar"));
    RunSummary s = new Pipeline(scenario, layout, Files.readString(file), console::add).run();
    Reports.write(layout.root(), s);
    String why = String.join("\n", console) + "\n" + s.checks();

    assertThat(s.status()).as(why).isEqualTo(RunSummary.COMPLETED);
    assertThat(verdicts(s))
        .as(why)
        .isEqualTo(Map.of("safety", "VALID", "liveness", "VALID", "nodes", "VALID"));
    assertThat(check(s, "safety").details()).contains("agree on every block up to height");

    RunSummary.FaultWindow kill = window(s, "kill");
    RunSummary.FaultWindow partition = window(s, "partition");
    double cut = partition.end() - partition.start();
    for (String node : List.of("n0", "n1", "n2", "n3")) {
      List<double[]> h = heights(s, node);
      // Finality stood still at least as long as the halves were apart (an epoch is 16 s)...
      assertThat(longestStallOver(h, partition.start(), partition.end()))
          .as(
              "%s: the longest time without a new finalized block across the partition; %s",
              node, why)
          .isGreaterThanOrEqualTo(cut);
      // ...and moved on after the heal.
      assertThat(h.get(h.size() - 1)[1])
          .as("%s's finality after the heal", node)
          .isGreaterThan(at(h, partition.end()));
    }
    // The kill took effect: n3 answered nothing while it was down.
    assertThat(heights(s, "n3").stream().filter(p -> p[0] > kill.start() + 1 && p[0] < kill.end()))
        .isEmpty();
    assertThat(layout.root().resolve("namespaces.json")).exists();
    assertThat(layout.root().resolve("report.html")).exists();
    assertThat(namespaces()).doesNotContain("ll-" + ProcessHandle.current().pid() + "-");
  }

  private static String namespaces() throws Exception {
    Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(5, TimeUnit.SECONDS);
    return out;
  }

  private static List<double[]> heights(RunSummary s, String node) {
    return s.heights().stream()
        .filter(x -> x.name().equals(node))
        .findFirst()
        .orElseThrow()
        .points();
  }

  /**
   * The longest time between two new finalized blocks (or the last sample) among the stretches that
   * overlap {@code [from, to]}. A restarted node's finality going back and up again is no advance.
   */
  private static double longestStallOver(List<double[]> h, double from, double to) {
    double longest = 0;
    double since = h.get(0)[0];
    double best = h.get(0)[1];
    for (double[] p : h) {
      boolean advance = p[1] > best;
      boolean last = p == h.get(h.size() - 1);
      if (advance || last) {
        if (p[0] >= from && since <= to) {
          longest = Math.max(longest, p[0] - since);
        }
        since = p[0];
        best = Math.max(best, p[1]);
      }
    }
    return longest;
  }

  /** The height last sampled at or before {@code t}. */
  private static double at(List<double[]> h, double t) {
    double v = -1;
    for (double[] p : h) {
      if (p[0] <= t) {
        v = p[1];
      }
    }
    return v;
  }
}
