package io.ledgerlab.node.config;

import io.ledgerlab.ledger.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

/** Key files: one Ed25519 seed as 64 hex characters, readable by the owner only. */
public final class KeyFiles {
  private KeyFiles() {}

  public static KeyPair read(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file).trim();
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the key file: " + e.getMessage(), e);
    }
    if (!text.matches("[0-9a-fA-F]{64}")) {
      throw new ConfigException(
          file + ": expected 64 hex characters (an Ed25519 seed), got " + text.length() + " chars");
    }
    return KeyPair.fromSeed(HexFormat.of().parseHex(text));
  }

  /**
   * Writes the key to a new file created readable by the owner only (the permissions are set at
   * creation, so there is no moment when others could read it), then moves it into place.
   */
  public static void write(KeyPair key, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp;
    try {
      tmp =
          Files.createTempFile(
              dir,
              ".key",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the platform's default permissions.
      tmp = Files.createTempFile(dir, ".key", ".tmp");
    }
    try {
      Files.writeString(tmp, HexFormat.of().formatHex(key.seed()) + "\n");
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
