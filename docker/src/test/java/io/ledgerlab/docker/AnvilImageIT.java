package io.ledgerlab.docker;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node nobody here wrote, in an image built here: anvil's binary from npm with the libraries it
 * links, on an empty image, under a restart (its state saved and loaded), a pause and a kill (its
 * memory lost, and the lab names what went with it), as on processes.
 */
@Tag("third-party") // A third-party node in an image: scripts/third-party-it.sh.
@Timeout(300)
class AnvilImageIT extends DaemonIT {
  private static final Path ANVIL =
      Path.of("..", "tools/ethereum/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");

  @TempDir Path dir;

  private final List<String> console = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void anvilIsInstalled() {
    assertThat(ANVIL).as("npm ci --prefix tools/ethereum (.ci/run does)").isExecutable();
  }

  @Test
  void aRestartAPauseAndAKillEachTakeEffectOnAnvilInItsImage() throws Exception {
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
              --state {dataDir}/state.json
        workload: {kind: transfer, rate: 100/s, duration: 20s, warmup: 2s}
        faults:
          schedule:
            - {at: 5s, fault: restart, node: n0}
            - {at: 9s, fault: pause, node: n0, for: 2s}
            - {at: 14s, fault: kill, node: n0, for: 2s}
        checks: {liveness: 20s, quiet: 3s}
        """
            .formatted(ANVIL.toAbsolutePath().normalize());
    RunSummary s = run("anvil-faults", yaml);

    Map<String, String> v = verdicts(s);
    String why = s.checks() + "\n" + String.join("\n", console);
    // Every fault was the schedule's: no unexpected exit; anvil came back each time and mined.
    assertThat(v).as(why).containsEntry("nodes", "VALID").containsEntry("liveness", "VALID");
    // The restart saved and loaded its state (--state); the kill did not let it: what anvil mined
    // since the restart lived only in its memory, and the lab names it lost.
    RunSummary.Check durability =
        s.checks().stream().filter(c -> c.name().equals("durability")).findFirst().orElseThrow();
    assertThat(durability.validity()).as(why).isEqualTo("INVALID");
    assertThat(durability.details()).contains("missing from n0's chain");
    assertThat(s.faults())
        .extracting(RunSummary.FaultWindow::fault)
        .contains("restart", "pause", "kill");
    String lab = Files.readString(dir.resolve("anvil-faults").resolve("logs/lab.jsonl"));
    assertThat(lab).containsPattern("\"image\":\"ledgerlab/node-anvil:[0-9a-f]{16}\"");
    assertThat(lab).contains("\"event\":\"lab.node.stopped\"", "\"event\":\"lab.node.killed\"");
    // anvil listened on its container's address on the run's network, not on loopback.
    assertThat(Files.readString(dir.resolve("anvil-faults").resolve("logs/n0.out")))
        .containsPattern("Listening on 10\\.214\\.\\d+\\.10:");
  }

  private RunSummary run(String name, String yaml) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
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
