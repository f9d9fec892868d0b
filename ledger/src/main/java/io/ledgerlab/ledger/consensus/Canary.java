package io.ledgerlab.ledger.consensus;

/**
 * Deliberately broken consensus variants. A checker that never fails proves nothing: the safety
 * checker must catch these within a bounded seed sweep (see the canary tests).
 */
public enum Canary {
  NONE,
  /** Prevotes every valid proposal even when locked on another block. */
  IGNORE_LOCK,
  /** Counts half of the voting power as a quorum instead of more than two thirds. */
  HALF_QUORUM
}
