package io.ledgerlab.lab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Counts and latencies of a load, overall and per second. */
class LoadRecorderTest {

  @Test
  void totalsCountEveryEvent() {
    LoadRecorder r = new LoadRecorder();
    for (int i = 0; i < 10; i++) {
      r.submitted(0);
    }
    for (int i = 0; i < 8; i++) {
      r.accepted(0, 1_000);
    }
    r.rejected();
    r.rejected();
    for (int i = 0; i < 7; i++) {
      r.committed(1, 200_000);
    }
    r.read(1, 500);

    assertThat(r.submittedTotal()).isEqualTo(10);
    assertThat(r.acceptedTotal()).isEqualTo(8);
    assertThat(r.rejectedTotal()).isEqualTo(2);
    assertThat(r.committedTotal()).isEqualTo(7);
    assertThat(r.readTotal()).isEqualTo(1);
  }

  @Test
  void throughputCountsOnlyTheLoadWindowAndPartOfASecondItPartlyCovers() {
    LoadRecorder r = new LoadRecorder();
    for (int second = 0; second < 10; second++) {
      for (int i = 0; i < 10; i++) {
        r.committed(second, 1_000);
      }
    }
    // The heal: a burst after the load that must not lift its throughput.
    for (int i = 0; i < 500; i++) {
      r.committed(11, 1_000);
    }
    assertThat(r.hasLoadWindow()).isFalse();

    r.loadWindow(2.5, 8.5);

    assertThat(r.hasLoadWindow()).isTrue();
    assertThat(r.committedPerSecondOfLoad()).isCloseTo(10.0, within(1e-9));
    r.loadWindow(8.5, 12);
    assertThat(r.committedPerSecondOfLoad())
        .as("the burst inside")
        .isCloseTo((5 + 10 + 500) / 3.5, within(1e-9));
  }

  @Test
  void eachSecondHasItsOwnCounts() {
    LoadRecorder r = new LoadRecorder();
    r.submitted(0);
    r.submitted(0);
    r.accepted(0, 10);
    r.submitted(2);
    r.committed(2, 30_000);
    r.committed(2, 50_000);

    List<LoadRecorder.Second> s = r.seconds();

    assertThat(s).hasSize(3);
    assertThat(s.get(0))
        .extracting("submitted", "accepted", "committed")
        .containsExactly(2L, 1L, 0L);
    // A second without events is there, empty, so charts have no gaps.
    assertThat(s.get(1))
        .extracting("submitted", "accepted", "committed")
        .containsExactly(0L, 0L, 0L);
    assertThat(s.get(2))
        .extracting("submitted", "accepted", "committed")
        .containsExactly(1L, 0L, 2L);
    assertThat(s.get(2).commitLatency().getTotalCount()).isEqualTo(2);
    assertThat(s.get(2).commitLatency().getMaxValue()).isCloseTo(50_000, within(500L));
    assertThat(s.get(1).commitLatency().getTotalCount()).isZero();
  }

  @Test
  void percentilesComeFromTheHistograms() {
    LoadRecorder r = new LoadRecorder();
    for (int us = 1; us <= 1_000; us++) {
      r.committed(0, us * 1_000L);
      r.accepted(0, us);
    }

    Histogram committed = r.committedLatency();
    Histogram accepted = r.acceptedLatency();

    assertThat(committed.getTotalCount()).isEqualTo(1_000);
    assertThat(committed.getValueAtPercentile(50)).isCloseTo(500_000, within(500L));
    assertThat(committed.getValueAtPercentile(99)).isCloseTo(990_000, within(990L));
    assertThat(committed.getMaxValue()).isCloseTo(1_000_000, within(1_000L));
    assertThat(accepted.getValueAtPercentile(90)).isEqualTo(900);
    assertThat(r.readLatency().getTotalCount()).isZero();
  }

  @Test
  void latenciesOutsideTheHistogramAreClamped() {
    LoadRecorder r = new LoadRecorder();
    r.committed(0, 0);
    r.committed(0, -5);
    r.committed(0, Long.MAX_VALUE);

    Histogram h = r.committedLatency();

    assertThat(h.getTotalCount()).isEqualTo(3);
    assertThat(h.getMinValue()).isEqualTo(1);
    assertThat(h.getMaxValue()).isCloseTo(3_600_000_000L, within(3_600_000L));
  }

  @Test
  void histogramsAreCopies() {
    LoadRecorder r = new LoadRecorder();
    r.committed(0, 100);

    r.committedLatency().reset();
    r.seconds().get(0).commitLatency().reset();

    assertThat(r.committedLatency().getTotalCount()).isEqualTo(1);
    assertThat(r.seconds().get(0).commitLatency().getTotalCount()).isEqualTo(1);
  }

  @Test
  void recentCommitRateAveragesTheLastFullSeconds() {
    LoadRecorder r = new LoadRecorder();
    int[] perSecond = {10, 20, 30, 40, 50};
    for (int s = 0; s < perSecond.length; s++) {
      for (int i = 0; i < perSecond[s]; i++) {
        r.committed(s, 1_000);
      }
    }

    // Seconds 1, 2, 3: the second in progress (4) does not count.
    assertThat(r.recentCommitRate(4, 3)).isEqualTo(30.0);
    assertThat(r.recentCommitRate(5, 1)).isEqualTo(50.0);
    assertThat(r.recentCommitRate(5, 5)).isEqualTo(30.0);
    // Only the seconds that exist: at the start there is nothing before second 0.
    assertThat(r.recentCommitRate(1, 3)).isEqualTo(10.0);
    assertThat(r.recentCommitRate(0, 3)).isZero();
  }

  @Test
  void eventsBeforeTheStartCountInTheFirstSecond() {
    LoadRecorder r = new LoadRecorder();
    r.submitted(-1);
    r.accepted(-3, 10);
    r.committed(-1, 10);

    assertThat(r.seconds()).hasSize(1);
    assertThat(r.seconds().get(0))
        .extracting("submitted", "accepted", "committed")
        .containsExactly(1L, 1L, 1L);
  }

  @Test
  void aTransactionIsLostOnlyWhenAcceptedAndNeverSeenInABlock() {
    LoadRecorder r = new LoadRecorder();
    r.acceptedTx("a");
    r.committedTx("a");
    r.acceptedTx("lost");
    assertThat(r.lostTotal()).isEqualTo(1);
  }

  @Test
  void aBlockSeenBeforeTheSubmitReplyLeavesNothingLost() {
    // The block follower's thread can see the block before the submitting thread reads the
    // node's reply accepting the transaction.
    LoadRecorder r = new LoadRecorder();
    r.committedTx("early");
    r.acceptedTx("early");
    assertThat(r.lostTotal()).isZero();
    r.acceptedTx("late");
    assertThat(r.lostTotal()).isEqualTo(1);
  }
}
