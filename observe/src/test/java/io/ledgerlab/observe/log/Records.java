package io.ledgerlab.observe.log;

import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds records and log files for the tests. */
final class Records {
  /** 2026-11-24T07:10:00Z in microseconds. */
  static final long T0 = 1_795_504_200_000_000L;

  private Records() {}

  /** A record; {@code fields} alternate name and value. */
  static LogRecord record(long ts, String node, Level level, String event, Object... fields) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      map.put((String) fields[i], fields[i + 1]);
    }
    return LogRecord.of(ts, node, level, event, map);
  }

  static LogRecord info(long ts, String node, String event, Object... fields) {
    return record(ts, node, Level.INFO, event, fields);
  }

  static Path write(Path file, List<LogRecord> records) throws IOException {
    StringBuilder sb = new StringBuilder();
    records.forEach(r -> sb.append(LogLine.encode(r)).append('\n'));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, sb, StandardCharsets.UTF_8);
    return file;
  }

  static void append(Path file, String text) throws IOException {
    Files.writeString(
        file,
        text,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
  }
}
