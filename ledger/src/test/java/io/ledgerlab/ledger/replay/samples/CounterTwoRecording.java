package io.ledgerlab.ledger.replay.samples;

import io.ledgerlab.chaincode.Args;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.Outcome;
import java.nio.charset.StandardCharsets;

/**
 * Version 2 of {@code counter} that answers every old call alike but also records the last addition
 * under {@code last}: the receipts agree, the state does not.
 */
public class CounterTwoRecording extends CounterOne {
  @Override
  public int version() {
    return 2;
  }

  @Override
  protected Outcome add(CallContext context, long by) {
    Outcome out = super.add(context, by);
    context.put(lastKey(), Args.writer().u64(by).toBytes());
    return out;
  }

  public static byte[] lastKey() {
    return "last".getBytes(StandardCharsets.UTF_8);
  }
}
