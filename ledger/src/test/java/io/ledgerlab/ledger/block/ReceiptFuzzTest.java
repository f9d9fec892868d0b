package io.ledgerlab.ledger.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ledgerlab.ledger.codec.DecodeException;
import java.util.List;

/**
 * Decoding a block's receipts from arbitrary bytes: only {@link DecodeException}, and canonical
 * when it decodes.
 */
class ReceiptFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void decodeAll(byte[] input) {
    List<Receipt> receipts;
    try {
      receipts = Receipt.decodeAll(input);
    } catch (DecodeException e) {
      return;
    }
    assertArrayEquals(input, Receipt.encodeAll(receipts), "decoded receipts re-encode to input");
  }
}
