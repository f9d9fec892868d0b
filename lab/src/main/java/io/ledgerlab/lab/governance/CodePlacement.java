package io.ledgerlab.lab.governance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which chain-code jars each node carries beyond its genesis, and putting them in its code
 * directory. The one decision the lab makes about it is {@link #jarsFor}: today every node carries
 * every jar the scenario's governance names.
 */
public final class CodePlacement {
  private CodePlacement() {}

  /** The jars {@code node} carries: every jar that {@code steps} name, each once. */
  public static List<Path> jarsFor(List<GovernanceStep> steps, String node) {
    Set<Path> jars = new LinkedHashSet<>();
    steps.forEach(s -> jars.add(s.jar()));
    return List.copyOf(jars);
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
