package io.ledgerlab.node.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The peer handshake's hello, the first bytes any stranger on the p2p port gets to have decoded:
 * only {@link Handshake.HandshakeException} (which closes that connection) may escape, and a hello
 * whose chain id is well-formed UTF-8 re-encodes to its input. Without {@code JAZZER_FUZZ} this
 * replays the seeds in {@code HandshakeFuzzTestInputs/decodeHello}; with it, Jazzer fuzzes for
 * {@code maxDuration}.
 */
class HandshakeFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void decodeHello(byte[] input) {
    Handshake.Hello hello;
    try {
      hello = Handshake.decodeHello(input);
    } catch (Handshake.HandshakeException e) {
      return;
    }
    assertEquals(Handshake.NONCE_BYTES, hello.nonce().length, "nonce length");
    int chainLength = input[Handshake.MAGIC.length] & 0xff;
    byte[] chain =
        Arrays.copyOfRange(
            input, Handshake.MAGIC.length + 1, Handshake.MAGIC.length + 1 + chainLength);
    if (Arrays.equals(chain, hello.chainId().getBytes(StandardCharsets.UTF_8))) {
      assertArrayEquals(
          input, Handshake.encodeHello(hello), "a decoded hello re-encodes to its input");
    }
  }
}
