package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.ledgerlab.observe.log.LogLine;
import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ledgerlab logs} end to end, on a run directory made here. */
class LogsCommandTest {
  /** 2026-11-24T07:10:00Z in microseconds. */
  private static final long T0 = 1_795_504_200_000_000L;

  private static final String HASH =
      "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";

  @TempDir Path work;
  private Path run;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static LogRecord record(long ts, String node, Level level, String event, Object... kv) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      fields.put((String) kv[i], kv[i + 1]);
    }
    return LogRecord.of(ts, node, level, event, fields);
  }

  private static void write(Path file, List<?> lines) throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder sb = new StringBuilder();
    for (Object l : lines) {
      sb.append(l instanceof LogRecord r ? LogLine.encode(r) : l).append('\n');
    }
    Files.writeString(file, sb, StandardCharsets.UTF_8);
  }

  @BeforeEach
  void aRunWithThreeNodes() throws IOException {
    run = work.resolve("runs/r1");
    Path logs = run.resolve("logs");
    write(
        logs.resolve("n0.jsonl"),
        List.of(
            record(T0 + 1, "n0", Level.INFO, "node.started", "height", 0L),
            record(T0 + 30, "n0", Level.DEBUG, "consensus.round", "height", 1L, "round", 0L),
            record(T0 + 60, "n0", Level.INFO, "block.committed", "height", 1L, "hash", HASH)));
    write(
        logs.resolve("n1.jsonl"),
        List.of(
            record(T0 + 2, "n1", Level.INFO, "node.started", "height", 0L),
            record(
                T0 + 40,
                "n1",
                Level.WARN,
                "consensus.vote.invalid",
                "peer",
                "n10",
                "height",
                1L,
                "reason",
                "bad signature")));
    write(
        logs.resolve("n10.jsonl"),
        List.of(
            record(T0 + 3, "n10", Level.INFO, "node.started", "height", 0L),
            record(T0 + 61, "n10", Level.INFO, "block.committed", "height", 1L, "hash", HASH)));
    Files.writeString(logs.resolve("n0.out"), "raw stdout that is not JSON\n");
  }

  private int run(String... args) {
    CommandLine cli = Ledgerlab.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private List<String> outLines() {
    return out.toString().lines().toList();
  }

  @Test
  void printsEveryNodeMergedByTimeInAlignedColumns() {
    assertThat(run("logs", "--run-dir", run.toString())).isZero();
    assertThat(outLines())
        .containsExactly(
            "07:10:00.000001 n0  INFO  node.started height=0",
            "07:10:00.000002 n1  INFO  node.started height=0",
            "07:10:00.000003 n10 INFO  node.started height=0",
            "07:10:00.000030 n0  DEBUG consensus.round height=1 round=0",
            "07:10:00.000040 n1  WARN  consensus.vote.invalid height=1 peer=n10"
                + " reason=\"bad signature\"",
            "07:10:00.000060 n0  INFO  block.committed hash=ab12cd34ef56… height=1",
            "07:10:00.000061 n10 INFO  block.committed hash=ab12cd34ef56… height=1");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void jsonOutputIsTheStoredLines() throws IOException {
    assertThat(run("logs", "--run-dir", run.toString(), "--output", "json", "--node", "n10"))
        .isZero();
    assertThat(outLines())
        .containsExactlyElementsOf(Files.readAllLines(run.resolve("logs/n10.jsonl")));
  }

  @Test
  void filtersByEveryOption() {
    String dir = run.toString();
    assertThat(run("logs", "--run-dir", dir, "--node", "n0,n1", "--level", "info")).isZero();
    assertThat(outLines()).hasSize(4).allMatch(l -> l.contains(" n0 ") || l.contains(" n1 "));

    out.getBuffer().setLength(0);
    assertThat(run("logs", "--run-dir", dir, "--level", "WARN")).isZero();
    assertThat(outLines()).singleElement().asString().contains("consensus.vote.invalid");

    out.getBuffer().setLength(0);
    assertThat(run("logs", "--run-dir", dir, "--event", "consensus.*,node.started")).isZero();
    assertThat(outLines()).hasSize(5);

    out.getBuffer().setLength(0);
    assertThat(run("logs", "--run-dir", dir, "--height", "1", "--event", "block.*")).isZero();
    assertThat(outLines()).hasSize(2);

    out.getBuffer().setLength(0);
    assertThat(run("logs", "--run-dir", dir, "--tx", HASH.substring(0, 8).toUpperCase())).isZero();
    assertThat(outLines()).hasSize(2).allMatch(l -> l.contains("block.committed"));

    out.getBuffer().setLength(0);
    assertThat(
            run(
                "logs",
                "--run-dir",
                dir,
                "--since",
                "2026-11-24T07:10:00.000030Z",
                "--until",
                "2026-11-24T07:10:00.000060Z"))
        .isZero();
    assertThat(outLines()).hasSize(2);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void withoutARunDirOrACurrentRunTheErrorSaysHowToStartOne() {
    // The working directory cannot change in a test: the resolution itself is RunDirsTest's.
    Path current = Path.of("").toAbsolutePath().resolve(RunDirs.CURRENT);
    assumeFalse(Files.exists(current), current + " exists here");
    assertThat(run("logs")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains(RunDirs.NO_CURRENT_RUN);
  }

  @Test
  void readsFilesGivenAsArguments() {
    assertThat(
            run(
                "logs",
                run.resolve("logs/n1.jsonl").toString(),
                run.resolve("logs/n0.jsonl").toString()))
        .isZero();
    assertThat(outLines()).hasSize(5);
    assertThat(outLines().get(0)).startsWith("07:10:00.000001 n0 ");
  }

  @Test
  void badLinesAreWarnedAboutTenAtMostThenCounted() throws IOException {
    Path n1 = run.resolve("logs/n1.jsonl");
    List<String> garbage = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      garbage.add("garbage " + i);
    }
    Files.write(n1, garbage, StandardOpenOption.APPEND);
    assertThat(run("logs", "--run-dir", run.toString())).isZero();
    assertThat(outLines()).hasSize(7);
    List<String> warnings = err.toString().lines().toList();
    assertThat(warnings).hasSize(11);
    assertThat(warnings.get(0))
        .startsWith("ledgerlab logs: warning: skipped " + n1 + ":3: not JSON at column 1");
    assertThat(warnings.get(10))
        .isEqualTo("ledgerlab logs: warning: skipped 12 bad lines in all; 2 not shown");
  }

  @Test
  void anAmbiguousTxPrefixIsWarnedAbout() throws IOException {
    Path n1 = run.resolve("logs/n1.jsonl");
    String other = HASH.substring(0, 8) + "0".repeat(56);
    Files.writeString(
        n1,
        LogLine.encode(record(T0 + 70, "n1", Level.INFO, "tx.rejected", "tx", other)) + "\n",
        StandardOpenOption.APPEND);
    assertThat(run("logs", "--run-dir", run.toString(), "--tx", HASH.substring(0, 8))).isZero();
    assertThat(outLines()).hasSize(3);
    assertThat(err.toString()).contains("matches 2 different hashes").contains(other);
  }

  @Test
  void aBadSinceIsAUsageErrorNamingTheValue() {
    assertThat(run("logs", "--run-dir", run.toString(), "--since", "yesterday"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--since").contains("'yesterday'");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void otherBadArgumentsAreUsageErrors() {
    assertThat(run("logs", "--run-dir", run.toString(), "--tx", "xyz")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--tx").contains("'xyz'");
    assertThat(run("logs", "--run-dir", run.toString(), "--event", "a*b"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("--event");
    assertThat(run("logs", "--run-dir", run.toString(), "--level", "loud"))
        .isEqualTo(ExitCode.USAGE);
    assertThat(run("logs", "--run-dir", work.resolve("nope").toString())).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("no run directory at");
    assertThat(run("logs", "--run-dir", run.toString(), run.resolve("logs/n0.jsonl").toString()))
        .isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("not both");
    assertThat(run("logs", work.resolve("missing.jsonl").toString())).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("no log file at");
  }

  @Test
  void helpListsLogs() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("logs");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void followPrintsLinesWrittenAfterItStarted() throws Exception {
    AtomicBoolean keepGoing = new AtomicBoolean(true);
    LogsCommand command = new LogsCommand();
    command.keepFollowing = keepGoing::get;
    CommandLine cli =
        new CommandLine(command)
            .setExecutionExceptionHandler(new ErrorHandler())
            .setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit =
          thread.submit(() -> cli.execute("--run-dir", run.toString(), "-f", "--node", "n2"));
      Path n2 = run.resolve("logs/n2.jsonl");
      write(n2, List.of(record(T0 + 100, "n2", Level.INFO, "node.started", "height", 0L)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!out.toString().contains("node.started") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      keepGoing.set(false);
      assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
      assertThat(outLines()).containsExactly("07:10:00.000100 n2  INFO  node.started height=0");
    } finally {
      keepGoing.set(false);
      thread.shutdownNow();
    }
  }
}
