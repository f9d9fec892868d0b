package io.ledgerlab.lab.check;

import io.ledgerlab.lab.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/** The checks every run gets, in the order the report shows them, then the user's thresholds. */
public final class Checkers {
  private Checkers() {}

  public static List<Checker> standard(List<Scenario.Threshold> thresholds) {
    return standard(thresholds, false);
  }

  /**
   * The standard checks, with the one that tells software versions apart when the network runs (or
   * is upgraded to) more than one.
   */
  public static List<Checker> standard(List<Scenario.Threshold> thresholds, boolean mixedVersions) {
    return standard(thresholds, mixedVersions, List.of());
  }

  /**
   * The standard checks, with the versions check when the network runs more than one version and
   * the observer check when it has {@code observers}.
   */
  public static List<Checker> standard(
      List<Scenario.Threshold> thresholds, boolean mixedVersions, List<String> observers) {
    List<Checker> out = new ArrayList<>();
    out.add(new SafetyChecker());
    out.add(new StateAgreementChecker());
    out.add(new LivenessChecker());
    out.add(new DurabilityChecker());
    out.add(new ValidityChecker());
    out.add(new EvidenceChecker());
    out.add(new NodesChecker());
    if (mixedVersions) {
      out.add(new VersionsChecker());
    }
    if (!observers.isEmpty()) {
      out.add(new ObserverChecker(observers));
    }
    thresholds.forEach(t -> out.add(new ThresholdChecker(t)));
    return out;
  }

  /** Runs every checker; a checker that throws is reported as unknown, never skipped. */
  public static List<CheckResult> run(List<Checker> checkers, RunRecord record) {
    List<CheckResult> out = new ArrayList<>();
    for (Checker c : checkers) {
      try {
        out.add(c.check(record));
      } catch (RuntimeException e) {
        out.add(CheckResult.unknown(c.name(), "the check itself failed: " + e));
      }
    }
    return out;
  }
}
