package io.ledgerlab.lab.run;

import io.ledgerlab.lab.report.RunSummary;
import java.util.ArrayList;
import java.util.List;

/** The faults in force over a run, as the report draws them. Thread-safe. */
final class FaultWindows {
  private final List<String[]> open = new ArrayList<>();
  private final List<RunSummary.FaultWindow> windows = new ArrayList<>();

  synchronized void opened(String fault, String target, double at) {
    open.add(new String[] {fault, target, Double.toString(at)});
  }

  /** Closes the window of {@code fault} on {@code target}, or every open window when null. */
  synchronized void closed(String fault, String target, double at) {
    open.removeIf(
        w -> {
          if (fault == null || (w[0].equals(fault) && w[1].equals(target))) {
            windows.add(new RunSummary.FaultWindow(w[0], w[1], Double.parseDouble(w[2]), at));
            return true;
          }
          return false;
        });
  }

  /** What is in force now, for the console. */
  synchronized String inForce() {
    if (open.isEmpty()) {
      return "none";
    }
    List<String> names = new ArrayList<>();
    open.forEach(w -> names.add(w[0] + " " + w[1]));
    return String.join("; ", names);
  }

  synchronized List<RunSummary.FaultWindow> all() {
    List<RunSummary.FaultWindow> out = new ArrayList<>(windows);
    open.forEach(
        w -> out.add(new RunSummary.FaultWindow(w[0], w[1], Double.parseDouble(w[2]), null)));
    out.sort(java.util.Comparator.comparingDouble(RunSummary.FaultWindow::start));
    return out;
  }
}
