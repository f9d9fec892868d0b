package io.ledgerlab.lab.check;

import io.ledgerlab.lab.history.History;
import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.TxView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every transaction a client was told is committed is in every honest node's chain at the end. */
public final class DurabilityChecker implements Checker {
  public static final String NAME = "durability";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult check(RunRecord run) {
    List<History.Entry> acknowledged;
    synchronized (run.history()) {
      acknowledged =
          run.history().entries().stream().filter(e -> e.type() == History.Type.OK).toList();
    }
    if (acknowledged.isEmpty()) {
      return CheckResult.unknown(NAME, "no transaction was acknowledged, so none could be lost");
    }
    List<NodeRead> chains = run.chains();
    if (chains.isEmpty()) {
      return CheckResult.unknown(
          NAME, "no honest node's chain could be read: " + run.unreadChains());
    }
    // Where each transaction is on any honest chain: a node whose chain stops below that height
    // lags (the liveness check judges that); it has not lost what it never reached.
    Map<String, Long> heightOf = new HashMap<>();
    for (NodeRead r : chains) {
      for (BlockView b : r.chain()) {
        for (TxView t : b.txs()) {
          heightOf.merge(t.id(), b.height(), Math::min);
        }
      }
    }
    List<String> lagging = new ArrayList<>();
    for (NodeRead r : chains) {
      Set<String> txs = new HashSet<>();
      for (BlockView b : r.chain()) {
        for (TxView t : b.txs()) {
          txs.add(t.id());
        }
      }
      List<History.Entry> missing = new ArrayList<>();
      int beyond = 0;
      for (History.Entry e : acknowledged) {
        if (txs.contains(e.tx())) {
          continue;
        }
        Long h = heightOf.get(e.tx());
        if (h != null && h > r.height()) {
          beyond++;
        } else {
          missing.add(e);
        }
      }
      if (beyond > 0) {
        lagging.add(r.node() + " (" + beyond + " above its height " + r.height() + ")");
      }
      if (!missing.isEmpty()) {
        History.Entry first = missing.get(0);
        List<String> examples = new ArrayList<>();
        // Whole ids, so that a lost transaction can be looked up on the node and in the history.
        missing.stream().limit(20).forEach(e -> examples.add(e.tx() + " (" + e.detail() + ")"));
        return CheckResult.invalid(
            NAME,
            missing.size()
                + " of "
                + acknowledged.size()
                + " acknowledged transactions are missing from "
                + r.node()
                + "'s chain (height "
                + r.height()
                + "), e.g. "
                + examples,
            first.timeMicros() / 1e6);
      }
    }
    return CheckResult.valid(
        NAME,
        acknowledged.size()
            + " acknowledged transactions are on all "
            + chains.size()
            + " honest nodes read, up to each one's height"
            + (lagging.isEmpty() ? "" : "; not yet reached by " + lagging)
            + (run.unreadChains().isEmpty() ? "" : "; not read: " + run.unreadChains()));
  }
}
