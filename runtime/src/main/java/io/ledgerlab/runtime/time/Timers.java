package io.ledgerlab.runtime.time;

/**
 * Schedules work on the node's single event loop. A task runs to completion before the next event
 * of the same node, so node code never needs locks.
 */
public interface Timers {
  /**
   * Runs {@code task} once, {@code delayMicros} from now.
   *
   * @return a handle whose {@link Cancellable#cancel()} prevents the task from running if it has
   *     not run yet
   */
  Cancellable schedule(long delayMicros, Runnable task);

  /** A scheduled task that can still be called off. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
