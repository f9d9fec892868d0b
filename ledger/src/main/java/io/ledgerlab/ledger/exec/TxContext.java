package io.ledgerlab.ledger.exec;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCodeLimitException;
import io.ledgerlab.ledger.block.Receipt;
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
  private long bytes;

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
    long bytes = 0;
    for (Map.Entry<Bytes, byte[]> e : reader.scan(from, to, limit)) {
      byte[] full = e.getKey().unsafeArray();
      bytes += full.length - space.length + e.getValue().length;
      if (bytes > RANGE_BYTES_MAX) {
        break;
      }
      out.add(
          new KeyValue(
              java.util.Arrays.copyOfRange(full, space.length, full.length), e.getValue()));
    }
    return out;
  }

  @Override
  public long balanceOf(io.ledgerlab.chaincode.Address account) {
    return Accounts.get(reader, ledger(account)).balance();
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
  public io.ledgerlab.chaincode.Address caller() {
    return io.ledgerlab.chaincode.Address.of(signer().bytes());
  }

  private Address signer() {
    if (caller == null) {
      throw new UnsupportedOperationException("a query has no caller");
    }
    return caller;
  }

  private static Address ledger(io.ledgerlab.chaincode.Address a) {
    return Address.of(a.bytes());
  }

  @Override
  public void put(byte[] key, byte[] value) {
    if (value.length > VALUE_BYTES_MAX) {
      throw new ChainCodeLimitException(
          "value of " + value.length + " bytes exceeds " + VALUE_BYTES_MAX);
    }
    countWrite();
    countBytes(key.length + value.length);
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
    // Counted again on the copy: a map may report one size and hold another.
    if (sorted.size() > Receipt.ATTRIBUTES_MAX) {
      throw new ChainCodeLimitException(
          "event '" + type + "' has more than " + Receipt.ATTRIBUTES_MAX + " attributes");
    }
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
  public boolean transferFromCaller(io.ledgerlab.chaincode.Address target, long amount) {
    if (amount <= 0) {
      throw new IllegalArgumentException("transfer amount must be positive, got " + amount);
    }
    Address to = ledger(target);
    Account from = Accounts.get(writer(), signer());
    if (from.balance() < amount) {
      return false;
    }
    if (to.equals(caller)) {
      return true;
    }
    countWrite();
    Accounts.put(writer, caller, from.withBalance(from.balance() - amount));
    Account credited = Accounts.get(writer, to);
    Accounts.put(writer, to, credited.withBalance(Math.addExact(credited.balance(), amount)));
    return true;
  }

  /** Canary {@link io.ledgerlab.ledger.consensus.Canary#MINT}: credits tokens out of nothing. */
  void mintForCanary(Address to, long amount) {
    countWrite();
    Account recipient = Accounts.get(writer(), to);
    Accounts.put(writer, to, recipient.withBalance(Math.addExact(recipient.balance(), amount)));
  }

  /**
   * Charges a write's bytes to the call and to the block. Both limits keep a block's state changes
   * (held in memory until it commits) far below a node's heap, the same on every node.
   */
  private void countBytes(long add) {
    if (bytes + add > WRITE_BYTES_PER_CALL_MAX) {
      throw new ChainCodeLimitException(
          "more than " + WRITE_BYTES_PER_CALL_MAX + " bytes written in one call");
    }
    if (writer().chainCodeBytes() + bytes + add > WRITE_BYTES_PER_BLOCK_MAX) {
      throw new ChainCodeLimitException(
          "the block's budget of " + WRITE_BYTES_PER_BLOCK_MAX + " written bytes is spent");
    }
    bytes += add;
  }

  /** The bytes this call wrote. */
  long bytesWritten() {
    return bytes;
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
