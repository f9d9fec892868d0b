package io.ledgerlab.ledger.tx;

/** What a transaction does; the wire tag of each kind never changes. */
public enum TxKind {
  /** Moves native tokens from the sender to another account (the built-in {@code token}). */
  TRANSFER(1),
  /** Calls a method of a chain code at the version the caller expects. */
  CALL(2),
  /** A governance action such as a scheduled chain-code upgrade. */
  GOVERNANCE(3);

  private final int tag;

  TxKind(int tag) {
    this.tag = tag;
  }

  public int tag() {
    return tag;
  }

  /** The kind with wire tag {@code tag}, or null. */
  public static TxKind ofTag(int tag) {
    for (TxKind k : values()) {
      if (k.tag == tag) {
        return k;
      }
    }
    return null;
  }
}
