package io.ledgerlab.ledger.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.slashing.SignPosition;
import io.ledgerlab.ledger.slashing.SignRecords;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every validator killed after it signed in round 0 of a height, then restarted: the height must
 * still end. Found by the soak (1,000 SIGKILLs): the restarted validators began the height at round
 * 0 again, where their sign records refused every proposal and vote, so no round could end.
 */
class RestartMidHeightTest {
  private static final List<String> VALIDATORS = List.of("n0", "n1", "n2", "n3");

  @Test
  void validatorsThatAllSignedInRound0BeforeACrashStillCommitTheHeight() {
    SimNodes sim = new SimNodes(7, VALIDATORS.stream().map(SimNodes::validator).toList());
    assertThat(sim.runUntil(() -> height(sim, "n0") >= 3, 30_000_000)).isTrue();
    for (String n : VALIDATORS) {
      sim.crash(n);
    }
    long next = VALIDATORS.stream().mapToLong(n -> height(sim, n)).max().orElseThrow() + 1;
    // What each had signed last before the kill: a precommit in round 0 of the next height (for a
    // block nobody will propose again), durable as the guard writes it.
    for (String n : VALIDATORS) {
      SimNodes.Sim s = sim.nodes.get(n);
      SignRecords.write(
          s.disk,
          new SignPosition(
              next, 0, SignPosition.Step.PRECOMMIT, Sha256.hash(new byte[] {(byte) 'x'})));
      s.disk.sync();
    }
    for (String n : VALIDATORS) {
      sim.restart(n);
    }

    boolean committed =
        sim.runUntil(
            () -> VALIDATORS.stream().allMatch(n -> height(sim, n) >= next + 1), 60_000_000);

    assertThat(committed).as("every validator past height %d", next).isTrue();
    assertThat(sim.nodes.get("n0").events("consensus.sign.refused")).isEmpty();
  }

  private static long height(SimNodes sim, String name) {
    return sim.node(name).ledger().height();
  }
}
