package io.ledgerlab.lab.manifest;

/**
 * A manifest that cannot be used: the message names the file, line, column, key and what was
 * expected.
 */
public final class ManifestException extends Exception {
  public ManifestException(String message) {
    super(message);
  }

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
