package io.ledgerlab.ledger.exec;

/**
 * Chain code in force from {@code height} on that this node does not have: executing the block
 * without it would diverge from every node that has it, so the node halts until it gets it.
 */
public record MissingCode(String chainCode, int version, String sha256, long height) {
  @Override
  public String toString() {
    return chainCode
        + " version "
        + version
        + " (jar SHA-256 "
        + sha256
        + ") is in force at height "
        + height
        + " and this node does not have it";
  }
}
