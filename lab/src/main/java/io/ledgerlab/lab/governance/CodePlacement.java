package io.ledgerlab.lab.governance;

import io.ledgerlab.lab.manifest.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which chain-code jars each node carries beyond its genesis, and putting them in its code
 * directory. Two rules, one of them in force for a network: when no software version of the network
 * names chain code, every node carries every jar the scenario's governance names ({@link
 * #jarsFor}); when one does, each node carries exactly what its version names ({@link
 * #placeVersion}), and a rolling upgrade swaps that set with the rest of its software — which is
 * how a node comes to lack the jar an install needs, and halts until it is upgraded.
 */
public final class CodePlacement {
  private CodePlacement() {}

  /**
   * The jars {@code node} carries for the scenario's governance: every jar that {@code steps} name,
   * each once — none when the network's versions say what each node carries.
   */
  public static List<Path> jarsFor(Network network, List<GovernanceStep> steps, String node) {
    if (versionsCarryCode(network)) {
      return List.of();
    }
    Set<Path> jars = new LinkedHashSet<>();
    steps.forEach(s -> jars.add(s.jar()));
    return List.copyOf(jars);
  }

  /** Whether some version of {@code network} names chain code, so versions decide placement. */
  public static boolean versionsCarryCode(Network network) {
    return network.versions().values().stream().anyMatch(v -> !v.chainCode().isEmpty());
  }

  /**
   * Makes {@code codeDir} hold exactly the jars of the version {@code node} runs, when the
   * network's versions decide placement: the jars of another version are removed. Called before
   * each start of a node's software, the first and every one after an upgrade.
   */
  public static void placeVersion(Network network, Network.NodeSpec node, Path codeDir)
      throws IOException {
    if (!versionsCarryCode(network)) {
      return;
    }
    Files.createDirectories(codeDir);
    Set<String> keep = new java.util.HashSet<>();
    for (Network.ChainCodeJar j : network.version(node.version()).chainCode()) {
      keep.add(copy(j.jar(), codeDir).getFileName().toString());
    }
    try (java.util.stream.Stream<Path> files = Files.list(codeDir)) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().endsWith(".jar")
            && !keep.contains(f.getFileName().toString())) {
          Files.delete(f);
        }
      }
    }
  }

  /**
   * Copies {@code jar} into {@code codeDir} under its own file name. The copy is written beside and
   * moved into place, so a node that looks at the directory meanwhile sees the whole jar or none.
   */
  public static Path copy(Path jar, Path codeDir) throws IOException {
    Files.createDirectories(codeDir);
    Path target = codeDir.resolve(jar.getFileName().toString());
    Path tmp = Files.createTempFile(codeDir, ".jar-", ".part");
    try {
      Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }
}
