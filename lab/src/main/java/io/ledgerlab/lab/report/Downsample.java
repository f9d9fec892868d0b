package io.ledgerlab.lab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Thins a chart line to a bounded number of points while keeping its spikes: the points are cut
 * into equal runs and each run keeps its lowest and its highest point, in time order. A latency
 * spike or a stalled height survives; what goes is detail no screen could show.
 */
public final class Downsample {
  private Downsample() {}

  /** At most {@code pointsMax} of {@code points} (at least 2), in their order; all when fewer. */
  public static List<double[]> minMax(List<double[]> points, int pointsMax) {
    if (pointsMax < 2) {
      throw new IllegalArgumentException("pointsMax must be at least 2, was " + pointsMax);
    }
    int n = points.size();
    if (n <= pointsMax) {
      return points;
    }
    int buckets = pointsMax / 2;
    List<double[]> out = new ArrayList<>(buckets * 2);
    for (int b = 0; b < buckets; b++) {
      int from = (int) ((long) b * n / buckets);
      int to = (int) ((long) (b + 1) * n / buckets);
      int lo = from;
      int hi = from;
      for (int i = from + 1; i < to; i++) {
        double y = points.get(i)[1];
        if (y < points.get(lo)[1]) {
          lo = i;
        }
        if (y > points.get(hi)[1]) {
          hi = i;
        }
      }
      out.add(points.get(Math.min(lo, hi)));
      if (lo != hi) {
        out.add(points.get(Math.max(lo, hi)));
      }
    }
    return out;
  }
}
