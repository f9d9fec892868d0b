package io.ledgerlab.ledger.block;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.codec.TypeTag;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.ArrayList;
import java.util.List;

/**
 * A header, the transactions it orders and the evidence it commits. Immutable; its hash (the
 * header's) is computed once, since consensus asks for it on every vote.
 */
public final class Block {
  public static final int VERSION = 1;
  public static final int TRANSACTIONS_MAX = 20_000;
  public static final int EVIDENCE_MAX = 64;
  private static final int TX_BYTES_MIN = 100;
  private static final int EVIDENCE_BYTES_MIN = 2 * 129;

  private final BlockHeader header;
  private final List<Transaction> transactions;
  private final List<DuplicateVoteEvidence> evidence;
  private final Hash hash;

  public Block(
      BlockHeader header, List<Transaction> transactions, List<DuplicateVoteEvidence> evidence) {
    this.header = java.util.Objects.requireNonNull(header, "header");
    this.transactions = List.copyOf(transactions);
    this.evidence = List.copyOf(evidence);
    this.hash = header.hash();
    if (evidence.size() > EVIDENCE_MAX) {
      throw new IllegalArgumentException(
          "a block holds at most " + EVIDENCE_MAX + " pieces of evidence");
    }
    if (transactions.size() > TRANSACTIONS_MAX) {
      throw new IllegalArgumentException(
          "a block holds at most " + TRANSACTIONS_MAX + " transactions");
    }
  }

  public long height() {
    return header.height();
  }

  public Hash hash() {
    return hash;
  }

  public BlockHeader header() {
    return header;
  }

  public List<Transaction> transactions() {
    return transactions;
  }

  public List<DuplicateVoteEvidence> evidence() {
    return evidence;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Block b
        && hash.equals(b.hash)
        && header.equals(b.header)
        && transactions.equals(b.transactions)
        && evidence.equals(b.evidence);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Block["
        + header.height()
        + " "
        + hash.shortHex()
        + ", "
        + transactions.size()
        + " txs]";
  }

  /** A block without evidence. */
  public Block(BlockHeader header, List<Transaction> transactions) {
    this(header, transactions, List.of());
  }

  /** The Merkle root of the evidence hashes, in order. */
  public static Hash evidenceRoot(List<DuplicateVoteEvidence> evidence) {
    List<Hash> hashes = new ArrayList<>(evidence.size());
    for (DuplicateVoteEvidence e : evidence) {
      hashes.add(e.hash());
    }
    return MerkleList.root(hashes);
  }

  /** The Merkle root of these transactions' hashes, in order. */
  public static Hash txRoot(List<Transaction> transactions) {
    List<Hash> hashes = new ArrayList<>(transactions.size());
    for (Transaction tx : transactions) {
      hashes.add(tx.hash());
    }
    return MerkleList.root(hashes);
  }

  public byte[] encode() {
    Encoder out = new Encoder(512 + transactions.size() * 200);
    out.u8(TypeTag.BLOCK).u8(VERSION);
    header.encode(out);
    out.count(transactions.size(), TRANSACTIONS_MAX);
    for (Transaction tx : transactions) {
      tx.encodeTo(out);
    }
    out.count(evidence.size(), EVIDENCE_MAX);
    for (DuplicateVoteEvidence e : evidence) {
      e.encode(out);
    }
    return out.toByteArray();
  }

  public static Block decode(byte[] bytes) throws DecodeException {
    Decoder in = new Decoder(bytes);
    in.header("block", TypeTag.BLOCK, VERSION);
    BlockHeader header = BlockHeader.decode(in);
    int n = in.count("block.transactions", TRANSACTIONS_MAX, TX_BYTES_MIN);
    List<Transaction> txs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      txs.add(Transaction.decode(in));
    }
    int e = in.count("block.evidence", EVIDENCE_MAX, EVIDENCE_BYTES_MIN);
    List<DuplicateVoteEvidence> evidence = new ArrayList<>(e);
    for (int i = 0; i < e; i++) {
      evidence.add(DuplicateVoteEvidence.decode(in, "block.evidence[" + i + "]"));
    }
    in.end("block");
    return new Block(header, txs, evidence);
  }
}
