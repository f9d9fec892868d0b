package io.ledgerlab.ledger.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ledgerlab.ledger.codec.DecodeException;

/** Account decoding of arbitrary bytes: only {@link DecodeException}, and canonical. */
class AccountFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void decode(byte[] input) {
    Account account;
    try {
      account = Account.decode(input);
    } catch (DecodeException e) {
      return;
    }
    assertArrayEquals(input, account.encode(), "a decoded account re-encodes to its input");
  }
}
