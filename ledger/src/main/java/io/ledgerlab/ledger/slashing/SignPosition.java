package io.ledgerlab.ledger.slashing;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Hash;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a validator last signed: height, round and step, in that order of precedence, and the block
 * it signed there. A validator that never signs at or below this position again, except the same
 * block at the same position, cannot double-sign.
 */
public record SignPosition(long height, int round, Step step, Hash blockHash)
    implements Comparable<SignPosition> {
  /** The steps of a round that a validator signs, in the order they happen. */
  public enum Step {
    PROPOSE(1),
    PREVOTE(2),
    PRECOMMIT(3);

    private final int code;

    Step(int code) {
      this.code = code;
    }

    /** The step's number on disk: the order within a round. */
    public int code() {
      return code;
    }

    /** The spelling in the interchange: lower case. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Step> ofCode(int code) {
      return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }

    public static Optional<Step> ofKey(String key) {
      return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst();
    }
  }

  public SignPosition {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(blockHash, "blockHash");
    if (height < 0 || round < 0) {
      throw new IllegalArgumentException(
          "a position has a height and a round ≥ 0, got " + height + "/" + round);
    }
  }

  /** By height, then round, then step; the block does not order positions. */
  @Override
  public int compareTo(SignPosition o) {
    if (height != o.height) {
      return Long.compare(height, o.height);
    }
    if (round != o.round) {
      return Integer.compare(round, o.round);
    }
    return Integer.compare(step.code, o.step.code);
  }

  /** Whether this is the same position as {@code o}, whatever the block. */
  public boolean samePlace(SignPosition o) {
    return compareTo(o) == 0;
  }

  /** The record on disk: height u64, round u32, step u8, block hash. */
  byte[] encode() {
    return new Encoder(45).u64(height).u32(round).u8(step.code).hash(blockHash).toByteArray();
  }

  static SignPosition decode(byte[] bytes) throws DecodeException {
    Decoder in = new Decoder(bytes);
    long height = in.u64("sign.height");
    long round = in.u32("sign.round");
    int code = in.u8("sign.step");
    Hash hash = in.hash("sign.blockHash");
    in.end("sign");
    Step step =
        Step.ofCode(code)
            .orElseThrow(
                () ->
                    new DecodeException(
                        DecodeException.Kind.INVALID_VALUE, "sign.step", 12, "no step " + code));
    if (height < 0 || round > Integer.MAX_VALUE) {
      throw new DecodeException(
          DecodeException.Kind.OUT_OF_RANGE,
          "sign.height",
          0,
          "out of range: " + height + "/" + round);
    }
    return new SignPosition(height, (int) round, step, hash);
  }

  @Override
  public String toString() {
    return "height "
        + height
        + " round "
        + round
        + " "
        + step.key()
        + " of "
        + blockHash.shortHex();
  }
}
