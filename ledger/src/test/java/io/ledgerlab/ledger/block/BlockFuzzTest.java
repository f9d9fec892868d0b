package io.ledgerlab.ledger.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ledgerlab.ledger.codec.DecodeException;

/**
 * Block decoding of arbitrary bytes: only {@link DecodeException}, and canonical when it decodes.
 */
class BlockFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void decode(byte[] input) {
    Block block;
    try {
      block = Block.decode(input);
    } catch (DecodeException e) {
      return;
    }
    assertArrayEquals(input, block.encode(), "a decoded block re-encodes to its input");
  }
}
