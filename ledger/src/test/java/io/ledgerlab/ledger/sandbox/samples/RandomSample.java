package io.ledgerlab.ledger.sandbox.samples;

import java.util.Random;

/** Draws a random number. */
public class RandomSample extends Sample {
  @Override
  protected long run(int n) {
    return new Random().nextInt(n + 1);
  }
}
