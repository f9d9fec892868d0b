package io.ledgerlab.lab.check;

import io.ledgerlab.lab.engine.NodeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every honest node is alive at the end, and none exited on its own: an exit the lab did not cause
 * (a crash bug, an out-of-memory kill, a kill from outside) is a failure, named with its exit code,
 * time and last log lines. A Byzantine node's exit is reported but not held against the run.
 */
public final class NodesChecker implements Checker {
  public static final String NAME = "nodes";
  private static final int LINES_SHOWN = 5;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult check(RunRecord run) {
    List<String> failures = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Double first = null;
    for (NodeEvent e : run.nodeEvents()) {
      if (!e.unexpectedExit()) {
        continue;
      }
      // An instance the network does not name (a twin's second instance) is not an honest node.
      boolean honest = run.node(e.node()).map(NodeInfo::honest).orElse(false);
      String what =
          String.format(
              Locale.ROOT,
              "%s exited unexpectedly at %.1f s with %s",
              e.node(),
              e.atMicros() / 1e6,
              e.exitDescription());
      if (honest) {
        List<String> tail =
            e.lastLines()
                .subList(Math.max(0, e.lastLines().size() - LINES_SHOWN), e.lastLines().size());
        failures.add(
            what + (tail.isEmpty() ? "" : "; last lines:\n    " + String.join("\n    ", tail)));
        first = first == null ? e.atMicros() / 1e6 : Math.min(first, e.atMicros() / 1e6);
      } else {
        notes.add(what + " (Byzantine: not held against the run)");
      }
    }
    for (NodeInfo n : run.honest()) {
      if (!n.endStatus().alive()) {
        failures.add(
            n.name()
                + " was not running at the end ("
                + n.endStatus().name().toLowerCase(Locale.ROOT)
                + ")");
      }
    }
    if (!failures.isEmpty()) {
      return CheckResult.invalid(NAME, String.join("\n", failures), first);
    }
    return CheckResult.valid(
        NAME,
        "the "
            + run.honest().size()
            + " honest nodes ran to the end; no unexpected exit"
            + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
  }
}
