package io.ledgerlab.node.config;

import io.ledgerlab.ledger.crypto.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  public static void write(KeyPair key, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, HexFormat.of().formatHex(key.seed()) + "\n");
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the file keeps the platform's default permissions.
    }
  }
}
