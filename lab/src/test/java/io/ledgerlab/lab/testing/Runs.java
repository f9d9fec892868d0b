package io.ledgerlab.lab.testing;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.report.Reports;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.run.Pipeline;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs scenarios through the one pipeline, for tests; the console is kept for messages. */
public final class Runs {
  private final List<String> console = Collections.synchronizedList(new ArrayList<>());
  private final Path dir;
  private int runs;
  // The pipeline of the run going on, for a test that runs it on another thread to stop it.
  private volatile Pipeline current;

  public Runs(Path dir) {
    this.dir = dir;
  }

  /** Runs {@code yaml} (a scenario) with its own engine and seed. */
  public RunSummary run(String yaml) throws Exception {
    return run(ScenarioParser.parse("test.yaml", yaml), yaml);
  }

  public RunSummary run(Scenario scenario, String yaml) throws Exception {
    RunLayout run = new RunLayout(dir.resolve("run-" + ++runs));
    Pipeline pipeline = new Pipeline(scenario, run, yaml, console::add);
    current = pipeline;
    RunSummary summary = pipeline.run();
    Reports.write(run.root(), summary);
    return summary;
  }

  /**
   * Stops the run going on on another thread, if any, as Ctrl-C would, and waits up to {@code
   * seconds} for it to end: a test whose assertion failed mid-run leaves no node or Prometheus
   * running into its clean-up. Returns at once when the run has ended.
   */
  public void interrupt(long seconds) throws InterruptedException {
    Pipeline p = current;
    if (p != null) {
      p.interrupt(seconds);
    }
  }

  /** The run directory of the last run. */
  public Path lastRun() {
    return dir.resolve("run-" + runs);
  }

  public List<String> console() {
    return List.copyOf(console);
  }

  public static RunSummary.Check check(RunSummary s, String name) {
    return s.checks().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in " + s.checks()));
  }

  public static Map<String, String> verdicts(RunSummary s) {
    Map<String, String> out = new TreeMap<>();
    s.checks().forEach(c -> out.put(c.name(), c.validity()));
    return out;
  }

  /**
   * A sim scenario of {@code validators} nodes named n0.., each line of {@code nodeLines} (by
   * index) added under its node, with a transfer load and the given extra top-level YAML.
   */
  public static String sim(int validators, Map<Integer, String> nodeLines, String rest) {
    StringBuilder y = new StringBuilder("name: t\nengine: sim\nnetwork:\n  name: t\n  nodes:\n");
    for (int i = 0; i < validators; i++) {
      y.append("    - name: n").append(i).append('\n');
      String extra = nodeLines.get(i);
      if (extra != null) {
        for (String line : extra.split("\n")) {
          y.append("      ").append(line).append('\n');
        }
      }
    }
    return y.append(rest).toString();
  }
}
