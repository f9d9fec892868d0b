package io.ledgerlab.lab.sim;

import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.runtime.sim.SimScheduler;

/**
 * Virtual time: the lab's tasks run on the simulator's scheduler among the nodes' own events, and
 * the pipeline's waits run the world forward. Deterministic: nothing here reads the wall clock.
 */
final class SimTimeline implements Timeline {
  /** How many events the world runs between checks for an interruption (Ctrl-C). */
  private static final long SLICE_TASKS = 10_000;

  private final SimScheduler scheduler;
  private final long zeroMicros;

  SimTimeline(SimScheduler scheduler, long zeroMicros) {
    this.scheduler = scheduler;
    this.zeroMicros = zeroMicros;
  }

  @Override
  public long nowMicros() {
    return scheduler.nowMicros() - zeroMicros;
  }

  @Override
  public long epochMicrosAtZero() {
    return zeroMicros;
  }

  @Override
  public boolean virtual() {
    return true;
  }

  @Override
  public Cancellable at(long atMicros, Runnable task) {
    long delay = Math.max(0, zeroMicros + atMicros - scheduler.nowMicros());
    return scheduler.schedule(delay, task)::cancel;
  }

  @Override
  public void sleepUntil(long atMicros) throws InterruptedException {
    long target = zeroMicros + atMicros;
    boolean done = false;
    while (!done) {
      if (Thread.interrupted()) {
        throw new InterruptedException("the simulation was interrupted");
      }
      done = scheduler.runUntil(target, SLICE_TASKS);
    }
  }
}
