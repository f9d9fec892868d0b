package io.ledgerlab.ledger.store;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.disk.WriteBatch;
import java.util.List;
import java.util.Optional;

/** Blocks, receipts, a transaction index and the chain head, on the node's {@link Disk}. */
public final class ChainStore {
  private static final byte BLOCK = 'b';
  private static final byte RECEIPTS = 'r';
  private static final byte TX_INDEX = 'x';
  private static final byte CERTIFICATE = 'c';
  private static final byte EVIDENCE = 'e';
  private static final byte[] HEAD = {'H'};

  private final Disk disk;

  public ChainStore(Disk disk) {
    this.disk = disk;
  }

  /** Where a committed transaction sits. */
  public record TxLocation(long height, int index) {}

  public Optional<ChainHead> head() {
    byte[] bytes = disk.get(HEAD);
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ChainHead.decode(bytes));
    } catch (DecodeException e) {
      throw new CorruptStateException("chain head record is corrupt: " + e.getMessage(), e);
    }
  }

  public void putHead(ChainHead head, WriteBatch batch) {
    batch.put(HEAD, head.encode());
  }

  public void putBlock(Block block, List<Receipt> receipts, WriteBatch batch) {
    byte[] height = new Encoder(8).u64(block.height()).toByteArray();
    batch.put(key(BLOCK, height), block.encode());
    batch.put(key(RECEIPTS, height), Receipt.encodeAll(receipts));
    for (var e : block.evidence()) {
      batch.put(key(EVIDENCE, e.hash().bytes()), new Encoder(8).u64(block.height()).toByteArray());
    }
    List<Transaction> txs = block.transactions();
    for (int i = 0; i < txs.size(); i++) {
      batch.put(
          key(TX_INDEX, txs.get(i).hash().bytes()),
          new Encoder(12).u64(block.height()).u32(i).toByteArray());
    }
  }

  /** The precommits this node saw commit block {@code height}; later block sync serves them. */
  public void putCertificate(io.ledgerlab.ledger.block.CommitCertificate cert, WriteBatch batch) {
    Encoder out = new Encoder(256);
    cert.encodeTo(out);
    batch.put(key(CERTIFICATE, new Encoder(8).u64(cert.height()).toByteArray()), out.toByteArray());
  }

  public Optional<io.ledgerlab.ledger.block.CommitCertificate> certificate(long height) {
    byte[] bytes = disk.get(key(CERTIFICATE, new Encoder(8).u64(height).toByteArray()));
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      Decoder in = new Decoder(bytes);
      var cert = io.ledgerlab.ledger.block.CommitCertificate.decodeFrom(in, "certificate");
      in.end("certificate");
      return Optional.of(cert);
    } catch (DecodeException e) {
      throw new CorruptStateException(
          "stored certificate " + height + " is corrupt: " + e.getMessage(), e);
    }
  }

  public boolean hasEvidence(Hash evidenceHash) {
    return disk.get(key(EVIDENCE, evidenceHash.bytes())) != null;
  }

  public Optional<Block> block(long height) {
    byte[] bytes = disk.get(key(BLOCK, new Encoder(8).u64(height).toByteArray()));
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Block.decode(bytes));
    } catch (DecodeException e) {
      throw new CorruptStateException(
          "stored block " + height + " is corrupt: " + e.getMessage(), e);
    }
  }

  public List<Receipt> receipts(long height) {
    byte[] bytes = disk.get(key(RECEIPTS, new Encoder(8).u64(height).toByteArray()));
    if (bytes == null) {
      return List.of();
    }
    try {
      return Receipt.decodeAll(bytes);
    } catch (DecodeException e) {
      throw new CorruptStateException(
          "stored receipts " + height + " are corrupt: " + e.getMessage(), e);
    }
  }

  public Optional<TxLocation> findTx(Hash txHash) {
    byte[] bytes = disk.get(key(TX_INDEX, txHash.bytes()));
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      Decoder in = new Decoder(bytes);
      TxLocation loc = new TxLocation(in.u64("tx.height"), (int) in.u32("tx.index"));
      in.end("tx.location");
      return Optional.of(loc);
    } catch (DecodeException e) {
      throw new CorruptStateException("tx index entry is corrupt: " + e.getMessage(), e);
    }
  }

  private static byte[] key(byte space, byte[] suffix) {
    byte[] out = new byte[1 + suffix.length];
    out[0] = space;
    System.arraycopy(suffix, 0, out, 1, suffix.length);
    return out;
  }
}
