package io.ledgerlab.ledger.tx;

/** Why a transaction was not accepted. Stable names: logs, RPC errors and tests use them. */
public enum RejectReason {
  /** The bytes are not a transaction. */
  MALFORMED,
  /** Signed for another chain. */
  WRONG_CHAIN_ID,
  /** Larger than the chain's {@code txBytesMax}. */
  TOO_LARGE,
  /** The signature does not verify against the sender's key. */
  BAD_SIGNATURE,
  /** The nonce was used already (a replay) or skips ahead of the account's next nonce. */
  BAD_NONCE,
  /** The sender cannot pay the amount it sends. */
  INSUFFICIENT_BALANCE,
  /** No chain code of that name is in force. */
  UNKNOWN_CHAIN_CODE,
  /** The chain code is in force at another version than the one the caller named. */
  UNKNOWN_VERSION,
  /** A governance action this chain does not know. */
  UNKNOWN_ACTION,
  /** Governance: the sender is not one of the chain's operators (or the chain has none). */
  NOT_OPERATOR,
  /** Governance: the action's body does not decode, or asks for something never allowed. */
  BAD_BODY,
  /** Governance: a proposal's id is not the next proposal number on the chain. */
  WRONG_SEQUENCE,
  /** Governance: no proposal has that id. */
  UNKNOWN_PROPOSAL,
  /** Governance: the approval names another content hash than the proposal's. */
  CONTENT_MISMATCH,
  /** Governance: the proposal's expiry height has passed. */
  EXPIRED,
  /** Governance: this operator approved the proposal already. */
  ALREADY_APPROVED,
  /** Governance: the proposal reached its threshold and is scheduled already. */
  ALREADY_SCHEDULED,
  /** Governance: the activation height is not far enough ahead, or has passed. */
  TOO_LATE,
  /**
   * Governance: the proposal clashes with the chain as it is now: the version is not above the one
   * in force, or another upgrade of that chain code is scheduled at the same height.
   */
  CONFLICT,
  /** Already waiting in the mempool. */
  DUPLICATE,
  /** The mempool is at its bound in count or bytes. */
  MEMPOOL_FULL
}
