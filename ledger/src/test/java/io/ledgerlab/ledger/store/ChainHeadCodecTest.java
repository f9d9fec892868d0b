package io.ledgerlab.ledger.store;

import static io.ledgerlab.ledger.testing.CodecChecks.assertEveryBitFlipRejectedOrCanonical;
import static io.ledgerlab.ledger.testing.CodecChecks.assertEveryPrefixTruncated;
import static io.ledgerlab.ledger.testing.CodecChecks.assertRoundTrip;
import static io.ledgerlab.ledger.testing.CodecChecks.assertTrailingByteRejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.testing.LedgerArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ChainHeadCodecTest {
  @Provide
  Arbitrary<ChainHead> heads() {
    return LedgerArbitraries.chainHeads();
  }

  @Property(tries = 300)
  void decodeOfEncodeIsIdentityAndCanonical(@ForAll("heads") ChainHead head) {
    assertRoundTrip(head, head.encode(), ChainHead::decode, ChainHead::encode);
  }

  @Property(tries = 200)
  void everyStrictPrefixIsTruncated(@ForAll("heads") ChainHead head) {
    assertEveryPrefixTruncated(head.encode(), ChainHead::decode);
  }

  @Property(tries = 200)
  void aTrailingByteIsRejected(@ForAll("heads") ChainHead head, @ForAll byte extra) {
    assertTrailingByteRejected(head.encode(), extra, ChainHead::decode);
  }

  @Property(tries = 100)
  void everyBitFlipIsRejectedOrCanonical(@ForAll("heads") ChainHead head) {
    assertEveryBitFlipRejectedOrCanonical(
        head.encode(),
        ChainHead::decode,
        ChainHead::encode,
        (bit, flipped, h) -> assertThat(h).as("bit %d", bit).isNotEqualTo(head));
  }
}
