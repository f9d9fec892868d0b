package io.ledgerlab.lab.run;

import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.lab.load.LoadRecorder;
import io.ledgerlab.lab.nemesis.FaultWindows;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A progress line during the load — a bar, elapsed and remaining run time, the current commit rate,
 * the committed count and the faults in force — every 2 s of real time, or ten times over a
 * simulated load.
 */
final class ConsoleProgress implements AutoCloseable {
  private static final int BAR_WIDTH = 24;
  private static final long PERIOD_MICROS = 2_000_000;

  private final Consumer<String> console;
  private final LoadRecorder recorder;
  private final FaultWindows faults;
  private final long startMicros;
  private final long durationMicros;
  private final Timeline timeline;
  private final long periodMicros;
  private volatile boolean running = true;

  ConsoleProgress(
      Consumer<String> console,
      LoadRecorder recorder,
      FaultWindows faults,
      long startMicros,
      long durationMicros,
      Timeline timeline) {
    this.console = console;
    this.recorder = recorder;
    this.faults = faults;
    this.startMicros = startMicros;
    this.durationMicros = durationMicros;
    this.timeline = timeline;
    this.periodMicros =
        timeline.virtual() ? Math.max(PERIOD_MICROS, durationMicros / 10) : PERIOD_MICROS;
    timeline.after(periodMicros, this::tick);
  }

  private void tick() {
    if (!running) {
      return;
    }
    console.accept(line());
    if (timeline.nowMicros() + periodMicros < startMicros + durationMicros) {
      timeline.after(periodMicros, this::tick);
    }
  }

  String line() {
    double t = timeline.nowMicros() / 1e6;
    double duration = durationMicros / 1e6;
    double elapsed = Math.min(duration, t - startMicros / 1e6);
    int filled = (int) Math.round(BAR_WIDTH * elapsed / duration);
    return String.format(
        Locale.ROOT,
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
  }
}
