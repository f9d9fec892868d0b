package io.ledgerlab.lab.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** When open-loop operations are due, shape by shape. */
class RateShapeTest {
  private static final long SECOND = 1_000_000_000L;

  private static long[] offsets(RateShape shape, int count) {
    RateShape.Schedule s = shape.schedule();
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      out[i] = s.nextOffsetNanos();
    }
    return out;
  }

  /** How many of {@code offsets} fall in [fromNanos, toNanos). */
  private static int countIn(long[] offsets, long fromNanos, long toNanos) {
    int n = 0;
    for (long o : offsets) {
      if (o >= fromNanos && o < toNanos) {
        n++;
      }
    }
    return n;
  }

  @Test
  void constantSpacingIsExact() {
    long[] o = offsets(new RateShape.Constant(200), 10_000);

    for (int i = 0; i < o.length; i++) {
      assertThat(o[i]).isEqualTo(i * 5_000_000L);
    }
  }

  @Test
  void constantSpacingDoesNotDriftAtAnAwkwardRate() {
    long[] o = offsets(new RateShape.Constant(3), 30_001);

    // Each offset is computed from its index, so rounding never accumulates.
    assertThat(o[3]).isEqualTo(SECOND);
    assertThat(o[30_000]).isEqualTo(10_000 * SECOND);
    assertThat(o[1]).isEqualTo(333_333_333L);
  }

  @Test
  void aRampIntegratesItsRateAndThenHolds() {
    long[] o = offsets(new RateShape.Ramp(100, 300, 10 * SECOND), 5_000);

    // ∫(100 + 20t) dt over 10 s = 2000; over the first second, 110.
    assertThat(countIn(o, 0, 10 * SECOND)).isBetween(1_999, 2_001);
    assertThat(countIn(o, 0, SECOND)).isBetween(109, 111);
    assertThat(countIn(o, 10 * SECOND, 11 * SECOND)).isBetween(299, 301);
    assertThat(countIn(o, 11 * SECOND, 12 * SECOND)).isBetween(299, 301);
    for (int i = 2_100; i < o.length; i++) {
      assertThat((double) (o[i] - o[i - 1])).isCloseTo(SECOND / 300.0, within(2.0));
    }
  }

  @Test
  void aRampCanGoDown() {
    long[] o = offsets(new RateShape.Ramp(300, 100, 10 * SECOND), 3_000);

    assertThat(countIn(o, 0, 10 * SECOND)).isBetween(1_999, 2_001);
    assertThat(countIn(o, 0, SECOND)).isBetween(289, 291);
    assertThat(countIn(o, 10 * SECOND, 11 * SECOND)).isBetween(99, 101);
  }

  @Test
  void aFlatRampIsConstant() {
    long[] ramp = offsets(new RateShape.Ramp(250, 250, 4 * SECOND), 2_000);
    long[] constant = offsets(new RateShape.Constant(250), 2_000);

    for (int i = 0; i < ramp.length; i++) {
      assertThat(ramp[i]).isCloseTo(constant[i], within(1L));
    }
  }

  @Test
  void aStepHoldsEachRateForItsStepAndTheLastForever() {
    long[] o = offsets(new RateShape.Step(List.of(100.0, 200.0, 400.0), SECOND), 2_000);

    assertThat(countIn(o, 0, SECOND)).isEqualTo(100);
    assertThat(countIn(o, SECOND, 2 * SECOND)).isEqualTo(200);
    assertThat(countIn(o, 2 * SECOND, 3 * SECOND)).isEqualTo(400);
    assertThat(countIn(o, 3 * SECOND, 4 * SECOND)).isEqualTo(400);
    // Each step starts on its boundary, whatever the spacing of the step before.
    assertThat(o[100]).isEqualTo(SECOND);
    assertThat(o[300]).isEqualTo(2 * SECOND);
  }

  @Test
  void aStepSlowerThanItsLengthStillStartsEachStep() {
    // One operation every 2 s, in steps of 1 s: each step sends its first operation only.
    long[] o = offsets(new RateShape.Step(List.of(0.5, 0.5, 10.0), SECOND), 4);

    assertThat(o).containsExactly(0, SECOND, 2 * SECOND, 2 * SECOND + SECOND / 10);
  }

  @Test
  void poissonGapsAverageOneOverTheRate() {
    long[] o = offsets(new RateShape.Poisson(1_000, 42), 100_001);

    double meanGapNanos = (double) o[o.length - 1] / (o.length - 1);

    assertThat(o[0]).isZero();
    assertThat(meanGapNanos).isCloseTo(1_000_000, within(20_000.0));
  }

  @Test
  void poissonIsDeterministicForItsSeed() {
    long[] a = offsets(new RateShape.Poisson(500, 7), 1_000);
    long[] b = offsets(new RateShape.Poisson(500, 7), 1_000);
    long[] c = offsets(new RateShape.Poisson(500, 8), 1_000);

    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void eachScheduleStartsAfresh() {
    RateShape shape = new RateShape.Step(List.of(10.0, 20.0), SECOND);

    assertThat(offsets(shape, 50)).isEqualTo(offsets(shape, 50));
  }

  @Test
  void ratesOutsideTheRangeAreRejected() {
    assertThatThrownBy(() -> new RateShape.Constant(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0.0");
    assertThatThrownBy(() -> new RateShape.Poisson(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateShape.Ramp(100, 2_000_000, SECOND))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateShape.Step(List.of(), SECOND))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateShape.Step(List.of(1.0), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void describeIsForPeople() {
    assertThat(new RateShape.Constant(200).describe()).isEqualTo("constant 200/s");
    assertThat(new RateShape.Ramp(100, 300, 10 * SECOND).describe())
        .isEqualTo("ramp 100/s → 300/s over 10s");
    assertThat(new RateShape.Poisson(50, 1).describe()).isEqualTo("poisson 50/s");
  }

  // ---- Every shape ----------------------------------------------------------------------------

  @Property(tries = 300)
  void offsetsNeverGoBackwards(@ForAll("shapes") RateShape shape) {
    long[] o = offsets(shape, 3_000);

    assertThat(o[0]).isGreaterThanOrEqualTo(0);
    for (int i = 1; i < o.length; i++) {
      assertThat(o[i]).as("%s: offset %d", shape, i).isGreaterThanOrEqualTo(o[i - 1]);
    }
  }

  @Provide
  Arbitrary<RateShape> shapes() {
    Arbitrary<Double> rate = Arbitraries.doubles().between(0.01, 1_000_000);
    Arbitrary<Long> span = Arbitraries.longs().between(1, 100 * SECOND);
    return Arbitraries.oneOf(
        rate.map(RateShape.Constant::new),
        Combinators.combine(rate, rate, span).as(RateShape.Ramp::new),
        Combinators.combine(rate.list().ofMinSize(1).ofMaxSize(5), span).as(RateShape.Step::new),
        Combinators.combine(rate, Arbitraries.longs()).as(RateShape.Poisson::new));
  }
}
