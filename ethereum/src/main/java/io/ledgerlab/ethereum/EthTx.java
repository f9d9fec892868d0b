package io.ledgerlab.ethereum;

import io.ledgerlab.lab.target.SignedTx;

/** A signed Ethereum transaction: its hash, which blocks list, and its raw bytes in hex. */
record EthTx(String id, String rawHex) implements SignedTx {}
