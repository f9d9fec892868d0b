package io.ledgerlab.ledger.consensus;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.block.Vote;
import io.ledgerlab.ledger.codec.DecodeException;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Signature;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.disk.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A validator's lock, on its disk: the block it precommitted, the round and height it did so in.
 * Consensus keeps the lock in memory; a validator killed after precommitting and restarted in the
 * same height must not come back unlocked, or it could prevote and precommit another block in a
 * later round while the one it precommitted was already committed elsewhere (a fork made of crashes
 * alone). The block itself is kept so the restarted validator can propose it again: with every
 * validator locked and restarted, no one else may still hold it. Written durably before the
 * precommit leaves the node, like the sign record ({@link SignGuard}).
 *
 * <p>The proof of lock — the quorum of prevotes for the block in that round — is kept too. Without
 * it a re-proposal cannot unlock validators locked on another block in an earlier round: after
 * enough crashes the prevotes are in no one's memory, each validator prevotes only its own lock,
 * and the height never ends (the soak's second run stopped this way at height 1515). The proof is a
 * second entry written in the same batch, so the lock entry keeps the format older versions read (a
 * node rolled back mid-height still starts); a lock without a proof of its height and round (one
 * written before the proof was kept) reads with an empty one.
 */
record LockRecord(long height, int round, Block block, List<Vote> proof) {
  private static final byte[] KEY = {'L'};
  private static final byte[] PROOF_KEY = {'P'};
  private static final int VOTE_BYTES = 1 + 8 + 4 + Hash.LENGTH + Address.LENGTH + Signature.LENGTH;

  LockRecord {
    proof = List.copyOf(proof);
  }

  /** The lock recorded on {@code disk}, whatever its height; empty when none was ever written. */
  static Optional<LockRecord> read(Disk disk) {
    return read(disk, -1);
  }

  /**
   * The lock recorded on {@code disk} in {@code wanted} (any height when negative); empty when
   * there is none. A lock of another height is not decoded further: this is read at every height.
   */
  static Optional<LockRecord> read(Disk disk, long wanted) {
    byte[] stored = disk.get(KEY);
    if (stored == null) {
      return Optional.empty();
    }
    try {
      Decoder in = new Decoder(stored);
      long height = in.u64("lock.height");
      if (wanted >= 0 && height != wanted) {
        return Optional.empty();
      }
      long round = in.u32("lock.round");
      Block block = Block.decode(in.bytes("lock.block", Messages.BLOCK_BYTES_MAX));
      in.end("lock");
      return Optional.of(new LockRecord(height, (int) round, block, proof(disk, height, round)));
    } catch (DecodeException e) {
      throw new CorruptStateException("lock record is corrupt: " + e.getMessage(), e);
    }
  }

  /** The prevotes stored for the lock of {@code height} and {@code round}; empty if none. */
  private static List<Vote> proof(Disk disk, long height, long round) throws DecodeException {
    byte[] stored = disk.get(PROOF_KEY);
    List<Vote> proof = new ArrayList<>();
    if (stored == null) {
      return proof;
    }
    Decoder in = new Decoder(stored);
    if (in.u64("lock.proof.height") != height || in.u32("lock.proof.round") != round) {
      return proof;
    }
    int n = in.count("lock.proof", CommitCertificate.VOTES_MAX, VOTE_BYTES);
    for (int i = 0; i < n; i++) {
      proof.add(Vote.decode(in, "lock.proof"));
    }
    in.end("lock.proof");
    return proof;
  }

  /** Records this lock and its proof in one batch and waits for the durability barrier. */
  void write(Disk disk) {
    byte[] encoded = block.encode();
    byte[] lock =
        new Encoder(16 + encoded.length)
            .u64(height)
            .u32(round)
            .bytes(encoded, Messages.BLOCK_BYTES_MAX)
            .toByteArray();
    Encoder out =
        new Encoder(16 + VOTE_BYTES * proof.size())
            .u64(height)
            .u32(round)
            .count(proof.size(), CommitCertificate.VOTES_MAX);
    for (Vote v : proof) {
      v.encode(out);
    }
    disk.write(new WriteBatch().put(KEY, lock).put(PROOF_KEY, out.toByteArray()));
    disk.sync();
  }
}
