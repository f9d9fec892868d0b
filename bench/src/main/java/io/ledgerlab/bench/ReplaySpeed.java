package io.ledgerlab.bench;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.TokenChainCode;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.replay.BlockSource;
import io.ledgerlab.ledger.replay.ChainReplay;
import io.ledgerlab.ledger.replay.ReplayReport;
import io.ledgerlab.ledger.replay.Substitution;
import io.ledgerlab.runtime.disk.MemoryDisk;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * How fast {@code ledgerlab replay} goes: a chain of blocks of transfers built in memory, then
 * replayed from genesis under its own code alone, and side by side with a replacement (a second
 * instance of the token chain code standing in for it), each timed three times; prints a table.
 * Signatures are verified on the chain's own side, as the replay does.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.ledgerlab.bench.ReplaySpeed [blocks] [transfers]}
 */
public final class ReplaySpeed {
  private static final int ROUNDS = 3;

  private ReplaySpeed() {}

  public static void main(String[] args) throws IOException {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int transfers = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    List<KeyPair> keys = BenchChain.keys(10_000);
    Genesis genesis = BenchChain.genesis(keys);
    Ledger ledger = BenchChain.open(new MemoryDisk(), genesis);
    TransferPool pool = new TransferPool(BenchChain.CHAIN_ID, keys, transfers);
    pool.growTo(blocks);
    for (int i = 0; i < blocks; i++) {
      ledger.commit(BlockBench.propose(ledger, pool.block(i)));
    }
    ChainCodeRegistry own = ChainCodeRegistry.builtins();
    Substitution with = Substitution.of(own, List.<ChainCode>of(new TokenChainCode()));
    System.out.printf(
        Locale.ROOT,
        "| replay | blocks | transfers | best of %d, s | blocks/s | transfers/s | verdict |%n",
        ROUNDS);
    System.out.println(
        "|--------|--------|-----------|---------|----------|-------------|---------|");
    row("own code only", new ChainReplay(genesis, own, null), ledger, blocks, transfers);
    row("side by side", new ChainReplay(genesis, own, with), ledger, blocks, transfers);
  }

  private static void row(String name, ChainReplay replay, Ledger ledger, int blocks, int transfers)
      throws IOException {
    double best = Double.MAX_VALUE;
    ReplayReport report = null;
    for (int r = 0; r < ROUNDS; r++) {
      long start = System.nanoTime();
      report = replay.run(source(ledger), ChainReplay.Progress.NONE);
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    System.out.printf(
        Locale.ROOT,
        "| %s | %,d | %,d | %.2f | %,.0f | %,.0f | %s |%n",
        name,
        blocks,
        (long) blocks * transfers,
        best,
        blocks / best,
        blocks * (double) transfers / best,
        report.verdict());
  }

  private static BlockSource source(Ledger ledger) {
    return new BlockSource() {
      @Override
      public long head() {
        return ledger.height();
      }

      @Override
      public Block block(long height) throws IOException {
        return ledger.block(height).orElseThrow(() -> new IOException("no block " + height));
      }
    };
  }
}
