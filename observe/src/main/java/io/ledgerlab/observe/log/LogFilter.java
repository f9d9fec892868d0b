package io.ledgerlab.observe.log;

import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which log records to keep; every dimension left open matches everything, and a record must match
 * them all.
 *
 * @param nodes node names; empty for every node
 * @param minLevel the lowest level kept
 * @param events event names ({@code block.committed}) or prefixes ending in {@code *} ({@code
 *     consensus.*}); empty for every event
 * @param height keeps records whose {@code height} field is this number
 * @param tx a hash in hex, lower case, without {@code 0x}: keeps records whose {@code tx} or {@code
 *     hash} field starts with it, case-insensitively. It must have at least {@value
 *     #TX_PREFIX_DIGITS_MIN} digits; whether a prefix is unique depends on every record, so a
 *     caller that cares asks {@link #matchedHash} and counts the distinct answers.
 * @param sinceMicros keeps records at or after this time
 * @param untilMicros keeps records before this time
 */
public record LogFilter(
    Set<String> nodes,
    Level minLevel,
    List<String> events,
    OptionalLong height,
    Optional<String> tx,
    OptionalLong sinceMicros,
    OptionalLong untilMicros)
    implements Predicate<LogRecord> {

  /** The fewest hex digits that select a transaction or block by prefix. */
  public static final int TX_PREFIX_DIGITS_MIN = 8;

  /** Keeps every record. */
  public static final LogFilter ALL =
      new LogFilter(
          Set.of(),
          Level.DEBUG,
          List.of(),
          OptionalLong.empty(),
          Optional.empty(),
          OptionalLong.empty(),
          OptionalLong.empty());

  private static final Pattern RELATIVE = Pattern.compile("-?(\\d{1,12})(ms|s|m|h|d)");

  public LogFilter {
    nodes = Set.copyOf(nodes);
    Objects.requireNonNull(minLevel, "minLevel");
    events = List.copyOf(events);
    events.forEach(LogFilter::checkPattern);
    tx = tx.map(LogFilter::normaliseTx);
    if (sinceMicros.isPresent()
        && untilMicros.isPresent()
        && untilMicros.getAsLong() < sinceMicros.getAsLong()) {
      throw new IllegalArgumentException(
          "since ("
              + LogLine.formatTs(sinceMicros.getAsLong())
              + ") is after until ("
              + LogLine.formatTs(untilMicros.getAsLong())
              + ")");
    }
  }

  public LogFilter withNodes(Collection<String> nodes) {
    return new LogFilter(Set.copyOf(nodes), minLevel, events, height, tx, sinceMicros, untilMicros);
  }

  public LogFilter withMinLevel(Level minLevel) {
    return new LogFilter(nodes, minLevel, events, height, tx, sinceMicros, untilMicros);
  }

  public LogFilter withEvents(Collection<String> events) {
    return new LogFilter(
        nodes, minLevel, List.copyOf(events), height, tx, sinceMicros, untilMicros);
  }

  public LogFilter withHeight(long height) {
    return new LogFilter(
        nodes, minLevel, events, OptionalLong.of(height), tx, sinceMicros, untilMicros);
  }

  public LogFilter withTx(String tx) {
    return new LogFilter(
        nodes, minLevel, events, height, Optional.of(tx), sinceMicros, untilMicros);
  }

  public LogFilter withSince(long sinceMicros) {
    return new LogFilter(
        nodes, minLevel, events, height, tx, OptionalLong.of(sinceMicros), untilMicros);
  }

  public LogFilter withUntil(long untilMicros) {
    return new LogFilter(
        nodes, minLevel, events, height, tx, sinceMicros, OptionalLong.of(untilMicros));
  }

  @Override
  public boolean test(LogRecord r) {
    return (nodes.isEmpty() || nodes.contains(r.node()))
        && r.level().compareTo(minLevel) >= 0
        && (events.isEmpty() || events.stream().anyMatch(p -> matches(p, r.event())))
        && (height.isEmpty() || isNumber(r.fields().get("height"), height.getAsLong()))
        && (tx.isEmpty() || matchedHash(r).isPresent())
        && (sinceMicros.isEmpty() || r.tsMicros() >= sinceMicros.getAsLong())
        && (untilMicros.isEmpty() || r.tsMicros() < untilMicros.getAsLong());
  }

  /**
   * The record's {@code tx} or {@code hash} field (in that order of preference) that {@link #tx}
   * selects, lower case; empty when neither does or there is no {@link #tx}.
   */
  public Optional<String> matchedHash(LogRecord r) {
    if (tx.isEmpty()) {
      return Optional.empty();
    }
    for (String field : List.of("tx", "hash")) {
      Object v = r.fields().get(field);
      if (v != null) {
        String hex = stripHexPrefix(v.toString().toLowerCase(Locale.ROOT));
        if (hex.startsWith(tx.get())) {
          return Optional.of(hex);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A time for {@code --since}/{@code --until}: an ISO-8601 instant ({@code 2026-11-24T07:10:00Z},
   * with or without a fraction) or a time before {@code nowMicros} ({@code -30s}, {@code -5m},
   * {@code -2h}; also {@code ms} and {@code d}; the minus sign may be left out).
   *
   * @return microseconds since the epoch
   * @throws IllegalArgumentException naming the text when it is neither
   */
  public static long parseTime(String text, long nowMicros) {
    String t = text.trim();
    Matcher m = RELATIVE.matcher(t);
    try {
      if (m.matches()) {
        long unitMicros =
            switch (m.group(2)) {
              case "ms" -> 1_000L;
              case "s" -> 1_000_000L;
              case "m" -> 60_000_000L;
              case "h" -> 3_600_000_000L;
              default -> 86_400_000_000L;
            };
        return Math.subtractExact(
            nowMicros, Math.multiplyExact(Long.parseLong(m.group(1)), unitMicros));
      }
      Instant instant = DateTimeFormatter.ISO_INSTANT.parse(t, Instant::from);
      return LogLine.toMicros(instant);
    } catch (DateTimeException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "expected an ISO-8601 instant such as 2026-11-24T07:10:00Z, or a time before now such as"
              + " -30s, -5m or -2h; got '"
              + text
              + "'");
    }
  }

  private static void checkPattern(String pattern) {
    int star = pattern.indexOf('*');
    if (pattern.isEmpty() || (star >= 0 && star != pattern.length() - 1)) {
      throw new IllegalArgumentException(
          "event pattern '"
              + pattern
              + "': expected an event name (block.committed) or a prefix ending in * (consensus.*)");
    }
  }

  private static boolean matches(String pattern, String event) {
    return pattern.endsWith("*")
        ? event.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(event);
  }

  private static boolean isNumber(Object value, long expected) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return ((Number) value).longValue() == expected;
    }
    if (value instanceof BigInteger b) {
      return b.equals(BigInteger.valueOf(expected));
    }
    return value instanceof Number n && n.doubleValue() == expected;
  }

  private static String normaliseTx(String text) {
    String hex = stripHexPrefix(text.trim().toLowerCase(Locale.ROOT));
    if (hex.length() < TX_PREFIX_DIGITS_MIN || !hex.chars().allMatch(LogFilter::isHexDigit)) {
      throw new IllegalArgumentException(
          "expected a hash in hex, or a prefix of it with at least "
              + TX_PREFIX_DIGITS_MIN
              + " hex digits; got '"
              + text
              + "'");
    }
    return hex;
  }

  private static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  private static String stripHexPrefix(String lowerCase) {
    return lowerCase.startsWith("0x") ? lowerCase.substring(2) : lowerCase;
  }
}
