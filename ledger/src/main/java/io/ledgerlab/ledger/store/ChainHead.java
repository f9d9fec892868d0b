package io.ledgerlab.ledger.store;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.codec.TypeTag;
import io.ledgerlab.ledger.crypto.Hash;

/**
 * The last committed block: written in the same batch as the block and its state, so after a crash
 * it always names a block whose state is on disk. Height 0 is genesis.
 */
public record ChainHead(
    long height, Hash blockHash, Hash stateRoot, long timeMicros, Hash genesisHash) {
  public byte[] encode() {
    return new Encoder(140)
        .u8(TypeTag.CHAIN_HEAD)
        .u8(1)
        .u64(height)
        .hash(blockHash)
        .hash(stateRoot)
        .u64(timeMicros)
        .hash(genesisHash)
        .toByteArray();
  }

  public static ChainHead decode(byte[] bytes) throws DecodeException {
    Decoder in = new Decoder(bytes);
    in.header("head", TypeTag.CHAIN_HEAD, 1);
    ChainHead head =
        new ChainHead(
            in.u64("head.height"),
            in.hash("head.blockHash"),
            in.hash("head.stateRoot"),
            in.u64("head.timeMicros"),
            in.hash("head.genesisHash"));
    in.end("head");
    return head;
  }
}
