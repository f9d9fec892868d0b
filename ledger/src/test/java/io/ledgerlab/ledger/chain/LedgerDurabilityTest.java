package io.ledgerlab.ledger.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.exec.ExecutedBlock;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.ledger.store.ChainHead;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.disk.RocksDisk;
import io.ledgerlab.runtime.disk.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerDurabilityTest {
  private final TestChain chain = new TestChain(3, 20, 10_000);
  @TempDir Path dir;

  /** Blocks of random transfers, each built on a fresh chain so they can be applied anywhere. */
  private List<List<Transaction>> randomBlocks(int blocks, int perBlock, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] nonces = new long[chain.accounts.size()];
    List<List<Transaction>> out = new ArrayList<>();
    for (int b = 0; b < blocks; b++) {
      List<Transaction> txs = new ArrayList<>();
      for (int i = 0; i < perBlock; i++) {
        int from = random.nextInt(nonces.length);
        int to = random.nextInt(nonces.length);
        txs.add(chain.transfer(from, to, nonces[from]++, 1 + random.nextInt(50)));
      }
      out.add(txs);
    }
    return out;
  }

  private static ExecutedBlock commitBlock(Ledger ledger, List<Transaction> txs, TestChain chain) {
    ExecutedBlock executed =
        ledger
            .executor()
            .propose(
                ledger.chainId(),
                ledger.head(),
                txs,
                ledger.head().timeMicros() + 1_000,
                chain.validator.address(),
                CommitCertificate.EMPTY);
    ledger.commit(executed);
    return executed;
  }

  @Test
  void rocksDbStateEqualsInMemoryStateAfterTheSameBlocks() {
    List<List<Transaction>> blocks = randomBlocks(10, 50, 11);
    Ledger memory = chain.open(new MemoryDisk());
    try (RocksDisk rocks = RocksDisk.open(dir.resolve("db"))) {
      Ledger onRocks = chain.open(rocks);
      for (List<Transaction> txs : blocks) {
        commitBlock(memory, txs, chain);
        commitBlock(onRocks, txs, chain);
        assertThat(onRocks.head()).isEqualTo(memory.head());
      }
      for (var key : chain.accounts) {
        assertThat(onRocks.account(key.address())).isEqualTo(memory.account(key.address()));
      }
    }
  }

  @Test
  void restartRecoversTheLastCommittedBlockAndItsStateRoot() throws Exception {
    ChainHead before;
    try (RocksDisk rocks = RocksDisk.open(dir.resolve("db"))) {
      Ledger ledger = chain.open(rocks);
      for (List<Transaction> txs : randomBlocks(5, 30, 5)) {
        commitBlock(ledger, txs, chain);
      }
      before = ledger.head();
    }
    try (RocksDisk rocks = RocksDisk.open(dir.resolve("db"))) {
      Ledger reopened = chain.open(rocks);
      assertThat(reopened.head()).isEqualTo(before);
      assertThat(reopened.block(5)).isPresent();
      assertThat(chain.totalBalance(reopened)).isEqualTo(20 * 10_000L);
      // The recovered trie keeps working: one more block on top of it replays on a fresh node.
      commitBlock(
          reopened,
          List.of(
              chain.transfer(0, 1, reopened.account(chain.accounts.get(0).address()).nonce(), 1)),
          chain);
      assertThat(io.ledgerlab.ledger.state.StateAudit.recomputeRoot(reopened.state()))
          .isEqualTo(reopened.head().stateRoot());
    }
  }

  @Test
  void aCrashBeforeTheBarrierLosesExactlyTheUnsyncedBlock() {
    List<List<Transaction>> blocks = randomBlocks(3, 40, 9);
    CrashingDisk disk = new CrashingDisk();
    Ledger ledger = chain.open(disk);
    commitBlock(ledger, blocks.get(0), chain);
    commitBlock(ledger, blocks.get(1), chain);
    ChainHead synced = ledger.head();

    disk.crashAtNextSync = true;
    assertThatThrownBy(() -> commitBlock(ledger, blocks.get(2), chain))
        .isInstanceOf(SimulatedCrash.class);
    disk.memory.crash(0);

    Ledger recovered = chain.open(disk);
    assertThat(recovered.head()).isEqualTo(synced);
    assertThat(recovered.block(3)).isEmpty();
    assertThat(recovered.findTx(blocks.get(2).get(0).hash())).isEmpty();
    // The node carries on from block 2: the lost block can be produced again.
    commitBlock(recovered, blocks.get(2), chain);
    assertThat(recovered.height()).isEqualTo(3);
  }

  @Test
  void aCrashThatKeepsTheUnsyncedBatchKeepsTheWholeBlock() {
    List<List<Transaction>> blocks = randomBlocks(2, 40, 21);
    CrashingDisk disk = new CrashingDisk();
    Ledger ledger = chain.open(disk);
    commitBlock(ledger, blocks.get(0), chain);
    disk.crashAtNextSync = true;
    ExecutedBlock[] attempted = new ExecutedBlock[1];
    assertThatThrownBy(
            () -> {
              attempted[0] =
                  ledger
                      .executor()
                      .propose(
                          ledger.chainId(),
                          ledger.head(),
                          blocks.get(1),
                          ledger.head().timeMicros() + 1,
                          chain.validator.address(),
                          CommitCertificate.EMPTY);
              ledger.commit(attempted[0]);
            })
        .isInstanceOf(SimulatedCrash.class);
    disk.memory.crash(1);

    Ledger recovered = chain.open(disk);
    assertThat(recovered.height()).isEqualTo(2);
    assertThat(recovered.head().stateRoot()).isEqualTo(attempted[0].state().root());
    assertThat(recovered.receipts(2)).hasSize(attempted[0].receipts().size());
  }

  @Test
  void aDiskOfAnotherChainIsRefused() throws Exception {
    MemoryDisk disk = new MemoryDisk();
    chain.open(disk);
    TestChain other = new TestChain(4, 2, 5);
    assertThatThrownBy(() -> Ledger.open(disk, other.genesis, ChainCodeRegistry.builtins()))
        .isInstanceOf(GenesisException.class)
        .hasMessageContaining("another chain");
  }

  /** A memory disk that can die at its next durability barrier, before anything is synced. */
  private static final class CrashingDisk implements Disk {
    final MemoryDisk memory = new MemoryDisk();
    boolean crashAtNextSync;

    @Override
    public byte[] get(byte[] key) {
      return memory.get(key);
    }

    @Override
    public void write(WriteBatch batch) {
      memory.write(batch);
    }

    @Override
    public void sync() {
      if (crashAtNextSync) {
        crashAtNextSync = false;
        throw new SimulatedCrash();
      }
      memory.sync();
    }

    @Override
    public List<Entry> scan(byte[] fromInclusive, byte[] toExclusive, int limit) {
      return memory.scan(fromInclusive, toExclusive, limit);
    }

    @Override
    public void close() {}
  }

  private static final class SimulatedCrash extends RuntimeException {}
}
