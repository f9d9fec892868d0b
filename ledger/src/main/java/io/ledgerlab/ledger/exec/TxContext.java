package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chaincode.CallContext;
import io.ledgerlab.ledger.chaincode.ChainCodeLimitException;
import io.ledgerlab.ledger.chaincode.Event;
import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.state.Account;
import io.ledgerlab.ledger.state.StateKeys;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.state.WorkingState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The context one chain-code call sees: its own key space of the working state, the caller, and the
 * block being built. Every limit is enforced here, so no call can grow a receipt or a block without
 * bound.
 */
final class TxContext implements CallContext {
  private final StateReader reader;
  private final WorkingState writer;
  private final String chainCode;
  private final byte[] space;
  private final Address caller;
  private final long height;
  private final long blockTimeMicros;
  private final List<Event> events = new ArrayList<>();
  private int writes;

  private TxContext(
      StateReader reader,
      WorkingState writer,
      String chainCode,
      Address caller,
      long height,
      long blockTimeMicros) {
    this.reader = reader;
    this.writer = writer;
    this.chainCode = chainCode;
    this.space = StateKeys.chainCodeSpace(chainCode);
    this.caller = caller;
    this.height = height;
    this.blockTimeMicros = blockTimeMicros;
  }

  static TxContext forCall(
      WorkingState state, String chainCode, Address caller, long height, long blockTimeMicros) {
    return new TxContext(state, state, chainCode, caller, height, blockTimeMicros);
  }

  static TxContext forQuery(
      StateReader state, String chainCode, long height, long blockTimeMicros) {
    return new TxContext(state, null, chainCode, null, height, blockTimeMicros);
  }

  @Override
  public byte[] get(byte[] key) {
    return reader.get(key(key));
  }

  @Override
  public List<KeyValue> range(byte[] fromInclusive, byte[] toExclusive, int limit) {
    if (limit < 0 || limit > RANGE_LIMIT_MAX) {
      throw new ChainCodeLimitException(
          "range limit must be in [0, " + RANGE_LIMIT_MAX + "], got " + limit);
    }
    byte[] from = fromInclusive == null ? space : key(fromInclusive);
    byte[] to =
        toExclusive == null ? io.ledgerlab.runtime.disk.Keys.prefixEnd(space) : key(toExclusive);
    List<KeyValue> out = new ArrayList<>();
    for (Map.Entry<Bytes, byte[]> e : reader.scan(from, to, limit)) {
      byte[] full = e.getKey().unsafeArray();
      out.add(
          new KeyValue(
              java.util.Arrays.copyOfRange(full, space.length, full.length), e.getValue()));
    }
    return out;
  }

  @Override
  public long balanceOf(Address account) {
    return Accounts.get(reader, account).balance();
  }

  @Override
  public long height() {
    return height;
  }

  @Override
  public long blockTimeMicros() {
    return blockTimeMicros;
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
    if (value.length > VALUE_BYTES_MAX) {
      throw new ChainCodeLimitException(
          "value of " + value.length + " bytes exceeds " + VALUE_BYTES_MAX);
    }
    countWrite();
    writer().put(key(key), value);
  }

  @Override
  public void delete(byte[] key) {
    countWrite();
    writer().delete(key(key));
  }

  @Override
  public void emit(String type, Map<String, String> attributes) {
    if (events.size() >= EVENTS_PER_CALL_MAX) {
      throw new ChainCodeLimitException("more than " + EVENTS_PER_CALL_MAX + " events in one call");
    }
    if (attributes.size() > Receipt.ATTRIBUTES_MAX || utf8(type) > Receipt.CODE_BYTES_MAX) {
      throw new ChainCodeLimitException(
          "event '" + type + "' exceeds the attribute or name limits");
    }
    if (!io.ledgerlab.ledger.codec.Encoder.isWellFormed(type)) {
      throw new ChainCodeLimitException("event type is not well-formed Unicode");
    }
    // Checked in key order: the first bad key names the receipt's message, and the caller's map
    // may iterate in any order (Map.of changes its order from one JVM run to the next).
    TreeMap<String, String> sorted = new TreeMap<>(attributes);
    for (Map.Entry<String, String> a : sorted.entrySet()) {
      if (!io.ledgerlab.ledger.codec.Encoder.isWellFormed(a.getKey())
          || !io.ledgerlab.ledger.codec.Encoder.isWellFormed(a.getValue())) {
        throw new ChainCodeLimitException(
            "event attribute '" + a.getKey() + "' is not well-formed Unicode");
      }
      if (utf8(a.getKey()) > Receipt.CODE_BYTES_MAX
          || utf8(a.getValue()) > Receipt.ATTRIBUTE_BYTES_MAX) {
        throw new ChainCodeLimitException(
            "event attribute '" + a.getKey() + "' exceeds its size limit");
      }
    }
    events.add(new Event(chainCode, type, sorted));
  }

  @Override
  public boolean transferFromCaller(Address to, long amount) {
    if (amount <= 0) {
      throw new IllegalArgumentException("transfer amount must be positive, got " + amount);
    }
    Account from = Accounts.get(writer(), caller());
    if (from.balance() < amount) {
      return false;
    }
    if (to.equals(caller)) {
      return true;
    }
    countWrite();
    Accounts.put(writer, caller, from.withBalance(from.balance() - amount));
    Account recipient = Accounts.get(writer, to);
    Accounts.put(writer, to, recipient.withBalance(Math.addExact(recipient.balance(), amount)));
    return true;
  }

  /** Canary {@link io.ledgerlab.ledger.consensus.Canary#MINT}: credits tokens out of nothing. */
  void mintForCanary(Address to, long amount) {
    countWrite();
    Account recipient = Accounts.get(writer(), to);
    Accounts.put(writer, to, recipient.withBalance(Math.addExact(recipient.balance(), amount)));
  }

  List<Event> events() {
    return events;
  }

  private WorkingState writer() {
    if (writer == null) {
      throw new UnsupportedOperationException("a query cannot write");
    }
    return writer;
  }

  private void countWrite() {
    if (++writes > WRITES_PER_CALL_MAX) {
      throw new ChainCodeLimitException("more than " + WRITES_PER_CALL_MAX + " writes in one call");
    }
  }

  private byte[] key(byte[] key) {
    if (key.length > KEY_BYTES_MAX) {
      throw new ChainCodeLimitException("key of " + key.length + " bytes exceeds " + KEY_BYTES_MAX);
    }
    return StateKeys.concat(space, key);
  }

  private static int utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
