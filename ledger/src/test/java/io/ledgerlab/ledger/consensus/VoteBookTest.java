package io.ledgerlab.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.block.ValidatorSet;
import io.ledgerlab.ledger.block.Vote;
import io.ledgerlab.ledger.block.VoteType;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression: with one equivocating validator, honest validators locked on a block whose proof of
 * lock counted the equivocator's vote, while the third honest validator had first seen the
 * equivocator's other vote and could never accept the re-proposal — height 170 never decided (sim
 * seeds 30, 61, 164; 4 validators, 1 Byzantine, all faults, 10 minutes).
 */
class VoteBookTest {
  private static final Hash X = Sha256.hash(new byte[] {1});
  private static final Hash Y = Sha256.hash(new byte[] {2});

  private final List<KeyPair> keys = new ArrayList<>();
  private final VoteBook book;

  VoteBookTest() {
    List<Genesis.Validator> validators = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      KeyPair k = KeyPair.generate(SeededEntropy.of(i));
      keys.add(k);
      validators.add(new Genesis.Validator("n" + i, k.publicKey(), 1));
    }
    book = new VoteBook(new ValidatorSet(validators), false);
  }

  private Vote prevote(int validator, Hash value) {
    return Vote.sign("c", keys.get(validator), VoteType.PREVOTE, 1, 0, value);
  }

  @Test
  void anEquivocatorCountsForBothValuesButTwoQuorumsNeverForm() {
    book.add(prevote(0, Y));
    book.add(prevote(1, X));
    book.add(prevote(2, X));
    assertThat(book.hasQuorumFor(0, VoteType.PREVOTE, X)).isFalse();

    VoteBook.Added second = book.add(prevote(0, X));
    assertThat(second.evidence()).as("the equivocation is evidence").isNotNull();
    assertThat(book.hasQuorumFor(0, VoteType.PREVOTE, X))
        .as("the proof of lock is now visible")
        .isTrue();
    assertThat(book.hasQuorumFor(0, VoteType.PREVOTE, Y)).isFalse();
    assertThat(book.votesFor(0, VoteType.PREVOTE, X)).hasSize(3);

    assertThat(book.add(prevote(0, Sha256.hash(new byte[] {3}))).isNew())
        .as("a third value is not counted")
        .isFalse();
  }
}
