package io.ledgerlab.node.config;

/** A node configuration that cannot be used; the message names the file, the key and why. */
public final class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
