package io.ledgerlab.ledger.block;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Signature;
import java.util.ArrayList;
import java.util.List;

/**
 * The precommits that committed a block, carried in the header of the next one. Consensus fills it;
 * a single-validator dev chain leaves it {@link #EMPTY}.
 */
public record CommitCertificate(long height, int round, Hash blockHash, List<Precommit> votes) {
  public static final int VOTES_MAX = 1_024;
  public static final CommitCertificate EMPTY = new CommitCertificate(0, 0, Hash.ZERO, List.of());

  public CommitCertificate {
    if (height < 0 || round < 0) {
      throw new IllegalArgumentException("height and round must be >= 0");
    }
    if (votes.size() > VOTES_MAX) {
      throw new IllegalArgumentException("a certificate holds at most " + VOTES_MAX + " votes");
    }
    votes = List.copyOf(votes);
  }

  /** One validator's precommit signature. */
  public record Precommit(Address validator, Signature signature) {}

  /** Why this certificate does not prove its block on this chain, or null when it does. */
  public String invalidReason(String chainId, ValidatorSet validators) {
    java.util.Set<io.ledgerlab.ledger.crypto.Address> seen = new java.util.HashSet<>();
    long power = 0;
    for (Precommit v : votes) {
      io.ledgerlab.ledger.crypto.PublicKey key = validators.key(v.validator());
      if (key == null) {
        return "signer " + v.validator() + " is not a validator";
      }
      if (!seen.add(v.validator())) {
        return "validator " + validators.name(v.validator()) + " signed twice";
      }
      Vote precommit =
          new Vote(VoteType.PRECOMMIT, height, round, blockHash, v.validator(), v.signature());
      if (!precommit.verify(chainId, key)) {
        return "precommit of " + validators.name(v.validator()) + " does not verify";
      }
      power += validators.power(v.validator());
    }
    if (!validators.isQuorum(power)) {
      return "precommits hold power "
          + power
          + " of "
          + validators.totalPower()
          + ", not more than two thirds";
    }
    return null;
  }

  public void encodeTo(Encoder out) {
    encode(out);
  }

  public static CommitCertificate decodeFrom(Decoder in, String field) throws DecodeException {
    return decode(in, field);
  }

  void encode(Encoder out) {
    out.u64(height).u32(round).hash(blockHash).count(votes.size(), VOTES_MAX);
    for (Precommit v : votes) {
      out.fixed(v.validator().bytes()).fixed(v.signature().bytes());
    }
  }

  static CommitCertificate decode(Decoder in, String field) throws DecodeException {
    long height = in.u64(field + ".height");
    int at = in.offset();
    long round = in.u32(field + ".round");
    if (round > Integer.MAX_VALUE) {
      throw new DecodeException(
          DecodeException.Kind.OUT_OF_RANGE, field + ".round", at, "round " + round);
    }
    Hash blockHash = in.hash(field + ".blockHash");
    int n = in.count(field + ".votes", VOTES_MAX, Address.LENGTH + Signature.LENGTH);
    List<Precommit> votes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Address validator =
          Address.of(in.fixed(field + ".votes[" + i + "].validator", Address.LENGTH));
      Signature sig =
          Signature.of(in.fixed(field + ".votes[" + i + "].signature", Signature.LENGTH));
      votes.add(new Precommit(validator, sig));
    }
    return new CommitCertificate(height, (int) round, blockHash, votes);
  }
}
