package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.github.dockerjava.api.DockerClient;
import io.ledgerlab.docker.Daemon;
import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker engine from the command line, as {@code java -jar ledgerlab.jar}: Ctrl-C (a real
 * SIGINT) during {@code run} and during {@code up} leaves nothing labelled; {@code up --engine
 * docker}, {@code status} and {@code down}; {@code down --all}; {@code images}; {@code export
 * compose} started by docker-compose itself, committing blocks.
 */
@Timeout(300)
class DockerCliIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static DockerClient docker;

  @TempDir Path dir;

  private final List<JarProcess> started = new ArrayList<>();

  @BeforeAll
  static void connect() throws Exception {
    boolean off = "1".equals(System.getenv("LEDGERLAB_NO_DOCKER"));
    if (off) {
      System.out.println("docker tests SKIPPED: LEDGERLAB_NO_DOCKER=1 is set");
    }
    assumeFalse(off, "LEDGERLAB_NO_DOCKER=1: the docker tests are skipped");
    docker = Daemon.connect();
  }

  @AfterAll
  static void disconnect() {
    if (docker != null) {
      Daemon.close(docker);
    }
  }

  @AfterEach
  void stopAndRemove() throws Exception {
    Thread.interrupted();
    for (JarProcess p : started) {
      p.close();
    }
    // Whatever a failed test left of its runs goes; the assertions said what was left.
    Daemon.removeLabelled(docker, List.of(Daemon.RUN));
  }

  @Test
  void ctrlCDuringARunOnDockerRemovesEveryContainerAndTheNetwork() throws Exception {
    Path run = dir.resolve("quickstart");
    JarProcess ledgerlab =
        start(
            "run",
            "run",
            JarProcess.repoFile("examples/quickstart.yaml").toString(),
            "--engine",
            "docker",
            "--duration",
            "20s",
            "--run-dir",
            run.toString());
    ledgerlab.awaitOutput("s elapsed,", WAIT);
    assertThat(ofRun(run)).as("4 containers and the network while it runs").hasSize(5);

    ledgerlab.interrupt();
    int exit = ledgerlab.awaitExit(Duration.ofSeconds(60));

    assertThat(exit).as(ledgerlab.output()).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(ledgerlab.output()).contains("interrupted during load: stopping 4 nodes");
    assertThat(ofRun(run)).as("labelled with the run after Ctrl-C").isEmpty();
    assertThat(run.resolve("INTERRUPTED")).exists();
  }

  @Test
  void ctrlCWhileUpWaitsForTheFirstBlockRemovesWhatItMade() throws Exception {
    Path run = dir.resolve("up-waiting");
    JarProcess ledgerlab =
        start(
            "up",
            "up",
            TestManifests.neverCommits(dir, "never"),
            "--engine",
            "docker",
            "--run-dir",
            run.toString());
    ledgerlab.awaitOutput("waiting for the first block", WAIT);
    assertThat(ofRun(run)).hasSize(5);

    ledgerlab.interrupt();
    ledgerlab.awaitExit(Duration.ofSeconds(60));

    assertThat(ledgerlab.output()).contains("interrupted: removing this run's containers");
    assertThat(ofRun(run)).as("labelled with the run after Ctrl-C").isEmpty();
  }

  @Test
  void upOnDockerOutlivesTheCommandUntilDown() throws Exception {
    Path run = dir.resolve("up");
    JarProcess up = upOnDocker(run);
    assertThat(up.awaitExit(WAIT)).as(up.output()).isEqualTo(ExitCode.OK);
    assertThat(up.output()).contains("network up on docker: first block committed");

    // The command has exited; the daemon keeps the nodes, and they go on committing.
    JarProcess status = start("status", "status", "--run-dir", run.toString());
    assertThat(status.awaitExit(WAIT)).isEqualTo(ExitCode.OK);
    assertThat(status.output()).contains("on docker").containsPattern("n3\\s+running");
    // The nodes' logs reach the run directory through the mount: one merged timeline.
    JarProcess logs =
        start("logs", "logs", "--event", "block.committed", "--run-dir", run.toString());
    assertThat(logs.awaitExit(WAIT)).isEqualTo(ExitCode.OK);
    assertThat(logs.output()).contains(" n0 ").contains(" n3 ").contains("block.committed");
    JarProcess fault = start("fault", "fault", "kill", "n0", "--run-dir", run.toString());
    assertThat(fault.awaitExit(WAIT)).isEqualTo(ExitCode.USAGE);
    assertThat(fault.output()).contains("--engine docker");

    JarProcess down = start("down", "down", "--run-dir", run.toString());
    assertThat(down.awaitExit(WAIT)).as(down.output()).isEqualTo(ExitCode.OK);
    assertThat(down.output()).contains("removed network");
    assertThat(ofRun(run)).isEmpty();
    assertThat(run.resolve("logs/n0.jsonl")).content().contains("block.committed");
  }

  @Test
  void downAllRemovesEverythingLabelledAndImagesListsTheNodeImage() throws Exception {
    Path run = dir.resolve("up-all");
    JarProcess up = upOnDocker(run);
    assertThat(up.awaitExit(WAIT)).as(up.output()).isEqualTo(ExitCode.OK);

    JarProcess images = start("images", "images");
    assertThat(images.awaitExit(WAIT)).isEqualTo(ExitCode.OK);
    assertThat(images.output())
        .containsPattern("ledgerlab/node-reference:[0-9a-f]{16}\\s+reference");

    JarProcess all = start("down-all", "down", "--all");
    assertThat(all.awaitExit(WAIT)).as(all.output()).isEqualTo(ExitCode.OK);
    assertThat(all.output()).contains("removed container").contains("removed network");
    assertThat(labelled(Daemon.LABEL)).isEmpty();
  }

  @Test
  void anExportedComposeFileStartsUnderDockerComposeAndCommits() throws Exception {
    Path out = dir.resolve("compose");
    JarProcess export =
        start(
            "export",
            "export",
            "compose",
            JarProcess.repoFile("examples/four-validators.yaml").toString(),
            "-o",
            out.toString());
    assertThat(export.awaitExit(WAIT)).as(export.output()).isEqualTo(ExitCode.OK);
    Path file = out.resolve("docker-compose.yml");
    assertThat(file).content().contains("internal: true").contains("ipv4_address: 10.215.0.13");

    String project = "llit" + ProcessHandle.current().pid();
    try {
      compose(file, project, "up", "-d");
      NodeClient n3 = NodeClient.of("n3", "10.215.0.13:26657");
      long deadline = System.nanoTime() + WAIT.toNanos();
      long height = -1;
      while (System.nanoTime() < deadline && height < 3) {
        try {
          height = n3.head().height();
        } catch (RpcException e) {
          // Starting.
        }
        Thread.sleep(200);
      }
      assertThat(height).as("n3 of the compose network commits").isGreaterThanOrEqualTo(3);
    } finally {
      compose(file, project, "down", "--timeout", "5");
    }
    assertThat(labelled(Daemon.LABEL + "=compose")).isEmpty();
  }

  private static void compose(Path file, String project, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("docker-compose", "-f", file.toString(), "-p", project));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("%s:%n%s", command, out).isZero();
  }

  private static List<String> ofRun(Path run) {
    return labelled(Daemon.RUN + "=" + run.toAbsolutePath().normalize());
  }

  private static List<String> labelled(String label) {
    return Daemon.labelled(docker, label);
  }

  private JarProcess start(String name, String... args) throws Exception {
    JarProcess p = JarProcess.start(dir, name + "-" + started.size(), args);
    started.add(p);
    return p;
  }

  /** {@code up --engine docker} of the four-validators example into {@code run}. */
  private JarProcess upOnDocker(Path run) throws Exception {
    return start(
        "up",
        "up",
        JarProcess.repoFile("examples/four-validators.yaml").toString(),
        "--engine",
        "docker",
        "--run-dir",
        run.toString());
  }
}
