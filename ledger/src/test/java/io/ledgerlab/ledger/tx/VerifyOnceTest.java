package io.ledgerlab.ledger.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.TestChain;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.mempool.Mempool;
import org.junit.jupiter.api.Test;

/**
 * A node checks a transaction's signature once: a copy decoded from a peer's block takes over the
 * verdict of the same transaction its mempool checked, and only of that very transaction.
 */
class VerifyOnceTest {
  private final TestChain chain = new TestChain(2, 3, 100);

  @Test
  void aDecodedCopyTakesOverTheVerdictOfTheSameVerifiedTransaction() throws DecodeException {
    Transaction admitted = chain.transfer(0, 1, 0, 5);
    assertThat(admitted.verifySignature()).isTrue();
    Transaction fromBlock = Transaction.decode(admitted.encoded());
    assertThat(fromBlock.signatureChecked()).isFalse();

    fromBlock.adoptVerification(admitted);

    assertThat(fromBlock.signatureChecked()).isTrue();
    assertThat(fromBlock.verifySignature()).isTrue();
  }

  @Test
  void nothingIsTakenOverFromAnUncheckedOrADifferentTransaction() throws DecodeException {
    Transaction unchecked = chain.transfer(0, 1, 0, 5);
    Transaction copy = Transaction.decode(unchecked.encoded());
    copy.adoptVerification(unchecked);
    assertThat(copy.signatureChecked()).isFalse();

    Transaction other = chain.transfer(0, 1, 1, 5);
    assertThat(other.verifySignature()).isTrue();
    copy.adoptVerification(other);
    assertThat(copy.signatureChecked()).isFalse();
  }

  @Test
  void aForgedSignatureStaysRejectedWhateverItAdopts() throws DecodeException {
    Transaction honest = chain.transfer(0, 1, 0, 5);
    byte[] bytes = honest.encoded();
    bytes[bytes.length - 1] ^= 1;
    Transaction forged = Transaction.decode(bytes);
    assertThat(honest.verifySignature()).isTrue();

    // Same sender, nonce and payload, but not the same bytes: the honest verdict does not carry.
    forged.adoptVerification(honest);
    assertThat(forged.signatureChecked()).isFalse();
    assertThat(forged.verifySignature()).isFalse();

    Transaction forgedAgain = Transaction.decode(bytes);
    forgedAgain.adoptVerification(forged);
    assertThat(forgedAgain.signatureChecked()).isTrue();
    assertThat(forgedAgain.verifySignature()).isFalse();
  }

  @Test
  void theMempoolFindsWhatItHoldsByHash() throws DecodeException {
    Mempool pool = new Mempool(10, 1 << 20);
    Transaction tx = chain.transfer(0, 1, 0, 5);
    assertThat(pool.pending(tx.hash())).isEmpty();
    assertThat(pool.add(tx).isOk()).isTrue();
    assertThat(pool.pending(tx.hash())).containsSame(tx);
    assertThat(pool.pending(Transaction.decode(tx.encoded()).hash())).containsSame(tx);
  }
}
