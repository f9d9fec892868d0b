package io.ledgerlab.ledger.sandbox.samples;

/** Spawns a thread. */
public class ThreadSample extends Sample {
  @Override
  protected long run(int n) {
    new Thread(() -> {}).start();
    return n;
  }
}
