package io.ledgerlab.lab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hot spots drawn by rank. */
class ZipfTest {
  private static final int DRAWS = 200_000;

  private static long[] histogram(int n, double skew, long seed) {
    Zipf zipf = new Zipf(n, skew);
    SplittableRandom random = new SplittableRandom(seed);
    long[] counts = new long[n];
    for (int i = 0; i < DRAWS; i++) {
      counts[zipf.draw(random)]++;
    }
    return counts;
  }

  @Test
  void skewZeroIsUniform() {
    long[] counts = histogram(10, 0, 1);

    for (long c : counts) {
      assertThat((double) c / DRAWS).isCloseTo(0.1, within(0.005));
    }
  }

  @Test
  void skewOneOverAThousandRanksPutsOneOverH1000OnRankZero() {
    double harmonic = 0;
    for (int k = 1; k <= 1_000; k++) {
      harmonic += 1.0 / k;
    }

    long[] counts = histogram(1_000, 1.0, 2);

    assertThat(1 / harmonic).isCloseTo(0.1336, within(0.0001));
    assertThat((double) counts[0] / DRAWS).isCloseTo(1 / harmonic, within(0.004));
    // Rank 1 gets half of rank 0.
    assertThat((double) counts[1] / counts[0]).isCloseTo(0.5, within(0.03));
  }

  @Test
  void everyDrawIsInRange() {
    for (double skew : new double[] {0, 0.5, 0.99, 1, 2, 5}) {
      Zipf zipf = new Zipf(37, skew);
      SplittableRandom random = new SplittableRandom(3);
      for (int i = 0; i < 20_000; i++) {
        assertThat(zipf.draw(random)).isBetween(0, 36);
      }
    }
  }

  @Test
  void oneRankIsAlwaysDrawn() {
    Zipf zipf = new Zipf(1, 0.99);
    SplittableRandom random = new SplittableRandom(4);

    for (int i = 0; i < 1_000; i++) {
      assertThat(zipf.draw(random)).isZero();
    }
  }

  @Test
  void noRanksOrANegativeSkewIsRejected() {
    assertThatThrownBy(() -> new Zipf(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Zipf(10, -0.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
