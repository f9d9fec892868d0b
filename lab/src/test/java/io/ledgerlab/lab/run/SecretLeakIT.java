package io.ledgerlab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.process.RunFiles;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.target.reference.ReferenceChain;
import io.ledgerlab.lab.target.reference.ReferenceTarget;
import io.ledgerlab.lab.testing.RunProcesses;
import io.ledgerlab.lab.testing.Runs;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.keystore.KeystoreException;
import io.ledgerlab.ledger.crypto.keystore.Password;
import io.ledgerlab.node.keys.KeystoreFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret in the clear anywhere a run leaves files: a short run of real node processes under
 * load, then every file under the run directory — logs, summary, report, history, node configs,
 * RocksDB's files — searched for the run's password and for every seed the run used (validator,
 * node and account keys), in hex of either case and as raw bytes. The password may be in one file
 * only: the password file the nodes read.
 */
@Timeout(180)
class SecretLeakIT {
  private static final String SCENARIO =
      """
      name: secret-leak
      engine: process
      seed: 11
      network:
        name: secret-leak
        accounts: 20
        blockInterval: 200ms
        operators: {count: 3, threshold: 2}
        nodes:
          - {name: n0}
          - {name: n1}
          - {name: n2}
          - {name: n3}
      workload:
        rate: 40/s
        duration: 3s
        warmup: 0s
      checks:
        liveness: 5s
        quiet: 1s
      """;

  @TempDir Path dir;

  @AfterEach
  void noNodeProcessOutlivesTheTest() throws InterruptedException {
    Thread.interrupted();
    RunProcesses processes = new RunProcesses(dir);
    List<Long> left = processes.alive();
    assertThat(processes.killAll(Duration.ofSeconds(10))).as("survived SIGKILL").isEmpty();
    assertThat(left).as("node processes alive after the run").isEmpty();
  }

  @Test
  void noFileOfARunHoldsItsPasswordOrAnySeed() throws Exception {
    Runs runs = new Runs(dir);
    RunSummary summary = runs.run(SCENARIO);
    assertThat(summary.verdict()).as("%s\n%s", summary.checks(), runs.console()).isEqualTo("VALID");
    RunLayout run = new RunLayout(runs.lastRun());

    String password = Files.readString(run.keyPassword()).strip();
    assertThat(password).as("256 random bits in hex").matches("[0-9a-f]{64}");
    ReferenceChain chain = new ReferenceTarget().load(run);
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    for (String node : List.of("n0", "n1", "n2", "n3")) {
      seeds.put(node + " validator", chain.validatorKey(node).seed());
      seeds.put(node + " node key", chain.nodeKey(node).seed());
    }
    for (int i = 0; i < 3; i++) {
      seeds.put("operator " + i, chain.operator(i).seed());
    }
    // The run prints its seed (scenario.yaml, summary, report): real nodes' keys must not follow
    // from it, as a simulation's do.
    ReferenceChain fromSeed =
        new ReferenceTarget()
            .deploy(
                summaryNetwork(runs),
                new RunLayout(dir.resolve("from-seed")),
                io.ledgerlab.runtime.entropy.SeededEntropy.of(11).fork("keys"),
                0);
    assertThat(fromSeed.validatorKey("n0").publicKey())
        .as("n0's key is not the one the printed seed gives")
        .isNotEqualTo(chain.validatorKey("n0").publicKey());
    assertThat(fromSeed.operator(0).publicKey()).isNotEqualTo(chain.operator(0).publicKey());
    List<KeyPair> accounts = RunFiles.accounts(run);
    assertThat(accounts).hasSize(20);
    for (int i = 0; i < accounts.size(); i++) {
      seeds.put("account " + i, accounts.get(i).seed());
    }

    Map<String, List<byte[]>> needles = new LinkedHashMap<>();
    needles.put("the password", List.of(password.getBytes(StandardCharsets.UTF_8)));
    seeds.forEach(
        (what, seed) ->
            needles.put(
                what + "'s seed",
                List.of(
                    Hex.encode(seed).getBytes(StandardCharsets.US_ASCII),
                    Hex.encode(seed).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                    seed)));

    List<Path> files;
    try (Stream<Path> walk = Files.walk(run.root())) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    TreeSet<String> names = new TreeSet<>();
    files.forEach(f -> names.add(run.root().relativize(f).toString()));
    assertThat(names)
        .as("the search reaches logs, summary, report, configs and the nodes' databases")
        .contains(
            "summary.json",
            "report.html",
            "logs/n0.jsonl",
            "logs/lab.jsonl",
            "nodes/n0/config.yaml",
            "nodes/n0/data/CURRENT",
            "genesis.yaml");

    List<String> hits = new ArrayList<>();
    for (Path f : files) {
      byte[] content = Files.readAllBytes(f);
      needles.forEach(
          (what, forms) -> {
            for (byte[] form : forms) {
              if (indexOf(content, form) >= 0) {
                hits.add(what + " in " + run.root().relativize(f));
                return;
              }
            }
          });
    }
    assertThat(hits)
        .as("secrets found in %d files of the run", files.size())
        .containsExactly("the password in keys.password");

    // A wrong password's error names the keystore, never a password.
    String wrong = "definitely-not-" + password.substring(0, 8);
    try (Password p = Password.wrap(wrong.toCharArray())) {
      KeystoreException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              KeystoreException.class, () -> KeystoreFiles.read(run.validatorKey("n0")).decrypt(p));
      assertThat(e.getMessage())
          .startsWith("wrong password for keystore n0-validator (")
          .doesNotContain(wrong)
          .doesNotContain(password);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static io.ledgerlab.lab.manifest.Network summaryNetwork(Runs runs) throws Exception {
    return io.ledgerlab.lab.scenario.ScenarioParser.parse("secret-leak.yaml", SCENARIO).network();
  }
}
