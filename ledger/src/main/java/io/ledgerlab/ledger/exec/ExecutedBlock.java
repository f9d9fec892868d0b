package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.state.StateStore;
import io.ledgerlab.ledger.store.ChainHead;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.ledger.tx.TxCheck;
import java.util.List;

/**
 * A block that has been executed on top of {@code parent} but not committed: its receipts and its
 * staged state changes, ready to be written in one batch, and what this node saw on the way
 * (dropped candidates, chain-code exceptions), which is neither hashed nor stored.
 */
public record ExecutedBlock(
    ChainHead parent,
    Block block,
    List<Receipt> receipts,
    StateStore.Staged state,
    List<Dropped> dropped,
    List<ChainCodeError> chainCodeErrors) {
  public ExecutedBlock {
    receipts = List.copyOf(receipts);
    dropped = List.copyOf(dropped);
    chainCodeErrors = List.copyOf(chainCodeErrors);
  }

  /** A candidate the proposer left out, and why. */
  public record Dropped(Transaction tx, TxCheck check) {}

  /**
   * The exception an included transaction's chain code threw, for people. Its receipt holds only
   * {@link BlockExecutor#CHAIN_CODE_ERROR}: this text comes from the JDK and may differ between
   * nodes, so it must stay out of anything hashed.
   */
  public record ChainCodeError(Hash txHash, String chainCode, String exception) {}
}
