package io.ledgerlab.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.Engines;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.lab.nemesis.Faults;
import io.ledgerlab.lab.nemesis.Undo;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.run.Pipeline;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.lab.target.reference.ReferenceChain;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.real.SystemClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker engine as a user meets it: the quick start VALID on containers, with the same checks
 * and report as on processes; a one-way cut by iptables leaving the cut validator out of the
 * certificates while it follows; a container killed from outside the lab seen as an unexpected exit
 * that makes the run INVALID; the run's network internal and recorded. After each test nothing this
 * lab labelled is left on the daemon.
 */
@Timeout(300)
class DockerEngineIT extends DaemonIT {
  @TempDir Path dir;

  private final List<String> console = new CopyOnWriteArrayList<>();

  @Test
  void theQuickStartIsValidOnContainersWithTheSameChecksAsOnProcesses() throws Exception {
    Path file = Path.of("..", "examples", "quickstart.yaml");
    RunLayout run = new RunLayout(dir.resolve("quickstart"));
    RunSummary s =
        new Pipeline(
                ScenarioParser.parse(file.toString(), Files.readString(file), "docker"),
                run,
                Files.readString(file),
                console::add)
            .run();

    assertThat(s.verdict()).as("%s\n%s", s.checks(), String.join("\n", console)).isEqualTo("VALID");
    assertThat(s.checks())
        .extracting(RunSummary.Check::name)
        .contains(
            "safety", "state-agreement", "liveness", "durability", "validity", "evidence", "nodes");
    assertThat(s.faults()).extracting(RunSummary.FaultWindow::fault).contains("kill", "partition");
    assertThat(s.stats().committed()).isGreaterThan(3_000);
    // The run's network was internal, on a subnet the lab picked, and is recorded.
    String record = Files.readString(run.root().resolve("docker.json"));
    assertThat(record).contains("\"internal\": true").containsPattern("10\\.214\\.\\d+\\.0/24");
    // The nodes wrote their structured logs into the run directory, mounted at its own path.
    assertThat(run.log("n0")).isNotEmptyFile();
    assertThat(Files.readString(run.labLog())).contains("\"event\":\"lab.node.killed\"");
  }

  @Test
  void aOneWayCutLeavesTheCutValidatorOutOfCertificatesWhileItFollows() throws Exception {
    Network network =
        ManifestParser.parse("cut.yaml", "name: cut\nvalidators: 4\nblockInterval: 200ms\n");
    RunLayout run = new RunLayout(dir.resolve("cut"));
    ReferenceChain chain =
        (ReferenceChain)
            Targets.named(Targets.DEFAULT).deploy(network, run, SeededEntropy.of(1), 0);
    try (JsonLogWriter labLog =
            new JsonLogWriter(run.labLog(), "lab", new SystemClock(), EventLog.Level.INFO);
        DockerEngine engine =
            (DockerEngine)
                Engines.named("docker").start(new Deployment(network, chain, run, 1, labLog))) {
      Address n3 = chain.validatorKey("n3").address();
      NodeClient n0 = NodeClient.of("n0", NodeConfigs.hostPort(engine.rpcAddress("n0")));
      NodeClient n3Client = NodeClient.of("n3", NodeConfigs.hostPort(engine.rpcAddress("n3")));
      awaitHeight(n0, 8);
      long before = n0.head().height();
      assertThat(signers(n0, 2, before)).as("n3 votes before the cut").contains(n3);

      Faults faults = new Faults(engine, LinkState.of(network), Map.of());
      Undo cut = faults.apply(new Fault.Cut(Set.of("n3"), Set.of("n0", "n1", "n2")));
      assertThat(engine.rules("n3")).contains("--ctdir ORIGINAL").contains("-j DROP");
      Thread.sleep(1_000);
      long from = n0.head().height() + 1;
      long n3From = n3Client.head().height();
      Thread.sleep(4_000);
      long to = n0.head().height() - 1;

      assertThat(to - from).as("the other three commit").isGreaterThan(3);
      assertThat(signers(n0, from, to)).as("certificates during the cut").doesNotContain(n3);
      assertThat(n3Client.head().height()).as("n3 follows").isGreaterThan(n3From + 3);
      cut.undo();
      assertThat(engine.rules("n3")).doesNotContain("DROP");
    }
  }

  @Test
  void aContainerKilledFromOutsideIsAnUnexpectedExitAndTheRunIsInvalid() throws Exception {
    Path file = dir.resolve("outside.yaml");
    Files.writeString(
        file,
        "name: outside\nengine: docker\nnetwork: {name: outside, validators: 4, blockInterval:"
            + " 200ms}\nworkload: {kind: transfer, rate: 50/s, duration: 12s, warmup: 2s}\n");
    RunLayout run = new RunLayout(dir.resolve("outside"));
    Thread killer =
        new Thread(
            () -> {
              try {
                // Once the load runs, n2's container is killed behind the lab's back.
                while (console.stream().noneMatch(l -> l.contains("s elapsed,"))) {
                  Thread.sleep(200);
                }
                for (Container c :
                    docker
                        .listContainersCmd()
                        .withLabelFilter(
                            Map.of(Daemon.RUN, run.root().toString(), Daemon.NODE, "n2"))
                        .exec()) {
                  docker.killContainerCmd(c.getId()).exec();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    killer.start();
    RunSummary s =
        new Pipeline(ScenarioParser.read(file), run, Files.readString(file), console::add).run();
    killer.join(10_000);

    RunSummary.Check nodes =
        s.checks().stream().filter(c -> c.name().equals("nodes")).findFirst().orElseThrow();
    assertThat(nodes.validity()).as(nodes.details()).isEqualTo("INVALID");
    assertThat(nodes.details()).contains("n2").contains("137");
    assertThat(s.verdict()).isEqualTo("INVALID");
    assertThat(Files.readString(run.labLog())).contains("\"event\":\"lab.node.exited\"");
  }

  private static void awaitHeight(NodeClient client, long height) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        if (client.head().height() >= height) {
          return;
        }
      } catch (io.ledgerlab.lab.client.RpcException e) {
        // Not up yet.
      }
      Thread.sleep(200);
    }
    throw new AssertionError(client.node() + " did not reach height " + height);
  }

  /** Every validator that signed a certificate of the blocks {@code from..to}. */
  private static List<Address> signers(NodeClient client, long from, long to) throws Exception {
    List<Address> out = new ArrayList<>();
    for (long h = from; h <= to; h++) {
      CommitCertificate c = client.certifiedBlock(h).orElseThrow().certificate().orElseThrow();
      c.votes().forEach(v -> out.add(v.validator()));
    }
    return out;
  }
}
