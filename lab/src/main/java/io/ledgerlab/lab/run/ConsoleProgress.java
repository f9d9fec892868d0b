package io.ledgerlab.lab.run;

import io.ledgerlab.lab.load.LoadRecorder;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * A progress line every few seconds during the load: a bar, elapsed and remaining time, the current
 * commit rate, the committed count and the faults in force.
 */
final class ConsoleProgress implements AutoCloseable {
  private static final int BAR_WIDTH = 24;
  private static final long PERIOD_MILLIS = 2_000;

  private final Consumer<String> console;
  private final LoadRecorder recorder;
  private final FaultWindows faults;
  private final double start;
  private final double duration;
  private final DoubleSupplier now;
  private final Thread thread;
  private volatile boolean running = true;

  ConsoleProgress(
      Consumer<String> console,
      LoadRecorder recorder,
      FaultWindows faults,
      double start,
      double duration,
      DoubleSupplier now) {
    this.console = console;
    this.recorder = recorder;
    this.faults = faults;
    this.start = start;
    this.duration = duration;
    this.now = now;
    this.thread = new Thread(this::loop, "progress");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      if (running) {
        console.accept(line());
      }
    }
  }

  String line() {
    double t = now.getAsDouble();
    double elapsed = Math.min(duration, t - start);
    int filled = (int) Math.round(BAR_WIDTH * elapsed / duration);
    return String.format(
        "[%s%s] %3.0f%%  %4.0fs elapsed, %4.0fs left  %6.0f tx/s committed  %,d committed  faults: %s",
        "#".repeat(filled),
        ".".repeat(BAR_WIDTH - filled),
        100 * elapsed / duration,
        elapsed,
        duration - elapsed,
        recorder.recentCommitRate((int) t, 3),
        recorder.committedTotal(),
        faults.inForce());
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
