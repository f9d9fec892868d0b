package io.ledgerlab.junit;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.Checker;
import io.ledgerlab.lab.check.Checkers;
import io.ledgerlab.lab.check.Commit;
import io.ledgerlab.lab.check.NodeInfo;
import io.ledgerlab.lab.check.NodeRead;
import io.ledgerlab.lab.check.RunRecord;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.load.LoadRecorder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's standard checks over a network a test drove: the record the pipeline builds at the end
 * of a run (final reads of every node, the history of the test's calls, the sampled heights, the
 * nodes' starts and exits, the commits in their logs), built from what {@link Network} kept.
 * Nothing here is a new check: the verdicts are the lab's own.
 */
final class NetworkChecks {
  private NetworkChecks() {}

  static List<CheckResult> run(Network net, double healSeconds, long livenessBoundMicros) {
    Engine e = net.engine();
    List<NodeInfo> nodes = new ArrayList<>();
    Map<String, String> ids = net.chain().validatorIds();
    for (io.ledgerlab.lab.manifest.Network.NodeSpec n : net.manifest().nodes()) {
      nodes.add(
          new NodeInfo(
              n.name(),
              n.honest(),
              n.behaviourName(),
              n.canaryName(),
              n.power(),
              ids.getOrDefault(n.name(), ""),
              e.status(n.name()),
              "current",
              n.observer()));
    }
    Map<String, NodeRead> reads = new LinkedHashMap<>();
    for (String n : e.nodes()) {
      reads.put(n, read(e, n));
    }
    synchronized (net.history()) {
      RunRecord record =
          new RunRecord(
              nodes,
              net.history(),
              reads,
              net.nodeEvents(),
              net.heightSeries(),
              healSeconds,
              livenessBoundMicros,
              commits(e),
              new LoadRecorder(),
              0,
              List.of());
      List<Checker> checkers = Checkers.standard(List.of());
      return Checkers.run(checkers, record);
    }
  }

  private static NodeRead read(Engine e, String node) {
    return io.ledgerlab.lab.run.FinalReads.read(e, node);
  }

  private static List<Commit> commits(Engine e) {
    try {
      return io.ledgerlab.lab.run.FinalReads.commits(e);
    } catch (IOException x) {
      throw new NetworkException("reading the nodes' logs for the checks failed: " + x, x);
    }
  }
}
