package io.ledgerlab.ledger.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ledgerlab.ledger.codec.DecodeException;

/** Chain-head decoding of arbitrary bytes: only {@link DecodeException}, and canonical. */
class ChainHeadFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void decode(byte[] input) {
    ChainHead head;
    try {
      head = ChainHead.decode(input);
    } catch (DecodeException e) {
      return;
    }
    assertArrayEquals(input, head.encode(), "a decoded chain head re-encodes to its input");
  }
}
