package io.ledgerlab.lab.engine;

/**
 * The time a run lives in: the wall clock for engines that run real processes, virtual time in the
 * simulator. Everything the lab does over time — the load, the faults, the sampling, the waits of
 * the pipeline — goes through it, so the same code drives every engine and a simulated run stays
 * deterministic.
 *
 * <p>Times are microseconds since the run's time zero. Tasks may run on other threads (real time)
 * or on the caller's thread while it sleeps (virtual time): code they share must be thread-safe and
 * must not block in virtual time.
 */
public interface Timeline {
  /** Microseconds since time zero. */
  long nowMicros();

  /** Microseconds since the epoch at time zero: where the run's logs start. */
  long epochMicrosAtZero();

  /** True in the simulator: waits cost nothing and tasks run on the sleeping thread. */
  boolean virtual();

  /** Runs {@code task} at run time {@code atMicros}, or as soon as possible when that is past. */
  Cancellable at(long atMicros, Runnable task);

  /**
   * Waits until run time {@code atMicros}. In virtual time this runs the world up to then.
   *
   * @throws InterruptedException when the run is interrupted (Ctrl-C)
   */
  void sleepUntil(long atMicros) throws InterruptedException;

  default void sleep(long micros) throws InterruptedException {
    sleepUntil(nowMicros() + micros);
  }

  /** Runs {@code task} after {@code delayMicros}. */
  default Cancellable after(long delayMicros, Runnable task) {
    return at(nowMicros() + delayMicros, task);
  }

  /** A scheduled task that can be called off. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
