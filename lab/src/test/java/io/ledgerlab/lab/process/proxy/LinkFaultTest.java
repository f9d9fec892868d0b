package io.ledgerlab.lab.process.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The link fault value: validation, description and the draws the proxy makes from it. */
class LinkFaultTest {
  @Test
  void describesItselfForPeople() {
    assertThat(LinkFault.NONE.describe()).isEqualTo("none");
    assertThat(LinkFault.BLOCKED.describe()).isEqualTo("blocked");
    assertThat(LinkFault.NONE.withLatency(200_000, 50_000).withDropProbability(0.05).describe())
        .isEqualTo("latency 200ms±50ms, drop 5%");
    assertThat(LinkFault.NONE.withStalled(true).withBandwidth(100 << 10).describe())
        .isEqualTo("stalled, bandwidth 100KiB/s");
    assertThat(LinkFault.NONE.withLatency(1_500, 0).describe()).isEqualTo("latency 1.5ms");
    assertThat(LinkFault.NONE.withLatency(2_000_000, 500).describe()).isEqualTo("latency 2s±500µs");
    assertThat(LinkFault.NONE.withBandwidth(1_500).describe()).isEqualTo("bandwidth 1500B/s");
  }

  @Test
  void rejectsImpossibleValuesNamingTheField() {
    assertThatThrownBy(() -> LinkFault.NONE.withLatency(-1, 0))
        .hasMessage("latencyMicros must be >= 0, got -1");
    assertThatThrownBy(() -> LinkFault.NONE.withLatency(0, -5))
        .hasMessage("jitterMicros must be >= 0, got -5");
    assertThatThrownBy(() -> LinkFault.NONE.withDropProbability(1.5))
        .hasMessage("dropProbability must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> LinkFault.NONE.withDropProbability(Double.NaN))
        .hasMessage("dropProbability must be in [0, 1], got NaN");
    assertThatThrownBy(() -> LinkFault.NONE.withBandwidth(-1))
        .hasMessage("bandwidthBytesPerSecond must be >= 0, got -1");
  }

  @Test
  void delayStaysWithinLatencyPlusOrMinusJitterAndNeverNegative() {
    SplittableRandom random = new SplittableRandom(3);
    LinkFault fault = LinkFault.NONE.withLatency(1_000, 5_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(fault.drawDelayMicros(random)).isBetween(0L, 6_000L);
    }
    assertThat(LinkFault.NONE.withLatency(7, 0).drawDelayMicros(random)).isEqualTo(7);
  }

  @Test
  void dropDrawsFollowTheProbability() {
    SplittableRandom random = new SplittableRandom(5);
    assertThat(LinkFault.NONE.drawDrop(random)).isFalse();
    assertThat(LinkFault.NONE.withDropProbability(1).drawDrop(random)).isTrue();
    assertThat(LinkFault.NONE.isNone()).isTrue();
    assertThat(LinkFault.BLOCKED.withBlocked(false).isNone()).isTrue();
  }
}
