package io.ledgerlab.node.p2p;

import io.ledgerlab.ledger.crypto.Ed25519;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.Signature;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The peer handshake. Each side sends a hello (magic, chain id, its node key, a fresh nonce), then
 * signs the other side's nonce together with both keys and the chain id. A peer that cannot sign
 * for the key it claims, or claims a key this node does not know, is dropped before any message
 * reaches the node. Signing the other side's fresh nonce makes a recorded handshake useless.
 */
final class Handshake {
  static final byte[] MAGIC = "LLP1".getBytes(StandardCharsets.US_ASCII);
  static final int NONCE_BYTES = 32;
  static final int FRAME_BYTES_MAX = 1_024;
  private static final byte[] DOMAIN = "ledgerlab/p2p/auth/1".getBytes(StandardCharsets.US_ASCII);

  /** What a peer says about itself first. */
  record Hello(String chainId, PublicKey key, byte[] nonce) {}

  private Handshake() {}

  static byte[] encodeHello(Hello hello) {
    byte[] chain = hello.chainId().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 1 + chain.length + 32 + NONCE_BYTES);
    b.put(MAGIC).put((byte) chain.length).put(chain).put(hello.key().bytes()).put(hello.nonce());
    return b.array();
  }

  /** Decodes a hello; throws with the reason when the bytes are not one. */
  static Hello decodeHello(byte[] bytes) {
    if (bytes.length < MAGIC.length + 1 || !Arrays.equals(bytes, 0, 4, MAGIC, 0, 4)) {
      throw new HandshakeException("not a Ledgerlab peer (bad magic)");
    }
    int chainLength = bytes[MAGIC.length] & 0xff;
    int expected = MAGIC.length + 1 + chainLength + 32 + NONCE_BYTES;
    if (bytes.length != expected) {
      throw new HandshakeException(
          "hello is " + bytes.length + " bytes, expected " + expected + " for its chain id");
    }
    int at = MAGIC.length + 1;
    String chainId = new String(bytes, at, chainLength, StandardCharsets.UTF_8);
    at += chainLength;
    PublicKey key = PublicKey.of(Arrays.copyOfRange(bytes, at, at + 32));
    byte[] nonce = Arrays.copyOfRange(bytes, at + 32, at + 32 + NONCE_BYTES);
    return new Hello(chainId, key, nonce);
  }

  /** What {@code signer} signs to prove its key to the holder of {@code peerKey}. */
  static byte[] authMessage(
      String chainId, byte[] peerNonce, PublicKey signerKey, PublicKey peerKey) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(DOMAIN);
    out.writeBytes(chainId.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(peerNonce);
    out.writeBytes(signerKey.bytes());
    out.writeBytes(peerKey.bytes());
    return out.toByteArray();
  }

  static byte[] sign(KeyPair self, String chainId, Hello peer) {
    return self.sign(authMessage(chainId, peer.nonce(), self.publicKey(), peer.key())).bytes();
  }

  static boolean verify(
      byte[] signature, String chainId, byte[] ownNonce, PublicKey peerKey, PublicKey ownKey) {
    if (signature.length != Signature.LENGTH) {
      return false;
    }
    return Ed25519.standard()
        .verify(peerKey, authMessage(chainId, ownNonce, peerKey, ownKey), Signature.of(signature));
  }

  /** A handshake that failed; the message is the reason, for the log. */
  static final class HandshakeException extends RuntimeException {
    HandshakeException(String reason) {
      super(reason);
    }
  }
}
