package io.ledgerlab.ledger.replay;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.CodeSource;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.exec.BlockExecutor;
import io.ledgerlab.ledger.exec.Codes;
import io.ledgerlab.ledger.exec.ExecutedBlock;
import io.ledgerlab.ledger.exec.GenesisState;
import io.ledgerlab.ledger.exec.InvalidBlockException;
import io.ledgerlab.ledger.exec.TxEffect;
import io.ledgerlab.ledger.exec.TxRules;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.state.StateStore;
import io.ledgerlab.ledger.store.ChainHead;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.disk.WriteBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * One side of a replay: a fresh state in memory, from genesis, moved block by block through the
 * chain's one execution path ({@link BlockExecutor#replay}) under one set of chain code. Only the
 * state is kept — not the blocks, which the source already holds.
 */
final class Side {
  private final Genesis genesis;
  private final MemoryDisk disk = new MemoryDisk();
  private final StateStore store = new StateStore(disk);
  private final BlockExecutor executor;
  private ChainHead head;

  /**
   * @param source the jars governance installed that this side runs, by hash
   */
  Side(Genesis genesis, ChainCodeRegistry registry, CodeSource source) {
    this.genesis = genesis;
    Codes codes = new Codes(registry, source);
    this.executor = new BlockExecutor(new TxRules(genesis, codes), codes, genesis.params(), store);
    StateStore.Staged staged = store.stage(GenesisState.writes(genesis, store));
    write(staged);
    Hash genesisHash = genesis.hash();
    this.head =
        new ChainHead(0, genesisHash, staged.root(), genesis.genesisTimeMicros(), genesisHash);
  }

  /** What one block did on this side: each transaction's effect, and the block or why it broke. */
  record Step(List<TxEffect> effects, ExecutedBlock executed, String failure) {
    boolean failed() {
      return executed == null;
    }
  }

  /** Executes {@code block} on this side's head, without committing it. */
  Step execute(Block block, boolean verifySignatures) {
    List<TxEffect> effects = new ArrayList<>();
    try {
      ExecutedBlock executed =
          executor.replay(genesis.chainId(), head, block, verifySignatures, effects::add);
      return new Step(effects, executed, null);
    } catch (InvalidBlockException e) {
      return new Step(effects, null, e.getMessage());
    } catch (io.ledgerlab.ledger.exec.MissingCodeException e) {
      // Not a verdict on the chain: the replay was not given the jar governance installed.
      throw new IllegalArgumentException(
          "block "
              + block.height()
              + " runs a chain code governance installed, whose jar this replay was not given ("
              + e.getMessage()
              + "); give the node's code directory, where its node keeps such jars",
          e);
    }
  }

  /** Makes an executed block this side's head. */
  void commit(ExecutedBlock executed) {
    write(executed.state());
    Block b = executed.block();
    head =
        new ChainHead(
            b.height(),
            b.hash(),
            executed.state().root(),
            b.header().timeMicros(),
            head.genesisHash());
  }

  ChainHead head() {
    return head;
  }

  /** The state at {@link #head()}. */
  StateReader state() {
    return store;
  }

  private void write(StateStore.Staged staged) {
    WriteBatch batch = new WriteBatch();
    staged.addTo(batch);
    disk.write(batch);
    // Nothing here survives the process anyway; the barrier only keeps the disk's queue of
    // unsynced batches from growing with the chain.
    disk.sync();
    store.committed(staged);
  }
}
