package io.ledgerlab.ledger.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.chaincode.CallContext;
import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.chaincode.QueryContext;
import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.KvChainCode;
import io.ledgerlab.ledger.tx.RejectReason;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.disk.MemoryDisk;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradeTest {
  /** Version 2 of kv: answers every query with a fixed marker, so the switch is visible. */
  static final class KvV2 implements ChainCode {
    @Override
    public String name() {
      return "kv";
    }

    @Override
    public int version() {
      return 2;
    }

    @Override
    public Outcome invoke(CallContext context, String method, byte[] args) {
      return new KvChainCode().invoke(context, method, args);
    }

    @Override
    public Outcome query(QueryContext context, String method, byte[] args) {
      return Outcome.ok(new byte[] {2});
    }
  }

  @Test
  void aScheduledUpgradeSwitchesTheVersionAtItsHeight() {
    TestChain chain = new TestChain(5, 1, 10, b -> b.upgrade("kv", 2, 3));
    Ledger ledger = chain.open(new MemoryDisk(), ChainCodeRegistry.builtins().register(new KvV2()));
    byte[] args = KvChainCode.putArgs(new byte[] {1}, new byte[] {1});
    long nonce = 0;
    for (int height = 1; height <= 3; height++) {
      int expected = height < 3 ? 1 : 2;
      Transaction stale = chain.call(0, nonce, "kv", expected == 1 ? 2 : 1, "put", args);
      Transaction current = chain.call(0, nonce, "kv", expected, "put", args);
      var executed =
          ledger
              .executor()
              .propose(
                  ledger.chainId(),
                  ledger.head(),
                  List.of(stale, current),
                  height * 1_000L,
                  chain.validator.address(),
                  CommitCertificate.EMPTY);
      assertThat(executed.dropped())
          .singleElement()
          .satisfies(d -> assertThat(d.check().reason()).isEqualTo(RejectReason.UNKNOWN_VERSION));
      assertThat(executed.block().transactions()).containsExactly(current);
      ledger.commit(executed);
      nonce++;
    }
    assertThat(Versions.inForce(ledger.state(), "kv")).isEqualTo(2);
    assertThat(ledger.query("kv", "get", KvChainCode.keyArgs(new byte[] {1})).result())
        .containsExactly(2);
  }

  @Test
  void anUnpinnedCallRunsWhateverVersionIsInForceAcrossTheUpgrade() {
    TestChain chain = new TestChain(5, 1, 10, b -> b.upgrade("kv", 2, 2));
    Ledger ledger = chain.open(new MemoryDisk(), ChainCodeRegistry.builtins().register(new KvV2()));
    byte[] args = KvChainCode.putArgs(new byte[] {1}, new byte[] {1});
    for (int height = 1; height <= 2; height++) {
      Transaction unpinned = chain.call(0, height - 1, "kv", TxRules.UNPINNED, "put", args);
      var executed =
          ledger
              .executor()
              .propose(
                  ledger.chainId(),
                  ledger.head(),
                  List.of(unpinned),
                  height * 1_000L,
                  chain.validator.address(),
                  CommitCertificate.EMPTY);
      assertThat(executed.dropped()).as("height %d", height).isEmpty();
      assertThat(executed.receipts())
          .singleElement()
          .matches(io.ledgerlab.ledger.block.Receipt::ok);
      ledger.commit(executed);
    }
    assertThat(Versions.inForce(ledger.state(), "kv")).isEqualTo(2);
  }
}
