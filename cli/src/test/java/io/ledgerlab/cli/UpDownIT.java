package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ledgerlab up | status | fault | logs | down} end to end, run in this JVM against a real
 * supervisor and real node processes on loopback. Each test proves, by PID, that no process
 * outlives it, also when it fails.
 */
@Timeout(150)
class UpDownIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FOUR = List.of("n0", "n1", "n2", "n3");

  /** A wait for the network to change: generous, since this machine runs other builds too. */
  private static final Duration WAIT = Duration.ofSeconds(45);

  /** How long nodes may outlive their supervisor: they poll its PID every 500 ms. */
  private static final Duration ORPHAN_EXIT_MAX = Duration.ofSeconds(6);

  private static final Pattern STATUS_ROW =
      Pattern.compile("(?m)^\\s+(n\\d+)\\s+(validator|-)\\s+(\\d+|-)\\s+(\\S+)\\s+(\\d+|-)\\s");

  @TempDir Path dir;

  private final List<RunProcesses> runs = new ArrayList<>();
  private CurrentRunFile currentRun;

  /** The CLI's exit status and everything it printed. */
  private record Cli(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  @BeforeEach
  void rememberTheCurrentRun() throws IOException {
    currentRun = CurrentRunFile.save();
  }

  @AfterEach
  void noProcessOutlivesTheTest() throws Exception {
    // A test stopped by its @Timeout is interrupted; the cleanup must still wait.
    Thread.interrupted();
    try {
      List<Long> left = new ArrayList<>();
      for (RunProcesses run : runs) {
        run.killAll();
        left.addAll(run.awaitGone(Duration.ofSeconds(5)));
      }
      assertThat(left).as("processes alive after the test").isEmpty();
    } finally {
      currentRun.restore();
    }
  }

  @Test
  void upStatusFaultsLogsAndDownDriveFourNodeProcesses() throws Exception {
    Path run = dir.resolve("four");
    RunProcesses processes = track(run);
    String r = run.toString();

    Cli up =
        cli(
            "up",
            manifest("four", 4, "versions: {v1: {}, v2: {}}\n"),
            "--run-dir",
            r,
            "--timeout",
            "60s");
    processes.record();
    assertThat(up.exit()).as("%s", up).isZero();
    for (String node : FOUR) {
      assertThat(up.out())
          .as("%s", up)
          .containsPattern("(?m)^\\s+" + node + "\\s+\\d+\\s+http://127\\.0\\.0\\.1:\\d+\\s");
    }

    Cli status = cli("status", "--run-dir", r);
    assertThat(status.exit()).as("%s", status).isZero();
    assertThat(heightsInTable(status.out()))
        .as("%s", status)
        .containsOnlyKeys(FOUR)
        .allSatisfy((node, height) -> assertThat(height).as(node).isGreaterThanOrEqualTo(1));

    Cli unknownNode = cli("fault", "partition", "n0,n1", "n9", "--run-dir", r);
    assertThat(unknownNode.exit()).as("%s", unknownNode).isEqualTo(ExitCode.CRASH);
    assertThat(unknownNode.err()).as("%s", unknownNode).contains("n9");
    assertThat(statusJson(r).path("faults").asText()).isEqualTo("no faults");

    expectOk(cli("fault", "partition", "n0,n1", "n2,n3", "--run-dir", r), "partitioned into");
    assertThat(statusJson(r).path("faults").asText())
        .contains("n0→n2 blocked", "n1→n3 blocked", "n2→n0 blocked", "n3→n1 blocked")
        .doesNotContain("n0→n1", "n2→n3");
    expectOk(cli("fault", "heal", "--run-dir", r), "healed");
    assertThat(statusJson(r).path("faults").asText()).isEqualTo("no faults");

    logsAreJsonLinesInTimeOrder(r);
    aKilledNodeStartsAgainAndCatchesUp(r, processes);

    expectOk(cli("fault", "pause", "n2", "--run-dir", r), "paused n2");
    assertThat(node(statusJson(r), "n2").path("state").asText()).isEqualTo("paused");
    expectOk(cli("fault", "resume", "n2", "--run-dir", r), "resumed n2");
    assertThat(node(statusJson(r), "n2").path("state").asText()).isEqualTo("running");

    expectOk(cli("fault", "skew", "n1", "+2s", "--run-dir", r), "n1's clock offset to 2s");
    JsonNode skewed =
        await(r, s -> node(s, "n1").path("status").has("clockOffsetMicros"), "n1 answers");
    assertThat(node(skewed, "n1").path("status").path("clockOffsetMicros").asLong())
        .isCloseTo(2_000_000L, within(100_000L));

    expectOk(cli("fault", "upgrade", "n2", "v2", "--run-dir", r), "upgraded n2 → v2");
    assertThat(Files.readString(new io.ledgerlab.lab.engine.RunLayout(run).supervisorLog()))
        .contains("\"event\":\"lab.node.version\"")
        .contains("\"version\":\"v2\"");
    assertThat(node(statusJson(r), "n2").path("state").asText()).isEqualTo("running");

    processes.record();
    Cli down = cli("down", "--run-dir", r);
    assertThat(down.exit()).as("%s", down).isZero();
    assertThat(down.out()).as("%s", down).contains("is down").doesNotContain("stopped by PID");
    assertThat(processes.recorded())
        .as("supervisor, 4 nodes, the restarted n3 and the upgraded n2")
        .isEqualTo(7);
    assertThat(processes.awaitGone(Duration.ofSeconds(5))).as("alive after down").isEmpty();
  }

  private void logsAreJsonLinesInTimeOrder(String r) throws IOException {
    Cli logs = cli("logs", "--run-dir", r, "--event", "block.committed", "--output", "json");
    assertThat(logs.exit()).as("%s", logs).isZero();
    List<String> timestamps = new ArrayList<>();
    Set<String> nodes = new TreeSet<>();
    for (String line : logs.out().lines().filter(l -> !l.isBlank()).toList()) {
      JsonNode record = JSON.readTree(line);
      assertThat(record.path("event").asText()).as(line).isEqualTo("block.committed");
      timestamps.add(record.path("ts").asText());
      nodes.add(record.path("node").asText());
    }
    assertThat(nodes).as("nodes in the merged log").hasSizeGreaterThanOrEqualTo(2);
    // Fixed-width ISO-8601 UTC timestamps: text order is time order.
    assertThat(timestamps).isSorted();
  }

  private void aKilledNodeStartsAgainAndCatchesUp(String r, RunProcesses processes)
      throws Exception {
    processes.record();
    long oldPid = node(statusJson(r), "n3").path("pid").asLong();
    expectOk(cli("fault", "kill", "n3", "--run-dir", r), "killed n3");
    assertThat(ProcessHandle.of(oldPid).filter(ProcessHandle::isAlive)).as("n3's pid").isEmpty();
    assertThat(node(statusJson(r), "n3").path("state").asText()).isEqualTo("killed");

    expectOk(cli("fault", "start", "n3", "--run-dir", r), "started n3");
    processes.record();
    long target = 0;
    for (String other : List.of("n0", "n1", "n2")) {
      target = Math.max(target, node(statusJson(r), other).path("status").path("height").asLong());
    }
    long height = target;
    await(
        r,
        s -> node(s, "n3").path("status").path("height").asLong() >= height,
        "n3 catches up to " + height);
    assertThat(node(statusJson(r), "n3").path("pid").asLong()).isNotEqualTo(oldPid);
  }

  @Test
  void killingTheSupervisorTakesEveryNodeDownAndDownStillSucceeds() throws Exception {
    Path run = dir.resolve("orphans");
    RunProcesses processes = track(run);
    String r = run.toString();

    Cli up = cli("up", manifest("orphans", 2, ""), "--run-dir", r, "--timeout", "60s");
    JsonNode state = processes.record();
    assertThat(up.exit()).as("%s", up).isZero();
    assertThat(state.path("nodes").findValues("pid")).as("%s", state).hasSize(2);

    long killedAt = System.nanoTime();
    ProcessHandle.of(processes.supervisorPid()).ifPresent(ProcessHandle::destroyForcibly);
    List<Long> left = processes.awaitGone(ORPHAN_EXIT_MAX);
    assertThat(left)
        .as("alive %.1f s after the supervisor's SIGKILL", (System.nanoTime() - killedAt) / 1e9)
        .isEmpty();

    Cli down = cli("down", "--run-dir", r);
    assertThat(down.exit()).as("%s", down).isZero();
    assertThat(down.out()).as("%s", down).contains("is down");
  }

  @Test
  void directLinksCommitWithoutProxiesAndRefuseLinkFaults() throws Exception {
    Path run = dir.resolve("direct");
    RunProcesses processes = track(run);
    String r = run.toString();

    Cli up =
        cli(
            "up",
            manifest("direct", 2, "links: {via: direct}\n"),
            "--run-dir",
            r,
            "--no-dashboard",
            "--timeout",
            "60s");
    processes.record();
    assertThat(up.exit()).as("%s", up).isZero();
    assertThat(up.out()).as("%s", up).contains("(links are direct)").doesNotContain("partition");
    JsonNode committed =
        await(
            r,
            s ->
                List.of("n0", "n1").stream()
                    .allMatch(n -> node(s, n).path("status").path("height").asLong() >= 2),
            "both nodes past height 1");
    assertThat(committed.path("faults").asText()).contains("direct: no proxy");
    // The nodes dial each other: the supervisor listens only on its control endpoint (through
    // proxies it would listen on one more port per directed link).
    assertThat(
            io.ledgerlab.hermetic.agent.ListeningSockets.of(
                Path.of("/proc", Long.toString(processes.supervisorPid()))))
        .hasSize(1);

    Cli partition = cli("fault", "partition", "n0", "n1", "--run-dir", r);
    assertThat(partition.exit()).as("%s", partition).isEqualTo(ExitCode.CRASH);
    assertThat(partition.err())
        .as("%s", partition)
        .contains("cannot put 'partition' into effect")
        .contains("links are direct");
    expectOk(cli("fault", "pause", "n1", "--run-dir", r), "paused n1");
    expectOk(cli("fault", "heal", "--run-dir", r), "healed");

    Cli down = cli("down", "--run-dir", r);
    assertThat(down.exit()).as("%s", down).isZero();
  }

  @Test
  void aScenarioRunLeavesCurrentToTheNetworkUpSoStatusAndDownStillReachIt() throws Exception {
    Path run = dir.resolve("kept");
    RunProcesses processes = track(run);
    Cli up =
        cli(
            "up",
            manifest("kept", 2, ""),
            "--run-dir",
            run.toString(),
            "--no-dashboard",
            "--timeout",
            "60s");
    processes.record();
    assertThat(up.exit()).as("%s", up).isZero();
    Path scenario =
        Files.writeString(
            dir.resolve("meanwhile.yaml"),
            "name: meanwhile\nengine: sim\nseed: 1\nnetwork: {name: meanwhile, validators: 4}\n"
                + "workload: {rate: 10/s, duration: 2s}\n");
    Path scenarioRun = dir.resolve("meanwhile");

    Cli sim = cli("run", scenario.toString(), "--run-dir", scenarioRun.toString());

    assertThat(sim.exit()).as("%s", sim).isZero();
    assertThat(sim.out())
        .as("%s", sim)
        .contains(
            "runs/current still names the network 'ledgerlab up' started in "
                + run.toAbsolutePath().normalize(),
            "--run-dir " + scenarioRun.toAbsolutePath().normalize());
    Cli status = cli("status");
    assertThat(status.exit()).as("status of the current run after 'run'\n%s", status).isZero();
    assertThat(status.out()).as("%s", status).contains("n0", "n1");
    Cli down = cli("down");
    expectOk(down, "is down");
    assertThat(processes.awaitGone(Duration.ofSeconds(10))).as("alive after down").isEmpty();
    Cli notANetwork = cli("down", "--run-dir", scenarioRun.toString());
    assertThat(notANetwork.exit()).as("%s", notANetwork).isEqualTo(ExitCode.USAGE);
    assertThat(notANetwork.err())
        .as("%s", notANetwork)
        .contains("nothing to stop: " + scenarioRun.toAbsolutePath().normalize());
  }

  @Test
  void aNodeThatCannotStartFailsUpNamingTheNodeAndItsExitCode() throws Exception {
    Path run = dir.resolve("no-main");
    RunProcesses processes = track(run);
    String launch =
        """
        launch:
          command: "{java} -cp {classpath} no.such.Main --config {config}"
        """;

    long started = System.nanoTime();
    Cli up =
        cli("up", manifest("no-main", 1, launch), "--run-dir", run.toString(), "--timeout", "40s");
    double seconds = (System.nanoTime() - started) / 1e9;
    processes.record();

    assertThat(up.exit()).as("%s", up).isEqualTo(ExitCode.CRASH);
    assertThat(up.err()).as("%s", up).contains("n0 exited with code 1", "nothing is left running");
    assertThat(seconds).as("seconds until up gave up").isLessThan(40);
    assertThat(processes.awaitGone(Duration.ofSeconds(5))).as("alive after up failed").isEmpty();
  }

  @Test
  void upIntoAnExistingRunDirectoryFailsAndStartsNothing() throws Exception {
    Path run = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(run.resolve("mine.txt"), "not a run");
    RunProcesses processes = track(run);

    Cli up = cli("up", manifest("taken", 4, ""), "--run-dir", run.toString());

    assertThat(up.exit()).as("%s", up).isEqualTo(ExitCode.CRASH);
    assertThat(up.err()).as("%s", up).contains(run.toString(), "already exists");
    try (Stream<Path> files = Files.list(run)) {
      assertThat(files).as("the directory is untouched").containsExactly(run.resolve("mine.txt"));
    }
    assertThat(processes.alive()).isEmpty();
  }

  @Test
  void aTakenPortFailsUpNamingThePortAndTheNodeBeforeAnythingIsCreated() throws Exception {
    Path run = dir.resolve("ports");
    RunProcesses processes = track(run);
    // n1's RPC port is basePort + 3; the three below it must be free for n0 and n1's peer port.
    try (ServerSocket taken = portWithThreeFreeBelow()) {
      int port = taken.getLocalPort();
      String launch = "launch:\n  basePort: " + (port - 3) + "\n";

      Cli up = cli("up", manifest("ports", 2, launch), "--run-dir", run.toString());

      assertThat(up.exit()).as("%s", up).isEqualTo(ExitCode.CRASH);
      assertThat(up.err()).as("%s", up).contains("port " + port + " (n1 RPC) is already in use");
    }
    assertThat(run).as("the run directory").doesNotExist();
    assertThat(processes.alive()).isEmpty();
  }

  @Test
  void anUnknownFaultIsAUsageError() throws IOException {
    Path run = Files.createDirectories(dir.resolve("idle"));

    Cli bogus = cli("fault", "bogus", "--run-dir", run.toString());

    assertThat(bogus.exit()).as("%s", bogus).isEqualTo(ExitCode.USAGE);
    assertThat(bogus.err()).as("%s", bogus).contains("unknown fault 'bogus'");
  }

  // ---- Helpers ---------------------------------------------------------------------------------

  private RunProcesses track(Path run) {
    RunProcesses processes = new RunProcesses(run);
    runs.add(processes);
    return processes;
  }

  private String manifest(String name, int validators, String more) throws IOException {
    String yaml =
        "name: it-"
            + name
            + "\nvalidators: "
            + validators
            + "\naccounts: 20\nblockInterval: 200ms\n"
            + more;
    return Files.writeString(dir.resolve(name + ".yaml"), yaml).toString();
  }

  private static Cli cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }

  private static void expectOk(Cli cli, String says) {
    assertThat(cli.exit()).as("%s", cli).isZero();
    assertThat(cli.out()).as("%s", cli).contains(says);
  }

  private static JsonNode statusJson(String run) throws IOException {
    Cli status = cli("status", "--json", "--run-dir", run);
    assertThat(status.exit()).as("%s", status).isZero();
    return JSON.readTree(status.out());
  }

  private static JsonNode node(JsonNode status, String name) {
    for (JsonNode n : status.path("nodes")) {
      if (name.equals(n.path("name").asText())) {
        return n;
      }
    }
    throw new AssertionError("no node " + name + " in " + status.toPrettyString());
  }

  /** Polls {@code status --json} until {@code done} holds; fails after {@link #WAIT}. */
  private static JsonNode await(String run, Predicate<JsonNode> done, String what)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode status = statusJson(run);
    while (!done.test(status)) {
      assertThat(System.nanoTime())
          .as("%s within %s; last status:%n%s", what, WAIT, status.toPrettyString())
          .isLessThan(deadline);
      Thread.sleep(250);
      status = statusJson(run);
    }
    return status;
  }

  /** Node name to height, from the rows of the {@code status} table. */
  private static Map<String, Long> heightsInTable(String table) {
    Map<String, Long> heights = new LinkedHashMap<>();
    Matcher m = STATUS_ROW.matcher(table);
    while (m.find()) {
      heights.put(m.group(1), m.group(5).equals("-") ? -1 : Long.parseLong(m.group(5)));
    }
    return heights;
  }

  /** A listening loopback port P with P-3..P-1 free, all within launch.basePort's range. */
  private static ServerSocket portWithThreeFreeBelow() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      int p = s.getLocalPort();
      if (p - 3 >= 1024 && p <= 60_000 && free(p - 3) && free(p - 2) && free(p - 1)) {
        return s;
      }
      s.close();
    }
    throw new IllegalStateException("no loopback port with three free ports below it");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code runs/current} under the working directory, which {@code up} rewrites even with {@code
   * --run-dir}: saved before a test and put back after it, so the tests leave the module clean.
   */
  private record CurrentRunFile(boolean runsExisted, String content) {
    private static final Path FILE = RunDirs.CURRENT.toAbsolutePath();

    static CurrentRunFile save() throws IOException {
      boolean runsExisted = Files.isDirectory(FILE.getParent());
      String content =
          Files.isRegularFile(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : null;
      return new CurrentRunFile(runsExisted, content);
    }

    void restore() throws IOException {
      if (content != null) {
        Files.writeString(FILE, content, StandardCharsets.UTF_8);
        return;
      }
      Files.deleteIfExists(FILE);
      if (!runsExisted && Files.isDirectory(FILE.getParent())) {
        try (Stream<Path> left = Files.list(FILE.getParent())) {
          if (left.findAny().isEmpty()) {
            Files.delete(FILE.getParent());
          }
        }
      }
    }
  }
}
