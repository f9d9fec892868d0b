package io.ledgerlab.bench;

import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.ExecutedBlock;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.store.ChainHead;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building and committing blocks of 1,000 transfers, split three ways so the costs can be told
 * apart:
 *
 * <ul>
 *   <li>{@link #executeAndCommit}: what a proposer pays per block — execute, compute the state
 *       root, write the block, receipts and state in one batch and pass the durability barrier.
 *   <li>{@link #executeOnly}: {@code propose} alone — execution, receipts and the state root.
 *   <li>{@link #commitOnly}: {@code Ledger.commit} of a block executed just before, untimed.
 * </ul>
 *
 * <p>Signatures are not checked: {@code BlockExecutor.propose} leaves that to admission (see {@link
 * TxBench} and {@link Ed25519Bench}). All transfers are signed before the measurement.
 *
 * <p>The fork gets a fixed, pre-touched heap. Without it, on this project's virtual machines the
 * first touch of each new heap page is slow enough to swing one configuration between 25 and 120 ms
 * a block from one iteration to the next; a long-running node has touched its heap long before.
 */
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BlockBench {
  static final int TRANSFERS_PER_BLOCK = 1_000;

  /**
   * Blocks signed before the first iteration: enough for a 2-second iteration at 10 ms a block. The
   * pool grows between iterations to twice the most blocks any iteration used, since a warm JIT
   * runs up to twice as many as the first iteration did; it must never run out inside one.
   */
  static final int POOL_BLOCKS_INITIAL = 200;

  /** How many distinct blocks {@link #executeOnly} rotates through. */
  static final int EXECUTE_ONLY_BLOCKS_MAX = 16;

  /** The height of the chain {@link #executeOnly} builds on. */
  static final int HELD_CHAIN_BLOCKS = 64;

  private static final Address PROPOSER = BenchChain.key(-1).address();

  /**
   * A funded chain on a fresh disk that grows by one pre-signed block per invocation. The blocks
   * are valid only in order from genesis, so when too few are left for another iteration the chain
   * starts again from genesis on a new disk, between iterations, and the pool serves again.
   */
  @State(Scope.Benchmark)
  public static class Chain {
    @Param({"memory", "rocksdb"})
    public String disk;

    @Param({"10000", "100000"})
    public int accounts;

    Ledger ledger;
    private Genesis genesis;
    private TransferPool pool;
    private BenchChain.BenchDisk store;
    private int nextBlock;
    private int iterationFirstBlock;
    private int iterationBlocksMost;

    @Setup(Level.Trial)
    public void signTransfers() {
      List<KeyPair> keys = BenchChain.keys(accounts);
      genesis = BenchChain.genesis(keys);
      pool = new TransferPool(BenchChain.CHAIN_ID, keys, TRANSFERS_PER_BLOCK);
      pool.growTo(POOL_BLOCKS_INITIAL);
    }

    @Setup(Level.Iteration)
    public void ensureBlocksLeft() {
      int needed = 2 * iterationBlocksMost;
      if (store == null || pool.size() - nextBlock < needed) {
        pool.growTo(needed);
        if (store != null) {
          store.close();
        }
        store = BenchChain.BenchDisk.open(disk);
        ledger = BenchChain.open(store.disk(), genesis);
        nextBlock = 0;
      }
      iterationFirstBlock = nextBlock;
    }

    @TearDown(Level.Iteration)
    public void countBlocks() {
      iterationBlocksMost = Math.max(iterationBlocksMost, nextBlock - iterationFirstBlock);
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
    }

    List<Transaction> nextBlock() {
      if (nextBlock == pool.size()) {
        throw new IllegalStateException(
            "all "
                + pool.size()
                + " pre-signed blocks were used; raise BlockBench.POOL_BLOCKS_INITIAL or shorten"
                + " the iteration time");
      }
      return pool.block(nextBlock++);
    }
  }

  /** A {@link Chain} with the next block already executed before each invocation. */
  @State(Scope.Benchmark)
  public static class ChainWithExecutedBlock extends Chain {
    ExecutedBlock executed;

    /**
     * Per-invocation setup is sound here: the timed commit takes milliseconds, far above the
     * timestamp cost JMH warns about, and the block must be executed on the head the previous
     * invocation committed.
     */
    @Setup(Level.Invocation)
    public void executeNextBlock() {
      executed = propose(ledger, nextBlock());
    }
  }

  /**
   * A funded chain grown by {@link #HELD_CHAIN_BLOCKS} committed blocks and then held still, so
   * {@link #executeOnly} reads a disk like the ones {@link #executeAndCommit} grows rather than a
   * bare genesis. It builds blocks on the head and throws them away, rotating through the next
   * pre-signed blocks: each is valid on that head, since no sender appears twice among them.
   */
  @State(Scope.Benchmark)
  public static class HeldChain {
    @Param({"memory", "rocksdb"})
    public String disk;

    @Param({"10000", "100000"})
    public int accounts;

    Ledger ledger;
    private TransferPool pool;
    private BenchChain.BenchDisk store;
    private int rotation;
    private int next;

    @Setup(Level.Trial)
    public void growChain() {
      List<KeyPair> keys = BenchChain.keys(accounts);
      pool = new TransferPool(BenchChain.CHAIN_ID, keys, TRANSFERS_PER_BLOCK);
      rotation = Math.min(EXECUTE_ONLY_BLOCKS_MAX, pool.blocksWithoutRepeatedSender());
      pool.growTo(HELD_CHAIN_BLOCKS + rotation);
      store = BenchChain.BenchDisk.open(disk);
      ledger = BenchChain.open(store.disk(), BenchChain.genesis(keys));
      for (int i = 0; i < HELD_CHAIN_BLOCKS; i++) {
        ledger.commit(propose(ledger, pool.block(i)));
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
    }

    List<Transaction> nextBlock() {
      List<Transaction> block = pool.block(HELD_CHAIN_BLOCKS + next);
      next = (next + 1) % rotation;
      return block;
    }
  }

  @Benchmark
  public ChainHead executeAndCommit(Chain chain) {
    chain.ledger.commit(propose(chain.ledger, chain.nextBlock()));
    return chain.ledger.head();
  }

  @Benchmark
  public ExecutedBlock executeOnly(HeldChain chain) {
    return propose(chain.ledger, chain.nextBlock());
  }

  @Benchmark
  public ChainHead commitOnly(ChainWithExecutedBlock chain) {
    chain.ledger.commit(chain.executed);
    return chain.ledger.head();
  }

  /** Proposes {@code txs} on the head; every one must be included, or the figure means nothing. */
  static ExecutedBlock propose(Ledger ledger, List<Transaction> txs) {
    ChainHead head = ledger.head();
    ExecutedBlock executed =
        ledger
            .executor()
            .propose(
                ledger.chainId(),
                head,
                txs,
                head.timeMicros() + 1_000_000,
                PROPOSER,
                CommitCertificate.EMPTY);
    if (!executed.dropped().isEmpty()) {
      throw new IllegalStateException(
          executed.dropped().size()
              + " of "
              + txs.size()
              + " transfers were dropped at height "
              + (head.height() + 1)
              + ", first: "
              + executed.dropped().get(0).check());
    }
    return executed;
  }
}
