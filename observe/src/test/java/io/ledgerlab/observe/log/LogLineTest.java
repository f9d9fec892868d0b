package io.ledgerlab.observe.log;

import static io.ledgerlab.observe.log.Records.T0;
import static io.ledgerlab.observe.log.Records.info;
import static io.ledgerlab.observe.log.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerlab.observe.log.LogLineException.Kind;
import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogLineTest {
  private static final String HEAD =
      "\"ts\":\"2026-11-24T07:10:00.123456Z\",\"node\":\"n0\",\"level\":\"info\",\"event\":\"e\"";

  @Test
  void encodesTheKeysFirstThenTheFieldsSorted() {
    LogRecord r = info(T0 + 123_456, "n0", "block.committed", "height", 5L, "hash", "ab12");
    assertThat(LogLine.encode(r))
        .isEqualTo(
            "{\"ts\":\"2026-11-24T07:10:00.123456Z\",\"node\":\"n0\",\"level\":\"info\","
                + "\"event\":\"block.committed\",\"hash\":\"ab12\",\"height\":5}");
  }

  @Test
  void timestampsAlwaysHaveSixFractionalDigits() {
    assertThat(LogLine.formatTs(0)).isEqualTo("1970-01-01T00:00:00.000000Z");
    assertThat(LogLine.formatTs(T0)).isEqualTo("2026-11-24T07:10:00.000000Z");
    assertThat(LogLine.formatTs(-1)).isEqualTo("1969-12-31T23:59:59.999999Z");
    assertThat(LogLine.formatTs(T0 + 1)).isEqualTo("2026-11-24T07:10:00.000001Z");
  }

  @Test
  void writesEachKindOfValueAsJson() {
    Map<String, Object> unsorted = new HashMap<>();
    unsorted.put("b", 2);
    unsorted.put("a", List.of("x"));
    LogRecord r =
        info(
            T0,
            "n0",
            "e",
            "int",
            7,
            "double",
            1.5,
            "bool",
            true,
            "text",
            new StringBuilder("sb"),
            "list",
            List.of(1L, "two"),
            "array",
            new int[] {1, 2},
            "map",
            unsorted,
            "none",
            null,
            "other",
            Duration.ofSeconds(3),
            "nan",
            Double.NaN,
            "big",
            new BigInteger("123456789012345678901234567890"));
    assertThat(LogLine.encode(r))
        .isEqualTo(
            "{\"ts\":\"2026-11-24T07:10:00.000000Z\",\"node\":\"n0\",\"level\":\"info\",\"event\":\"e\","
                + "\"array\":[1,2],\"big\":123456789012345678901234567890,\"bool\":true,"
                + "\"double\":1.5,\"int\":7,\"list\":[1,\"two\"],\"map\":{\"a\":[\"x\"],\"b\":2},"
                + "\"nan\":\"NaN\",\"none\":null,\"other\":\"PT3S\",\"text\":\"sb\"}");
  }

  @Test
  void integersDecodeAsLongsAndDecimalsAsDoubles() throws LogLineException {
    LogRecord r =
        LogLine.decode(
            "{"
                + HEAD
                + ",\"i\":7,\"d\":1.5,\"big\":123456789012345678901234567890,\"l\":[1,\"a\"],"
                + "\"m\":{\"k\":false},\"n\":null}");
    assertThat(r.fields())
        .containsEntry("i", 7L)
        .containsEntry("d", 1.5)
        .containsEntry("big", new BigInteger("123456789012345678901234567890"))
        .containsEntry("l", List.of(1L, "a"))
        .containsEntry("m", Map.of("k", false))
        .containsEntry("n", null);
    assertThat(r.number("i", -1)).isEqualTo(7);
  }

  @Test
  void aFieldNamedLikeAKeyIsPrefixedAndComesBack() throws LogLineException {
    LogRecord r =
        info(T0, "n0", "e", "ts", "mine", "node", 3L, "field.x", "a", "field.", "b", "x", "c");
    String line = LogLine.encode(r);
    assertThat(line)
        .contains("\"field.ts\":\"mine\"")
        .contains("\"field.node\":3")
        .contains("\"field.field.x\":\"a\"")
        .contains("\"field.field.\":\"b\"")
        .contains("\"x\":\"c\"");
    assertThat(LogLine.decode(line)).isEqualTo(r);
  }

  @Test
  void roundTripsEveryLevel() throws LogLineException {
    for (Level level : Level.values()) {
      LogRecord r = record(T0, "n1", level, "p2p.peer.down", "peer", "n2", "up", false);
      assertThat(LogLine.decode(LogLine.encode(r))).isEqualTo(r);
    }
  }

  @Test
  void loneSurrogatesAreEscapedSoTheLineSurvivesUtf8() throws LogLineException {
    LogRecord r = info(T0, "n0", "e", "reason", "bad \uD800 and \uD83D\uDE00 and é");
    String line = LogLine.encode(r);
    assertThat(line).contains("\\uD800").contains("\\uD83D\\uDE00").contains("é");
    String viaBytes = new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertThat(LogLine.decode(viaBytes)).isEqualTo(r);
  }

  @Test
  void controlCharactersNeverBreakTheLine() throws LogLineException {
    LogRecord r = info(T0, "n0", "e", "reason", "two\nlines\r\tand a \u0000");
    String line = LogLine.encode(r);
    assertThat(line).doesNotContain("\n").doesNotContain("\r");
    assertThat(LogLine.decode(line)).isEqualTo(r);
  }

  @Test
  void levelsAreReadInAnyCase() throws LogLineException {
    String line = "{" + HEAD.replace("\"info\"", "\"WARN\"") + "}";
    assertThat(LogLine.decode(line).level()).isEqualTo(Level.WARN);
  }

  @Test
  void timestampsWithFewerDigitsOrAnOffsetAreRead() throws LogLineException {
    String line = "{" + HEAD.replace("07:10:00.123456Z", "08:10:00.5+01:00") + "}";
    assertThat(LogLine.decode(line).tsMicros()).isEqualTo(T0 + 500_000);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", Kind.EMPTY_LINE, "empty line"),
        Arguments.of("   ", Kind.EMPTY_LINE, "empty line"),
        Arguments.of("hello", Kind.NOT_JSON, "not JSON at column 1"),
        Arguments.of("{" + HEAD, Kind.NOT_JSON, "not JSON at column"),
        Arguments.of("{" + HEAD + "} {}", Kind.NOT_JSON, "content after the object"),
        Arguments.of("[1,2]", Kind.NOT_AN_OBJECT, "a JSON array where an object was expected"),
        Arguments.of("42", Kind.NOT_AN_OBJECT, "a JSON number"),
        Arguments.of(
            "{\"node\":\"n0\",\"level\":\"info\",\"event\":\"e\"}",
            Kind.MISSING_KEY,
            "missing key ts"),
        Arguments.of("{\"level\":\"info\"}", Kind.MISSING_KEY, "missing keys ts, node, event"),
        Arguments.of(
            "{" + HEAD.replace("\"info\"", "\"loud\"") + "}",
            Kind.UNKNOWN_LEVEL,
            "unknown level 'loud': expected debug, info, warn or error"),
        Arguments.of(
            "{" + HEAD.replace("\"info\"", "3") + "}", Kind.UNKNOWN_LEVEL, "unknown level '3'"),
        Arguments.of(
            "{" + HEAD.replace("2026-11-24T07:10:00.123456Z", "yesterday") + "}",
            Kind.BAD_TIMESTAMP,
            "bad timestamp 'yesterday': expected ISO-8601 UTC"),
        Arguments.of(
            "{" + HEAD.replace("\"2026-11-24T07:10:00.123456Z\"", "1795504200") + "}",
            Kind.BAD_TIMESTAMP,
            "bad timestamp '1795504200'"),
        Arguments.of(
            "{" + HEAD.replace("123456Z", "123456789Z") + "}",
            Kind.BAD_TIMESTAMP,
            "more precise than a microsecond"),
        Arguments.of(
            "{" + HEAD.replace("2026-11-24T07:10:00", "2026-02-30T07:10:00") + "}",
            Kind.BAD_TIMESTAMP,
            "bad timestamp '2026-02-30T07:10:00.123456Z'"),
        Arguments.of(
            "{" + HEAD.replace("T07:10:00", "T24:10:00") + "}",
            Kind.BAD_TIMESTAMP,
            "bad timestamp '2026-11-24T24:10:00.123456Z'"),
        Arguments.of(
            "{" + HEAD.replace("T07:10:00", "T07:10:60") + "}",
            Kind.BAD_TIMESTAMP,
            "bad timestamp '2026-11-24T07:10:60.123456Z'"),
        Arguments.of(
            "{" + HEAD.replace("2026-11-24T07:10:00.123456Z", "2026-11-24 07:10:00") + "}",
            Kind.BAD_TIMESTAMP,
            "bad timestamp '2026-11-24 07:10:00'"),
        Arguments.of(
            "{" + HEAD.replace("\"n0\"", "\"\"") + "}",
            Kind.BAD_VALUE,
            "node must be a non-empty string, got ''"),
        Arguments.of(
            "{" + HEAD.replace("\"e\"", "{}") + "}",
            Kind.BAD_VALUE,
            "event must be a non-empty string, got {}"),
        Arguments.of(
            "{" + HEAD + ",\"height\":1,\"height\":2}",
            Kind.DUPLICATE_KEY,
            "duplicate key 'height'"),
        Arguments.of(
            "{" + HEAD + ",\"x\":1,\"field.x\":2}",
            Kind.DUPLICATE_KEY,
            "keys 'x' and 'field.x' both name field 'x'"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void aMalformedLineIsRejectedWithTheReason(String line, Kind kind, String reason) {
    LogLineException e = catchThrowableOfType(LogLineException.class, () -> LogLine.decode(line));
    assertThat(e).as("decoding %s", line).isNotNull();
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.reason()).contains(reason);
    assertThat(e.getMessage()).isEqualTo(e.reason());
  }

  @Test
  void theExceptionNamesTheSourceAndLineWhenGiven() {
    LogLineException e =
        catchThrowableOfType(
            LogLineException.class, () -> LogLine.decode("{\"level\":\"info\"}", "n0.jsonl", 7));
    assertThat(e.getMessage()).isEqualTo("n0.jsonl:7: missing keys ts, node, event");
    assertThat(e.source()).isEqualTo("n0.jsonl");
    assertThat(e.lineNumber()).isEqualTo(7);
  }
}
