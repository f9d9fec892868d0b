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
public record CommitCertificate(long height, int round, Hash blockHash, List<Vote> votes) {
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
  public record Vote(Address validator, Signature signature) {}

  void encode(Encoder out) {
    out.u64(height).u32(round).hash(blockHash).count(votes.size(), VOTES_MAX);
    for (Vote v : votes) {
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
    List<Vote> votes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Address validator =
          Address.of(in.fixed(field + ".votes[" + i + "].validator", Address.LENGTH));
      Signature sig =
          Signature.of(in.fixed(field + ".votes[" + i + "].signature", Signature.LENGTH));
      votes.add(new Vote(validator, sig));
    }
    return new CommitCertificate(height, (int) round, blockHash, votes);
  }
}
