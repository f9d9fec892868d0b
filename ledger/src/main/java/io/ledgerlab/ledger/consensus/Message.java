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

  /**
   * "I run software {@code version}": peers learn each other's versions. A request ({@code reply}
   * false) is answered with the receiver's own Hello; a reply is not, so two nodes never ping-pong.
   */
  record Hello(String version, boolean reply) implements Message {
    /** The longest version a peer may announce, in bytes. */
    public static final int VERSION_BYTES_MAX = 64;

    private static final java.util.regex.Pattern VERSION =
        java.util.regex.Pattern.compile("[A-Za-z0-9._+/-]{1," + VERSION_BYTES_MAX + "}");

    public Hello {
      if (!isVersion(version)) {
        throw new IllegalArgumentException(
            "a version is 1-"
                + VERSION_BYTES_MAX
                + " of A-Z a-z 0-9 . _ + / -, got '"
                + version
                + "'");
      }
    }

    /** Whether {@code text} may be announced as a version: it ends up in logs and metric labels. */
    public static boolean isVersion(String text) {
      return text != null && VERSION.matcher(text).matches();
    }
  }

  /** A committed block and the precommits that prove it. */
  record CertifiedBlock(Block block, CommitCertificate certificate) {}
}
