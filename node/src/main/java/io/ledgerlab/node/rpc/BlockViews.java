package io.ledgerlab.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.BlockHeader;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Blocks as JSON for clients: the header, transaction hashes, and the certificate that proves it.
 */
final class BlockViews {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private BlockViews() {}

  /**
   * @param encoded whether to include the canonical bytes (large; a follower does not need them)
   */
  static JsonNode block(Block block, Optional<CommitCertificate> certificate, boolean encoded) {
    BlockHeader h = block.header();
    ObjectNode out =
        NODES
            .objectNode()
            .put("height", h.height())
            .put("hash", block.hash().hex())
            .put("chainId", h.chainId())
            .put("timeMicros", h.timeMicros())
            .put("previousHash", h.previousHash().hex())
            .put("txRoot", h.txRoot().hex())
            .put("stateRoot", h.stateRoot().hex())
            .put("receiptsRoot", h.receiptsRoot().hex())
            .put("evidenceRoot", h.evidenceRoot().hex())
            .put("proposer", h.proposer().hex())
            .put("evidence", block.evidence().size());
    if (encoded) {
      out.put("encoded", HexFormat.of().formatHex(block.encode()));
    }
    ArrayNode txs = out.putArray("txs");
    for (Transaction tx : block.transactions()) {
      txs.add(tx.hash().hex());
    }
    certificate.ifPresent(c -> out.set("certificate", certificate(c)));
    if (encoded) {
      // The signatures too, so that a client can verify the head's certificate itself.
      certificate.ifPresent(
          c -> {
            io.ledgerlab.ledger.codec.Encoder e = new io.ledgerlab.ledger.codec.Encoder(256);
            c.encodeTo(e);
            out.put("certificateEncoded", HexFormat.of().formatHex(e.toByteArray()));
          });
    }
    return out;
  }

  private static JsonNode certificate(CommitCertificate c) {
    ObjectNode out =
        NODES.objectNode().put("round", c.round()).put("blockHash", c.blockHash().hex());
    ArrayNode signers = out.putArray("signers");
    for (CommitCertificate.Precommit p : c.votes()) {
      signers.add(p.validator().hex());
    }
    return out;
  }
}
