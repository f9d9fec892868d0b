package io.ledgerlab.ledger.consensus;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Ed25519;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.crypto.PublicKey;
import io.ledgerlab.ledger.crypto.Signature;
import io.ledgerlab.ledger.tx.Transaction;
import java.nio.charset.StandardCharsets;

/**
 * A proposer's signed offer of a block for a height and round. {@code polRound} is the round in
 * which the block won a quorum of prevotes ("proof of lock"), or -1 for a fresh block. The
 * signature covers the block hash, not the block, so equivocation evidence stays small.
 */
public record Proposal(long height, int round, int polRound, Block block, Signature signature) {
  private static final byte[] DOMAIN = "ledgerlab/proposal/v1\0".getBytes(StandardCharsets.UTF_8);

  public static Proposal sign(
      String chainId, KeyPair key, long height, int round, int polRound, Block block) {
    return new Proposal(
        height,
        round,
        polRound,
        block,
        key.sign(signBytes(chainId, height, round, polRound, block.hash())));
  }

  public static byte[] signBytes(
      String chainId, long height, int round, int polRound, Hash blockHash) {
    return new Encoder(128)
        .fixed(DOMAIN)
        .string(chainId, Transaction.CHAIN_ID_BYTES_MAX)
        .u64(height)
        .u32(round)
        .u32(polRound + 1L)
        .hash(blockHash)
        .toByteArray();
  }

  public boolean verify(String chainId, PublicKey proposerKey) {
    return Ed25519.standard()
        .verify(proposerKey, signBytes(chainId, height, round, polRound, block.hash()), signature);
  }

  public Hash blockHash() {
    return block.hash();
  }
}
