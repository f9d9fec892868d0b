package io.ledgerlab.observe.log;

import static io.ledgerlab.observe.log.Records.T0;
import static io.ledgerlab.observe.log.Records.info;
import static io.ledgerlab.observe.log.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.runtime.log.EventLog.Level;
import io.ledgerlab.runtime.log.LogRecord;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogFilterTest {
  private static final String HASH =
      "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";

  @Test
  void theDefaultKeepsEverything() {
    assertThat(LogFilter.ALL.test(record(T0, "n9", Level.DEBUG, "anything"))).isTrue();
  }

  @Test
  void nodes() {
    LogFilter f = LogFilter.ALL.withNodes(Set.of("n0", "n2"));
    assertThat(f.test(info(T0, "n0", "e"))).isTrue();
    assertThat(f.test(info(T0, "n1", "e"))).isFalse();
  }

  @Test
  void minimumLevel() {
    LogFilter f = LogFilter.ALL.withMinLevel(Level.WARN);
    assertThat(f.test(record(T0, "n0", Level.INFO, "e"))).isFalse();
    assertThat(f.test(record(T0, "n0", Level.WARN, "e"))).isTrue();
    assertThat(f.test(record(T0, "n0", Level.ERROR, "e"))).isTrue();
  }

  @Test
  void eventsByNameOrPrefix() {
    LogFilter f = LogFilter.ALL.withEvents(List.of("consensus.*", "block.committed"));
    assertThat(f.test(info(T0, "n0", "consensus.round"))).isTrue();
    assertThat(f.test(info(T0, "n0", "consensus.round.skip"))).isTrue();
    assertThat(f.test(info(T0, "n0", "block.committed"))).isTrue();
    assertThat(f.test(info(T0, "n0", "block.committed.late"))).isFalse();
    assertThat(f.test(info(T0, "n0", "consensus"))).isFalse();
    assertThat(f.test(info(T0, "n0", "block.invalid"))).isFalse();
  }

  @Test
  void aStarAnywhereButTheEndIsRejected() {
    assertThatThrownBy(() -> LogFilter.ALL.withEvents(List.of("con*.round")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event pattern 'con*.round'");
  }

  @Test
  void heightMatchesAnyIntegralType() {
    LogFilter f = LogFilter.ALL.withHeight(5);
    assertThat(f.test(info(T0, "n0", "e", "height", 5L))).isTrue();
    assertThat(f.test(info(T0, "n0", "e", "height", 5))).isTrue();
    assertThat(f.test(info(T0, "n0", "e", "height", 5.0))).isTrue();
    assertThat(f.test(info(T0, "n0", "e", "height", 6L))).isFalse();
    assertThat(f.test(info(T0, "n0", "e", "height", "5"))).isFalse();
    assertThat(f.test(info(T0, "n0", "e"))).isFalse();
  }

  @Test
  void txMatchesTheTxOrHashFieldWholeOrByPrefixIgnoringCase() {
    LogRecord tx = info(T0, "n0", "tx.rejected", "tx", HASH, "reason", "nonce");
    LogRecord block = info(T0, "n0", "block.committed", "hash", "0x" + HASH.toUpperCase());
    LogRecord other = info(T0, "n0", "block.committed", "hash", "ffff" + HASH.substring(4));
    for (String query : List.of(HASH, HASH.toUpperCase(), "0x" + HASH, HASH.substring(0, 8))) {
      LogFilter f = LogFilter.ALL.withTx(query);
      assertThat(f.test(tx)).as(query).isTrue();
      assertThat(f.test(block)).as(query).isTrue();
      assertThat(f.test(other)).as(query).isFalse();
      assertThat(f.matchedHash(block)).contains(HASH);
    }
  }

  @Test
  void aTxShorterThanEightHexDigitsOrNotHexIsRejectedNamingIt() {
    assertThatThrownBy(() -> LogFilter.ALL.withTx("ab12cd3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 8 hex digits")
        .hasMessageContaining("'ab12cd3'");
    assertThatThrownBy(() -> LogFilter.ALL.withTx("nothexatall"))
        .hasMessageContaining("'nothexatall'");
  }

  @Test
  void sinceIsInclusiveAndUntilExclusive() {
    LogFilter f = LogFilter.ALL.withSince(T0).withUntil(T0 + 10);
    assertThat(f.test(info(T0 - 1, "n0", "e"))).isFalse();
    assertThat(f.test(info(T0, "n0", "e"))).isTrue();
    assertThat(f.test(info(T0 + 9, "n0", "e"))).isTrue();
    assertThat(f.test(info(T0 + 10, "n0", "e"))).isFalse();
  }

  @Test
  void untilBeforeSinceIsRejected() {
    assertThatThrownBy(() -> LogFilter.ALL.withSince(T0).withUntil(T0 - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is after until");
  }

  @Test
  void parsesInstantsWithOrWithoutAFraction() {
    assertThat(LogFilter.parseTime("2026-11-24T07:10:00Z", 0)).isEqualTo(T0);
    assertThat(LogFilter.parseTime("2026-11-24T07:10:00.25Z", 0)).isEqualTo(T0 + 250_000);
    assertThat(LogFilter.parseTime("2026-11-24T07:10:00.123456Z", 0)).isEqualTo(T0 + 123_456);
  }

  @Test
  void parsesTimesBeforeNow() {
    assertThat(LogFilter.parseTime("-30s", T0)).isEqualTo(T0 - 30_000_000L);
    assertThat(LogFilter.parseTime("-5m", T0)).isEqualTo(T0 - 300_000_000L);
    assertThat(LogFilter.parseTime("-2h", T0)).isEqualTo(T0 - 7_200_000_000L);
    assertThat(LogFilter.parseTime("250ms", T0)).isEqualTo(T0 - 250_000L);
    assertThat(LogFilter.parseTime("-1d", T0)).isEqualTo(T0 - 86_400_000_000L);
  }

  @Test
  void anythingElseIsRejectedNamingTheValue() {
    for (String bad : List.of("yesterday", "-5x", "2026-11-24", "", "+30s", "-9999999999999h")) {
      assertThatThrownBy(() -> LogFilter.parseTime(bad, T0))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("got '" + bad + "'")
          .hasMessageContaining("-30s");
    }
  }
}
