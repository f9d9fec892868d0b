package io.ledgerlab.chaincode;

import java.util.Map;

/** What a state-changing call may do, on top of reading. */
public interface CallContext extends QueryContext {
  int WRITES_PER_CALL_MAX = 4_096;
  int EVENTS_PER_CALL_MAX = 64;

  /** The bytes of keys and values one call may write. */
  int WRITE_BYTES_PER_CALL_MAX = 1024 * 1024;

  /** The bytes of keys and values all calls of one block may write; later calls fail. */
  long WRITE_BYTES_PER_BLOCK_MAX = 16L * 1024 * 1024;

  /** The address that signed the transaction. */
  Address caller();

  void put(byte[] key, byte[] value);

  void delete(byte[] key);

  /** Records an event in the transaction's receipt; attributes are kept in key order. */
  void emit(String type, Map<String, String> attributes);

  /**
   * Moves {@code amount} native tokens from the caller to {@code to}. Only the caller's own funds
   * can move, so no chain code can take tokens from anyone who did not sign.
   *
   * @return false, moving nothing, when the caller's balance is too low
   */
  boolean transferFromCaller(Address to, long amount);
}
