package io.ledgerlab.ledger.replay;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.KvChainCode;
import io.ledgerlab.ledger.consensus.Canary;
import io.ledgerlab.ledger.exec.ChainCodes;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.replay.samples.CounterOne;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.ledger.sandbox.TestJars;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.disk.MemoryDisk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A chain for replay tests: four funded accounts, the built-ins and {@code counter} v1 from a jar,
 * and four blocks of transfers, kv puts and counter adds — the add of 25 in block 3 is the one a
 * capped v2 answers differently.
 */
final class CounterChain {
  final Path dir;
  final TestChain chain;
  final Genesis genesis;
  final MemoryDisk disk = new MemoryDisk();
  final Ledger ledger;
  private final long[] nonces = new long[4];

  /** The add of 25 in block 3. */
  Transaction bigAdd;

  /** The first counter call: an add of 1 in block 1. */
  Transaction firstAdd;

  private CounterChain(Path dir, UnaryOperator<GenesisBuilder> genesis, Canary canary)
      throws IOException {
    this.dir = dir;
    Genesis.CodeJar one = jar(dir, CounterOne.class, 1);
    this.chain = new TestChain(11, 4, 1_000, b -> genesis.apply(b.chainCode(one)));
    this.genesis = chain.genesis;
    ChainCodeRegistry registry =
        canary == Canary.NONE ? registry() : ChainCodes.registry(canary, this.genesis, dir);
    this.ledger = chain.open(disk, registry);
  }

  /** The chain with its four blocks, its counter v1 read from a jar in {@code dir}. */
  static CounterChain build(Path dir) throws IOException {
    return build(dir, UnaryOperator.identity(), Canary.NONE);
  }

  static CounterChain build(Path dir, UnaryOperator<GenesisBuilder> genesis, Canary canary)
      throws IOException {
    CounterChain c = new CounterChain(dir, genesis, canary);
    c.block(c.transfer(0, 1, 10), c.firstAdd = c.add(2, 1), c.put(3, "greeting", "hello"));
    c.block(c.add(0, 2), c.transfer(1, 0, 5));
    c.block(c.transfer(2, 3, 1), c.bigAdd = c.add(1, 25));
    c.block(c.add(3, 3), c.put(0, "binary", "\u0001\u0002"));
    return c;
  }

  /** A jar holding {@code code} (and counter v1, which the v2s extend), beside the genesis. */
  static Genesis.CodeJar jar(Path dir, Class<? extends ChainCode> code, int version)
      throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    TestJars.addWithNested(entries, CounterOne.class);
    if (code != CounterOne.class) {
      TestJars.addWithNested(entries, code);
    }
    entries.put(
        "META-INF/services/" + ChainCode.class.getName(),
        (code.getName() + "\n").getBytes(StandardCharsets.UTF_8));
    Path jar = TestJars.write(dir.resolve(code.getSimpleName() + ".jar"), entries);
    return new Genesis.CodeJar(
        CounterOne.NAME, version, jar.getFileName().toString(), Sandbox.sha256Hex(jar));
  }

  /** {@code code} loaded through the sandbox, as a replacement. */
  static ChainCode load(Path dir, Class<? extends ChainCode> code) throws Exception {
    Genesis.CodeJar jar = jar(dir, code, 2);
    return Sandbox.load(dir.resolve(jar.jar()), jar.sha256());
  }

  /** The code the chain ran: the built-ins and counter v1 from its jar. */
  ChainCodeRegistry registry() throws IOException {
    return ChainCodes.registry(Canary.NONE, genesis, dir);
  }

  /** The committed chain as a replay reads it, receipts and all. */
  BlockSource source() {
    return new BlockSource() {
      @Override
      public long head() {
        return ledger.height();
      }

      @Override
      public Block block(long height) throws IOException {
        return ledger
            .block(height)
            .orElseThrow(() -> new IOException("no block " + height + " in the test chain"));
      }

      @Override
      public Optional<List<Receipt>> receipts(long height) {
        return Optional.of(ledger.receipts(height));
      }
    };
  }

  /** Where {@code tx} was committed. */
  io.ledgerlab.ledger.store.ChainStore.TxLocation where(Transaction tx) {
    return ledger.findTx(tx.hash()).orElseThrow();
  }

  Transaction transfer(int from, int to, long amount) {
    return chain.transfer(from, to, nonces[from]++, amount);
  }

  /** An add at the version in force in the next block: 1, or what a scheduled upgrade makes it. */
  Transaction add(int from, long by) {
    int version = 1;
    for (Genesis.ScheduledUpgrade u : genesis.upgrades()) {
      if (u.chainCode().equals(CounterOne.NAME) && u.height() <= ledger.height() + 1) {
        version = Math.max(version, u.version());
      }
    }
    return chain.call(
        from, nonces[from]++, CounterOne.NAME, version, "add", CounterOne.addArgs(by));
  }

  Transaction put(int from, String key, String value) {
    return chain.call(
        from,
        nonces[from]++,
        KvChainCode.NAME,
        1,
        "put",
        KvChainCode.putArgs(
            key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Proposes and commits {@code txs} as the next block, through the executor a node uses; every one
   * must be included. (Not through a mempool: it admits against the committed state, so it would
   * refuse a call to a version that a scheduled upgrade puts in force in this very block.)
   */
  void block(Transaction... txs) {
    var executed =
        ledger
            .executor()
            .propose(
                ledger.chainId(),
                ledger.head(),
                List.of(txs),
                (ledger.height() + 1) * 1_000_000L,
                chain.validator.address(),
                CommitCertificate.EMPTY);
    if (!executed.dropped().isEmpty()) {
      throw new AssertionError("dropped: " + executed.dropped());
    }
    ledger.commit(executed);
  }
}
