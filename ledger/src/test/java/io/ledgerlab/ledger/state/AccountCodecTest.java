package io.ledgerlab.ledger.state;

import static io.ledgerlab.ledger.testing.CodecChecks.assertEveryBitFlipRejectedOrCanonical;
import static io.ledgerlab.ledger.testing.CodecChecks.assertEveryPrefixTruncated;
import static io.ledgerlab.ledger.testing.CodecChecks.assertRoundTrip;
import static io.ledgerlab.ledger.testing.CodecChecks.assertTrailingByteRejected;
import static io.ledgerlab.ledger.testing.CodecChecks.expectDecodeException;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.DecodeException.Kind;
import io.ledgerlab.ledger.testing.LedgerArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AccountCodecTest {
  @Provide
  Arbitrary<Account> accounts() {
    return LedgerArbitraries.accounts();
  }

  @Property(tries = 300)
  void decodeOfEncodeIsIdentityAndCanonical(@ForAll("accounts") Account account) {
    assertRoundTrip(account, account.encode(), Account::decode, Account::encode);
  }

  @Property(tries = 200)
  void everyStrictPrefixIsTruncated(@ForAll("accounts") Account account) {
    assertEveryPrefixTruncated(account.encode(), Account::decode);
  }

  @Property(tries = 200)
  void aTrailingByteIsRejected(@ForAll("accounts") Account account, @ForAll byte extra) {
    assertTrailingByteRejected(account.encode(), extra, Account::decode);
  }

  @Property(tries = 200)
  void everyBitFlipIsRejectedOrCanonical(@ForAll("accounts") Account account) {
    int decoded =
        assertEveryBitFlipRejectedOrCanonical(
            account.encode(),
            Account::decode,
            Account::encode,
            (bit, flipped, a) -> assertThat(a).as("bit %d", bit).isNotEqualTo(account));
    // Only the two sign bits and the 16 header bits can make a flip fail.
    assertThat(decoded).isEqualTo(2 * 63);
  }

  @Example
  void aNegativeBalanceIsOutOfRange() {
    byte[] encoded = new Account(1, 1).encode();
    encoded[2] = (byte) 0x80;
    DecodeException e = expectDecodeException(encoded, Account::decode, "negative balance");
    assertThat(e.kind()).isEqualTo(Kind.OUT_OF_RANGE);
    assertThat(e.field()).isEqualTo("account.balance");
    assertThat(e.offset()).isEqualTo(2);
  }
}
