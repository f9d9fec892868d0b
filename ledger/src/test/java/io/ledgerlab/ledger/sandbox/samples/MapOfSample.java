package io.ledgerlab.ledger.sandbox.samples;

import java.util.Map;

/** Iterates Map.of, whose order is salted per JVM run. */
public class MapOfSample extends Sample {
  @Override
  protected long run(int n) {
    return Map.of("a", 1, "b", 2, "c", 3).keySet().iterator().next().length();
  }
}
