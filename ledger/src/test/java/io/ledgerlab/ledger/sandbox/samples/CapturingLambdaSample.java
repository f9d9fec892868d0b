package io.ledgerlab.ledger.sandbox.samples;

import java.util.function.IntSupplier;

/** A counter hidden in a static lambda's captured array: state that outlives every call. */
public class CapturingLambdaSample extends Sample {
  static final IntSupplier COUNTER;

  static {
    int[] box = new int[1];
    COUNTER = () -> ++box[0];
  }

  @Override
  protected long run(int n) {
    return COUNTER.getAsInt();
  }
}
