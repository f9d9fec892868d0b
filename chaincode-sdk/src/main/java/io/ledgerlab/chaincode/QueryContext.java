package io.ledgerlab.chaincode;

import java.util.List;

/** What a chain code may read: its own keys, balances, and where the chain is. */
public interface QueryContext {
  int KEY_BYTES_MAX = 256;
  int VALUE_BYTES_MAX = 64 * 1024;
  int RANGE_LIMIT_MAX = 1_000;

  /**
   * The most bytes of keys and values one range returns; it stops before the entry that would pass
   * it.
   */
  int RANGE_BYTES_MAX = 1024 * 1024;

  /** The value under {@code key} in this chain code's own key space, or null. */
  byte[] get(byte[] key);

  /**
   * Keys in [from, to) of this chain code's space, in unsigned byte order, at most {@code limit}
   * (itself at most {@value #RANGE_LIMIT_MAX}) and at most {@value #RANGE_BYTES_MAX} bytes of keys
   * and values: a shorter list than the limit may mean more keys follow. A null bound is open.
   */
  List<KeyValue> range(byte[] fromInclusive, byte[] toExclusive, int limit);

  /** The native token balance of {@code account}. */
  long balanceOf(Address account);

  /** The height of the block being executed, or of the latest block for a query. */
  long height();

  /** The time in the block header, microseconds since the epoch: never the wall clock. */
  long blockTimeMicros();

  /** One stored key and its value. */
  record KeyValue(byte[] key, byte[] value) {}
}
