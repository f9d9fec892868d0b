package io.ledgerlab.lab.load;

import java.util.List;
import java.util.SplittableRandom;

/**
 * When each operation of an open-loop workload is meant to be sent. Latency is measured from that
 * intended time, not from when the sender got round to it, so a stalled system cannot hide its
 * stall by slowing the generator down (coordinated omission).
 */
public sealed interface RateShape {
  /**
   * A fresh schedule: the intended send offsets, in nanoseconds from the start of the load, of
   * operations 0, 1, 2, ... in order. Not thread-safe; the generator calls it under a lock.
   */
  Schedule schedule();

  /** A one-line description for people. */
  String describe();

  /** Offsets in nanoseconds, ascending. */
  interface Schedule {
    long nextOffsetNanos();
  }

  /** A steady {@code perSecond}. */
  record Constant(double perSecond) implements RateShape {
    public Constant {
      requirePositive(perSecond);
    }

    @Override
    public Schedule schedule() {
      long[] i = {0};
      return () -> (long) (i[0]++ * 1e9 / perSecond);
    }

    @Override
    public String describe() {
      return String.format("constant %.0f/s", perSecond);
    }
  }

  /**
   * From {@code fromPerSecond} to {@code toPerSecond}, linearly over {@code overNanos}, then flat.
   */
  record Ramp(double fromPerSecond, double toPerSecond, long overNanos) implements RateShape {
    public Ramp {
      requirePositive(fromPerSecond);
      requirePositive(toPerSecond);
    }

    @Override
    public Schedule schedule() {
      double span = overNanos / 1e9;
      double slope = (toPerSecond - fromPerSecond) / span;
      double rampCount = (fromPerSecond + toPerSecond) / 2 * span;
      long[] i = {0};
      return () -> {
        double n = i[0]++;
        double t;
        if (n <= rampCount) {
          // Solve n = from·t + slope·t²/2 for t.
          t =
              Math.abs(slope) < 1e-12
                  ? n / fromPerSecond
                  : (-fromPerSecond + Math.sqrt(fromPerSecond * fromPerSecond + 2 * slope * n))
                      / slope;
        } else {
          t = span + (n - rampCount) / toPerSecond;
        }
        return (long) (t * 1e9);
      };
    }

    @Override
    public String describe() {
      return String.format(
          "ramp %.0f/s → %.0f/s over %.0fs", fromPerSecond, toPerSecond, overNanos / 1e9);
    }
  }

  /** Each rate in turn for {@code everyNanos}; the last one holds. */
  record Step(List<Double> perSecond, long everyNanos) implements RateShape {
    public Step {
      perSecond = List.copyOf(perSecond);
      perSecond.forEach(RateShape::requirePositive);
      if (perSecond.isEmpty() || everyNanos <= 0) {
        throw new IllegalArgumentException("a step shape needs rates and a positive step length");
      }
    }

    @Override
    public Schedule schedule() {
      return new Schedule() {
        private int step;
        private long stepStart;
        private long inStep;

        @Override
        public long nextOffsetNanos() {
          while (true) {
            double rate = perSecond.get(Math.min(step, perSecond.size() - 1));
            long offset = stepStart + (long) (inStep * 1e9 / rate);
            if (step >= perSecond.size() - 1 || offset < stepStart + everyNanos) {
              inStep++;
              return offset;
            }
            step++;
            stepStart += everyNanos;
            inStep = 0;
          }
        }
      };
    }

    @Override
    public String describe() {
      return "step " + perSecond + "/s every " + everyNanos / 1_000_000_000 + "s";
    }
  }

  /** A Poisson process of mean {@code perSecond}: exponential gaps drawn from {@code seed}. */
  record Poisson(double perSecond, long seed) implements RateShape {
    public Poisson {
      requirePositive(perSecond);
    }

    @Override
    public Schedule schedule() {
      SplittableRandom random = new SplittableRandom(seed);
      double[] t = {0};
      return () -> {
        long offset = (long) t[0];
        t[0] += -Math.log(1 - random.nextDouble()) / perSecond * 1e9;
        return offset;
      };
    }

    @Override
    public String describe() {
      return String.format("poisson %.0f/s", perSecond);
    }
  }

  private static void requirePositive(double perSecond) {
    if (!(perSecond > 0) || perSecond > 1_000_000) {
      throw new IllegalArgumentException(
          "a rate must be in (0, 1000000] per second, got " + perSecond);
    }
  }
}
