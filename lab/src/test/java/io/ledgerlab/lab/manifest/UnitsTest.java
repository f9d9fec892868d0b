package io.ledgerlab.lab.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {
  @ParameterizedTest(name = "{0} is {1} us")
  @CsvSource({
    "7us, 7",
    "7µs, 7",
    "250ms, 250000",
    "1.5s, 1500000",
    "10s, 10000000",
    "2m, 120000000",
    "1h, 3600000000",
    "-500ms, -500000",
    "0s, 0",
    "' 1.5 s ', 1500000",
    "2S, 2000000",
  })
  void durationsInHumanUnits(String text, long micros) {
    assertThat(Units.durationMicros(text)).contains(micros);
  }

  @ParameterizedTest(name = "''{0}'' is not a duration")
  @ValueSource(strings = {"", "500", "5 parsecs", "ms", "1.s", "2d", "+2s", "1e3ms", "1,5s"})
  void notDurations(String text) {
    assertThat(Units.durationMicros(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} is {1}/s")
  @CsvSource({"500/s, 500", "60/m, 1", "3600/h, 1", "0.5 / s, 0.5", "90/M, 1.5"})
  void ratesPerSecond(String text, double perSecond) {
    assertThat(Units.ratePerSecond(text)).contains(perSecond);
  }

  @ParameterizedTest(name = "''{0}'' is not a rate")
  @ValueSource(strings = {"", "500", "500/d", "-5/s", "fast"})
  void notRates(String text) {
    assertThat(Units.ratePerSecond(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} is {1} bytes")
  @CsvSource({
    "512, 512",
    "512b, 512",
    "100k, 102400",
    "64KiB, 65536",
    "1kb, 1024",
    "1MiB, 1048576",
    "1.5MiB, 1572864",
    "2m, 2097152",
    "1GiB, 1073741824",
    "' 8 mb ', 8388608",
  })
  void bytesInBinaryMultiples(String text, long bytes) {
    assertThat(Units.bytes(text)).contains(bytes);
  }

  @ParameterizedTest(name = "''{0}'' is not a size")
  @ValueSource(strings = {"", "-1", "1TiB", "lots", "1 k b"})
  void notSizes(String text) {
    assertThat(Units.bytes(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} us reads {1}")
  @CsvSource({
    "0, 0us",
    "999, 999us",
    "1000, 1ms",
    "250000, 250ms",
    "1250, 1.25ms",
    "2000000, 2s",
    "-500000, -500ms",
    "60000000, 1m",
    "150000000, 2m30s",
  })
  void formatMicrosForPeople(long micros, String text) {
    assertThat(Units.formatMicros(micros)).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"250ms", "2s", "2m", "999us"})
  void formattedWholeDurationsParseBack(String text) {
    long micros = Units.durationMicros(text).orElseThrow();
    assertThat(Units.durationMicros(Units.formatMicros(micros))).contains(micros);
  }
}
