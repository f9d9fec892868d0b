package io.ledgerlab.ledger.consensus;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.Vote;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.List;

/** What nodes say to each other. Each kind has a fixed wire tag (see {@link Messages}). */
public sealed interface Message {
  /** A block offered for a round. */
  record ProposalMsg(Proposal proposal) implements Message {}

  /** A prevote or precommit. */
  record VoteMsg(Vote vote) implements Message {}

  /** A transaction gossiped between mempools. */
  record TxMsg(Transaction tx) implements Message {}

  /** "My chain is at {@code height}": lets a peer notice it is behind or ahead. */
  record Status(long height) implements Message {}

  /** Asks for committed blocks from {@code fromHeight} on. */
  record SyncRequest(long fromHeight, int maxBlocks) implements Message {}

  /** Committed blocks, each with the certificate that committed it. */
  record SyncResponse(List<CertifiedBlock> blocks) implements Message {
    public SyncResponse {
      blocks = List.copyOf(blocks);
    }
  }

  /** A committed block and the precommits that prove it. */
  record CertifiedBlock(Block block, CommitCertificate certificate) {}
}
