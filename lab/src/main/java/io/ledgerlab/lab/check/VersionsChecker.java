package io.ledgerlab.lab.check;

import io.ledgerlab.lab.engine.NodeEvent;
import io.ledgerlab.lab.target.BlockView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Nodes on different software versions agree on what every block does. A version whose execution
 * differs shows in two ways, and this check names it with the first height where it did: one of its
 * nodes refuses a block the network committed because executing it gives another state or receipts
 * root (the node's log says {@code block.invalid}), or nodes of two versions commit different state
 * roots at one height. Which version a node ran when is the engine's word: the manifest's at the
 * start, then each start after a rolling upgrade.
 */
public final class VersionsChecker implements Checker {
  public static final String NAME = "versions";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CheckResult check(RunRecord run) {
    Map<String, List<Span>> spans = spans(run);
    List<NodeRead> chains = run.chains();
    if (chains.isEmpty()) {
      return CheckResult.unknown(NAME, "no honest node's chain could be read");
    }
    Optional<Diverged> refused = firstRefusal(run, spans, chains);
    Optional<Diverged> forked = firstRootSplit(run, spans, chains);
    Optional<Diverged> first =
        java.util.stream.Stream.of(refused, forked)
            .flatMap(Optional::stream)
            .min(Comparator.comparingLong(Diverged::height));
    if (first.isPresent()) {
      return CheckResult.invalid(NAME, first.get().sentence() + "; " + describe(spans));
    }
    long common = chains.stream().mapToLong(NodeRead::height).min().orElse(0);
    return CheckResult.valid(
        NAME,
        describe(spans)
            + ": no node refused a committed block's execution, and the state roots agree up to"
            + " height "
            + common);
  }

  /** A version and the run second from which a node ran it. */
  record Span(String version, double fromSeconds) {}

  /** Where a version first parted from the chain, in a sentence. */
  private record Diverged(long height, String sentence) {}

  /** Each node's versions over the run: the manifest's first, then each start that names one. */
  private static Map<String, List<Span>> spans(RunRecord run) {
    Map<String, List<Span>> out = new LinkedHashMap<>();
    for (NodeInfo n : run.nodes()) {
      out.computeIfAbsent(n.name(), k -> new ArrayList<>()).add(new Span(n.version(), 0));
    }
    for (NodeEvent e : run.nodeEvents()) {
      List<Span> node = out.get(e.node());
      if (e.type() == NodeEvent.Type.STARTED && !e.version().isEmpty() && node != null) {
        if (!node.get(node.size() - 1).version().equals(e.version())) {
          node.add(new Span(e.version(), e.atMicros() / 1e6));
        }
      }
    }
    return out;
  }

  private static String versionAt(Map<String, List<Span>> spans, String node, double seconds) {
    String version = "?";
    for (Span s : spans.getOrDefault(node, List.of())) {
      if (s.fromSeconds() <= seconds) {
        version = s.version();
      }
    }
    return version;
  }

  /** The version a node ran at the end of the run, which its final chain was read under. */
  private static String lastVersion(Map<String, List<Span>> spans, String node) {
    List<Span> s = spans.getOrDefault(node, List.of());
    return s.isEmpty() ? "?" : s.get(s.size() - 1).version();
  }

  /** The lowest committed block a node refused for its execution, with the node's version then. */
  private static Optional<Diverged> firstRefusal(
      RunRecord run, Map<String, List<Span>> spans, List<NodeRead> chains) {
    Map<Long, String> committed = new TreeMap<>();
    for (NodeRead r : chains) {
      for (BlockView b : r.chain()) {
        committed.putIfAbsent(b.height(), b.hash());
      }
    }
    return run.rejections().stream()
        .filter(Rejection::executionMismatch)
        .filter(x -> x.hash().equalsIgnoreCase(committed.getOrDefault(x.height(), "")))
        .min(Comparator.comparingLong(Rejection::height).thenComparingDouble(Rejection::atSeconds))
        .map(
            x -> {
              String version = versionAt(spans, x.node(), x.atSeconds());
              return new Diverged(
                  x.height(),
                  String.format(
                      java.util.Locale.ROOT,
                      "version %s diverges at height %d: %s (on %s) refused the committed block"
                          + " %s at %.1fs: %s",
                      version,
                      x.height(),
                      x.node(),
                      version,
                      SafetyChecker.shortId(x.hash()),
                      x.atSeconds(),
                      x.reason()));
            });
  }

  /** The lowest height where nodes now on different versions commit different state roots. */
  private static Optional<Diverged> firstRootSplit(
      RunRecord run, Map<String, List<Span>> spans, List<NodeRead> chains) {
    long common = chains.stream().mapToLong(NodeRead::height).min().orElse(0);
    for (long h = 1; h <= common; h++) {
      Map<String, List<String>> byRoot = new TreeMap<>();
      for (NodeRead r : chains) {
        byRoot
            .computeIfAbsent(r.chain().get((int) h - 1).stateRoot(), k -> new ArrayList<>())
            .add(r.node() + " (" + lastVersion(spans, r.node()) + ")");
      }
      if (byRoot.size() > 1) {
        List<String> parts = new ArrayList<>();
        byRoot.forEach((root, nodes) -> parts.add(SafetyChecker.shortId(root) + "… on " + nodes));
        return Optional.of(
            new Diverged(
                h,
                "versions commit different state roots at height "
                    + h
                    + ": "
                    + String.join("; ", parts)));
      }
    }
    return Optional.empty();
  }

  /** "v1 on [n0, n1, n3]; v2 on [n2 from 30.5s]". */
  private static String describe(Map<String, List<Span>> spans) {
    Map<String, List<String>> byVersion = new TreeMap<>();
    spans.forEach(
        (node, list) -> {
          for (Span s : list) {
            byVersion
                .computeIfAbsent(s.version(), k -> new ArrayList<>())
                .add(
                    s.fromSeconds() == 0
                        ? node
                        : String.format(
                            java.util.Locale.ROOT, "%s from %.1fs", node, s.fromSeconds()));
          }
        });
    List<String> parts = new ArrayList<>();
    byVersion.forEach((v, nodes) -> parts.add(v + " on " + nodes));
    return String.join("; ", parts);
  }
}
