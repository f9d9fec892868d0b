package io.ledgerlab.ledger.sandbox.samples;

import java.util.ArrayList;
import java.util.List;

/** Hashes a list holding itself: a stack overflow inside the JDK, and identity hashes besides. */
public class CollectionHashSample extends Sample {
  @Override
  protected long run(int n) {
    List<Object> l = new ArrayList<>();
    l.add(l);
    return l.hashCode();
  }
}
