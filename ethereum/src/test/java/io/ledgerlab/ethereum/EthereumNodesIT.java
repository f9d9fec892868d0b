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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples on real Ethereum nodes nobody here wrote (anvil and Hardhat, installed by {@code npm
 * ci --prefix tools/ethereum}): load, restarts, kills and pauses through the one pipeline. Anvil
 * with its state saved on a graceful stop keeps every acknowledged transfer; anvil without it, and
 * Hardhat (memory only), forget them on a restart, and the lab names what they lost.
 */
@Timeout(300)
class EthereumNodesIT {
  static final Path ANVIL =
      Path.of(
          "..",
          "tools",
          "ethereum",
          "node_modules",
          "@foundry-rs",
          "anvil-linux-amd64",
          "bin",
          "anvil");

  @TempDir Path dir;
  private final List<String> console = Collections.synchronizedList(new ArrayList<>());

  static final Path HARDHAT =
      Path.of("..", "tools", "ethereum", "node_modules", "hardhat", "internal", "cli", "cli.js");

  @BeforeAll
  static void theNodesAreInstalled() {
    for (Path node : new Path[] {ANVIL, HARDHAT}) {
      assertThat(Files.isRegularFile(node))
          .as("%s is missing: run `npm ci --prefix tools/ethereum` (.ci/run does)", node)
          .isTrue();
    }
  }

  @Test
  @Tag("third-party") // ~45 s of restarts: scripts/third-party-it.sh.
  void withItsStateSavedEveryAcknowledgedTransferSurvivesTheRestarts() throws Exception {
    RunSummary s = run("anvil");

    assertThat(verdicts(s))
        .as("%s\n%s", s.checks(), String.join("\n", console))
        .isEqualTo(
            Map.of(
                "safety", "VALID",
                "liveness", "VALID",
                "durability", "VALID",
                "validity", "VALID",
                "nodes", "VALID"));
    assertThat(s.stats().committed()).isGreaterThan(1_000);
    // The transfers moved the lab's ERC-20 token: the supply check read the contract.
    assertThat(check(s, "validity").details()).contains("supply constant");
    assertThat(Files.readString(dir.resolve("anvil").resolve("logs/n0.out")))
        .contains("Contract created: 0x");
    assertThat(s.notes()).anyMatch(n -> n.contains("not checked: [state-agreement, evidence]"));
    assertThat(s.faults()).extracting(RunSummary.FaultWindow::fault).contains("restart", "pause");
    // The node's own output is kept, the lab's log records each restart.
    Path run = dir.resolve("anvil");
    assertThat(Files.readString(run.resolve("logs/n0.out"))).contains("Listening on 127.0.0.1:");
    assertThat(Files.readString(run.resolve("logs/lab.jsonl")))
        .contains("\"event\":\"lab.node.stopped\"");
  }

  @Test
  @Tag("third-party") // Also shown on docker by AnvilImageIT: under -Pthird-party here.
  void withoutItsStateARestartLosesAcknowledgedTransfersAndTheLabNamesThem() throws Exception {
    RunSummary s = run("anvil-forgetful");

    RunSummary.Check durability = check(s, "durability");
    assertThat(durability.validity()).as(durability.details()).isEqualTo("INVALID");
    assertThat(s.verdict()).isEqualTo("INVALID");
    // The lost transactions are named by their whole hashes, and each one was acknowledged: the
    // history holds it as committed.
    Matcher m =
        Pattern.compile("missing from n0's chain.*e\\.g\\. \\[(0x[0-9a-f]{64})")
            .matcher(durability.details());
    assertThat(m.find()).as(durability.details()).isTrue();
    String lost = m.group(1);
    String history = Files.readString(dir.resolve("anvil-forgetful").resolve("history.jsonl"));
    assertThat(history).contains("\"type\":\"ok\",\"tx\":\"" + lost + "\"");
    assertThat(durability.atSeconds()).as("the loss is placed in time").isNotNull();
  }

  @Test
  @Tag("third-party") // A second Node.js chain: under -Pthird-party (scripts/third-party-it.sh).
  void hardhatKilledForgetsItsChainAndThePauseReachesTheNodeBehindItsWrapper() throws Exception {
    RunSummary s = run("hardhat");

    RunSummary.Check durability = check(s, "durability");
    assertThat(durability.validity()).as(durability.details()).isEqualTo("INVALID");
    assertThat(durability.details()).containsPattern("e\\.g\\. \\[0x[0-9a-f]{64} ");
    // The node came back after the kill and ran to the end: the loss is Hardhat's memory, not a
    // crash the lab missed.
    assertThat(check(s, "nodes").validity()).isEqualTo("VALID");
    assertThat(check(s, "liveness").validity()).isEqualTo("VALID");
    // While paused (SIGSTOP to the group: the shell and the node behind it) nothing committed.
    RunSummary.FaultWindow pause = window(s, "pause");
    // Between the restart and the pause the node, back from nothing, commits the load again: the
    // lab follows a chain that went back from its start.
    RunSummary.FaultWindow kill = window(s, "kill");
    assertThat(committedWithin(s, kill.end() + 1, pause.start()))
        .as("commits seen after the restart")
        .isPositive();
    assertThat(committedWithin(s, pause.start() + 0.5, pause.end() - 0.2))
        .as("commits while the node was frozen")
        .isZero();
  }

  /** Transactions the throughput series counts as committed in the whole seconds of a window. */
  private static double committedWithin(RunSummary s, double from, double to) {
    double sum = 0;
    RunSummary.Series committed =
        s.throughput().stream()
            .filter(x -> x.name().equals("committed/s"))
            .findFirst()
            .orElseThrow();
    for (double[] p : committed.points()) {
      if (p[0] >= Math.ceil(from) && p[0] + 1 <= Math.floor(to)) {
        sum += p[1];
      }
    }
    return sum;
  }

  @Test
  void theKvWorkloadsUpdatesDeletesAndReadsAreCallsToTheLabsStoreContract() throws Exception {
    RunSummary s =
        runInline(
            "kv",
            """
        name: kv
        engine: process
        network:
          name: kv
          target: ethereum
          validators: 1
          accounts: 20
          balance: 10
          launch:
            command: >-
              %s --port {rpcPort} --chain-id {chainId} --mnemonic {mnemonic}
              --accounts {accounts} --balance {balance} --block-time 1
        workload: {kind: kv, rate: 40/s, duration: 8s, warmup: 0s, options: {mix: a, records: "50"}}
        checks: {liveness: 10s, quiet: 2s}
        """);
    RunLayout layout = new RunLayout(dir.resolve("kv"));

    assertThat(verdicts(s))
        .as("%s\n%s", s.checks(), String.join("\n", console))
        .containsEntry("durability", "VALID")
        .containsEntry("validity", "VALID");
    // Mix a: half updates (transactions, every one committed), half reads (eth_call, answered).
    long reads = s.stats().latencyMillis().get("read").count();
    assertThat(s.stats().rejected()).isZero();
    assertThat(s.stats().unknown()).isZero();
    assertThat(s.stats().committed()).isGreaterThan(80);
    assertThat(reads).isGreaterThan(80);
    assertThat(s.stats().committed() + reads).isEqualTo(s.stats().submitted());
    assertThat(Files.readString(layout.out("n0"))).contains("Contract created: 0x");
  }

  @Test
  void accountsFromAKeystoreArePaidTheirBalanceAndTheirTransfersAllCommit() throws Exception {
    String password = "a keystore's password";
    List<String> addresses = KeystoreFiles.write(dir.resolve("keys"), 4, password);
    Files.writeString(dir.resolve("password.txt"), password + "\n");
    RunSummary s =
        runInline(
            "keystore",
            """
        name: keystore
        engine: process
        network:
          name: keystore
          target: ethereum
          validators: 1
          balance: 10
          targetOptions: {keystore: keys, keystorePassword: "file:password.txt"}
          launch:
            command: >-
              %s --port {rpcPort} --chain-id {chainId} --mnemonic {mnemonic}
              --accounts {accounts} --balance {balance} --block-time 1
        workload: {kind: transfer, rate: 20/s, duration: 8s, warmup: 0s}
        checks: {liveness: 10s, quiet: 2s}
        """);
    RunLayout layout = new RunLayout(dir.resolve("keystore"));

    assertThat(verdicts(s))
        .as("%s\n%s", s.checks(), String.join("\n", console))
        .containsEntry("durability", "VALID")
        .containsEntry("validity", "VALID");
    assertThat(s.stats().committed()).isEqualTo(s.stats().submitted()).isGreaterThan(100);
    // Supply constant: the four keystore accounts hold what they were paid, less their own fees.
    assertThat(check(s, "validity").details()).contains("supply constant");
    assertThat(Files.readAllLines(layout.accounts())).containsExactlyElementsOf(addresses);
    try (var files = Files.walk(layout.root())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .as("%s", f)
            .doesNotContain(password);
      }
    }
  }

  /**
   * Runs the scenario {@code yaml}, its {@code %s} filled in with anvil's path, written to {@code
   * name}.yaml in the test's directory (so that relative paths in it are the test's) and run in
   * {@code name}/.
   */
  private RunSummary runInline(String name, String yaml) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml.formatted(ANVIL.toAbsolutePath().normalize()));
    RunLayout layout = new RunLayout(dir.resolve(name));
    return new Pipeline(ScenarioParser.read(file), layout, Files.readString(file), console::add)
        .run();
  }

  private RunSummary run(String example) throws Exception {
    Path file = Path.of("..", "examples", example + ".yaml");
    Scenario scenario = ScenarioParser.read(file);
    RunLayout layout = new RunLayout(dir.resolve(example));
    RunSummary s = new Pipeline(scenario, layout, Files.readString(file), console::add).run();
    Reports.write(layout.root(), s);
    assertThat(s.status()).as(String.join("\n", console)).isEqualTo(RunSummary.COMPLETED);
    return s;
  }
}
