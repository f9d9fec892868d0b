package io.ledgerlab.lab.check;

import io.ledgerlab.lab.history.History;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.state.StateAudit;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks that judge a network from its nodes' chains: safety, state agreement, durability and
 * validity. Byzantine nodes are ignored; twins count as Byzantine. Each check is a pure function of
 * what the nodes stored, so it can fail — the canaries prove it does.
 */
public final class ChainChecks {
  public static final String SAFETY = "safety";
  public static final String STATE_AGREEMENT = "state-agreement";
  public static final String DURABILITY = "durability";
  public static final String VALIDITY = "validity";

  private ChainChecks() {}

  /** No two honest nodes committed different blocks at one height. */
  public static CheckResult safety(List<NodeChain> nodes) {
    List<NodeChain> honest = honest(nodes);
    long common = Long.MAX_VALUE;
    for (NodeChain n : honest) {
      common = Math.min(common, n.ledger().height());
    }
    long maxHeight = 0;
    for (NodeChain n : honest) {
      maxHeight = Math.max(maxHeight, n.ledger().height());
    }
    for (long h = 1; h <= maxHeight; h++) {
      Map<Hash, List<String>> byHash = new HashMap<>();
      for (NodeChain n : honest) {
        if (n.ledger().height() >= h) {
          Hash hash = n.ledger().block(h).map(Block::hash).orElse(Hash.ZERO);
          byHash.computeIfAbsent(hash, k -> new ArrayList<>()).add(n.node());
        }
      }
      if (byHash.size() > 1) {
        StringBuilder sb = new StringBuilder("fork at height " + h + ":");
        byHash.forEach(
            (hash, who) ->
                sb.append(' ')
                    .append(who)
                    .append(" committed ")
                    .append(hash.shortHex())
                    .append(';'));
        return CheckResult.invalid(SAFETY, sb.toString());
      }
    }
    return CheckResult.valid(
        SAFETY,
        honest.size()
            + " honest nodes agree on every block up to height "
            + maxHeight
            + " (all hold "
            + (honest.isEmpty() ? 0 : common)
            + ")");
  }

  /** Equal state roots at equal heights, each also rebuilt from scratch on its node. */
  public static CheckResult stateAgreement(List<NodeChain> nodes) {
    List<NodeChain> honest = honest(nodes);
    Map<Long, Map<Hash, List<String>>> roots = new HashMap<>();
    for (NodeChain n : honest) {
      Hash root = n.ledger().head().stateRoot();
      Hash rebuilt = StateAudit.recomputeRoot(n.ledger().state());
      if (!rebuilt.equals(root)) {
        return CheckResult.invalid(
            STATE_AGREEMENT,
            n.node()
                + " at height "
                + n.ledger().height()
                + " holds root "
                + root.shortHex()
                + " but its state rebuilds to "
                + rebuilt.shortHex());
      }
      roots
          .computeIfAbsent(n.ledger().height(), h -> new HashMap<>())
          .computeIfAbsent(root, r -> new ArrayList<>())
          .add(n.node());
    }
    for (Map.Entry<Long, Map<Hash, List<String>>> e : roots.entrySet()) {
      if (e.getValue().size() > 1) {
        return CheckResult.invalid(
            STATE_AGREEMENT, "different state roots at height " + e.getKey() + ": " + e.getValue());
      }
    }
    return CheckResult.valid(
        STATE_AGREEMENT,
        honest.size() + " honest nodes: state roots agree and rebuild from scratch");
  }

  /** Every transaction a client was told is committed is in every honest node's chain. */
  public static CheckResult durability(List<NodeChain> nodes, History history) {
    List<NodeChain> honest = honest(nodes);
    int acknowledged = 0;
    List<String> lost = new ArrayList<>();
    for (History.Entry e : history.entries()) {
      if (e.type() != History.Type.OK) {
        continue;
      }
      acknowledged++;
      for (NodeChain n : honest) {
        if (n.ledger().findTx(e.tx()).isEmpty() && lost.size() < 5) {
          lost.add(
              e.tx().shortHex()
                  + " ("
                  + e.detail()
                  + ") missing on "
                  + n.node()
                  + " at height "
                  + n.ledger().height());
        }
      }
    }
    if (!lost.isEmpty()) {
      return CheckResult.invalid(
          DURABILITY, "acknowledged transactions lost: " + String.join("; ", lost));
    }
    return CheckResult.valid(
        DURABILITY,
        acknowledged + " acknowledged transactions are on all " + honest.size() + " honest nodes");
  }

  /** No double spend: each (sender, nonce) is committed once, and the token supply is unchanged. */
  public static CheckResult validity(List<NodeChain> nodes, Set<Address> accounts) {
    for (NodeChain n : honest(nodes)) {
      Set<String> seen = new HashSet<>();
      for (long h = 1; h <= n.ledger().height(); h++) {
        for (Transaction tx : n.ledger().block(h).orElseThrow().transactions()) {
          if (!seen.add(tx.senderAddress() + "/" + tx.nonce())) {
            return CheckResult.invalid(
                VALIDITY,
                n.node()
                    + ": sender "
                    + tx.senderAddress()
                    + " nonce "
                    + tx.nonce()
                    + " committed twice (height "
                    + h
                    + ")");
          }
        }
      }
      long sum = 0;
      for (Address a : accounts) {
        sum += n.ledger().account(a).balance();
      }
      long minted = n.ledger().genesis().totalSupply();
      if (sum != minted) {
        return CheckResult.invalid(
            VALIDITY, n.node() + ": balances sum to " + sum + ", minted " + minted);
      }
    }
    return CheckResult.valid(
        VALIDITY, "no nonce committed twice; supply constant on every honest node");
  }

  private static List<NodeChain> honest(List<NodeChain> nodes) {
    List<NodeChain> out = new ArrayList<>();
    for (NodeChain n : nodes) {
      if (n.honest()) {
        out.add(n);
      }
    }
    return out;
  }
}
