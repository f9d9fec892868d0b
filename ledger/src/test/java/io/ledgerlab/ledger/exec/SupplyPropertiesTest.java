package io.ledgerlab.ledger.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.TokenChainCode;
import io.ledgerlab.ledger.state.StateAudit;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.disk.MemoryDisk;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class SupplyPropertiesTest {
  private static final int ACCOUNTS = 5;
  private static final long BALANCE = 100;
  private static final TestChain CHAIN = new TestChain(17, ACCOUNTS, BALANCE);

  /** One attempted move: as a transfer transaction or as a token call, possibly overdrawing. */
  record Move(int from, int to, long amount, boolean viaCall, int block) {}

  @Provide
  Arbitrary<Move> moves() {
    return Combinators.combine(
            Arbitraries.integers().between(0, ACCOUNTS - 1),
            Arbitraries.integers().between(0, ACCOUNTS - 1),
            Arbitraries.longs().between(1, 2 * BALANCE),
            Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 3))
        .as(Move::new);
  }

  @Property(tries = 150)
  void totalSupplyNeverChangesIncludingFailedTransfers(
      @ForAll @Size(max = 60) List<@net.jqwik.api.From("moves") Move> moves) {
    Ledger ledger = CHAIN.open(new MemoryDisk());
    long[] nonces = new long[ACCOUNTS];
    List<List<Transaction>> blocks = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      blocks.add(new ArrayList<>());
    }
    for (Move m : moves) {
      Transaction tx =
          m.viaCall()
              ? CHAIN.call(
                  m.from(),
                  nonces[m.from()]++,
                  TokenChainCode.NAME,
                  1,
                  TokenChainCode.TRANSFER,
                  TokenChainCode.transferArgs(CHAIN.accounts.get(m.to()).address(), m.amount()))
              : CHAIN.transfer(m.from(), m.to(), nonces[m.from()]++, m.amount());
      blocks.get(m.block()).add(tx);
    }
    for (List<Transaction> txs : blocks) {
      var executed =
          ledger
              .executor()
              .propose(
                  ledger.chainId(),
                  ledger.head(),
                  txs,
                  ledger.head().timeMicros() + 1,
                  CHAIN.validator.address(),
                  CommitCertificate.EMPTY);
      ledger.commit(executed);
      assertThat(CHAIN.totalBalance(ledger)).isEqualTo(ACCOUNTS * BALANCE);
    }
    assertThat(ledger.recordedSupply()).isEqualTo(ACCOUNTS * BALANCE);
    assertThat(StateAudit.recomputeRoot(ledger.state())).isEqualTo(ledger.head().stateRoot());
    for (var key : CHAIN.accounts) {
      assertThat(ledger.account(key.address()).balance()).isNotNegative();
    }
  }
}
