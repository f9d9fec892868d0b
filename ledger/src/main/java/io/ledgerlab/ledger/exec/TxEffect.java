package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.state.WorkingState;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What executing one transaction of a replayed block did: its receipt and every state key it
 * changed, with the value before and after. Two replays of one block under different chain code
 * compare these to name the first transaction and key on which they part.
 *
 * @param index the transaction's place in its block
 * @param changes by state key; a value is null where the key is absent
 */
public record TxEffect(
    int index, Transaction tx, Receipt receipt, SortedMap<Bytes, Change> changes) {
  public TxEffect {
    changes = Collections.unmodifiableSortedMap(new TreeMap<>(changes));
  }

  /** A key's value before the transaction and after it; null where the key is absent. */
  public record Change(byte[] before, byte[] after) {}

  /** Receives each executed transaction's effect, in block order. */
  @FunctionalInterface
  public interface Observer {
    void executed(TxEffect effect);
  }

  /**
   * The changes of one transaction from the writes it committed in turn (the call's, then the
   * nonce's): a key written twice keeps its first value before and its last value after.
   */
  static SortedMap<Bytes, Change> merge(List<WorkingState.Write> writes) {
    SortedMap<Bytes, Change> out = new TreeMap<>();
    for (WorkingState.Write w : writes) {
      Change earlier = out.get(w.key());
      out.put(w.key(), new Change(earlier == null ? w.before() : earlier.before(), w.after()));
    }
    return out;
  }
}
