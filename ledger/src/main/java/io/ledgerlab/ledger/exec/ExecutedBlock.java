package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.state.StateStore;
import io.ledgerlab.ledger.store.ChainHead;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import java.util.List;

/**
 * A block that has been executed on top of {@code parent} but not committed: its receipts and its
 * staged state changes, ready to be written in one batch.
 */
public record ExecutedBlock(
    ChainHead parent,
    Block block,
    List<Receipt> receipts,
    StateStore.Staged state,
    List<Dropped> dropped) {
  public ExecutedBlock {
    receipts = List.copyOf(receipts);
    dropped = List.copyOf(dropped);
  }

  /** A candidate the proposer left out, and why. */
  public record Dropped(Transaction tx, TxCheck check) {}
}
