package io.ledgerlab.ledger.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ledgerlab.ledger.codec.DecodeException;

/**
 * Header decoding of arbitrary bytes: only {@link DecodeException}, and canonical when it decodes.
 */
class BlockHeaderFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void decode(byte[] input) {
    BlockHeader header;
    try {
      header = BlockHeader.decode(input);
    } catch (DecodeException e) {
      return;
    }
    assertArrayEquals(input, header.encode(), "a decoded header re-encodes to its input");
  }
}
