package io.ledgerlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownsampleTest {
  @Test
  void aShortLineIsKept() {
    List<double[]> points = line(600);

    assertThat(Downsample.minMax(points, 600)).isSameAs(points);
  }

  @Test
  void aLongLineIsThinnedInOrderKeepingItsSpikes() {
    List<double[]> points = line(10_000);
    points.set(4_321, new double[] {4_321, 1e6});
    points.set(8_765, new double[] {8_765, -1e6});

    List<double[]> thin = Downsample.minMax(points, 600);

    assertThat(thin).hasSizeLessThanOrEqualTo(600).hasSizeGreaterThan(300);
    assertThat(thin).anySatisfy(p -> assertThat(p[1]).isEqualTo(1e6));
    assertThat(thin).anySatisfy(p -> assertThat(p[1]).isEqualTo(-1e6));
    for (int i = 1; i < thin.size(); i++) {
      assertThat(thin.get(i)[0]).isGreaterThan(thin.get(i - 1)[0]);
    }
  }

  private static List<double[]> line(int n) {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(new double[] {i, Math.sin(i / 50.0)});
    }
    return points;
  }
}
