package io.ledgerlab.ledger.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.tx.RejectReason;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class MempoolTest {
  private final TestChain chain = new TestChain(2, 3, 100);

  @Test
  void boundsCountAndBytes() {
    Mempool byCount = new Mempool(2, 1 << 20);
    assertThat(byCount.add(chain.transfer(0, 1, 0, 1)).isOk()).isTrue();
    assertThat(byCount.add(chain.transfer(1, 0, 0, 1)).isOk()).isTrue();
    assertThat(byCount.add(chain.transfer(2, 0, 0, 1)).reason())
        .isEqualTo(RejectReason.MEMPOOL_FULL);

    Transaction tx = chain.transfer(0, 1, 0, 1);
    Mempool byBytes = new Mempool(100, tx.sizeBytes() + 10);
    assertThat(byBytes.add(tx).isOk()).isTrue();
    assertThat(byBytes.add(chain.transfer(1, 0, 0, 1)).reason())
        .isEqualTo(RejectReason.MEMPOOL_FULL);
    assertThat(byBytes.sizeBytes()).isEqualTo(tx.sizeBytes());
  }

  @Test
  void reapsInArrivalOrderAndEvictsCommittedAndInvalidWithTheirSuccessors() {
    Mempool pool = new Mempool(100, 1 << 20);
    Transaction a0 = chain.transfer(0, 1, 0, 1);
    Transaction b0 = chain.transfer(1, 0, 0, 1);
    Transaction a1 = chain.transfer(0, 1, 1, 1);
    Transaction b1 = chain.transfer(1, 0, 1, 1);
    for (Transaction tx : List.of(a0, b0, a1, b1)) {
      assertThat(pool.add(tx).isOk()).isTrue();
    }
    assertThat(pool.reap(3)).containsExactly(a0, b0, a1);
    assertThat(pool.nextNonce(chain.accounts.get(0).address(), 0)).isEqualTo(2);

    // a0 was committed; b0 was found invalid, so b1 now has a gap and must go too.
    pool.update(List.of(b0), address -> address.equals(chain.accounts.get(0).address()) ? 1 : 0);
    assertThat(pool.reap(10)).containsExactly(a1);
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.sizeBytes()).isEqualTo(a1.sizeBytes());
  }
}
