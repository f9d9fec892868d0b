package io.ledgerlab.ledger.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.BlockHeader;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.runtime.disk.MemoryDisk;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A replay that computes another root than the header's says which root and both values, so an
 * observer can tell a divergence from a block that breaks a rule.
 */
class RootMismatchTest {
  private final TestChain chain = new TestChain(3, 2, 100);
  private final Ledger ledger = chain.open(new MemoryDisk());

  private Block built() {
    return ledger
        .executor()
        .propose(
            ledger.chainId(),
            ledger.head(),
            List.of(chain.transfer(0, 1, 0, 5)),
            ledger.head().timeMicros() + 1,
            chain.validator.address(),
            CommitCertificate.EMPTY)
        .block();
  }

  private InvalidBlockException replay(UnaryOperator<BlockHeader> change) {
    Block b = built();
    Block forged = new Block(change.apply(b.header()), b.transactions(), b.evidence());
    return catchThrowableOfType(
        InvalidBlockException.class,
        () -> ledger.executor().replay(ledger.chainId(), ledger.head(), forged, true));
  }

  private static BlockHeader roots(BlockHeader h, Hash state, Hash receipts) {
    return new BlockHeader(
        h.chainId(),
        h.height(),
        h.timeMicros(),
        h.previousHash(),
        h.txRoot(),
        state,
        receipts,
        h.evidenceRoot(),
        h.proposer(),
        h.lastCommit());
  }

  @Test
  void anotherStateRootIsAStateRootMismatch() {
    Block b = built();
    InvalidBlockException e = replay(h -> roots(h, Hash.ZERO, h.receiptsRoot()));
    assertThat(e.rootMismatch())
        .hasValue(
            new InvalidBlockException.RootMismatch("stateRoot", Hash.ZERO, b.header().stateRoot()));
  }

  @Test
  void anotherReceiptsRootIsAReceiptsRootMismatch() {
    Block b = built();
    InvalidBlockException e = replay(h -> roots(h, h.stateRoot(), Hash.ZERO));
    assertThat(e.rootMismatch())
        .hasValue(
            new InvalidBlockException.RootMismatch(
                "receiptsRoot", Hash.ZERO, b.header().receiptsRoot()));
  }

  @Test
  void aBrokenRuleIsNoRootMismatch() {
    InvalidBlockException e =
        replay(
            h ->
                new BlockHeader(
                    h.chainId(),
                    h.height(),
                    h.timeMicros(),
                    h.previousHash(),
                    Hash.ZERO,
                    h.stateRoot(),
                    h.receiptsRoot(),
                    h.evidenceRoot(),
                    h.proposer(),
                    h.lastCommit()));
    assertThat(e).hasMessageContaining("transaction root");
    assertThat(e.rootMismatch()).isEmpty();
  }
}
