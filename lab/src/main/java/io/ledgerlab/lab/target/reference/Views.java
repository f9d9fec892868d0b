package io.ledgerlab.lab.target.reference;

import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.TxView;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.DuplicateVoteEvidence;
import io.ledgerlab.ledger.block.ValidatorSet;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reference-chain blocks as the checks see them, each with its certificate verified: block h is
 * proved by the certificate in block h+1's header, and the head by the certificate its node holds.
 */
final class Views {
  private Views() {}

  static List<BlockView> of(
      List<Block> chain, Optional<CommitCertificate> headCertificate, Genesis genesis) {
    ValidatorSet validators = new ValidatorSet(genesis.validators());
    List<BlockView> out = new ArrayList<>(chain.size());
    for (int i = 0; i < chain.size(); i++) {
      Block b = chain.get(i);
      Optional<CommitCertificate> proof =
          i + 1 < chain.size()
              ? Optional.of(chain.get(i + 1).header().lastCommit())
              : headCertificate;
      // Null when the proof holds: Optional.map would read that as "no proof".
      String problem =
          proof.isEmpty()
              ? BlockView.UNVERIFIED
              : problem(b, proof.get(), genesis.chainId(), validators);
      out.add(view(b, problem));
    }
    return out;
  }

  private static String problem(
      Block block, CommitCertificate cert, String chainId, ValidatorSet validators) {
    if (!cert.blockHash().equals(block.hash()) || cert.height() != block.height()) {
      return "its certificate is for height "
          + cert.height()
          + " block "
          + cert.blockHash().shortHex()
          + ", not this block";
    }
    return cert.invalidReason(chainId, validators);
  }

  private static BlockView view(Block b, String proofProblem) {
    List<TxView> txs = new ArrayList<>(b.transactions().size());
    for (Transaction tx : b.transactions()) {
      txs.add(new TxView(tx.hash().hex(), tx.senderAddress().hex(), tx.nonce()));
    }
    List<String> accused = new ArrayList<>();
    for (DuplicateVoteEvidence e : b.evidence()) {
      accused.add(e.first().validator().hex());
    }
    return new BlockView(
        b.height(),
        b.hash().hex(),
        b.header().previousHash().hex(),
        b.header().stateRoot().hex(),
        txs,
        accused,
        proofProblem);
  }
}
