package io.ledgerlab.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.slashing.SignPosition;
import io.ledgerlab.ledger.slashing.SignRecords;
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
    Ledger ledger = sim.node("n0").ledger();
    Block locked =
        ledger
            .executor()
            .propose(
                SimNodes.CHAIN_ID,
                ledger.head(),
                List.of(),
                ledger.head().timeMicros() + 1_000,
                sim.validatorKeys.get("n1").address(),
                ledger.certificate(next - 1).orElseThrow(),
                List.of())
            .block();
    // n1..n3 precommitted `locked` in round 0 (a quorum), and were killed before any of them saw
    // the others' precommits; n0 saw nothing. Another block proposed later must not win.
    for (String n : List.of("n1", "n2", "n3")) {
      SimNodes.Sim s = sim.nodes.get(n);
      new LockRecord(next, 0, locked).write(s.disk);
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

  @Test
  void aLockSurvivesACrashOnlyOnceWritten() {
    SimNodes sim = new SimNodes(7, VALIDATORS.stream().map(SimNodes::validator).toList());
    long height = crashAllAtOneHeight(sim);
    Block block = sim.block("n0", height).orElseThrow();
    SimNodes.Sim s = sim.nodes.get("n2");
    assertThat(LockRecord.read(s.disk)).isPresent(); // every height so far locked once

    new LockRecord(height + 1, 3, block).write(s.disk);
    s.disk.crash();

    LockRecord read = LockRecord.read(s.disk).orElseThrow();
    assertThat(read.height()).isEqualTo(height + 1);
    assertThat(read.round()).isEqualTo(3);
    assertThat(read.block().hash()).isEqualTo(block.hash());
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
