package io.ledgerlab.ledger.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sandbox's only file access: reading a chain-code jar the operator installs, once, before
 * anything in it runs. Excluded from the node-code forbidden-apis check (ledger/pom.xml) for that
 * reason; the jar is read whole into memory so its hash and its contents are the same bytes.
 */
final class JarFiles {
  private JarFiles() {}

  /** The jar's bytes, or null when the file is larger than {@code bytesMax}. */
  static byte[] read(Path jar, long bytesMax) throws IOException {
    try (InputStream in = Files.newInputStream(jar)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > bytesMax) {
          return null;
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }
}
