package io.ledgerlab.ledger.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ledgerlab.ledger.codec.DecodeException;

/**
 * Peer message decoding of arbitrary bytes: only {@link DecodeException} may escape, and what
 * decodes re-encodes to its input. Without {@code JAZZER_FUZZ} this replays the seeds in {@code
 * MessagesFuzzTestInputs/decode}; with it, Jazzer fuzzes for {@code maxDuration}.
 */
class MessagesFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void decode(byte[] input) {
    Message message;
    try {
      message = Messages.decode(input);
    } catch (DecodeException e) {
      return;
    }
    assertArrayEquals(input, Messages.encode(message), "a decoded message re-encodes to its input");
  }
}
