package io.ledgerlab.cli;

import io.ledgerlab.observe.log.LogFilter;
import io.ledgerlab.observe.log.LogLine;
import io.ledgerlab.observe.log.LogMerge;
import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledgerlab logs}: every node's structured log of a run as one timeline. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the structured logs of a run's nodes (<run>/logs/<node>.jsonl) merged into one"
          + " timeline ordered by time, filtered by node, level, event, height, transaction and"
          + " time. Reads the current run (named in runs/current), --run-dir, or the given files.",
      "Lines that are not log records are skipped with a warning on stderr.",
      "Exit status: 0 when the logs were read; 2 for bad arguments; 3 on a crash."
    })
final class LogsCommand implements Callable<Integer> {
  /** Bad lines warned about one by one; the rest are counted. */
  static final int BAD_LINES_SHOWN_MAX = 10;

  static final long FOLLOW_POLL_MILLIS = 200;

  /** Hex strings at least this long are shortened in human output. */
  static final int HASH_DIGITS_SHORTENED_MIN = 20;

  static final int HASH_DIGITS_SHOWN = 12;

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

  enum Output {
    HUMAN,
    JSON
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--run-dir",
      paramLabel = "DIR",
      description = "The run to read (default: the current run, named in runs/current).")
  Path runDir;

  @Option(
      names = "--node",
      split = ",",
      paramLabel = "NODE",
      description = "Only these nodes, e.g. n0,n1.")
  List<String> nodes = new ArrayList<>();

  @Option(
      names = "--level",
      defaultValue = "DEBUG",
      paramLabel = "LEVEL",
      description = "The lowest level shown: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Level level;

  @Option(
      names = "--event",
      split = ",",
      paramLabel = "EVENT",
      description =
          "Only these events; a trailing * matches a prefix, e.g. consensus.*,block.committed.")
  List<String> events = new ArrayList<>();

  @Option(
      names = "--height",
      paramLabel = "N",
      description = "Only records whose height field is N.")
  Long height;

  @Option(
      names = "--tx",
      paramLabel = "HASH",
      description =
          "Only records whose tx or hash field is HASH, or starts with it (at least 8 hex digits).")
  String tx;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description =
          "Only records at or after TIME: an ISO-8601 instant (2026-11-24T07:10:00Z) or a time"
              + " before now (-30s, -5m, -2h).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      description = "Only records before TIME, written as for --since.")
  String until;

  @Option(
      names = {"-f", "--follow"},
      description =
          "Keep printing lines as the nodes write them (until interrupted); with a run directory,"
              + " nodes that start later are followed too.")
  boolean follow;

  @Option(
      names = "--output",
      defaultValue = "HUMAN",
      paramLabel = "FORMAT",
      description =
          "human (aligned columns, short hashes) or json (the JSON lines as stored) (default:"
              + " human).")
  Output output;

  @Parameters(
      paramLabel = "FILE",
      arity = "0..*",
      description = "Log files to read instead of a run directory.")
  List<Path> files = new ArrayList<>();

  /** How long --follow goes on; until the thread is interrupted, or what a test says. */
  BooleanSupplier keepFollowing = () -> !Thread.currentThread().isInterrupted();

  @Override
  public Integer call() throws IOException, InterruptedException {
    LogFilter filter = filter(nowMicros());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BadLineWarnings warnings = new BadLineWarnings(err);
    Path logsDir = null;
    List<Path> inputs = files;
    if (files.isEmpty()) {
      logsDir = RunDirs.resolve(runDir).resolve("logs");
      inputs = LogMerge.logFiles(logsDir);
    } else {
      checkFiles();
    }
    int nodeWidth = nodeWidth(inputs);
    Consumer<LogRecord> print =
        r -> out.println(output == Output.JSON ? LogLine.encode(r) : human(r, nodeWidth));
    if (follow) {
      Consumer<LogRecord> printNow =
          r -> {
            print.accept(r);
            out.flush();
          };
      if (logsDir != null) {
        LogMerge.followDirectory(
            logsDir, filter, printNow, warnings, keepFollowing, FOLLOW_POLL_MILLIS);
      } else {
        LogMerge.follow(inputs, filter, printNow, warnings, keepFollowing, FOLLOW_POLL_MILLIS);
      }
    } else if (inputs.isEmpty()) {
      err.println("ledgerlab logs: no node logs (*.jsonl) in " + logsDir);
    } else {
      Set<String> hashes = new LinkedHashSet<>();
      try (Stream<LogRecord> records = LogMerge.stream(inputs, filter, warnings)) {
        records.forEach(
            r -> {
              print.accept(r);
              filter.matchedHash(r).ifPresent(h -> hashes.add(h));
            });
      }
      if (hashes.size() > 1) {
        err.println(
            "ledgerlab logs: warning: --tx "
                + tx
                + " matches "
                + hashes.size()
                + " different hashes; give more digits to pick one: "
                + String.join(", ", hashes.stream().limit(5).toList()));
      }
    }
    warnings.summarise();
    out.flush();
    return ExitCode.OK;
  }

  private LogFilter filter(long nowMicros) {
    LogFilter f = LogFilter.ALL.withNodes(nodes).withMinLevel(level);
    f = option("--event", f, g -> g.withEvents(events));
    if (height != null) {
      f = f.withHeight(height);
    }
    if (tx != null) {
      f = option("--tx", f, g -> g.withTx(tx));
    }
    if (since != null) {
      long t = option("--since", () -> LogFilter.parseTime(since, nowMicros));
      f = option("--since", f, g -> g.withSince(t));
    }
    if (until != null) {
      long t = option("--until", () -> LogFilter.parseTime(until, nowMicros));
      f = option("--until", f, g -> g.withUntil(t));
    }
    return f;
  }

  /** Runs {@code parse}, naming {@code option} in the message of an invalid argument. */
  private static <T> T option(String option, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  private static LogFilter option(String option, LogFilter f, UnaryOperator<LogFilter> change) {
    return option(option, () -> change.apply(f));
  }

  private void checkFiles() {
    if (runDir != null) {
      throw new IllegalArgumentException("pass either --run-dir or log files, not both");
    }
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("no log file at " + f);
      }
    }
  }

  private int nodeWidth(List<Path> inputs) {
    int width = 2;
    for (Path f : inputs) {
      String name = f.getFileName().toString();
      width = Math.max(width, name.endsWith(".jsonl") ? name.length() - 6 : name.length());
    }
    for (String n : nodes) {
      width = Math.max(width, n.length());
    }
    return width;
  }

  private static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  /** {@code 07:10:00.123456 n0 INFO block.committed hash=ab12cd34ef56… height=5}. */
  static String human(LogRecord r, int nodeWidth) {
    String ts = LogLine.formatTs(r.tsMicros());
    StringBuilder sb = new StringBuilder(120);
    sb.append(ts, ts.indexOf('T') + 1, ts.length() - 1).append(' ');
    pad(sb, r.node(), nodeWidth).append(' ');
    pad(sb, r.level().name(), 5).append(' ').append(r.event());
    for (Map.Entry<String, Object> f : r.fields().entrySet()) {
      sb.append(' ').append(f.getKey()).append('=').append(humanValue(f.getValue()));
    }
    return sb.toString();
  }

  private static StringBuilder pad(StringBuilder sb, String text, int width) {
    sb.append(text);
    for (int i = text.length(); i < width; i++) {
      sb.append(' ');
    }
    return sb;
  }

  private static String humanValue(Object v) {
    if (!(v instanceof String s)) {
      return String.valueOf(v);
    }
    if (s.length() >= HASH_DIGITS_SHORTENED_MIN && HEX.matcher(s).matches()) {
      return s.substring(0, HASH_DIGITS_SHOWN) + "…";
    }
    boolean plain = !s.isEmpty() && s.chars().allMatch(c -> c > ' ' && c != '"' && c != '=');
    return plain ? s : quoted(s);
  }

  private static String quoted(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < ' ') {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** One stderr line per bad line, up to {@link #BAD_LINES_SHOWN_MAX}; then a count. */
  private static final class BadLineWarnings implements Consumer<LogMerge.BadLine> {
    private final PrintWriter err;
    private long count;

    BadLineWarnings(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void accept(LogMerge.BadLine bad) {
      count++;
      if (count <= BAD_LINES_SHOWN_MAX) {
        err.println("ledgerlab logs: warning: skipped " + bad);
        err.flush();
      }
    }

    void summarise() {
      if (count > BAD_LINES_SHOWN_MAX) {
        err.println(
            "ledgerlab logs: warning: skipped "
                + count
                + " bad lines in all; "
                + (count - BAD_LINES_SHOWN_MAX)
                + " not shown");
      }
      err.flush();
    }
  }
}
