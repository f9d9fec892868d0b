package io.ledgerlab.ledger.gov;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.tx.Payload;
import java.util.Objects;

/**
 * The body of an {@code approve} action: the proposal's number and the content hash the operator
 * read, so an approval counts only for the content it was given for.
 */
public record Approve(long id, Hash contentHash) {
  /** The action's name in {@link Payload.Governance}. */
  public static final String ACTION = "approve";

  private static final int VERSION = 1;

  public Approve {
    if (id < 1) {
      throw new IllegalArgumentException("proposal id must be >= 1, got " + id);
    }
    Objects.requireNonNull(contentHash, "contentHash");
  }

  public Payload.Governance payload() {
    return new Payload.Governance(ACTION, encode());
  }

  public byte[] encode() {
    return new Encoder(48).u8(VERSION).u64(id).hash(contentHash).toByteArray();
  }

  /** Decodes a body strictly: one encoding per value, no trailing bytes. */
  public static Approve decode(byte[] body) throws DecodeException {
    Decoder in = new Decoder(body);
    Bodies.version(in, "approve", VERSION);
    long id = in.u64("approve.id", 1, Long.MAX_VALUE);
    Hash content = in.hash("approve.contentHash");
    in.end("approve");
    return new Approve(id, content);
  }
}
