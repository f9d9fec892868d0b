package io.ledgerlab.ledger.gov;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.codec.TypeTag;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.state.CorruptStateException;

/**
 * A proposal as the state keeps it: what was proposed, the content hash approvals must name, which
 * operators approved (one bit per operator, by their place in the genesis), and whether it reached
 * its threshold and was scheduled.
 */
public record ProposalRecord(Propose propose, Hash contentHash, long approvals, boolean scheduled) {
  private static final int VERSION = 1;

  public int approvalCount() {
    return Long.bitCount(approvals);
  }

  public boolean approvedBy(int operator) {
    return (approvals & (1L << operator)) != 0;
  }

  public ProposalRecord withApproval(int operator) {
    return new ProposalRecord(propose, contentHash, approvals | (1L << operator), scheduled);
  }

  public ProposalRecord asScheduled() {
    return new ProposalRecord(propose, contentHash, approvals, true);
  }

  public byte[] encode() {
    byte[] body = propose.encode();
    return new Encoder(body.length + 64)
        .u8(TypeTag.PROPOSAL_RECORD)
        .u8(VERSION)
        .bytes(body, 1_024)
        .hash(contentHash)
        .u64(approvals & Long.MAX_VALUE)
        .bool(approvals < 0)
        .bool(scheduled)
        .toByteArray();
  }

  /** Reads a stored record; what this node wrote itself, so a bad one is a corrupt disk. */
  public static ProposalRecord decode(byte[] bytes) {
    try {
      Decoder in = new Decoder(bytes);
      in.header("proposal", TypeTag.PROPOSAL_RECORD, VERSION);
      Propose propose = Propose.decode(in.bytes("proposal.body", 1_024));
      Hash content = in.hash("proposal.contentHash");
      long low = in.u64("proposal.approvals");
      boolean top = in.bool("proposal.approvals.top");
      boolean scheduled = in.bool("proposal.scheduled");
      in.end("proposal");
      return new ProposalRecord(propose, content, top ? low | Long.MIN_VALUE : low, scheduled);
    } catch (DecodeException e) {
      throw new CorruptStateException("governance proposal record: " + e.getMessage(), e);
    }
  }
}
