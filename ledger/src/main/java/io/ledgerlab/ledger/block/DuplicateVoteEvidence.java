package io.ledgerlab.ledger.block;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.Sha256;

/**
 * Proof that a validator equivocated: two votes it signed for the same height, round and step with
 * different block hashes. Kept in canonical order (lower block hash first), so one equivocation has
 * exactly one piece of evidence.
 */
public record DuplicateVoteEvidence(Vote first, Vote second) {
  public DuplicateVoteEvidence {
    if (first.blockHash().compareTo(second.blockHash()) > 0) {
      Vote t = first;
      first = second;
      second = t;
    }
  }

  /** Why this is not valid evidence against a validator of {@code validators}, or null if it is. */
  public String invalidReason(String chainId, ValidatorSet validators) {
    if (!first.validator().equals(second.validator())) {
      return "votes are from different validators";
    }
    if (first.type() != second.type()
        || first.height() != second.height()
        || first.round() != second.round()) {
      return "votes are for different steps";
    }
    if (first.blockHash().equals(second.blockHash())) {
      return "votes are for the same block";
    }
    PublicKey key = validators.key(first.validator());
    if (key == null) {
      return "signer is not a validator";
    }
    if (!first.verify(chainId, key) || !second.verify(chainId, key)) {
      return "a signature does not verify";
    }
    return null;
  }

  public Hash hash() {
    Encoder out = new Encoder(300);
    encode(out);
    return Sha256.hash(out.toByteArray());
  }

  public void encode(Encoder out) {
    first.encode(out);
    second.encode(out);
  }

  public static DuplicateVoteEvidence decode(Decoder in, String field) throws DecodeException {
    int at = in.offset();
    Vote a = Vote.decode(in, field + ".first");
    Vote b = Vote.decode(in, field + ".second");
    if (a.blockHash().compareTo(b.blockHash()) >= 0) {
      throw new DecodeException(
          DecodeException.Kind.NON_CANONICAL, field, at, "votes not in block-hash order");
    }
    return new DuplicateVoteEvidence(a, b);
  }
}
