package io.ledgerlab.lab.target;

/**
 * A transaction a target signed, ready to send. Only the target that made it looks inside; the lab
 * knows it by its id, which is what blocks list and the history records.
 */
public interface SignedTx {
  /** The transaction's id as the chain names it (a hash in hex). */
  String id();
}
