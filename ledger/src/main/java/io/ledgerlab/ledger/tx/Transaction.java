package io.ledgerlab.ledger.tx;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.codec.TypeTag;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Ed25519;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.crypto.Signature;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A signed transaction. The signature covers every other field, behind a domain tag so a
 * transaction signature can never be replayed as a vote or any other signed message. Its hash is
 * SHA-256 over the canonical encoding.
 */
public final class Transaction {
  public static final int VERSION = 1;
  private static final byte VALID = 1;
  private static final byte INVALID = 2;
  public static final int CHAIN_ID_BYTES_MAX = 64;

  /** The codec's hard limit; a chain may set a lower one in its genesis parameters. */
  public static final int ENCODED_BYTES_MAX = 2 * Payload.ARGS_BYTES_MAX + 1024;

  private static final byte[] DOMAIN = "ledgerlab/tx/v1\0".getBytes(StandardCharsets.UTF_8);

  /** 0 not yet checked, else {@link #VALID} or {@link #INVALID}; benign race, same answer. */
  private volatile byte verified;

  private final String chainId;
  private final PublicKey sender;
  private final long nonce;
  private final Payload payload;
  private final Signature signature;
  private final byte[] encoded;
  private final Hash hash;

  private Transaction(
      String chainId,
      PublicKey sender,
      long nonce,
      Payload payload,
      Signature signature,
      byte[] encoded) {
    this.chainId = chainId;
    this.sender = sender;
    this.nonce = nonce;
    this.payload = payload;
    this.signature = signature;
    this.encoded = encoded;
    this.hash = Sha256.hash(encoded);
  }

  /** Builds and signs a transaction with {@code key}. */
  public static Transaction sign(String chainId, KeyPair key, long nonce, Payload payload) {
    Objects.requireNonNull(payload, "payload");
    if (nonce < 0) {
      throw new IllegalArgumentException("nonce must be >= 0, got " + nonce);
    }
    Encoder body = new Encoder(256);
    TransactionCodec.encodeBody(chainId, key.publicKey(), nonce, payload, body);
    byte[] unsigned = body.toByteArray();
    Signature signature = key.sign(signingBytes(unsigned));
    byte[] encoded = Arrays.copyOf(unsigned, unsigned.length + Signature.LENGTH);
    System.arraycopy(signature.bytes(), 0, encoded, unsigned.length, Signature.LENGTH);
    return new Transaction(chainId, key.publicKey(), nonce, payload, signature, encoded);
  }

  /** Decodes one transaction from exactly {@code bytes}. */
  public static Transaction decode(byte[] bytes) throws DecodeException {
    Decoder in = new Decoder(bytes);
    Transaction tx = decode(in);
    in.end("tx");
    return tx;
  }

  /** Decodes one transaction from the current position of {@code in}. */
  public static Transaction decode(Decoder in) throws DecodeException {
    int start = in.offset();
    TransactionCodec.Body body = TransactionCodec.decodeBody(in);
    Signature signature = Signature.of(in.fixed("tx.signature", Signature.LENGTH));
    int length = in.offset() - start;
    if (length > ENCODED_BYTES_MAX) {
      throw new DecodeException(
          DecodeException.Kind.TOO_LONG,
          "tx",
          start,
          length + " bytes exceed " + ENCODED_BYTES_MAX);
    }
    byte[] encoded = TransactionCodec.slice(in, start, length);
    return new Transaction(
        body.chainId(), body.sender(), body.nonce(), body.payload(), signature, encoded);
  }

  /**
   * True when the signature is valid for the sender's key over the signed fields. The answer is
   * kept: a transaction is immutable, so a node's RPC threads can verify it before it reaches the
   * event loop, and admission then finds the work done.
   */
  public boolean verifySignature() {
    byte known = verified;
    if (known == 0) {
      known = Ed25519.standard().verify(sender, signingBytes(), signature) ? VALID : INVALID;
      verified = known;
    }
    return known == VALID;
  }

  /**
   * Takes over the verdict of {@code known} when it is this very transaction (the same bytes, so
   * the same key, signed fields and signature) and was already verified: a block decoded from a
   * peer then costs no signature check for what this node's mempool checked on admission. A
   * different or unverified transaction changes nothing.
   */
  public void adoptVerification(Transaction known) {
    if (known != this && verified == 0 && known.verified != 0 && equals(known)) {
      verified = known.verified;
    }
  }

  /**
   * Whether the signature was already checked (either way), so {@link #verifySignature} is free.
   */
  public boolean signatureChecked() {
    return verified != 0;
  }

  public byte[] signingBytes() {
    return signingBytes(Arrays.copyOf(encoded, encoded.length - Signature.LENGTH));
  }

  private static byte[] signingBytes(byte[] unsigned) {
    byte[] out = Arrays.copyOf(DOMAIN, DOMAIN.length + unsigned.length);
    System.arraycopy(unsigned, 0, out, DOMAIN.length, unsigned.length);
    return out;
  }

  public String chainId() {
    return chainId;
  }

  public PublicKey sender() {
    return sender;
  }

  public Address senderAddress() {
    return sender.address();
  }

  public long nonce() {
    return nonce;
  }

  public TxKind kind() {
    return payload.kind();
  }

  public Payload payload() {
    return payload;
  }

  public Signature signature() {
    return signature;
  }

  public Hash hash() {
    return hash;
  }

  public byte[] encoded() {
    return encoded.clone();
  }

  public int sizeBytes() {
    return encoded.length;
  }

  /** Writes the encoding into {@code out} without an extra copy. */
  public void encodeTo(Encoder out) {
    out.fixed(encoded);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transaction t && hash.equals(t.hash) && Arrays.equals(encoded, t.encoded);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Tx["
        + hash.shortHex()
        + " "
        + kind()
        + " from "
        + senderAddress()
        + " nonce "
        + nonce
        + "]";
  }

  static int version() {
    return VERSION;
  }

  static int typeTag() {
    return TypeTag.TRANSACTION;
  }
}
