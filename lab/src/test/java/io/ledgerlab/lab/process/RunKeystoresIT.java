package io.ledgerlab.lab.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.reference.ReferenceTarget;
import io.ledgerlab.node.NodeMain;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.real.SystemClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's keystores as node processes meet them: written for the owner only, and a password that
 * does not open them stops every node with exit code 2 and its reason, before any opens its
 * database or its log.
 */
@Timeout(120)
class RunKeystoresIT {
  private static final String THREE =
      """
      name: keys
      validators: 3
      accounts: 10
      blockInterval: 200ms
      """;

  @TempDir Path dir;

  @Test
  void theRunsKeysAreKeystoresAndThePasswordFileIsTheOwnersOnly() throws Exception {
    RunLayout run = new RunLayout(dir.resolve("run"));
    RunFiles.create(run, ManifestParser.parse("t.yaml", THREE), THREE);
    for (Path f :
        new Path[] {
          run.keyPassword(), run.validatorKey("n0"), run.nodeKey("n0"), run.accountsKeystore()
        }) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
          .as("%s", f)
          .isEqualTo("rw-------");
    }
    assertThat(Files.readString(run.validatorKey("n0")))
        .contains("\"role\" : \"validator\"")
        .contains("\"function\" : \"pbkdf2\"");
    assertThat(Files.readString(run.nodeKey("n0"))).contains("\"role\" : \"node\"");
    assertThat(Files.readString(run.accountsKeystore()))
        .contains("\"role\" : \"client\"")
        .doesNotContain("\"pubkey\"");
    assertThat(RunFiles.accounts(run)).hasSize(10);
  }

  @Test
  void aWrongRunPasswordStopsEveryNodeWithCodeTwoAndItsReason() throws Exception {
    Network network = ManifestParser.parse("t.yaml", THREE);
    RunLayout run = new RunLayout(dir.resolve("run"));
    RunFiles.create(run, network, THREE);
    var chain = new ReferenceTarget().load(run);
    String wrong = "0".repeat(64);
    Files.writeString(run.keyPassword(), wrong + "\n");
    try (JsonLogWriter log =
            new JsonLogWriter(run.supervisorLog(), "lab", new SystemClock(), EventLog.Level.INFO);
        ProcessNetwork net =
            ProcessNetwork.start(
                run,
                network,
                chain,
                NodeLauncher.ofCurrentJvm(
                    network.launch().command(), network.launch().jvmOptions()),
                ProcessHandle.current().pid(),
                log,
                () -> {},
                (n, c, e) -> {})) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      for (String n : net.names()) {
        while (net.process(n).exitCode().isEmpty()) {
          assertThat(System.nanoTime()).as("%s exits", n).isLessThan(deadline);
          Thread.sleep(50);
        }
        assertThat(net.process(n).exitCode()).as(n).hasValue(NodeMain.EXIT_CONFIG);
        String out = Files.readString(run.out(n));
        assertThat(out)
            .as("%s's output", n)
            .contains("ledgerlab node: nodeKey: wrong password for keystore " + n + "-node (")
            .doesNotContain(wrong);
        assertThat(run.log(n)).as("%s's log", n).doesNotExist();
        assertThat(run.data(n).resolve("CURRENT")).as("%s's database", n).doesNotExist();
      }
    }
  }
}
