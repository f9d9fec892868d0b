package io.ledgerlab.lab.load;

import io.ledgerlab.ledger.tx.Payload;

/** One operation a workload asks for: a transaction from one of the accounts, or a read. */
public sealed interface Op {
  /** A short name for counts and charts, such as {@code transfer} or {@code read}. */
  String kind();

  /** A transaction from account {@code sender} (an index into the run's accounts). */
  record Tx(String kind, int sender, Payload payload) implements Op {}

  /** A chain-code query: answered by one node, no consensus. */
  record Query(String kind, String chainCode, String method, byte[] args) implements Op {}
}
