package io.ledgerlab.hermetic.agent;

import io.ledgerlab.hermetic.feed.Instruction;
import io.ledgerlab.observe.log.LogLine;
import io.ledgerlab.observe.log.LogLineException;
import io.ledgerlab.runtime.log.LogRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collects the log lines of a time window from the managed nodes' logs and the agent's own, as they
 * are (JSON lines), into one file per source. Bounded: at most {@link #BYTES_MAX} per upload, the
 * rest counted and said.
 */
public final class LogCollector implements Executor {
  static final long BYTES_MAX = 32L << 20;

  private final Supplier<List<Path>> logs;
  private final java.time.Clock clock;

  /**
   * @param logs the log files to read, asked for each time (nodes may have restarted)
   * @param clock what "the last 10 minutes" counts back from
   */
  public LogCollector(Supplier<List<Path>> logs, java.time.Clock clock) {
    this.logs = logs;
    this.clock = clock;
  }

  @Override
  public Result execute(Instruction instruction, Map<String, Path> files, Path out)
      throws IOException {
    Instruction.CollectLogs c = (Instruction.CollectLogs) instruction;
    long nowMicros = micros(clock.instant());
    long from =
        c.since()
            .map(LogCollector::micros)
            .orElse(c.lastMicros().map(l -> nowMicros - l).orElse(Long.MIN_VALUE));
    long to = c.until().map(LogCollector::micros).orElse(Long.MAX_VALUE);
    long written = 0;
    long kept = 0;
    long cut = 0;
    List<Path> sources = logs.get();
    for (Path log : sources) {
      if (!Files.isRegularFile(log)) {
        continue;
      }
      Path dest = out.resolve(log.getFileName().toString());
      try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8);
          BufferedWriter w = Files.newBufferedWriter(dest, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          LogRecord r;
          try {
            r = LogLine.decode(line);
          } catch (LogLineException e) {
            continue; // a torn last line of a node that was killed
          }
          if (r.tsMicros() < from || r.tsMicros() > to) {
            continue;
          }
          int bytes = line.getBytes(StandardCharsets.UTF_8).length + 1;
          if (written + bytes > BYTES_MAX) {
            cut++;
            continue;
          }
          w.write(line);
          w.write('\n');
          written += bytes;
          kept++;
        }
      }
    }
    return new Result(
        true,
        kept
            + " log lines from "
            + sources.size()
            + " files"
            + (cut > 0
                ? ", " + cut + " more left out over the " + (BYTES_MAX >> 20) + " MiB bound"
                : ""));
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }
}
