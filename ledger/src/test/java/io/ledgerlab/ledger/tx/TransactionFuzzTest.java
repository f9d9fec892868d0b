package io.ledgerlab.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ledgerlab.ledger.codec.DecodeException;

/**
 * Transaction decoding of arbitrary bytes: only {@link DecodeException} may escape, and what
 * decodes is canonical. Without {@code JAZZER_FUZZ} this replays the seeds in {@code
 * TransactionFuzzTestInputs/decode}; with it, Jazzer fuzzes for {@code maxDuration}.
 */
class TransactionFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void decode(byte[] input) {
    Transaction tx;
    try {
      tx = Transaction.decode(input);
    } catch (DecodeException e) {
      return;
    }
    assertArrayEquals(input, tx.encoded(), "a decoded transaction re-encodes to its input");
    tx.verifySignature();
  }
}
