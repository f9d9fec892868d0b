package io.ledgerlab.ledger.block;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Ed25519;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.Signature;
import io.ledgerlab.ledger.tx.Transaction;
import java.nio.charset.StandardCharsets;

/**
 * A validator's signed prevote or precommit for a block at a height and round; {@link Hash#ZERO} as
 * the block hash is a vote for nothing ("nil"). The signature covers the chain id behind a domain
 * tag, so a vote is valid on one chain and one step only.
 */
public record Vote(
    VoteType type, long height, int round, Hash blockHash, Address validator, Signature signature) {
  public static final Hash NIL = Hash.ZERO;
  private static final byte[] DOMAIN = "ledgerlab/vote/v1\0".getBytes(StandardCharsets.UTF_8);

  public static Vote sign(
      String chainId, KeyPair key, VoteType type, long height, int round, Hash blockHash) {
    Signature sig = key.sign(signBytes(chainId, type, height, round, blockHash));
    return new Vote(type, height, round, blockHash, key.address(), sig);
  }

  /** The bytes a validator signs for this vote. */
  public static byte[] signBytes(
      String chainId, VoteType type, long height, int round, Hash blockHash) {
    Encoder out = new Encoder(128);
    out.fixed(DOMAIN).string(chainId, Transaction.CHAIN_ID_BYTES_MAX);
    out.u8(type.tag()).u64(height).u32(round).hash(blockHash);
    return out.toByteArray();
  }

  public boolean verify(String chainId, PublicKey key) {
    return key.address().equals(validator)
        && Ed25519.standard()
            .verify(key, signBytes(chainId, type, height, round, blockHash), signature);
  }

  public boolean isNil() {
    return blockHash.equals(NIL);
  }

  public void encode(Encoder out) {
    out.u8(type.tag()).u64(height).u32(round).hash(blockHash);
    out.fixed(validator.bytes()).fixed(signature.bytes());
  }

  public static Vote decode(Decoder in, String field) throws DecodeException {
    int at = in.offset();
    VoteType type = VoteType.ofTag(in.u8(field + ".type"));
    if (type == null) {
      throw new DecodeException(
          DecodeException.Kind.UNKNOWN_TAG, field + ".type", at, "no vote type");
    }
    long height = in.u64(field + ".height");
    int roundAt = in.offset();
    long round = in.u32(field + ".round");
    if (round > Integer.MAX_VALUE) {
      throw new DecodeException(
          DecodeException.Kind.OUT_OF_RANGE, field + ".round", roundAt, "round " + round);
    }
    Hash blockHash = in.hash(field + ".blockHash");
    Address validator = Address.of(in.fixed(field + ".validator", Address.LENGTH));
    Signature sig = Signature.of(in.fixed(field + ".signature", Signature.LENGTH));
    return new Vote(type, height, (int) round, blockHash, validator, sig);
  }

  @Override
  public String toString() {
    return type
        + "("
        + height
        + "/"
        + round
        + " "
        + (isNil() ? "nil" : blockHash.shortHex())
        + " by "
        + validator.hex().substring(0, 8)
        + ")";
  }
}
