package io.ledgerlab.observe.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.ledgerlab.observe.log.LogLineException.Kind;
import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one JSON-lines schema for log records on disk: one object per line, {@code ts} (ISO-8601 UTC
 * with exactly six fractional digits), {@code node}, {@code level} (lower case), {@code event},
 * then the event's fields at top level in sorted order.
 *
 * <p>A field whose name is one of the four keys, or starts with {@code field.}, is written as
 * {@code field.<name>}; decoding strips one {@code field.} prefix, so every field name survives the
 * round trip. Integers decode as {@link Long} ({@link BigInteger} beyond its range), decimals as
 * {@link Double}, arrays as lists and objects as maps.
 */
public final class LogLine {
  /** The keys every line carries, in the order they are written. */
  public static final List<String> KEYS = List.of("ts", "node", "level", "event");

  /** The prefix that keeps a field apart from the four keys. */
  public static final String FIELD_PREFIX = "field.";

  /** How deep nested collections and maps are written; deeper values are written as text. */
  static final int NESTING_DEPTH_MAX = 32;

  private static final Set<String> RESERVED = Set.copyOf(KEYS);
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final DateTimeFormatter TS =
      new DateTimeFormatterBuilder().appendInstant(6).toFormatter(Locale.ROOT);
  private static final String TS_EXAMPLE = "2026-11-24T07:10:00.123456Z";

  private LogLine() {}

  /** The record as one line of JSON, without the line terminator. */
  public static String encode(LogRecord record) {
    Objects.requireNonNull(record.node(), "node");
    Objects.requireNonNull(record.level(), "level");
    Objects.requireNonNull(record.event(), "event");
    StringWriter out = new StringWriter(160);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.setCharacterEscapes(SurrogateEscapes.INSTANCE);
      g.writeStartObject();
      g.writeStringField("ts", formatTs(record.tsMicros()));
      g.writeStringField("node", record.node());
      g.writeStringField("level", record.level().name().toLowerCase(Locale.ROOT));
      g.writeStringField("event", record.event());
      for (Map.Entry<String, Object> f : record.fields().entrySet()) {
        g.writeFieldName(key(f.getKey()));
        writeValue(g, f.getValue(), 0);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string failed", e);
    }
    return out.toString();
  }

  /** Microseconds since the epoch as ISO-8601 UTC with six fractional digits. */
  public static String formatTs(long tsMicros) {
    return TS.format(
        Instant.ofEpochSecond(
            Math.floorDiv(tsMicros, 1_000_000L), Math.floorMod(tsMicros, 1_000_000L) * 1_000L));
  }

  /** Parses one line; throws naming what is wrong with it. */
  public static LogRecord decode(String line) throws LogLineException {
    if (line.isBlank()) {
      throw new LogLineException(Kind.EMPTY_LINE, "empty line");
    }
    Map<String, Object> object = parseObject(line);
    List<String> missing = new ArrayList<>(0);
    for (String k : KEYS) {
      if (!object.containsKey(k)) {
        missing.add(k);
      }
    }
    if (!missing.isEmpty()) {
      throw new LogLineException(
          Kind.MISSING_KEY,
          "missing " + (missing.size() == 1 ? "key " : "keys ") + String.join(", ", missing));
    }
    long ts = parseTs(object.get("ts"));
    String node = nonEmptyText("node", object.get("node"));
    Level level = parseLevel(object.get("level"));
    String event = nonEmptyText("event", object.get("event"));
    return LogRecord.of(ts, node, level, event, fields(object));
  }

  /** Parses one line from {@code source} (a file name); the exception names the place. */
  public static LogRecord decode(String line, String source, long lineNumber)
      throws LogLineException {
    try {
      return decode(line);
    } catch (LogLineException e) {
      throw e.at(source, lineNumber);
    }
  }

  private static String key(String field) {
    return RESERVED.contains(field) || field.startsWith(FIELD_PREFIX)
        ? FIELD_PREFIX + field
        : field;
  }

  private static void writeValue(JsonGenerator g, Object v, int depth) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Number n) {
      writeNumber(g, n);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof CharSequence s) {
      g.writeString(s.toString());
    } else if (depth >= NESTING_DEPTH_MAX) {
      g.writeString(String.valueOf(v));
    } else if (v instanceof Map<?, ?> m) {
      Map<String, Object> sorted = new TreeMap<>();
      m.forEach((k, value) -> sorted.put(String.valueOf(k), value));
      g.writeStartObject();
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        g.writeFieldName(e.getKey());
        writeValue(g, e.getValue(), depth + 1);
      }
      g.writeEndObject();
    } else if (v instanceof Collection<?> c) {
      g.writeStartArray();
      for (Object item : c) {
        writeValue(g, item, depth + 1);
      }
      g.writeEndArray();
    } else if (v.getClass().isArray()) {
      g.writeStartArray();
      for (int i = 0, n = Array.getLength(v); i < n; i++) {
        writeValue(g, Array.get(v, i), depth + 1);
      }
      g.writeEndArray();
    } else {
      g.writeString(v.toString());
    }
  }

  private static void writeNumber(JsonGenerator g, Number n) throws IOException {
    if (n instanceof Long
        || n instanceof Integer
        || n instanceof Short
        || n instanceof Byte
        || n instanceof AtomicLong
        || n instanceof AtomicInteger) {
      g.writeNumber(n.longValue());
    } else if (n instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (n instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (n instanceof Float f && Float.isFinite(f)) {
      g.writeNumber(f);
    } else if (Double.isFinite(n.doubleValue())) {
      g.writeNumber(n.doubleValue());
    } else {
      // JSON has no NaN or infinity; the text keeps the value readable.
      g.writeString(n.toString());
    }
  }

  private static Map<String, Object> parseObject(String line) throws LogLineException {
    try (JsonParser p = JSON.createParser(line)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new LogLineException(
            Kind.NOT_AN_OBJECT, "a JSON " + describe(first) + " where an object was expected");
      }
      Map<String, Object> object = readObject(p);
      if (p.nextToken() != null) {
        throw new LogLineException(
            Kind.NOT_JSON,
            "not JSON: content after the object at column " + p.currentLocation().getColumnNr());
      }
      return object;
    } catch (JsonProcessingException e) {
      throw new LogLineException(
          Kind.NOT_JSON,
          "not JSON at column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("reading JSON from a string failed", e);
    }
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> t.asString();
    };
  }

  private static Map<String, Object> readObject(JsonParser p) throws IOException, LogLineException {
    Map<String, Object> object = new LinkedHashMap<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String name = p.currentName();
      Object value = readValue(p, p.nextToken());
      if (object.containsKey(name)) {
        throw new LogLineException(Kind.DUPLICATE_KEY, "duplicate key '" + name + "'");
      }
      object.put(name, value);
    }
    return object;
  }

  private static Object readValue(JsonParser p, JsonToken t) throws IOException, LogLineException {
    switch (t) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? p.getBigIntegerValue()
            : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
          list.add(readValue(p, i));
        }
        return Collections.unmodifiableList(list);
      case START_OBJECT:
        return Collections.unmodifiableMap(readObject(p));
      default:
        throw new IllegalStateException("unexpected JSON token " + t);
    }
  }

  private static long parseTs(Object value) throws LogLineException {
    String text = value instanceof String s ? s : String.valueOf(value);
    if (value instanceof String s && isCanonicalTs(s)) {
      try {
        return canonicalTsMicros(s);
      } catch (DateTimeException e) {
        // Not a real date or time; the general parser below says so.
      }
    }
    Instant instant;
    try {
      if (!(value instanceof String)) {
        throw new DateTimeException("not a string");
      }
      instant = DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
    } catch (DateTimeException e) {
      throw badTs(text, "expected ISO-8601 UTC such as " + TS_EXAMPLE);
    }
    if (instant.getNano() % 1_000 != 0) {
      throw badTs(text, "more precise than a microsecond");
    }
    try {
      return toMicros(instant);
    } catch (ArithmeticException e) {
      throw badTs(text, "out of the range of microseconds since the epoch in a long");
    }
  }

  /**
   * Whether {@code s} has the shape {@link #encode} writes, {@code 2026-11-24T07:10:00.123456Z}:
   * such timestamps, nearly all of them, are read without the general parser, which is several
   * times slower and dominates reading a large log.
   */
  private static boolean isCanonicalTs(String s) {
    if (s.length() != TS_EXAMPLE.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char shape = TS_EXAMPLE.charAt(i);
      boolean ok = Character.isDigit(shape) ? c >= '0' && c <= '9' : c == shape;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static long canonicalTsMicros(String s) {
    long day = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10)).toEpochDay();
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (hour > 23 || minute > 59 || second > 59) {
      throw new DateTimeException("time of day out of range");
    }
    long seconds = day * 86_400 + hour * 3_600L + minute * 60L + second;
    return seconds * 1_000_000L + digits(s, 20, 26);
  }

  private static int digits(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n = n * 10 + (s.charAt(i) - '0');
    }
    return n;
  }

  /**
   * Microseconds since the epoch, truncated.
   *
   * @throws ArithmeticException when they do not fit in a long
   */
  static long toMicros(Instant instant) {
    long seconds = instant.getEpochSecond();
    long micros = instant.getNano() / 1_000;
    if (seconds < 0 && micros > 0) {
      // Near Long.MIN_VALUE the seconds alone overflow although the sum fits.
      seconds++;
      micros -= 1_000_000;
    }
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
  }

  private static LogLineException badTs(String text, String expected) {
    return new LogLineException(Kind.BAD_TIMESTAMP, "bad timestamp '" + text + "': " + expected);
  }

  private static Level parseLevel(Object value) throws LogLineException {
    if (value instanceof String s) {
      for (Level l : Level.values()) {
        if (l.name().equalsIgnoreCase(s)) {
          return l;
        }
      }
    }
    throw new LogLineException(
        Kind.UNKNOWN_LEVEL, "unknown level '" + value + "': expected debug, info, warn or error");
  }

  private static String nonEmptyText(String key, Object value) throws LogLineException {
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw new LogLineException(
        Kind.BAD_VALUE, key + " must be a non-empty string, got " + describeValue(value));
  }

  private static String describeValue(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }

  private static Map<String, Object> fields(Map<String, Object> object) throws LogLineException {
    Map<String, Object> fields = new TreeMap<>();
    for (Map.Entry<String, Object> e : object.entrySet()) {
      String key = e.getKey();
      if (RESERVED.contains(key)) {
        continue;
      }
      String name = key.startsWith(FIELD_PREFIX) ? key.substring(FIELD_PREFIX.length()) : key;
      if (fields.containsKey(name)) {
        throw new LogLineException(
            Kind.DUPLICATE_KEY,
            "keys '" + name + "' and '" + FIELD_PREFIX + name + "' both name field '" + name + "'");
      }
      fields.put(name, e.getValue());
    }
    return fields;
  }

  /**
   * Escapes every UTF-16 surrogate as {@code \\uXXXX}: a lone surrogate (which a Java string may
   * hold) would otherwise turn into '?' when the line is written as UTF-8, and the line would no
   * longer decode to the record. Other non-ASCII text is written as itself.
   */
  private static final class SurrogateEscapes extends CharacterEscapes {
    static final SurrogateEscapes INSTANCE = new SurrogateEscapes();
    private static final long serialVersionUID = 1L;

    private final int[] ascii = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return Character.isSurrogate((char) ch)
          ? new SerializedString(String.format(Locale.ROOT, "\\u%04X", ch))
          : null;
    }
  }
}
