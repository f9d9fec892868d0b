package io.ledgerlab.ledger.replay;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.Receipt;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where a replay reads a committed chain: a node's store opened read-only, a node's client, a list
 * in a test. The replay itself touches no file and no network; whoever makes the source does.
 */
public interface BlockSource {
  /** The height of the last block the source holds; 0 when it holds only genesis. */
  long head() throws IOException;

  /**
   * Block {@code height}, for every height from 1 to {@link #head()}.
   *
   * @throws IOException when the block cannot be read, or the source does not have it
   */
  Block block(long height) throws IOException;

  /**
   * The receipts the source stored with block {@code height}, when it keeps them: a chain that no
   * longer replays under its own code is then placed at the first transaction whose receipt
   * differs, not only at its block.
   */
  default Optional<List<Receipt>> receipts(long height) throws IOException {
    return Optional.empty();
  }
}
