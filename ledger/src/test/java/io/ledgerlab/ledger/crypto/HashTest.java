package io.ledgerlab.ledger.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Equal bytes, equal hashes, whichever way a hash was made: a digest, a copy, a decoder's slice.
 * (The hash code is computed on first use: computed in the constructor, C2 at times gave a code
 * that did not match the bytes; see the field's comment.)
 */
class HashTest {
  @Test
  void hashesOfEqualBytesAreEqualAndShareABucketWhereverTheyCameFrom() throws DecodeException {
    Hash digest = Sha256.hash(new byte[] {1, 2, 3});
    Hash copy = Hash.of(digest.bytes());
    byte[] framed = new Encoder().u32(7).hash(digest).u8(9).toByteArray();
    Decoder in = new Decoder(framed);
    in.u32("before");
    Hash decoded = in.hash("h");
    Hash sliced = Hash.of(framed, 4);

    for (Hash h : new Hash[] {copy, decoded, sliced}) {
      assertThat(h).isEqualTo(digest);
      assertThat(h.hashCode()).isEqualTo(digest.hashCode()).isEqualTo(Arrays.hashCode(h.bytes()));
      assertThat(h.compareTo(digest)).isZero();
    }
    Map<Hash, Integer> votes = new HashMap<>();
    for (Hash h : new Hash[] {digest, copy, decoded, sliced}) {
      votes.merge(h, 1, Integer::sum);
    }
    assertThat(votes).containsExactly(Map.entry(digest, 4));
    assertThat(in.u8("after")).isEqualTo(9);
  }

  @Test
  void aSliceIsACopyAndMustFit() {
    byte[] source = new byte[40];
    Arrays.fill(source, (byte) 5);
    Hash h = Hash.of(source, 8);
    source[10] = 0;
    assertThat(h.bytes()).containsOnly((byte) 5);
    assertThatThrownBy(() -> Hash.of(source, 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a hash is 32 bytes, 31 from offset 9");
    assertThatThrownBy(() -> Hash.of(source, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void differentBytesAreDifferentHashes() {
    assertThat(Sha256.hash(new byte[] {1})).isNotEqualTo(Sha256.hash(new byte[] {2}));
    assertThat(Hash.ZERO).isEqualTo(Hash.of(new byte[32]));
    assertThat(Hash.ZERO.hashCode()).isEqualTo(Arrays.hashCode(new byte[32]));
  }
}
