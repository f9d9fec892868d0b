package io.ledgerlab.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.Vote;
import io.ledgerlab.ledger.block.VoteType;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.codec.Decoder;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.slashing.SignPosition;
import io.ledgerlab.ledger.slashing.SignRecords;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.runtime.disk.WriteBatch;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Validators killed after they signed in round 0 of a height, then restarted in it. Found by the
 * soak (1,000 SIGKILLs): restarted at round 0 again, their sign records refused every proposal and
 * vote, so no round could end and the chain stopped for good. Starting one round later must not
 * cost the lock: a validator that precommitted a block comes back locked on it.
 */
class RestartMidHeightTest {
  private static final List<String> VALIDATORS = List.of("n0", "n1", "n2", "n3");

  @Test
  void validatorsThatAllPrevotedInRound0BeforeACrashStillCommitTheHeight() {
    SimNodes sim = new SimNodes(7, VALIDATORS.stream().map(SimNodes::validator).toList());
    long next = crashAllAtOneHeight(sim) + 1;
    Hash gone = Sha256.hash(new byte[] {'x'});
    for (String n : VALIDATORS) {
      SignRecords.write(
          sim.nodes.get(n).disk, new SignPosition(next, 0, SignPosition.Step.PREVOTE, gone));
    }
    restartAll(sim);

    assertThat(sim.runUntil(() -> everyHeightAtLeast(sim, next), 60_000_000))
        .as("every validator past height %d", next - 1)
        .isTrue();
    assertThat(sim.nodes.get("n0").events("consensus.sign.refused")).isEmpty();
  }

  @Test
  void validatorsLockedOnABlockBeforeACrashCommitThatBlockAndNoOther() {
    SimNodes sim = new SimNodes(7, VALIDATORS.stream().map(SimNodes::validator).toList());
    long next = crashAllAtOneHeight(sim) + 1;
    Block locked = blockAt(sim, next, 1_000);
    // n1..n3 precommitted `locked` in round 0 (a quorum), and were killed before any of them saw
    // the others' precommits; n0 saw nothing. Another block proposed later must not win. Their
    // records hold no proof, as those written before the proof was kept: each prevotes its lock.
    for (String n : List.of("n1", "n2", "n3")) {
      SimNodes.Sim s = sim.nodes.get(n);
      new LockRecord(next, 0, locked, List.of()).write(s.disk);
      SignRecords.write(
          s.disk, new SignPosition(next, 0, SignPosition.Step.PRECOMMIT, locked.hash()));
    }
    restartAll(sim);

    assertThat(sim.runUntil(() -> everyHeightAtLeast(sim, next), 60_000_000))
        .as("every validator past height %d", next - 1)
        .isTrue();
    for (String n : VALIDATORS) {
      assertThat(sim.block(n, next).orElseThrow().hash()).as(n).isEqualTo(locked.hash());
    }
    assertThat(sim.nodes.get("n1").events("consensus.lock.restored")).hasSize(1);
  }

  /**
   * Found by the soak's second run: validators locked on different blocks in different rounds, all
   * restarted. The one locked in the later round re-proposes its block, but without the prevotes
   * that made its lock the others may not unlock; each prevotes only its own lock and no round ever
   * ends. The proof of lock is on disk with the lock, and the re-proposal carries it.
   */
  @Test
  void validatorsLockedOnDifferentBlocksInDifferentRoundsCommitTheLaterLockAfterAllRestart() {
    SimNodes sim = new SimNodes(7, VALIDATORS.stream().map(SimNodes::validator).toList());
    long next = crashAllAtOneHeight(sim) + 1;
    Block early = blockAt(sim, next, 1_000);
    Block later = blockAt(sim, next, 2_000);
    // Round 0: n0, n1, n2 prevoted `early`; only n1 saw it and locked. Round 1: n0, n2, n3 prevoted
    // `later` (n1, locked, prevoted nil); n2 and n3 saw it and locked; then every validator died.
    LockRecord earlyLock =
        new LockRecord(next, 0, early, prevotes(sim, next, 0, early, "n0", "n1", "n2"));
    LockRecord laterLock =
        new LockRecord(next, 1, later, prevotes(sim, next, 1, later, "n0", "n2", "n3"));
    earlyLock.write(sim.nodes.get("n1").disk);
    laterLock.write(sim.nodes.get("n2").disk);
    laterLock.write(sim.nodes.get("n3").disk);
    SignRecords.write(
        sim.nodes.get("n0").disk,
        new SignPosition(next, 1, SignPosition.Step.PRECOMMIT, Hash.ZERO));
    SignRecords.write(
        sim.nodes.get("n1").disk,
        new SignPosition(next, 1, SignPosition.Step.PRECOMMIT, Hash.ZERO));
    for (String n : List.of("n2", "n3")) {
      SignRecords.write(
          sim.nodes.get(n).disk,
          new SignPosition(next, 1, SignPosition.Step.PRECOMMIT, later.hash()));
    }
    restartAll(sim);

    assertThat(sim.runUntil(() -> everyHeightAtLeast(sim, next), 60_000_000))
        .as("every validator past height %d", next - 1)
        .isTrue();
    for (String n : VALIDATORS) {
      assertThat(sim.block(n, next).orElseThrow().hash()).as(n).isEqualTo(later.hash());
    }
  }

  @Test
  void aLockRecordReadsBackWithItsProof() throws Exception {
    SimNodes sim = new SimNodes(7, VALIDATORS.stream().map(SimNodes::validator).toList());
    long next = crashAllAtOneHeight(sim) + 1;
    Block block = blockAt(sim, next, 1_000);
    SimNodes.Sim s = sim.nodes.get("n1");
    new LockRecord(next, 2, block, prevotes(sim, next, 2, block, "n0", "n1", "n3")).write(s.disk);
    s.disk.crash();

    LockRecord read = LockRecord.read(s.disk, next).orElseThrow();
    assertThat(read.proof()).extracting(Vote::round).containsOnly(2);
    assertThat(read.proof())
        .extracting(Vote::validator)
        .containsExactly(
            sim.validatorKeys.get("n0").address(),
            sim.validatorKeys.get("n1").address(),
            sim.validatorKeys.get("n3").address());
    assertThat(LockRecord.read(s.disk, next + 1)).isEmpty();

    // The lock entry keeps the format versions before the proof read (a rollback still starts).
    Decoder old = new Decoder(s.disk.get(new byte[] {'L'}));
    assertThat(old.u64("height")).isEqualTo(next);
    assertThat(old.u32("round")).isEqualTo(2);
    assertThat(Block.decode(old.bytes("block", Messages.BLOCK_BYTES_MAX)).hash())
        .isEqualTo(block.hash());
    old.end("lock");

    // A record written before the proof was kept still reads, with an empty proof.
    byte[] before =
        new Encoder(64)
            .u64(next)
            .u32(1)
            .bytes(block.encode(), Messages.BLOCK_BYTES_MAX)
            .toByteArray();
    s.disk.write(new WriteBatch().put(new byte[] {'L'}, before));
    assertThat(LockRecord.read(s.disk, next).orElseThrow().proof()).isEmpty();
  }

  @Test
  void aProofVoteThatIsNotForTheLockedBlockStopsTheRestartAsCorruptState() {
    SimNodes sim = new SimNodes(7, VALIDATORS.stream().map(SimNodes::validator).toList());
    long next = crashAllAtOneHeight(sim) + 1;
    Block block = blockAt(sim, next, 1_000);
    Block other = blockAt(sim, next, 2_000);
    List<Vote> proof = new java.util.ArrayList<>(prevotes(sim, next, 0, block, "n0", "n1"));
    proof.addAll(prevotes(sim, next, 0, other, "n3"));
    new LockRecord(next, 0, block, proof).write(sim.nodes.get("n1").disk);

    assertThatThrownBy(
            () -> {
              sim.restart("n1");
              sim.runFor(1_000_000);
            })
        .isInstanceOf(CorruptStateException.class)
        .hasMessageContaining("lock record holds a vote that is not its proof");
  }

  @Test
  void aLockSurvivesACrashOnlyOnceWritten() {
    SimNodes sim = new SimNodes(7, VALIDATORS.stream().map(SimNodes::validator).toList());
    long height = crashAllAtOneHeight(sim);
    Block block = sim.block("n0", height).orElseThrow();
    SimNodes.Sim s = sim.nodes.get("n2");
    assertThat(LockRecord.read(s.disk)).isPresent(); // every height so far locked once

    new LockRecord(height + 1, 3, block, List.of()).write(s.disk);
    s.disk.crash();

    LockRecord read = LockRecord.read(s.disk).orElseThrow();
    assertThat(read.height()).isEqualTo(height + 1);
    assertThat(read.round()).isEqualTo(3);
    assertThat(read.block().hash()).isEqualTo(block.hash());
  }

  /** A block for {@code height} on n0's chain, told apart from others by its time. */
  private static Block blockAt(SimNodes sim, long height, long afterMicros) {
    Ledger ledger = sim.node("n0").ledger();
    return ledger
        .executor()
        .propose(
            SimNodes.CHAIN_ID,
            ledger.head(),
            List.of(),
            ledger.head().timeMicros() + afterMicros,
            sim.validatorKeys.get("n1").address(),
            ledger.certificate(height - 1).orElseThrow(),
            List.of())
        .block();
  }

  /** The prevotes of {@code voters} for {@code block} in {@code round}: a proof of lock. */
  private static List<Vote> prevotes(
      SimNodes sim, long height, int round, Block block, String... voters) {
    return Arrays.stream(voters)
        .map(
            n ->
                Vote.sign(
                    SimNodes.CHAIN_ID,
                    sim.validatorKeys.get(n),
                    VoteType.PREVOTE,
                    height,
                    round,
                    block.hash()))
        .toList();
  }

  /** Runs until every validator is at the same height, at least 3, and kills them all. */
  private static long crashAllAtOneHeight(SimNodes sim) {
    assertThat(
            sim.runUntil(
                () -> {
                  long h = height(sim, "n0");
                  return h >= 3 && VALIDATORS.stream().allMatch(n -> height(sim, n) == h);
                },
                30_000_000))
        .isTrue();
    long height = height(sim, "n0");
    for (String n : VALIDATORS) {
      sim.crash(n);
    }
    return height;
  }

  private static void restartAll(SimNodes sim) {
    for (String n : VALIDATORS) {
      sim.restart(n);
    }
  }

  private static boolean everyHeightAtLeast(SimNodes sim, long height) {
    return VALIDATORS.stream().allMatch(n -> height(sim, n) >= height);
  }

  private static long height(SimNodes sim, String name) {
    return sim.node(name).ledger().height();
  }
}
