package io.ledgerlab.lab.target.reference;

import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.lab.client.NodeClient.CommittedReceipt;
import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.crypto.Address;
import java.util.List;
import java.util.Optional;

/** A client of a reference-chain node, with what the reference wallet needs on top. */
public interface ReferenceClient extends ChainClient {
  /** The next nonce this node expects from {@code sender}, counting its pending transactions. */
  long nextNonce(Address sender) throws ClientException;

  /** The balance of {@code account} at this node's head. */
  long balance(Address account) throws ClientException;

  /** The receipt of transaction {@code txId} (hash hex) once committed here; empty before. */
  Optional<CommittedReceipt> receipt(String txId) throws ClientException;

  /** Governance proposal {@code id} at this node's head; empty when it holds none of that id. */
  Optional<io.ledgerlab.ledger.gov.ProposalStatus> proposal(long id) throws ClientException;

  /** How many governance proposals this node's chain holds. */
  long proposalCount() throws ClientException;

  /** Asks chain code {@code chainCode} a read-only question at this node's head. */
  Outcome query(String chainCode, String method, byte[] args) throws ClientException;

  /** The committed block at {@code height}, or empty when this node does not have it. */
  Optional<Block> block(long height) throws ClientException;

  /**
   * The receipts this node stored with block {@code height}, when it serves them; empty otherwise.
   */
  default Optional<List<Receipt>> receipts(long height) throws ClientException {
    return Optional.empty();
  }
}
