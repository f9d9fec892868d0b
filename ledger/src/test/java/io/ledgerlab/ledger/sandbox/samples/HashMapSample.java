package io.ledgerlab.ledger.sandbox.samples;

import java.util.HashMap;
import java.util.Map;

/** Iterates a HashMap. */
public class HashMapSample extends Sample {
  @Override
  protected long run(int n) {
    Map<Object, Integer> seen = new HashMap<>();
    seen.put(new Object(), n);
    return seen.values().iterator().next();
  }
}
