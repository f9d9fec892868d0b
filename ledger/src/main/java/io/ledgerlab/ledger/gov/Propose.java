package io.ledgerlab.ledger.gov;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.codec.TypeTag;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Hex;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;

/**
 * The body of a {@code propose} action: proposal number {@code id} (exactly the chain's next), what
 * it installs, and the last height at which it may still be approved.
 */
public record Propose(long id, Install install, long expiryHeight) {
  /** The action's name in {@link Payload.Governance}. */
  public static final String ACTION = "propose";

  /** The only kind of proposal so far; the tag leaves room for others. */
  static final int KIND_INSTALL = 1;

  private static final int VERSION = 1;

  public Propose {
    if (id < 1) {
      throw new IllegalArgumentException("proposal id must be >= 1, got " + id);
    }
    java.util.Objects.requireNonNull(install, "install");
    if (expiryHeight < 1) {
      throw new IllegalArgumentException("expiry height must be >= 1, got " + expiryHeight);
    }
  }

  /**
   * What approvals sign: the proposal's number and content on {@code chainId}, so an approval
   * cannot be carried to another proposal or another chain.
   */
  public Hash contentHash(String chainId) {
    Encoder out = new Encoder(160);
    out.u8(TypeTag.PROPOSAL_CONTENT).u8(VERSION).string(chainId, Transaction.CHAIN_ID_BYTES_MAX);
    writeFields(out);
    return Sha256.hash(out.toByteArray());
  }

  public Payload.Governance payload() {
    return new Payload.Governance(ACTION, encode());
  }

  public byte[] encode() {
    Encoder out = new Encoder(128);
    out.u8(VERSION);
    writeFields(out);
    return out.toByteArray();
  }

  private void writeFields(Encoder out) {
    out.u64(id).u8(KIND_INSTALL);
    out.string(install.chainCode(), Payload.NAME_BYTES_MAX)
        .u32(install.version())
        .fixed(Hex.decode(install.sha256()))
        .u64(install.activationHeight());
    out.u64(expiryHeight);
  }

  /** Decodes a body strictly: one encoding per value, no trailing bytes, every field in range. */
  public static Propose decode(byte[] body) throws DecodeException {
    Decoder in = new Decoder(body);
    Bodies.version(in, "propose", VERSION);
    long id = in.u64("propose.id", 1, Long.MAX_VALUE);
    int kindAt = in.offset();
    int kind = in.u8("propose.kind");
    if (kind != KIND_INSTALL) {
      throw new DecodeException(
          DecodeException.Kind.UNKNOWN_TAG,
          "propose.kind",
          kindAt,
          "no proposal kind " + kind + "; known: 1 (install)");
    }
    String name = Bodies.name(in, "propose.install.chainCode");
    int version = Bodies.version32(in, "propose.install.version");
    String sha = Hex.encode(in.fixed("propose.install.sha256", 32));
    long activation = in.u64("propose.install.activationHeight", 1, Long.MAX_VALUE);
    long expiry = in.u64("propose.expiryHeight", 1, Long.MAX_VALUE);
    in.end("propose");
    return new Propose(id, new Install(name, version, sha, activation), expiry);
  }
}
