package io.ledgerlab.ledger.exec;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.CodeSource;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.gov.Approve;
import io.ledgerlab.ledger.gov.Install;
import io.ledgerlab.ledger.gov.Propose;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A one-validator chain with three operators, two of whom must approve, running user chain code
 * {@code app} at version 1; version 2 can come from a code source that tests fill.
 */
final class GovChain {
  static final String SHA_V2 = "a2".repeat(32);

  final List<KeyPair> operators = new ArrayList<>();
  final TestChain chain;
  final Map<String, ChainCode> jars = new HashMap<>();
  final CodeSource source = (name, version, sha) -> Optional.ofNullable(jars.get(sha));
  final Ledger ledger;

  GovChain(int threshold) {
    this(threshold, b -> b);
  }

  /**
   * A chain whose genesis {@code more} adds to, such as an upgrade it schedules, on nodes that also
   * carry {@code carried}.
   */
  GovChain(
      int threshold,
      java.util.function.UnaryOperator<io.ledgerlab.ledger.genesis.GenesisBuilder> more,
      ChainCode... carried) {
    var keys = SeededEntropy.of(77).fork("operators");
    for (int i = 0; i < 3; i++) {
      operators.add(KeyPair.generate(keys));
    }
    chain =
        new TestChain(
            3,
            2,
            1_000,
            b -> {
              b.chainCode("app", 1).operatorThreshold(threshold);
              for (int i = 0; i < operators.size(); i++) {
                b.operator("op" + i, operators.get(i).publicKey());
              }
              return more.apply(b);
            });
    ChainCodeRegistry registry = ChainCodeRegistry.builtins().register(new App(1));
    for (ChainCode c : carried) {
      registry.register(c);
    }
    try {
      ledger = Ledger.open(new MemoryDisk(), chain.genesis, registry, source);
    } catch (io.ledgerlab.ledger.genesis.GenesisException e) {
      throw new AssertionError(e);
    }
  }

  /** Signs {@code payload} as {@code key} with its next committed nonce. */
  Transaction tx(KeyPair key, Payload payload) {
    return Transaction.sign(
        TestChain.CHAIN_ID, key, ledger.account(key.address()).nonce(), payload);
  }

  Transaction propose(int operator, Propose p) {
    return tx(operators.get(operator), p.payload());
  }

  Transaction approve(int operator, long id, Propose p) {
    return tx(
        operators.get(operator), new Approve(id, p.contentHash(TestChain.CHAIN_ID)).payload());
  }

  Propose install(long id, long activation, long expiry) {
    return new Propose(id, new Install("app", 2, SHA_V2, activation), expiry);
  }

  /** Builds and commits the next block from {@code txs}; returns what was built. */
  ExecutedBlock block(Transaction... txs) {
    ExecutedBlock executed =
        ledger
            .executor()
            .propose(
                ledger.chainId(),
                ledger.head(),
                List.of(txs),
                (ledger.height() + 1) * 1_000L,
                chain.validator.address(),
                CommitCertificate.EMPTY);
    ledger.commit(executed);
    return executed;
  }

  /** Commits empty blocks until the head is at {@code height}. */
  void advanceTo(long height) {
    while (ledger.height() < height) {
      block();
    }
  }

  Transaction callApp(int version) {
    return tx(chain.accounts.get(0), new Payload.Call("app", version, "which", new byte[0]));
  }

  /** A chain code that answers its version. */
  static final class App implements ChainCode {
    private final int version;

    App(int version) {
      this.version = version;
    }

    @Override
    public String name() {
      return "app";
    }

    @Override
    public int version() {
      return version;
    }

    @Override
    public Outcome invoke(CallContext context, String method, byte[] args) {
      context.put(new byte[] {1}, new byte[] {(byte) version});
      return Outcome.ok(new byte[] {(byte) version});
    }

    @Override
    public Outcome query(QueryContext context, String method, byte[] args) {
      return Outcome.ok(new byte[] {(byte) version});
    }
  }
}
