package io.ledgerlab.ledger.crypto.keystore;

/**
 * A keystore that cannot be read or opened. The message names the keystore and the field at fault;
 * it never holds the password, and no constructor takes one.
 */
public final class KeystoreException extends Exception {
  public KeystoreException(String message) {
    super(message);
  }
}
