package io.ledgerlab.ledger.sandbox;

import io.ledgerlab.chaincode.Address;
import io.ledgerlab.chaincode.CallContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** An in-memory call context: a TreeMap of keys in unsigned byte order, and the events emitted. */
final class FakeContext implements CallContext {
  private final NavigableMap<byte[], byte[]> state = new TreeMap<>(Arrays::compareUnsigned);
  final List<String> events = new ArrayList<>();
  private Address caller = Address.of(new byte[Address.LENGTH]);

  FakeContext as(int callerByte) {
    byte[] bytes = new byte[Address.LENGTH];
    bytes[Address.LENGTH - 1] = (byte) callerByte;
    caller = Address.of(bytes);
    return this;
  }

  @Override
  public Address caller() {
    return caller;
  }

  @Override
  public void put(byte[] key, byte[] value) {
    state.put(key.clone(), value.clone());
  }

  @Override
  public void delete(byte[] key) {
    state.remove(key);
  }

  @Override
  public void emit(String type, Map<String, String> attributes) {
    events.add(type + new TreeMap<>(attributes));
  }

  @Override
  public boolean transferFromCaller(Address to, long amount) {
    return false;
  }

  @Override
  public byte[] get(byte[] key) {
    byte[] value = state.get(key);
    return value == null ? null : value.clone();
  }

  @Override
  public List<KeyValue> range(byte[] fromInclusive, byte[] toExclusive, int limit) {
    NavigableMap<byte[], byte[]> view = state;
    if (fromInclusive != null) {
      view = view.tailMap(fromInclusive, true);
    }
    if (toExclusive != null) {
      view = view.headMap(toExclusive, false);
    }
    List<KeyValue> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e : view.entrySet()) {
      if (out.size() == limit) {
        break;
      }
      out.add(new KeyValue(e.getKey().clone(), e.getValue().clone()));
    }
    return out;
  }

  @Override
  public long balanceOf(Address account) {
    return 0;
  }

  @Override
  public long height() {
    return 7;
  }

  @Override
  public long blockTimeMicros() {
    return 1_700_000_000_000_000L;
  }
}
