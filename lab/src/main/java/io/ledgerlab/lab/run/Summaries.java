package io.ledgerlab.lab.run;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.Observations;
import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.load.LoadRecorder;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.nemesis.FaultWindows;
import io.ledgerlab.lab.report.RunSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Turns what a run measured into the summary its report is drawn from. */
final class Summaries {
  private Summaries() {}

  static List<RunSummary.Check> checks(List<CheckResult> checks) {
    List<RunSummary.Check> out = new ArrayList<>();
    for (CheckResult c : checks) {
      out.add(new RunSummary.Check(c.name(), c.validity().name(), c.details(), c.atSeconds()));
    }
    return out;
  }

  static RunSummary.Stats stats(LoadRecorder recorder, History history, double loadSeconds) {
    long unknown;
    synchronized (history) {
      unknown = history.count(History.Type.INFO);
    }
    Map<String, RunSummary.Latency> latency = new LinkedHashMap<>();
    latency.put("accepted", latency(recorder.acceptedLatency()));
    latency.put("committed", latency(recorder.committedLatency()));
    if (recorder.readTotal() > 0) {
      latency.put("read", latency(recorder.readLatency()));
    }
    return new RunSummary.Stats(
        recorder.submittedTotal(),
        recorder.acceptedTotal(),
        recorder.rejectedTotal(),
        recorder.committedTotal(),
        unknown,
        recorder.committedPerSecondOfLoad(),
        latency);
  }

  /**
   * Notes that say where rejected and unknown operations come from: the counts alone do not. The
   * caller holds the history's lock.
   */
  static List<String> outcomeNotes(History history) {
    Map<String, Long> reasons = new TreeMap<>();
    for (History.Entry e : history.entries()) {
      if (e.type() == History.Type.FAIL) {
        int colon = e.detail().indexOf(':');
        reasons.merge(colon < 0 ? e.detail() : e.detail().substring(0, colon), 1L, Long::sum);
      }
    }
    List<String> notes = new ArrayList<>();
    if (!reasons.isEmpty()) {
      boolean fromTheLoad = reasons.containsKey("BAD_NONCE") || reasons.containsKey("DUPLICATE");
      notes.add(
          "rejected by the nodes, by reason: "
              + reasons
              + " (history.jsonl has each one's detail)"
              + (fromTheLoad
                  ? ". BAD_NONCE and DUPLICATE come from the load itself: an account re-reads its"
                      + " nonce when a node it used stops answering, and a transaction signed"
                      + " before that may then be refused"
                  : ""));
    }
    long unknown = history.count(History.Type.INFO);
    if (unknown > 0) {
      notes.add(
          unknown
              + " transactions have no known outcome: no node refused them and no block read by"
              + " the lab held them by the end (sent to a node that went down, or still pending)");
    }
    return notes;
  }

  /**
   * What the observers measured, or null for a network without observers. The block figures are
   * those of the observer that followed the most blocks (the first in the network's order on a
   * tie), so every height counts once; divergences and peers are every observer's.
   */
  static RunSummary.Observers observers(Network network, Observations o) {
    List<String> observers = network.observers().stream().map(Network.NodeSpec::name).toList();
    if (observers.isEmpty()) {
      return null;
    }
    Map<String, List<Observations.Block>> byObserver = new LinkedHashMap<>();
    observers.forEach(n -> byObserver.put(n, new ArrayList<>()));
    for (Observations.Block b : o.blocks()) {
      byObserver.computeIfAbsent(b.observer(), k -> new ArrayList<>()).add(b);
    }
    String source = "";
    List<Observations.Block> blocks = List.of();
    for (Map.Entry<String, List<Observations.Block>> e : byObserver.entrySet()) {
      if (e.getValue().size() > blocks.size()) {
        source = e.getKey();
        blocks = e.getValue();
      }
    }
    long roundChanges = blocks.stream().filter(b -> b.round() > 0).count();
    // An interval is the time since the observer's previous block: its first has none to count.
    List<Observations.Block> timed = blocks.stream().filter(b -> b.intervalMicros() > 0).toList();
    double mean = timed.stream().mapToLong(Observations.Block::intervalMicros).average().orElse(0);
    double last =
        blocks.isEmpty() ? 0 : Math.max(0, blocks.get(blocks.size() - 1).intervalMicros());
    List<RunSummary.Participation> validators = new ArrayList<>();
    for (Network.NodeSpec v : network.validators()) {
      long signed = blocks.stream().filter(b -> b.signers().contains(v.name())).count();
      long missed = blocks.stream().filter(b -> b.missing().contains(v.name())).count();
      long certificates = signed + missed;
      long proposed = blocks.stream().filter(b -> b.proposer().equals(v.name())).count();
      validators.add(
          new RunSummary.Participation(
              v.name(),
              certificates,
              signed,
              missed,
              certificates == 0 ? 0 : 100.0 * missed / certificates,
              proposed));
    }
    // The last version each observer learned of each peer, by observer then peer.
    Map<String, RunSummary.PeerVersion> peers = new TreeMap<>();
    for (Observations.Peer p : o.peers()) {
      int observer = observers.indexOf(p.observer());
      peers.put(
          String.format(java.util.Locale.ROOT, "%03d/%s", observer < 0 ? 999 : observer, p.peer()),
          new RunSummary.PeerVersion(p.observer(), p.peer(), p.version()));
    }
    return new RunSummary.Observers(
        observers,
        source,
        blocks.size(),
        o.divergences().size(),
        roundChanges,
        mean / 1e6,
        last / 1e6,
        validators,
        List.copyOf(peers.values()));
  }

  static RunSummary.NetworkInfo network(Network network) {
    List<RunSummary.NodeInfo> nodes = new ArrayList<>();
    for (Network.NodeSpec n : network.nodes()) {
      nodes.add(
          new RunSummary.NodeInfo(
              n.name(),
              n.observer() ? "observer" : n.twin() ? "twin" : n.honest() ? "honest" : "byzantine",
              n.behaviourName(),
              n.canaryName(),
              n.power(),
              n.clockOffsetMicros() / 1e6));
    }
    return new RunSummary.NetworkInfo(
        nodes, network.toleranceSentence(), network.withinTolerance());
  }

  /** The fault windows, then a row per Byzantine node for the whole run: they are faults too. */
  static List<RunSummary.FaultWindow> faults(
      Network network, FaultWindows windows, double endSeconds) {
    List<RunSummary.FaultWindow> out = new ArrayList<>();
    for (Network.NodeSpec n : network.byzantine()) {
      String what = n.twin() ? "twin (two instances, one key)" : "byzantine " + n.behaviourName();
      out.add(new RunSummary.FaultWindow(what, n.name(), 0, endSeconds));
    }
    for (FaultWindows.Window w : windows.all()) {
      out.add(new RunSummary.FaultWindow(w.fault(), w.target(), w.startSeconds(), w.endSeconds()));
    }
    return out;
  }

  static RunSummary.Latency latency(Histogram h) {
    if (h.getTotalCount() == 0) {
      return new RunSummary.Latency(0, 0, 0, 0, 0);
    }
    return new RunSummary.Latency(
        h.getTotalCount(),
        h.getValueAtPercentile(50) / 1_000.0,
        h.getValueAtPercentile(90) / 1_000.0,
        h.getValueAtPercentile(99) / 1_000.0,
        h.getMaxValue() / 1_000.0);
  }

  static List<RunSummary.Series> heights(Map<String, List<double[]>> heights) {
    List<RunSummary.Series> out = new ArrayList<>();
    heights.forEach((node, points) -> out.add(new RunSummary.Series(node, points)));
    return out;
  }

  static List<RunSummary.Series> throughput(LoadRecorder recorder) {
    List<double[]> submitted = new ArrayList<>();
    List<double[]> accepted = new ArrayList<>();
    List<double[]> committed = new ArrayList<>();
    List<LoadRecorder.Second> seconds = recorder.seconds();
    for (int s = 0; s < seconds.size(); s++) {
      LoadRecorder.Second x = seconds.get(s);
      if (x.submitted() + x.accepted() + x.committed() == 0) {
        continue;
      }
      submitted.add(new double[] {s, x.submitted()});
      accepted.add(new double[] {s, x.accepted()});
      committed.add(new double[] {s, x.committed()});
    }
    return List.of(
        new RunSummary.Series("submitted/s", submitted),
        new RunSummary.Series("accepted/s", accepted),
        new RunSummary.Series("committed/s", committed));
  }

  static List<RunSummary.Series> latencySeries(LoadRecorder recorder) {
    List<double[]> p50 = new ArrayList<>();
    List<double[]> p90 = new ArrayList<>();
    List<double[]> p99 = new ArrayList<>();
    List<double[]> max = new ArrayList<>();
    List<LoadRecorder.Second> seconds = recorder.seconds();
    for (int s = 0; s < seconds.size(); s++) {
      Histogram h = seconds.get(s).commitLatency();
      if (h.getTotalCount() == 0) {
        continue;
      }
      p50.add(new double[] {s, h.getValueAtPercentile(50) / 1_000.0});
      p90.add(new double[] {s, h.getValueAtPercentile(90) / 1_000.0});
      p99.add(new double[] {s, h.getValueAtPercentile(99) / 1_000.0});
      max.add(new double[] {s, h.getMaxValue() / 1_000.0});
    }
    return List.of(
        new RunSummary.Series("p50", p50),
        new RunSummary.Series("p90", p90),
        new RunSummary.Series("p99", p99),
        new RunSummary.Series("max", max));
  }
}
