package io.ledgerlab.ledger.block;

/** The two voting steps of a consensus round; the wire tag of each never changes. */
public enum VoteType {
  PREVOTE(1),
  PRECOMMIT(2);

  private final int tag;

  VoteType(int tag) {
    this.tag = tag;
  }

  public int tag() {
    return tag;
  }

  public static VoteType ofTag(int tag) {
    for (VoteType t : values()) {
      if (t.tag == tag) {
        return t;
      }
    }
    return null;
  }
}
