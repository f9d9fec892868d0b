package io.ledgerlab.observe.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Any record with long, string and boolean fields survives a line, written as UTF-8 or not. */
class LogLinePropertiesTest {
  @Provide
  Arbitrary<LogRecord> records() {
    Arbitrary<String> names =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(10),
            Arbitraries.of("ts", "node", "level", "event", "field.", "field.ts", "field.field.x"));
    Arbitrary<Object> values =
        Arbitraries.oneOf(
            Arbitraries.longs().map(l -> (Object) l),
            Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
            Arbitraries.of(true, false).map(b -> (Object) b));
    Arbitrary<Map<String, Object>> fields = Arbitraries.maps(names, values).ofMaxSize(6);
    return Combinators.combine(
            Arbitraries.longs(),
            Arbitraries.strings().ofMinLength(1).ofMaxLength(12),
            Arbitraries.of(Level.class),
            Arbitraries.strings().ofMinLength(1).ofMaxLength(30),
            fields)
        .as(LogRecord::of);
  }

  @Property(tries = 1000)
  void decodeInvertsEncode(@ForAll("records") LogRecord r) throws LogLineException {
    String line = LogLine.encode(r);
    assertThat(line).doesNotContain("\n").doesNotContain("\r");
    assertThat(LogLine.decode(line)).isEqualTo(r);
    String viaUtf8 = new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    assertThat(LogLine.decode(viaUtf8)).isEqualTo(r);
  }

  /** Years 0000 to 9999, the timestamps read by the fast path. */
  @Property(tries = 1000)
  void fourDigitYearTimestampsRoundTrip(
      @ForAll @LongRange(min = -62_167_219_200_000_000L, max = 253_402_300_799_999_999L)
          long tsMicros)
      throws LogLineException {
    LogRecord r = LogRecord.of(tsMicros, "n0", Level.INFO, "e", Map.of());
    String line = LogLine.encode(r);
    assertThat(LogLine.decode(line).tsMicros()).isEqualTo(tsMicros);
  }

  @Property(tries = 1000)
  void anyTextEitherDecodesOrIsRejectedWithAReason(@ForAll String text) {
    decodesOrGivesAReason(text);
  }

  @Property(tries = 1000)
  void aDamagedLineEitherDecodesOrIsRejectedWithAReason(
      @ForAll("records") LogRecord r, @ForAll int at, @ForAll char c, @ForAll boolean cut) {
    String line = LogLine.encode(r);
    int i = Math.floorMod(at, line.length());
    decodesOrGivesAReason(
        cut ? line.substring(0, i) : line.substring(0, i) + c + line.substring(i + 1));
  }

  private static void decodesOrGivesAReason(String text) {
    try {
      LogLine.decode(text);
    } catch (LogLineException e) {
      assertThat(e.reason()).isNotBlank();
    }
  }
}
