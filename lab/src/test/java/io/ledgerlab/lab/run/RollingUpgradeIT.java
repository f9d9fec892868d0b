package io.ledgerlab.lab.run;

import static io.ledgerlab.lab.testing.Runs.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.process.NodeLauncher;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.testing.RunProcesses;
import io.ledgerlab.lab.testing.Runs;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rolling upgrade on the process engine: each {@code upgrade} stops the node's process, swaps
 * its software and starts it again on its own data. Two swaps show it takes effect: n2 gets a
 * version whose execution differs (the {@code mint} canary, on the lab's classpath), and the {@code
 * versions} check names that version with the height where it first refused the chain; n3 gets a
 * version whose classpath holds no node at all, and dies at its start, which only the new classpath
 * can explain.
 */
@Timeout(180)
class RollingUpgradeIT {
  @TempDir Path dir;

  @AfterEach
  void noNodeProcessOutlivesTheTest() throws InterruptedException {
    Thread.interrupted();
    RunProcesses processes = new RunProcesses(dir);
    List<Long> left = processes.alive();
    assertThat(processes.killAll(Duration.ofSeconds(10))).as("survived SIGKILL").isEmpty();
    assertThat(left).as("node processes alive after the run").isEmpty();
  }

  private static String yamlList(String classpath) {
    return Arrays.stream(classpath.split(File.pathSeparator))
        .map(e -> "'" + e + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  @Test
  void eachUpgradeSwapsTheNodesSoftwareAndADivergentVersionIsNamed() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("no-node-here"));
    String scenario =
        """
        name: rolling
        engine: process
        seed: 5
        network:
          name: rolling
          blockInterval: 200ms
          versions:
            v1: {}
            v2: {canary: mint, classpath: %s}
            v3: {classpath: ['%s']}
          validators: 4
        workload: {rate: 40/s, duration: 9s, warmup: 0s}
        faults:
          schedule:
            - {at: 2s, fault: upgrade, node: n2, to: v2}
            - {at: 6s, fault: upgrade, node: n3, to: v3}
        checks: {liveness: 3s, quiet: 1s}
        """
            .formatted(yamlList(NodeLauncher.currentClasspath()), empty);
    Runs runs = new Runs(dir);

    RunSummary summary = runs.run(scenario);

    RunSummary.Check versions = check(summary, "versions");
    assertThat(versions.validity()).as(versions.details()).isEqualTo("INVALID");
    assertThat(versions.details())
        .startsWith("version v2 diverges at height ")
        .contains("n2 (on v2) refused the committed block")
        .containsPattern("v2 on \\[n2 from \\d+\\.\\ds\\]")
        .containsPattern("v3 on \\[n3 from \\d+\\.\\ds\\]");
    assertThat(check(summary, "nodes").details())
        .contains("n3 exited unexpectedly")
        .contains("with exit code 1");
    assertThat(Files.readString(runs.lastRun().resolve("logs/n3.out")))
        .as("n3 started from a classpath with no node in it")
        .contains("Could not find or load main class io.ledgerlab.node.NodeMain");
    assertThat(Files.readString(runs.lastRun().resolve("logs/lab.jsonl")))
        .contains("\"event\":\"lab.node.version\"")
        .contains("\"version\":\"v3\"");
  }
}
