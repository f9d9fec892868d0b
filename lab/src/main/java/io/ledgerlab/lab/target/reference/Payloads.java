package io.ledgerlab.lab.target.reference;

import io.ledgerlab.lab.target.Op;
import io.ledgerlab.ledger.chaincode.KvChainCode;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.TxRules;
import io.ledgerlab.ledger.tx.Payload;
import java.util.List;

/** The reference chain's transaction for each kind of operation. */
final class Payloads {
  private Payloads() {}

  static Payload of(Op.Tx op, List<KeyPair> accounts) {
    if (op instanceof Op.Transfer t) {
      return new Payload.Transfer(accounts.get(t.to()).address(), t.amount());
    }
    if (op instanceof Op.Put p) {
      return new Payload.Call(KvChainCode.NAME, 1, "put", KvChainCode.putArgs(p.key(), p.value()));
    }
    if (op instanceof Op.Delete d) {
      return new Payload.Call(KvChainCode.NAME, 1, "delete", KvChainCode.keyArgs(d.key()));
    }
    if (op instanceof Op.Call c) {
      // Unpinned: a load of calls runs whatever version governance has put in force.
      return new Payload.Call(c.chainCode(), TxRules.UNPINNED, c.method(), c.args());
    }
    throw new IllegalArgumentException("the reference chain has no transaction for " + op);
  }
}
