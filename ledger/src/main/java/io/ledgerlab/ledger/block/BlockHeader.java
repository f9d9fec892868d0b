package io.ledgerlab.ledger.block;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.codec.TypeTag;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.tx.Transaction;
import java.util.Objects;

/**
 * A block header. {@code stateRoot} and {@code receiptsRoot} describe the state after this block's
 * transactions ran; {@code lastCommit} certifies the previous block. The block hash is SHA-256 over
 * this encoding.
 */
public record BlockHeader(
    String chainId,
    long height,
    long timeMicros,
    Hash previousHash,
    Hash txRoot,
    Hash stateRoot,
    Hash receiptsRoot,
    Hash evidenceRoot,
    Address proposer,
    CommitCertificate lastCommit) {
  public static final int VERSION = 1;

  public BlockHeader {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(txRoot, "txRoot");
    Objects.requireNonNull(stateRoot, "stateRoot");
    Objects.requireNonNull(receiptsRoot, "receiptsRoot");
    Objects.requireNonNull(evidenceRoot, "evidenceRoot");
    Objects.requireNonNull(proposer, "proposer");
    Objects.requireNonNull(lastCommit, "lastCommit");
    if (height < 1 || timeMicros < 0) {
      throw new IllegalArgumentException("height must be >= 1 and time >= 0");
    }
  }

  public byte[] encode() {
    Encoder out = new Encoder(256);
    encode(out);
    return out.toByteArray();
  }

  public Hash hash() {
    return Sha256.hash(encode());
  }

  void encode(Encoder out) {
    out.u8(TypeTag.BLOCK_HEADER).u8(VERSION);
    out.string(chainId, Transaction.CHAIN_ID_BYTES_MAX);
    out.u64(height).u64(timeMicros);
    out.hash(previousHash).hash(txRoot).hash(stateRoot).hash(receiptsRoot).hash(evidenceRoot);
    out.fixed(proposer.bytes());
    lastCommit.encode(out);
  }

  static BlockHeader decode(Decoder in) throws DecodeException {
    in.header("header", TypeTag.BLOCK_HEADER, VERSION);
    String chainId = in.string("header.chainId", Transaction.CHAIN_ID_BYTES_MAX);
    long height = in.u64("header.height", 1, Long.MAX_VALUE);
    long time = in.u64("header.timeMicros");
    Hash previous = in.hash("header.previousHash");
    Hash txRoot = in.hash("header.txRoot");
    Hash stateRoot = in.hash("header.stateRoot");
    Hash receiptsRoot = in.hash("header.receiptsRoot");
    Hash evidenceRoot = in.hash("header.evidenceRoot");
    Address proposer = Address.of(in.fixed("header.proposer", Address.LENGTH));
    CommitCertificate lastCommit = CommitCertificate.decode(in, "header.lastCommit");
    return new BlockHeader(
        chainId,
        height,
        time,
        previous,
        txRoot,
        stateRoot,
        receiptsRoot,
        evidenceRoot,
        proposer,
        lastCommit);
  }

  public static BlockHeader decode(byte[] bytes) throws DecodeException {
    Decoder in = new Decoder(bytes);
    BlockHeader header = decode(in);
    in.end("header");
    return header;
  }
}
