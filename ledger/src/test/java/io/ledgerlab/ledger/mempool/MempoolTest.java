package io.ledgerlab.ledger.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.tx.RejectReason;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.ArrayList;
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

  @Test
  void rescueSendsWhatWaitedLongerThanTheBoundOncePerBoundOldestFirst() {
    Mempool pool = new Mempool(100, 1 << 20);
    Transaction a = chain.transfer(0, 1, 0, 1);
    Transaction b = chain.transfer(1, 0, 0, 1);
    Transaction c = chain.transfer(2, 0, 0, 1);
    assertThat(pool.add(a, 1_000).isOk()).isTrue();
    assertThat(pool.add(b, 2_000).isOk()).isTrue();
    assertThat(pool.admittedMicros(b.hash())).hasValue(2_000);
    assertThat(pool.rescue(2_500, 2_000, 10).transactions()).as("none waited 2 ms").isEmpty();
    assertThat(pool.add(c, 3_500).isOk()).isTrue();

    Mempool.Rescue first = pool.rescue(4_000, 2_000, 10);
    assertThat(first.transactions()).containsExactly(a, b);
    assertThat(first.oldestMicros()).isEqualTo(3_000);
    assertThat(pool.rescue(5_000, 2_000, 10).transactions()).as("sent at 4 ms").isEmpty();
    assertThat(pool.rescue(7_000, 2_000, 10).transactions())
        .as("a and b wait twice the bound after their first rescue; c is due")
        .containsExactly(c);
    assertThat(pool.rescue(8_000, 2_000, 1).transactions())
        .as("at most one a tick")
        .containsExactly(a);
    assertThat(pool.rescue(8_000, 2_000, 10).transactions()).containsExactly(b);
    // A clock stepped back (skew healed) makes everything due rather than never.
    assertThat(pool.rescue(0, 2_000, 10).transactions()).containsExactly(a, b, c);

    pool.update(List.of(), address -> address.equals(chain.accounts.get(0).address()) ? 1 : 0);
    assertThat(pool.admittedMicros(a.hash())).as("committed: forgotten").isEmpty();
    assertThat(pool.rescue(100_000, 2_000, 10).transactions()).containsExactly(b, c);
  }

  @Test
  void rescueBacksOffExponentiallyPerTransactionUpToACap() {
    Mempool pool = new Mempool(100, 1 << 20);
    Transaction a = chain.transfer(0, 1, 0, 1);
    assertThat(pool.add(a, 0).isOk()).isTrue();
    List<Long> sentAt = new ArrayList<>();
    // A tick every 1 ms for 300 ms, bound 2 ms.
    for (long now = 0; now <= 300_000; now += 1_000) {
      if (!pool.rescue(now, 2_000, 10).transactions().isEmpty()) {
        sentAt.add(now);
      }
    }
    // Waits of 2, 4, 8, 16, 32, 64 ms, then capped at 2 ms << 5 = 64 ms.
    assertThat(sentAt)
        .containsExactly(2_000L, 6_000L, 14_000L, 30_000L, 62_000L, 126_000L, 190_000L, 254_000L);
  }

  @Test
  void aDueTransactionBringsItsSendersEarlierOnesAlongInNonceOrder() {
    Mempool pool = new Mempool(100, 1 << 20);
    Transaction a0 = chain.transfer(0, 1, 0, 1);
    Transaction b0 = chain.transfer(1, 0, 0, 1);
    assertThat(pool.add(a0, 0).isOk()).isTrue();
    assertThat(pool.add(b0, 0).isOk()).isTrue();
    assertThat(pool.rescue(2_000, 2_000, 10).transactions()).containsExactly(a0, b0);
    // a1 arrives later: due at 5 ms, while a0 (rescued once) waits until 6 ms.
    Transaction a1 = chain.transfer(0, 1, 1, 1);
    assertThat(pool.add(a1, 3_000).isOk()).isTrue();
    assertThat(pool.rescue(5_000, 2_000, 10).transactions())
        .as("a peer without a0 would refuse a1 for the gap")
        .containsExactly(a0, a1);
    assertThat(pool.rescue(6_000, 2_000, 10).transactions()).containsExactly(b0);
  }
}
