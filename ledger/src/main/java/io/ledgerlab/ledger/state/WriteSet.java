package io.ledgerlab.ledger.state;

import io.ledgerlab.ledger.codec.Bytes;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Pending writes in key order; a null value is a delete. */
public final class WriteSet {
  private final NavigableMap<Bytes, byte[]> writes = new TreeMap<>();

  public void put(byte[] key, byte[] value) {
    writes.put(Bytes.of(key), value.clone());
  }

  public void delete(byte[] key) {
    writes.put(Bytes.of(key), null);
  }

  /** True when this set decides the key, as a put or a delete. */
  public boolean decides(byte[] key) {
    return writes.containsKey(Bytes.wrap(key));
  }

  /** The pending value; null for a pending delete. Only meaningful when {@link #decides}. */
  public byte[] value(byte[] key) {
    return writes.get(Bytes.wrap(key));
  }

  public void putAll(WriteSet other) {
    writes.putAll(other.writes);
  }

  public int size() {
    return writes.size();
  }

  public boolean isEmpty() {
    return writes.isEmpty();
  }

  public void clear() {
    writes.clear();
  }

  public Collection<Map.Entry<Bytes, byte[]>> entries() {
    return Collections.unmodifiableCollection(writes.entrySet());
  }

  /** The writes with keys in [from, to); null bounds are open. */
  NavigableMap<Bytes, byte[]> range(byte[] fromInclusive, byte[] toExclusive) {
    NavigableMap<Bytes, byte[]> view = writes;
    if (fromInclusive != null) {
      view = view.tailMap(Bytes.wrap(fromInclusive), true);
    }
    if (toExclusive != null) {
      view = view.headMap(Bytes.wrap(toExclusive), false);
    }
    return view;
  }
}
