package io.ledgerlab.ethereum;

import io.ledgerlab.lab.report.RunSummary;
import java.util.Map;
import java.util.TreeMap;

/** Reading a run's summary in the tests that run examples on real nodes. */
final class RunAsserts {
  private RunAsserts() {}

  static RunSummary.FaultWindow window(RunSummary s, String fault) {
    return s.faults().stream().filter(f -> f.fault().equals(fault)).findFirst().orElseThrow();
  }

  static RunSummary.Check check(RunSummary s, String name) {
    return s.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** Each check's name and verdict. */
  static Map<String, String> verdicts(RunSummary s) {
    Map<String, String> out = new TreeMap<>();
    s.checks().forEach(c -> out.put(c.name(), c.validity()));
    return out;
  }
}
