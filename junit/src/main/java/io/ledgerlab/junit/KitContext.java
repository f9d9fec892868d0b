package io.ledgerlab.junit;

import io.ledgerlab.chaincode.Address;
import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCodeLimitException;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.codec.Encoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The context one call sees in a {@link ChainCodeKit}: its own key space, the balances, the caller
 * and the block, with the node's limits (the ledger's TxContext) enforced the same way.
 */
final class KitContext implements CallContext {
  private final ChainCodeKit.State state;
  private final String chainCode;
  private final TreeMap<byte[], byte[]> space;
  private final Address caller;
  private final List<io.ledgerlab.junit.Receipt.Event> events = new ArrayList<>();
  private int writes;
  private long bytes;

  /** A call context, or a query's when {@code caller} is null. */
  KitContext(ChainCodeKit.State state, String chainCode, Address caller) {
    this.state = state;
    this.chainCode = chainCode;
    this.space = state.spaces.get(chainCode);
    this.caller = caller;
  }

  List<io.ledgerlab.junit.Receipt.Event> events() {
    return List.copyOf(events);
  }

  @Override
  public byte[] get(byte[] key) {
    byte[] v = space.get(checkKey(key));
    return v == null ? null : v.clone();
  }

  @Override
  public List<KeyValue> range(byte[] fromInclusive, byte[] toExclusive, int limit) {
    if (limit < 0 || limit > RANGE_LIMIT_MAX) {
      throw new ChainCodeLimitException(
          "range limit must be in [0, " + RANGE_LIMIT_MAX + "], got " + limit);
    }
    Map<byte[], byte[]> view;
    if (fromInclusive == null && toExclusive == null) {
      view = space;
    } else if (fromInclusive == null) {
      view = space.headMap(checkKey(toExclusive), false);
    } else if (toExclusive == null) {
      view = space.tailMap(checkKey(fromInclusive), true);
    } else if (Arrays.compareUnsigned(fromInclusive, toExclusive) >= 0) {
      return List.of();
    } else {
      view = space.subMap(checkKey(fromInclusive), true, checkKey(toExclusive), false);
    }
    List<KeyValue> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : view.entrySet()) {
      if (out.size() >= limit) {
        break;
      }
      out.add(new KeyValue(e.getKey().clone(), e.getValue().clone()));
    }
    return out;
  }

  @Override
  public long balanceOf(Address account) {
    return state.balances.getOrDefault(account, 0L);
  }

  @Override
  public long height() {
    return state.height;
  }

  @Override
  public long blockTimeMicros() {
    return state.timeMicros;
  }

  @Override
  public Address caller() {
    if (caller == null) {
      throw new UnsupportedOperationException("a query has no caller");
    }
    return caller;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    writable();
    if (value.length > VALUE_BYTES_MAX) {
      throw new ChainCodeLimitException(
          "value of " + value.length + " bytes exceeds " + VALUE_BYTES_MAX);
    }
    // In the node's order (TxContext): the write is counted, then its bytes, then the key checked.
    countWrite();
    countBytes(key.length + value.length);
    byte[] k = checkKey(key);
    space.put(k.clone(), value.clone());
  }

  @Override
  public void delete(byte[] key) {
    writable();
    countWrite();
    space.remove(checkKey(key));
  }

  @Override
  public void emit(String type, Map<String, String> attributes) {
    if (events.size() >= EVENTS_PER_CALL_MAX) {
      throw new ChainCodeLimitException("more than " + EVENTS_PER_CALL_MAX + " events in one call");
    }
    // Copied first: the count is the copy's, since a user's Map may say any size().
    TreeMap<String, String> sorted = new TreeMap<>(attributes);
    if (sorted.size() > Receipt.ATTRIBUTES_MAX || utf8(type) > Receipt.CODE_BYTES_MAX) {
      throw new ChainCodeLimitException(
          "event '" + type + "' exceeds the attribute or name limits");
    }
    if (!Encoder.isWellFormed(type)) {
      throw new ChainCodeLimitException("event type is not well-formed Unicode");
    }
    for (Map.Entry<String, String> a : sorted.entrySet()) {
      if (!Encoder.isWellFormed(a.getKey()) || !Encoder.isWellFormed(a.getValue())) {
        throw new ChainCodeLimitException(
            "event attribute '" + a.getKey() + "' is not well-formed Unicode");
      }
      if (utf8(a.getKey()) > Receipt.CODE_BYTES_MAX
          || utf8(a.getValue()) > Receipt.ATTRIBUTE_BYTES_MAX) {
        throw new ChainCodeLimitException(
            "event attribute '" + a.getKey() + "' exceeds its size limit");
      }
    }
    events.add(new io.ledgerlab.junit.Receipt.Event(chainCode, type, sorted));
  }

  @Override
  public boolean transferFromCaller(Address to, long amount) {
    writable();
    if (amount <= 0) {
      throw new IllegalArgumentException("transfer amount must be positive, got " + amount);
    }
    long from = balanceOf(caller());
    if (from < amount) {
      return false;
    }
    if (to.equals(caller)) {
      return true;
    }
    countWrite();
    state.balances.put(caller, from - amount);
    state.balances.put(to, Math.addExact(balanceOf(to), amount));
    return true;
  }

  private void writable() {
    if (caller == null) {
      throw new UnsupportedOperationException("a query cannot write");
    }
  }

  private void countWrite() {
    if (++writes > WRITES_PER_CALL_MAX) {
      throw new ChainCodeLimitException("more than " + WRITES_PER_CALL_MAX + " writes in one call");
    }
  }

  /** Counts {@code add} written bytes, only once they fit: a refused write leaves no trace. */
  private void countBytes(long add) {
    if (bytes + add > WRITE_BYTES_PER_CALL_MAX) {
      throw new ChainCodeLimitException(
          "more than " + WRITE_BYTES_PER_CALL_MAX + " bytes written in one call");
    }
    bytes += add;
  }

  private static byte[] checkKey(byte[] key) {
    if (key.length > KEY_BYTES_MAX) {
      throw new ChainCodeLimitException("key of " + key.length + " bytes exceeds " + KEY_BYTES_MAX);
    }
    return key;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
