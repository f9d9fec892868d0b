package io.ledgerlab.ledger.consensus;

/**
 * How a node misbehaves, for tests. Each is an {@link Outbox} wrapped around the honest one: the
 * node's own consensus runs unmodified and only what it says is bent.
 */
public enum Behaviour {
  HONEST,
  /** As proposer, offers one block to half the honest peers and a different one to the rest. */
  DOUBLE_PROPOSE,
  /** Sends each vote to half the honest peers and a conflicting vote to the rest. */
  DOUBLE_VOTE,
  /** Both of the above, coordinated across the coalition: the attack that forks with f+1. */
  EQUIVOCATE,
  /**
   * As proposer, hides its block and prevote from the next round's proposer and sends its precommit
   * to one honest validator only: that one commits, the others stay locked, and the next proposer
   * offers a different block. Validators that keep their lock stay safe; a consensus that forgets
   * it forks (the lock canary).
   */
  LOCK_ATTACK,
  /** Never sends its votes. */
  WITHHOLD_VOTES,
  /** Sends every vote and proposal with a corrupted signature. */
  INVALID_SIGNATURES,
  /** Re-sends old messages at random alongside the current ones. */
  REPLAY,
  /** Sends nothing at all. */
  SILENT;

  public boolean isByzantine() {
    return this != HONEST;
  }
}
