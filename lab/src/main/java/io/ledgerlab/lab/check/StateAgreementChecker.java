package io.ledgerlab.lab.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every honest node's stored state rebuilds to the root of its head block, nodes at the same height
 * hold the same state, and the blocks commit to the same state roots at every height.
 */
public final class StateAgreementChecker implements Checker {
  public static final String NAME = "state-agreement";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult check(RunRecord run) {
    List<NodeRead> audited = new ArrayList<>();
    List<String> unread = new ArrayList<>();
    for (NodeInfo n : run.honest()) {
      NodeRead r = run.reads().get(n.name());
      if (r != null && r.state() != null) {
        audited.add(r);
      } else {
        unread.add(n.name() + (r == null ? "" : " (" + r.stateError() + ")"));
      }
    }
    if (audited.isEmpty()) {
      return CheckResult.unknown(NAME, "no honest node's state could be read: " + unread);
    }
    Map<Long, Map<String, List<String>>> byHeight = new TreeMap<>();
    for (NodeRead r : audited) {
      if (!r.state().consistent()) {
        return CheckResult.invalid(
            NAME,
            r.node()
                + " at height "
                + r.state().height()
                + " commits to state root "
                + SafetyChecker.shortId(r.state().headRoot())
                + " but its stored state rebuilds to "
                + SafetyChecker.shortId(r.state().rebuiltRoot())
                + ": its state drifted from what it committed");
      }
      byHeight
          .computeIfAbsent(r.state().height(), h -> new TreeMap<>())
          .computeIfAbsent(r.state().rebuiltRoot(), k -> new ArrayList<>())
          .add(r.node());
    }
    for (Map.Entry<Long, Map<String, List<String>>> e : byHeight.entrySet()) {
      if (e.getValue().size() > 1) {
        return CheckResult.invalid(
            NAME, "different states at height " + e.getKey() + ": " + byRoot(e.getValue()));
      }
    }
    List<NodeRead> chains = run.chains();
    long common = chains.stream().mapToLong(NodeRead::height).min().orElse(0);
    for (long h = 1; h <= common; h++) {
      Map<String, List<String>> roots = new TreeMap<>();
      for (NodeRead r : chains) {
        roots
            .computeIfAbsent(r.chain().get((int) h - 1).stateRoot(), k -> new ArrayList<>())
            .add(r.node());
      }
      if (roots.size() > 1) {
        return CheckResult.invalid(
            NAME, "blocks at height " + h + " commit to different state roots: " + byRoot(roots));
      }
    }
    return CheckResult.valid(
        NAME,
        audited.size()
            + " honest nodes: each one's stored state rebuilds to its head's root, and the roots"
            + " agree at equal heights"
            + (unread.isEmpty() ? "" : "; not read: " + unread));
  }

  /** "root ca68… on [n1]; root ded4… on [n0]". */
  private static String byRoot(Map<String, List<String>> roots) {
    List<String> parts = new ArrayList<>();
    roots.forEach(
        (root, nodes) -> parts.add("root " + SafetyChecker.shortId(root) + "… on " + nodes));
    return String.join("; ", parts);
  }
}
