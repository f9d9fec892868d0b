package io.ledgerlab.lab.nemesis;

import io.ledgerlab.lab.engine.Timeline;
import io.ledgerlab.runtime.log.EventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Injects fault steps on time — from a timed schedule, a random nemesis, or both — and undoes each
 * when its own window ends; at the heal it calls off what has not started and undoes what is still
 * in force. Every injection and undo is logged, printed and drawn as a window.
 */
public final class FaultDriver {
  private final Faults faults;
  private final Timeline timeline;
  private final FaultWindows windows;
  private final Consumer<String> console;
  private final EventLog labLog;
  private final List<Timeline.Cancellable> pending = new ArrayList<>();
  private final List<Runnable> inForce = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private boolean healed;

  public FaultDriver(
      Faults faults,
      Timeline timeline,
      FaultWindows windows,
      Consumer<String> console,
      EventLog labLog) {
    this.faults = faults;
    this.timeline = timeline;
    this.windows = windows;
    this.console = console;
    this.labLog = labLog;
  }

  /**
   * Schedules {@code steps}, whose times count from {@code loadStartMicros}; a window that would
   * end at or after {@code loadEndMicros} ends at the heal instead.
   */
  public synchronized void schedule(
      List<FaultStep> steps, long loadStartMicros, long loadEndMicros) {
    for (FaultStep step : steps) {
      long at = loadStartMicros + step.atMicros();
      if (at >= loadEndMicros) {
        continue;
      }
      pending.add(timeline.at(at, () -> inject(step, loadStartMicros, loadEndMicros)));
    }
  }

  private void inject(FaultStep step, long loadStartMicros, long loadEndMicros) {
    Undo undo;
    long id;
    synchronized (this) {
      if (healed) {
        return;
      }
      try {
        undo = faults.apply(step.fault());
      } catch (RuntimeException e) {
        say("failed", step.fault(), e.getMessage());
        failures.add(
            String.format(
                Locale.ROOT,
                "%s %s at %.1f s could not be put into effect: %s",
                step.fault().kind().key(),
                step.fault().target(),
                seconds(),
                e.getMessage()));
        labLog.warn(
            "lab.fault.failed",
            Map.of(
                "fault",
                step.fault().kind().key(),
                "target",
                step.fault().target(),
                "reason",
                String.valueOf(e.getMessage())));
        return;
      }
      id = windows.open(step.fault().kind().key(), step.fault().target(), seconds());
      say("injected", step.fault(), "");
      labLog.info(
          "lab.fault.injected",
          Map.of("fault", step.fault().kind().key(), "target", step.fault().target()));
      if (step.fault().kind() == io.ledgerlab.lab.engine.FaultKind.RESTART
          || step.fault().kind() == io.ledgerlab.lab.engine.FaultKind.UPGRADE) {
        // A restart or an upgrade is over the moment it is done: its window has no length.
        windows.close(id, seconds());
        return;
      }
    }
    Runnable end =
        () -> {
          undo.undo();
          windows.close(id, seconds());
          labLog.info(
              "lab.fault.healed",
              Map.of("fault", step.fault().kind().key(), "target", step.fault().target()));
        };
    long endAt = step.endMicros() < 0 ? -1 : loadStartMicros + step.endMicros();
    synchronized (this) {
      if (endAt >= 0 && endAt < loadEndMicros) {
        pending.add(
            timeline.at(
                endAt,
                () -> {
                  synchronized (this) {
                    if (!healed && inForce.remove(end)) {
                      end.run();
                      say("ended", step.fault(), "");
                    }
                  }
                }));
      }
      inForce.add(end);
    }
  }

  /** Calls off every fault not yet started and undoes every fault in force, latest first. */
  public synchronized void healAll() {
    healed = true;
    pending.forEach(Timeline.Cancellable::cancel);
    pending.clear();
    for (int i = inForce.size() - 1; i >= 0; i--) {
      inForce.get(i).run();
    }
    inForce.clear();
    faults.healAll();
  }

  /** The faults that could not be put into effect, for the run's notes. */
  public synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  private double seconds() {
    return timeline.nowMicros() / 1e6;
  }

  private void say(String what, Fault fault, String detail) {
    console.accept(
        String.format(
            Locale.ROOT,
            "[%.1fs] %s %s %s%s",
            seconds(),
            what,
            fault.kind().key(),
            fault.target(),
            detail.isEmpty() ? "" : ": " + detail));
  }
}
