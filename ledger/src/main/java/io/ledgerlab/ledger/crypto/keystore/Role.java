package io.ledgerlab.ledger.crypto.keystore;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a key is for. It travels in the keystore (the {@code role} field), so a key directory can be
 * listed by purpose without a password, and a tool can refuse a key given for the wrong job.
 */
public enum Role {
  /** Signs consensus messages: proposals and votes. */
  VALIDATOR,
  /** A node's peer-to-peer identity, proved in the handshake. */
  NODE,
  /** Signs governance transactions. */
  OPERATOR,
  /** Signs chain-code installs and upgrades. */
  DEPLOYER,
  /** Signs ordinary transactions: a workload's or a user's account. */
  CLIENT,
  /** The agent inside a closed network, which checks signed instructions. */
  AGENT;

  /** The spelling in files and on the command line: lower case. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role {@code key} spells, or empty. */
  public static Optional<Role> of(String key) {
    return Arrays.stream(values()).filter(r -> r.key().equals(key)).findFirst();
  }

  /** Every spelling, for messages. */
  public static String keys() {
    return String.join(", ", Arrays.stream(values()).map(Role::key).toList());
  }
}
