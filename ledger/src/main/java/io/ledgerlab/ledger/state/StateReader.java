package io.ledgerlab.ledger.state;

import io.ledgerlab.ledger.codec.Bytes;
import java.util.List;
import java.util.Map;

/** Read access to a state: committed, or committed plus pending writes. */
public interface StateReader {
  /** The value under {@code key}, or null. */
  byte[] get(byte[] key);

  /** Entries with keys in [from, to), in key order, at most {@code limit}; null bounds are open. */
  List<Map.Entry<Bytes, byte[]>> scan(byte[] fromInclusive, byte[] toExclusive, int limit);
}
