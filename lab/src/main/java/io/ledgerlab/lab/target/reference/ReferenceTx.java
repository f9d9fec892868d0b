package io.ledgerlab.lab.target.reference;

import io.ledgerlab.lab.target.SignedTx;
import io.ledgerlab.ledger.tx.Transaction;

/** A reference-chain transaction, signed; its id is its hash in hex. */
record ReferenceTx(Transaction tx, String id) implements SignedTx {
  static ReferenceTx of(Transaction tx) {
    return new ReferenceTx(tx, tx.hash().hex());
  }
}
