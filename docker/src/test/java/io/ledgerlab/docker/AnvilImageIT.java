package io.ledgerlab.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.run.Pipeline;
import io.ledgerlab.lab.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node nobody here wrote, in an image built here: anvil's binary from npm with the libraries it
 * links, on an empty image. The anvil example runs unchanged on containers (restarts keep its saved
 * state, a pause freezes it) and a kill from the schedule takes its memory, as on processes.
 */
@Timeout(300)
class AnvilImageIT {
  private static final Path ANVIL =
      Path.of("..", "tools/ethereum/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");

  private static DockerClient docker;

  @TempDir Path dir;

  private final List<String> console = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void connect() throws Exception {
    DockerAvailable.assume();
    assertThat(ANVIL).as("npm ci --prefix tools/ethereum (.ci/run does)").isExecutable();
    docker = Daemon.connect();
  }

  @AfterAll
  static void disconnect() {
    if (docker != null) {
      Daemon.close(docker);
    }
  }

  @AfterEach
  void nothingLabelledIsLeft() {
    assertThat(Leftovers.labelled(docker, Daemon.OWNER + "=" + Daemon.self())).isEmpty();
  }

  @Test
  void theAnvilExampleIsValidOnContainersThroughRestartsAndAPause() throws Exception {
    RunSummary s = run("anvil", Files.readString(Path.of("..", "examples", "anvil.yaml")), true);

    assertThat(verdicts(s))
        .as("%s\n%s", s.checks(), String.join("\n", console))
        .containsEntry("durability", "VALID")
        .containsEntry("nodes", "VALID")
        .containsEntry("liveness", "VALID");
    assertThat(s.faults()).extracting(RunSummary.FaultWindow::fault).contains("restart", "pause");
    assertThat(s.stats().committed()).isGreaterThan(1_000);
    String lab = Files.readString(dir.resolve("anvil").resolve("logs/lab.jsonl"));
    assertThat(lab).containsPattern("\"image\":\"ledgerlab/node-anvil:[0-9a-f]{16}\"");
    // anvil listened on its container's address on the run's network, not on loopback.
    assertThat(Files.readString(dir.resolve("anvil").resolve("logs/n0.out")))
        .containsPattern("Listening on 10\\.214\\.\\d+\\.10:");
  }

  @Test
  void aKillTakesAnvilsMemoryAndTheLabNamesTheLostTransfers() throws Exception {
    String yaml =
        """
        name: anvil-kill
        engine: docker
        network:
          name: anvil-kill
          target: ethereum
          validators: 1
          accounts: 50
          balance: 1000
          launch:
            command: >-
              %s --host {address} --port {rpcPort} --chain-id {chainId}
              --mnemonic {mnemonic} --accounts {accounts} --balance {balance} --block-time 1
        workload: {kind: transfer, rate: 100/s, duration: 16s, warmup: 2s}
        faults:
          schedule:
            - {at: 8s, fault: kill, node: n0, for: 3s}
        checks: {liveness: 20s, quiet: 3s}
        """
            .formatted(ANVIL.toAbsolutePath().normalize());
    RunSummary s = run("anvil-kill", yaml, false);

    Map<String, String> v = verdicts(s);
    assertThat(v).as("%s\n%s", s.checks(), String.join("\n", console));
    // The kill was the schedule's: no unexpected exit; anvil came back and mined again.
    assertThat(v).containsEntry("nodes", "VALID").containsEntry("liveness", "VALID");
    // What it had mined before the kill lived only in its memory.
    assertThat(v).containsEntry("durability", "INVALID");
    assertThat(s.faults()).extracting(RunSummary.FaultWindow::fault).contains("kill");
  }

  private RunSummary run(String name, String yaml, boolean overrideEngine) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    // The examples name anvil from {here}: the file stays where the example is.
    if (overrideEngine) {
      file = Path.of("..", "examples", name + ".yaml");
    } else {
      Files.writeString(file, yaml);
    }
    RunLayout layout = new RunLayout(dir.resolve(name));
    RunSummary s =
        new Pipeline(
                ScenarioParser.parse(file.toString(), Files.readString(file), "docker"),
                layout,
                Files.readString(file),
                console::add)
            .run();
    assertThat(s.status()).as(String.join("\n", console)).isEqualTo(RunSummary.COMPLETED);
    return s;
  }

  private static Map<String, String> verdicts(RunSummary s) {
    return s.checks().stream()
        .collect(Collectors.toMap(RunSummary.Check::name, RunSummary.Check::validity));
  }
}
