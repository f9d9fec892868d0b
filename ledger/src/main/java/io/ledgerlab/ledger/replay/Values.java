package io.ledgerlab.ledger.replay;

import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chaincode.Event;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.state.Account;
import io.ledgerlab.ledger.state.StateKey;

/** State values and receipts in words, for a replay's report. */
public final class Values {
  private Values() {}

  /**
   * {@code value} as the kind of key that holds it reads: an account's balance and nonce, a version
   * number, a chain code's bytes (text when printable, else hex); "absent" for null.
   */
  public static String describe(StateKey key, byte[] value) {
    if (value == null) {
      return "absent";
    }
    if (key instanceof StateKey.AccountKey) {
      try {
        Account a = Account.decode(value);
        return "balance " + a.balance() + ", nonce " + a.nonce();
      } catch (DecodeException e) {
        return "0x" + Hex.encode(value) + " (not an account record)";
      }
    }
    if ((key instanceof StateKey.Version || key instanceof StateKey.Upgrade) && value.length == 4) {
      return "version " + java.nio.ByteBuffer.wrap(value).getInt();
    }
    return StateKey.readable(value);
  }

  /** Such as {@code ok, result 0x0102, events [put]} or {@code failed BAD_ARGS: no key}. */
  public static String describe(Receipt r) {
    if (r == null) {
      return "none";
    }
    if (!r.ok()) {
      return "failed " + r.errorCode() + (r.message().isEmpty() ? "" : ": " + r.message());
    }
    byte[] result = r.result();
    return "ok, result "
        + (result.length == 0 ? "empty" : "0x" + Hex.encode(result))
        + ", events "
        + r.events().stream().map(Event::type).toList();
  }
}
