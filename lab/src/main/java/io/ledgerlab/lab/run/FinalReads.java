package io.ledgerlab.lab.run;

import io.ledgerlab.lab.check.Commit;
import io.ledgerlab.lab.check.NodeRead;
import io.ledgerlab.lab.check.Observations;
import io.ledgerlab.lab.check.Rejection;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.StateAudit;
import io.ledgerlab.lab.target.Supply;
import io.ledgerlab.observe.log.LogFilter;
import io.ledgerlab.observe.log.LogMerge;
import io.ledgerlab.runtime.log.LogRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the checks read from a network at its end, the same for a pipeline run and for a test's
 * network: each node's chain, state audit and supply (or why each could not be read), and every
 * commit the nodes logged.
 */
public final class FinalReads {
  private FinalReads() {}

  /** One node's chain, state and supply; a node that is down is read as nothing, saying why. */
  public static NodeRead read(Engine e, String node) {
    if (!e.status(node).alive()) {
      String why = "the node is " + e.status(node).name().toLowerCase(Locale.ROOT);
      return new NodeRead(node, null, why, null, why, null, why);
    }
    ChainClient c = e.client(node);
    List<BlockView> chain = null;
    StateAudit state = null;
    Supply supply = null;
    String chainError = null;
    String stateError = null;
    String supplyError = null;
    try {
      chain = c.readChain();
    } catch (ClientException x) {
      chainError = x.getMessage();
    }
    try {
      state = c.stateAudit();
    } catch (ClientException x) {
      stateError = x.getMessage();
    }
    try {
      supply = c.supply();
    } catch (ClientException x) {
      supplyError = x.getMessage();
    }
    return new NodeRead(node, chain, chainError, state, stateError, supply, supplyError);
  }

  /**
   * What the nodes' logs tell the checks: the blocks each committed and each refused, and what the
   * observers logged.
   */
  public record Logged(
      List<Commit> commits, List<Rejection> rejections, Observations observations) {}

  /**
   * Every {@code block.committed} and {@code block.invalid} the nodes logged and every observer
   * event, in run seconds, in one pass over the logs: a long run's logs are the largest files it
   * writes.
   */
  public static Logged logged(Engine e) throws IOException {
    long zero = e.timeline().epochMicrosAtZero();
    List<Commit> commits = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    List<LogRecord> observed = new ArrayList<>();
    List<String> events = new ArrayList<>(List.of("block.committed", "block.invalid"));
    events.addAll(Observations.EVENTS);
    for (LogRecord r : LogMerge.read(e.logFiles(), LogFilter.ALL.withEvents(events), bad -> {})) {
      if (Observations.EVENTS.contains(r.event())) {
        observed.add(r);
        continue;
      }
      long height = r.number("height", -1);
      String hash = String.valueOf(r.fields().get("hash"));
      double at = (r.tsMicros() - zero) / 1e6;
      if (r.event().equals("block.committed")) {
        commits.add(new Commit(r.node(), height, hash, at));
      } else {
        rejections.add(
            new Rejection(r.node(), height, hash, String.valueOf(r.fields().get("reason")), at));
      }
    }
    return new Logged(commits, rejections, Observations.of(observed, zero));
  }

  /** Every {@code block.committed} the nodes logged, in run seconds. */
  public static List<Commit> commits(Engine e) throws IOException {
    return logged(e).commits();
  }
}
