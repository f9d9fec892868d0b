package io.ledgerlab.lab.engine;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Wall-clock time. One timer thread fires tasks on time and hands each to a pool that grows as
 * needed, so a task that blocks on a slow node (an RPC timeout, a graceful stop) never delays the
 * others.
 */
public final class RealTimeline implements Timeline, AutoCloseable {
  private final long zeroNanos = System.nanoTime();
  private final long epochMicrosAtZero;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final Consumer<Throwable> onFailure;
  private volatile Throwable failure;

  /**
   * @param onFailure told of any exception a task throws; the task is not retried
   */
  public RealTimeline(Consumer<Throwable> onFailure) {
    Instant now = Instant.now();
    this.epochMicrosAtZero = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    this.onFailure = onFailure;
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("lab-timer"));
    this.workers = Executors.newCachedThreadPool(daemon("lab-task"));
  }

  @Override
  public long nowMicros() {
    return (System.nanoTime() - zeroNanos) / 1_000;
  }

  @Override
  public long epochMicrosAtZero() {
    return epochMicrosAtZero;
  }

  @Override
  public boolean virtual() {
    return false;
  }

  @Override
  public Cancellable at(long atMicros, Runnable task) {
    long delay = Math.max(0, atMicros - nowMicros());
    Runnable guarded =
        () -> {
          try {
            task.run();
          } catch (RuntimeException | Error e) {
            if (failure == null) {
              failure = e;
            }
            onFailure.accept(e);
          }
        };
    ScheduledFuture<?> f =
        timer.schedule(() -> workers.execute(guarded), delay, TimeUnit.MICROSECONDS);
    return () -> f.cancel(false);
  }

  /**
   * {@inheritDoc} A task of the run that threw fails the waiting pipeline here: a run whose load,
   * follower or fault undo broke must not go on to a verdict as if nothing happened.
   */
  @Override
  public void sleepUntil(long atMicros) throws InterruptedException {
    long wait;
    while ((wait = atMicros - nowMicros()) > 0) {
      requireNoFailure();
      TimeUnit.MICROSECONDS.sleep(Math.min(wait, 100_000));
    }
    requireNoFailure();
  }

  private void requireNoFailure() {
    Throwable f = failure;
    if (f != null) {
      throw new IllegalStateException("a task of the run failed: " + f, f);
    }
  }

  /** Calls off every pending task and interrupts the running ones. */
  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
