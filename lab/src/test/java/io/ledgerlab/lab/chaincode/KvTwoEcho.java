package io.ledgerlab.lab.chaincode;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.Outcome;

/**
 * A version 2 of {@code kv} that changes what an old transaction answers: {@code put} returns the
 * value it stored, where version 1 returned nothing. The writes are the same; the receipts are not.
 */
public class KvTwoEcho extends KvTwo {
  @Override
  protected Outcome put(CallContext context, byte[] key, byte[] value) {
    Outcome stored = super.put(context, key, value);
    return stored.succeeded() ? Outcome.ok(value) : stored;
  }
}
