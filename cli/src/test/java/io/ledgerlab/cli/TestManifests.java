package io.ledgerlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Manifests the CLI tests write. */
final class TestManifests {
  private TestManifests() {}

  /**
   * Four nodes that never commit a block: two of them are silent, and the other two hold less than
   * the two thirds a block needs. So {@code up} is still waiting whenever the Ctrl-C comes. Written
   * to {@code dir/<name>.yaml}; returns its path.
   */
  static String neverCommits(Path dir, String name) throws IOException {
    String yaml =
        """
        name: it-%s
        accounts: 20
        blockInterval: 200ms
        nodes:
          - {name: n0}
          - {name: n1}
          - {name: n2, behaviour: silent}
          - {name: n3, behaviour: silent}
        """
            .formatted(name);
    return Files.writeString(dir.resolve(name + ".yaml"), yaml).toString();
  }
}
