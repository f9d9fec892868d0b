package io.ledgerlab.lab.target.reference;

import io.ledgerlab.lab.target.ChainClient;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.ledger.crypto.Address;

/** A client of a reference-chain node, with what the reference wallet needs on top. */
public interface ReferenceClient extends ChainClient {
  /** The next nonce this node expects from {@code sender}, counting its pending transactions. */
  long nextNonce(Address sender) throws ClientException;
}
