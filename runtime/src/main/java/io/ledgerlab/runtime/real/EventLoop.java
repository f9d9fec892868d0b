package io.ledgerlab.runtime.real;

import io.ledgerlab.runtime.time.Timers;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real world's single event thread. Timers, inbound messages and client requests all become
 * tasks here, so node code stays single-threaded. The first task that throws stops the loop: a node
 * whose invariant broke must not keep going.
 */
public final class EventLoop implements Timers, AutoCloseable {
  private final ScheduledThreadPoolExecutor executor;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  public EventLoop(String name) {
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread t = new Thread(runnable, name);
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Cancellable schedule(long delayMicros, Runnable task) {
    ScheduledFuture<?> future =
        executor.schedule(guarded(task), Math.max(0, delayMicros), TimeUnit.MICROSECONDS);
    return () -> future.cancel(false);
  }

  /** Runs {@code task} on the loop as soon as possible. */
  public void execute(Runnable task) {
    executor.execute(guarded(task));
  }

  /** Runs {@code call} on the loop and waits for its result; for callers on other threads. */
  public <T> T call(Callable<T> call) throws InterruptedException {
    Future<T> future = executor.submit(call);
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("event loop task failed", cause);
    }
  }

  /** The exception that stopped the loop, or null while it is healthy. */
  public Throwable failure() {
    return failure.get();
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        failure.compareAndSet(null, e);
        executor.shutdownNow();
        throw e;
      }
    };
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
