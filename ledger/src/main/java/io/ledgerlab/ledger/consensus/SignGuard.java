package io.ledgerlab.ledger.consensus;

import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.disk.WriteBatch;

/**
 * Keeps an honest validator from ever signing two different messages for one height, round and
 * step, even across a crash: the last signature's position and block hash reach the disk (with the
 * durability barrier) before the signed message leaves the node. Like CometBFT's last-sign-state,
 * and for the same reason — a restarted validator has forgotten its votes.
 */
final class SignGuard {
  static final int PROPOSE = 1;
  static final int PREVOTE = 2;
  static final int PRECOMMIT = 3;
  private static final byte[] KEY = {'V'};

  private final Disk disk;
  private long height;
  private int round;
  private int step;
  private Hash blockHash;

  SignGuard(Disk disk) {
    this.disk = disk;
    byte[] stored = disk.get(KEY);
    if (stored != null) {
      try {
        Decoder in = new Decoder(stored);
        height = in.u64("sign.height");
        round = (int) in.u32("sign.round");
        step = in.u8("sign.step");
        blockHash = in.hash("sign.blockHash");
        in.end("sign");
      } catch (DecodeException e) {
        throw new CorruptStateException("last-sign record is corrupt: " + e.getMessage(), e);
      }
    }
  }

  /**
   * True when signing {@code blockHash} at this position cannot contradict an earlier signature;
   * records the position durably first. Signing the same thing again is allowed (Ed25519 gives the
   * same signature); going back, or changing the block at the same position, is not.
   */
  boolean allow(long h, int r, int s, Hash hash) {
    int order = compare(h, r, s);
    if (order < 0) {
      return false;
    }
    if (order == 0) {
      return hash.equals(blockHash);
    }
    height = h;
    round = r;
    step = s;
    blockHash = hash;
    Encoder out = new Encoder(48).u64(h).u32(r).u8(s).hash(hash);
    disk.write(new WriteBatch().put(KEY, out.toByteArray()));
    disk.sync();
    return true;
  }

  private int compare(long h, int r, int s) {
    if (h != height) {
      return Long.compare(h, height);
    }
    if (r != round) {
      return Integer.compare(r, round);
    }
    return Integer.compare(s, step);
  }
}
