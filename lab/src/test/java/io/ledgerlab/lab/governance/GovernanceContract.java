package io.ledgerlab.lab.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.lab.chaincode.Counter;
import io.ledgerlab.lab.chaincode.CounterV2;
import io.ledgerlab.lab.chaincode.TestJars;
import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.EngineProvider;
import io.ledgerlab.lab.engine.Engines;
import io.ledgerlab.lab.engine.NodeStatus;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Governance;
import io.ledgerlab.lab.target.Submitted;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.lab.target.reference.ReferenceChain;
import io.ledgerlab.lab.target.reference.ReferenceClient;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.real.SystemClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * M-of-N governance on a running network, written once and run on each engine by a one-line
 * subclass: two of three operators install {@code counter} version 2 at a height; the three nodes
 * that carry the jar switch there, the fourth, without it, halts cleanly at that height with {@code
 * upgrade.missing_code} — and once the jar is put in its code directory it finds it, catches up and
 * commits again.
 */
public abstract class GovernanceContract {
  private static final long SECOND = 1_000_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Engine engine;
  private Timeline time;
  private ReferenceChain chain;
  private JsonLogWriter labLog;
  private RunLayout run;

  protected abstract String engineName();

  @AfterEach
  void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
    if (labLog != null) {
      labLog.close();
    }
  }

  @Test
  void twoOfThreeInstallAtAHeightAndANodeWithoutTheJarHaltsThenResumesWithIt() throws Exception {
    TestJars.pack(dir.resolve("counter.jar"), Counter.class);
    Path v2 = TestJars.pack(dir.resolve("counter-2.jar"), CounterV2.class);
    String sha = Sandbox.sha256Hex(v2);
    Path manifest =
        Files.writeString(
            dir.resolve("gov.yaml"),
            """
            name: gov
            validators: 4
            accounts: 4
            blockInterval: 200ms
            operators: {count: 3, threshold: 2}
            chainCode:
              - jar: counter.jar
            """);
    Network network = ManifestParser.read(manifest);
    run = new RunLayout(dir.resolve("run"));
    EngineProvider provider = Engines.named(engineName());
    chain =
        (ReferenceChain)
            Targets.named(Targets.DEFAULT)
                .deploy(network, run, SeededEntropy.of(1), provider.genesisTimeMicros());
    for (String node : List.of("n0", "n1", "n2")) {
      CodePlacement.copy(v2, run.code(node));
    }
    labLog = new JsonLogWriter(run.labLog(), "lab", new SystemClock(), EventLog.Level.INFO);
    engine = provider.start(new Deployment(network, chain, run, 1, labLog));
    time = engine.timeline();
    assertThat(await("n3", 2, 60)).as("n3 at height 2").isTrue();

    Governance gov = chain.governance().orElseThrow();
    ReferenceClient n0 = (ReferenceClient) engine.client("n0");
    long activation = n0.head().height() + 10;
    Governance.Install install = new Governance.Install("counter", 2, sha, activation);
    assertAccepted(n0.submit(List.of(gov.propose(n0, 0, 1, install, activation - 1))));
    assertThat(awaitState(n0, 1, "pending", 30)).isTrue();
    Governance.Install other = new Governance.Install("counter", 2, sha, activation + 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> gov.approve(n0, 2, 1, other, activation - 1))
        .as("an operator approves only what it means to")
        .hasMessageContaining("proposal 1 there is not the one to approve");
    assertAccepted(n0.submit(List.of(gov.approve(n0, 2, 1, install, activation - 1))));
    assertThat(awaitState(n0, 1, "scheduled", 30)).as("scheduled by 2 of 3").isTrue();
    assertThat(gov.proposal(n0, 1).orElseThrow().approvers()).containsExactly("op0", "op2");
    assertThat(gov.proposal(n0, 2)).as("no proposal 2").isEmpty();
    assertThat(gov.proposalCount(n0)).isEqualTo(1);

    assertThat(await("n0", activation + 3, 60)).as("the network passes the height").isTrue();
    assertThat(gov.proposal(n0, 1).orElseThrow().state()).isEqualTo("active");
    for (String node : List.of("n0", "n1", "n2")) {
      assertThat(((ReferenceClient) engine.client(node)).query("counter", "version", new byte[0]))
          .satisfies(o -> assertThat(o.result()).as(node).containsExactly(2));
    }
    assertCallToVersion2Commits(n0);

    // n3 has no jar with that hash: it stops just below the height and says why.
    assertThat(height("n3")).isEqualTo(activation - 1);
    assertThat(engine.status("n3")).isEqualTo(NodeStatus.RUNNING);
    JsonNode missing = awaitEvent("n3", "upgrade.missing_code", 10).orElseThrow();
    assertThat(missing.path("chainCode").asText()).isEqualTo("counter");
    assertThat(missing.path("version").asInt()).isEqualTo(2);
    assertThat(missing.path("sha256").asText()).isEqualTo(sha);
    assertThat(missing.path("height").asLong()).isEqualTo(activation);
    time.sleep(2 * SECOND);
    assertThat(height("n3")).as("still halted").isEqualTo(activation - 1);

    // Restarted without the jar, it halts again at the same height, and does not crash.
    assertThat(awaitEventCount("n3", "upgrade.missing_code", 1, 1)).as("once so far").isTrue();
    assertThat(awaitEventCount("n3", "upgrade.missing_code", 2, 0)).isFalse();
    engine.stop("n3");
    engine.start("n3");
    assertThat(awaitEventCount("n3", "upgrade.missing_code", 2, 20))
        .as("missing code again after the restart")
        .isTrue();
    assertThat(height("n3")).isEqualTo(activation - 1);
    assertThat(engine.status("n3")).isEqualTo(NodeStatus.RUNNING);

    CodePlacement.copy(v2, run.code("n3"));
    assertThat(awaitEvent("n3", "upgrade.code_found", 15)).isPresent();
    long target = height("n0");
    assertThat(await("n3", target, 60)).as("n3 catches up to %d", target).isTrue();
    assertThat(
            ((ReferenceClient) engine.client("n3"))
                .query("counter", "version", new byte[0])
                .result())
        .containsExactly(2);
    assertThat(blockHash("n3", target))
        .as("n3 commits the same chain")
        .isEqualTo(blockHash("n0", target));
  }

  private void assertCallToVersion2Commits(ReferenceClient client) throws Exception {
    long nonce = client.nextNonce(chain.account(0).address());
    var tx = chain.sign(0, nonce, new Payload.Call("counter", 2, "add", Counter.add("k", 5)));
    assertAccepted(client.submit(List.of(tx)));
    long deadline = time.nowMicros() + 30 * SECOND;
    while (time.nowMicros() < deadline && client.receipt(tx.id()).isEmpty()) {
      time.sleep(100_000);
    }
    assertThat(client.receipt(tx.id())).as("the call to version 2 commits").isPresent();
    assertThat(client.receipt(tx.id()).orElseThrow().receipt().ok()).isTrue();
  }

  private String blockHash(String node, long height) throws ClientException {
    List<io.ledgerlab.lab.target.BlockView> chainOf = engine.client(node).readChain();
    return chainOf.stream().filter(b -> b.height() == height).findFirst().orElseThrow().hash();
  }

  private static void assertAccepted(List<Submitted> answers) {
    assertThat(answers).allSatisfy(a -> assertThat(a.accepted()).as("%s", a).isTrue());
  }

  private boolean awaitState(ReferenceClient client, long id, String state, int seconds)
      throws Exception {
    long deadline = time.nowMicros() + seconds * SECOND;
    while (time.nowMicros() < deadline) {
      var p = client.proposal(id);
      if (p.isPresent() && p.get().state().equals(state)) {
        return true;
      }
      time.sleep(100_000);
    }
    return false;
  }

  private Optional<JsonNode> awaitEvent(String node, String event, int seconds) throws Exception {
    long deadline = time.nowMicros() + seconds * SECOND;
    while (true) {
      for (String line : Files.readAllLines(run.log(node))) {
        if (line.contains("\"" + event + "\"")) {
          JsonNode n = JSON.readTree(line);
          if (n.path("event").asText().equals(event)) {
            return Optional.of(n);
          }
        }
      }
      if (time.nowMicros() >= deadline) {
        return Optional.empty();
      }
      time.sleep(200_000);
    }
  }

  /**
   * Waits until {@code node}'s log (appended across restarts) holds {@code count} {@code event}s.
   */
  private boolean awaitEventCount(String node, String event, int count, int seconds)
      throws Exception {
    long deadline = time.nowMicros() + seconds * SECOND;
    while (true) {
      long seen =
          Files.readAllLines(run.log(node)).stream()
              .filter(l -> l.contains("\"event\":\"" + event + "\""))
              .count();
      if (seen >= count) {
        return true;
      }
      if (time.nowMicros() >= deadline) {
        return false;
      }
      time.sleep(200_000);
    }
  }

  private long height(String node) {
    try {
      return engine.client(node).head().height();
    } catch (ClientException e) {
      return -1;
    }
  }

  private boolean await(String node, long height, int seconds) throws Exception {
    long deadline = time.nowMicros() + seconds * SECOND;
    while (time.nowMicros() < deadline) {
      if (height(node) >= height) {
        return true;
      }
      time.sleep(100_000);
    }
    return false;
  }
}
