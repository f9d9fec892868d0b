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
  /** Already waiting in the mempool. */
  DUPLICATE,
  /** The mempool is at its bound in count or bytes. */
  MEMPOOL_FULL
}
