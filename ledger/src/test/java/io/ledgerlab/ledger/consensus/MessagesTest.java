package io.ledgerlab.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.testing.CodecChecks;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The wire format of the Hello and Status messages: strict, canonical, bounded. */
class MessagesTest {
  private static final Message.Hello HELLO = new Message.Hello("ledgerlab-node/0.1.0-dev", false);

  @Test
  void helloRoundTripsAndEveryMalformationIsADecodeException() {
    for (Message m : new Message[] {HELLO, new Message.Hello("v1", true), new Message.Status(42)}) {
      byte[] encoded = Messages.encode(m);
      CodecChecks.assertRoundTrip(m, encoded, Messages::decode, Messages::encode);
      CodecChecks.assertEveryPrefixTruncated(encoded, Messages::decode);
      CodecChecks.assertTrailingByteRejected(encoded, (byte) 0, Messages::decode);
      CodecChecks.assertEveryBitFlipRejectedOrCanonical(
          encoded, Messages::decode, Messages::encode, (bit, flipped, decoded) -> {});
    }
  }

  @Test
  void aVersionWithCharactersOutsideTheAlphabetIsRefused() {
    byte[] encoded = Messages.encode(new Message.Hello("v1", false));
    // tag, version, u32 length, "v1", reply: make the '1' a space.
    int at = 2 + 4 + 1;
    assertThat(encoded[at]).isEqualTo((byte) '1');
    encoded[at] = ' ';
    DecodeException e = CodecChecks.expectDecodeException(encoded, Messages::decode, "space");
    assertThat(e.kind()).isEqualTo(DecodeException.Kind.INVALID_VALUE);
    assertThat(e.field()).isEqualTo("hello.version");
    assertThat(e.offset()).isEqualTo(2);
  }

  @Test
  void anEmptyOrOverlongVersionIsRefused() {
    byte[] empty = {0x27, 1, 0, 0, 0, 0, 0};
    DecodeException e = CodecChecks.expectDecodeException(empty, Messages::decode, "empty");
    assertThat(e.kind()).isEqualTo(DecodeException.Kind.INVALID_VALUE);
    byte[] longVersion = new byte[65];
    Arrays.fill(longVersion, (byte) 'a');
    byte[] overlong = new byte[2 + 4 + 65 + 1];
    overlong[0] = 0x27;
    overlong[1] = 1;
    overlong[5] = 65;
    System.arraycopy(longVersion, 0, overlong, 6, 65);
    e = CodecChecks.expectDecodeException(overlong, Messages::decode, "65 bytes");
    assertThat(e.kind()).isEqualTo(DecodeException.Kind.TOO_LONG);
    assertThat(e.field()).isEqualTo("hello.version");
  }

  @Test
  void aReplyFlagOtherThanZeroOrOneIsRefused() {
    byte[] encoded = Messages.encode(new Message.Hello("v1", true));
    encoded[encoded.length - 1] = 2;
    DecodeException e = CodecChecks.expectDecodeException(encoded, Messages::decode, "flag 2");
    assertThat(e.kind()).isEqualTo(DecodeException.Kind.INVALID_VALUE);
    assertThat(e.field()).isEqualTo("hello.reply");
    assertThat(e.getMessage()).contains("expected 0 or 1, got 2");
  }

  @Test
  void invalidUtf8InAVersionIsRefused() {
    byte[] encoded = Messages.encode(new Message.Hello("vv", false));
    encoded[6] = (byte) 0xC3;
    encoded[7] = (byte) 0x28;
    DecodeException e = CodecChecks.expectDecodeException(encoded, Messages::decode, "utf-8");
    assertThat(e.kind()).isEqualTo(DecodeException.Kind.INVALID_UTF8);
  }

  @Test
  void garbageIsADecodeExceptionNeverACrash() {
    byte[][] inputs = {
      {},
      {0x27},
      {0x28, 1},
      {0x27, 2, 0, 0, 0, 2, 'v', '1', 0},
      "hello, world".getBytes(StandardCharsets.US_ASCII),
      {0x27, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
    };
    for (byte[] input : inputs) {
      CodecChecks.expectDecodeException(input, Messages::decode, Arrays.toString(input));
    }
  }

  @Test
  void aNodeAnnouncesOnlyAVersionItCouldDecode() {
    assertThatThrownBy(() -> new Message.Hello("v 1", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'v 1'");
    assertThatThrownBy(() -> new Message.Hello("", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Message.Hello.isVersion("v1.2.3+build/7_rc-1")).isTrue();
  }
}
