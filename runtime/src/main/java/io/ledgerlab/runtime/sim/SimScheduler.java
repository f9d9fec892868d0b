package io.ledgerlab.runtime.sim;

import io.ledgerlab.runtime.time.Clock;
import io.ledgerlab.runtime.time.Timers;
import java.util.PriorityQueue;

/**
 * Virtual time: a discrete-event loop that jumps from one scheduled task to the next. Ties run in
 * the order they were scheduled, so a run is a pure function of its inputs.
 */
public final class SimScheduler implements Clock, Timers {
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long nowMicros;
  private long sequence;
  private long executed;

  public SimScheduler(long startMicros) {
    this.nowMicros = startMicros;
  }

  @Override
  public long nowMicros() {
    return nowMicros;
  }

  @Override
  public Cancellable schedule(long delayMicros, Runnable task) {
    if (delayMicros < 0) {
      throw new IllegalArgumentException("delayMicros must be >= 0, got " + delayMicros);
    }
    Task t = new Task(nowMicros + delayMicros, sequence++, task);
    queue.add(t);
    return () -> t.cancelled = true;
  }

  /** Runs the next task, if any; returns false when nothing is scheduled. */
  public boolean step() {
    Task next = queue.poll();
    while (next != null && next.cancelled) {
      next = queue.poll();
    }
    if (next == null) {
      return false;
    }
    nowMicros = next.atMicros;
    executed++;
    next.body.run();
    return true;
  }

  /** Runs every task due at or before {@code untilMicros}, then sets the clock to it. */
  public void runUntil(long untilMicros) {
    while (!queue.isEmpty() && peekTime() <= untilMicros) {
      step();
    }
    nowMicros = Math.max(nowMicros, untilMicros);
  }

  /**
   * Runs tasks due at or before {@code untilMicros}, at most {@code tasksMax} of them; sets the
   * clock to {@code untilMicros} only when none is left before it.
   *
   * @return true when every task due by then has run
   */
  public boolean runUntil(long untilMicros, long tasksMax) {
    for (long n = 0; n < tasksMax; n++) {
      if (queue.isEmpty() || peekTime() > untilMicros) {
        nowMicros = Math.max(nowMicros, untilMicros);
        return true;
      }
      step();
    }
    return false;
  }

  public void runFor(long durationMicros) {
    runUntil(nowMicros + durationMicros);
  }

  public long executedTasks() {
    return executed;
  }

  private long peekTime() {
    Task head = queue.peek();
    while (head != null && head.cancelled) {
      queue.poll();
      head = queue.peek();
    }
    return head == null ? Long.MAX_VALUE : head.atMicros;
  }

  private static final class Task implements Comparable<Task> {
    final long atMicros;
    final long seq;
    final Runnable body;
    boolean cancelled;

    Task(long atMicros, long seq, Runnable body) {
      this.atMicros = atMicros;
      this.seq = seq;
      this.body = body;
    }

    @Override
    public int compareTo(Task o) {
      int byTime = Long.compare(atMicros, o.atMicros);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }
}
