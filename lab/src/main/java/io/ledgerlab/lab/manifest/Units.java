package io.ledgerlab.lab.manifest;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human units in manifests and scenarios: durations such as {@code 250ms}, rates such as {@code
 * 500/s}.
 */
public final class Units {
  private static final Pattern DURATION =
      Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(us|µs|ms|s|m|h)");
  private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|m|h)");
  private static final Pattern BYTES =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|k|kib|mb|m|mib|gb|g|gib)?");

  private Units() {}

  /** Microseconds in {@code text} ({@code 250ms}, {@code 1.5s}, {@code 2m}), or empty. */
  public static Optional<Long> durationMicros(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    double value = Double.parseDouble(m.group(1));
    long unit =
        switch (m.group(2)) {
          case "us", "µs" -> 1L;
          case "ms" -> 1_000L;
          case "s" -> 1_000_000L;
          case "m" -> 60_000_000L;
          default -> 3_600_000_000L;
        };
    return Optional.of(Math.round(value * unit));
  }

  /** Operations per second in {@code text} ({@code 500/s}, {@code 60/m}), or empty. */
  public static Optional<Double> ratePerSecond(String text) {
    Matcher m = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    double value = Double.parseDouble(m.group(1));
    double per =
        switch (m.group(2)) {
          case "s" -> 1;
          case "m" -> 60;
          default -> 3_600;
        };
    return Optional.of(value / per);
  }

  /**
   * Bytes in {@code text} ({@code 100k}, {@code 1.5MiB}, {@code 512}), binary multiples, or empty.
   */
  public static Optional<Long> bytes(String text) {
    Matcher m = BYTES.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    long multiple =
        switch (unit.charAt(0)) {
          case 'k' -> 1L << 10;
          case 'm' -> 1L << 20;
          case 'g' -> 1L << 30;
          default -> 1L;
        };
    return Optional.of(Math.round(value * multiple));
  }

  /** A duration for people: {@code 250ms}, {@code 1.5s}, {@code 2m30s}. */
  public static String formatMicros(long micros) {
    if (micros < 0) {
      return "-" + formatMicros(-micros);
    }
    if (micros < 1_000) {
      return micros + "us";
    }
    if (micros < 1_000_000) {
      return trim(micros / 1_000.0) + "ms";
    }
    if (micros < 60_000_000) {
      return trim(micros / 1_000_000.0) + "s";
    }
    long seconds = micros / 1_000_000;
    return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
  }

  /** At most three decimals, without trailing zeros: 1.5, 999.999, 60. */
  private static String trim(double v) {
    return java.math.BigDecimal.valueOf(Math.round(v * 1_000) / 1_000.0)
        .stripTrailingZeros()
        .toPlainString();
  }
}
