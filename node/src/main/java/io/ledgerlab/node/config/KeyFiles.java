package io.ledgerlab.node.config;

import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.node.keys.KeystoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Plain key files: one Ed25519 seed as 64 hex characters, readable by the owner only. The lab now
 * writes keystores ({@link NodeKeys}); plain files remain for tests and hand-made configs.
 */
public final class KeyFiles {
  private KeyFiles() {}

  public static KeyPair read(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file).trim();
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the key file: " + e.getMessage(), e);
    }
    if (text.startsWith("{")) {
      throw new ConfigException(
          file
              + ": a keystore, not a hex seed; it opens with a password (passwordFile or"
              + " passwordEnv)");
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
    KeystoreFiles.writePrivate(file, HexFormat.of().formatHex(key.seed()) + "\n", true);
  }
}
