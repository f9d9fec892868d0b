package io.ledgerlab.lab.load;

import java.util.SplittableRandom;

/**
 * Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s — a hot spot that grows with
 * {@code s}; s = 0 is uniform. Inverse-CDF over a precomputed table: O(log n) a draw.
 */
final class Zipf {
  private final double[] cdf;

  Zipf(int n, double s) {
    if (n < 1 || s < 0) {
      throw new IllegalArgumentException("zipf needs n ≥ 1 and a skew ≥ 0");
    }
    cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, s);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
  }

  int draw(SplittableRandom random) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
