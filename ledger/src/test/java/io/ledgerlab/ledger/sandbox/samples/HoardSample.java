package io.ledgerlab.ledger.sandbox.samples;

import java.util.ArrayList;
import java.util.List;

/** Keeps millions of small objects alive: each cheap in steps, together a full heap. */
public class HoardSample extends Sample {
  @Override
  protected long run(int n) {
    List<Object> hoard = new ArrayList<>();
    for (int i = 0; i < 3_000_000; i++) {
      hoard.add(new StringBuilder(n));
    }
    return hoard.size();
  }
}
