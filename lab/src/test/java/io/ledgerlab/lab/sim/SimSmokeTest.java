package io.ledgerlab.lab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.check.Validity;
import io.ledgerlab.lab.nemesis.FaultProfile;
import io.ledgerlab.ledger.consensus.Behaviour;
import org.junit.jupiter.api.Test;

class SimSmokeTest {
  @Test
  void fourHonestValidatorsCommitUnderLoad() {
    SimOptions options =
        new SimOptions(
            4,
            0,
            Behaviour.HONEST,
            false,
            FaultProfile.NONE,
            50,
            30_000_000,
            io.ledgerlab.ledger.consensus.Canary.NONE);
    SimRun run = new SimRun(options, 1);
    SimResult result = run.run(System.out::println);
    for (String n : new String[] {"n0", "n1", "n2", "n3"}) {
      System.out.println(n + " height " + run.ledger(n).height());
    }
    run.logs().stream()
        .filter(r -> r.node().equals("n2") && r.number("height", 0) >= 58)
        .limit(30)
        .forEach(System.out::println);
    result.checks().forEach(System.out::println);
    System.out.println(
        "speed "
            + result.speed()
            + " height "
            + result.maxHeight()
            + " txs "
            + result.committedTransactions()
            + " digest "
            + result.traceDigest());
    assertThat(result.verdict()).isEqualTo(Validity.VALID);
    assertThat(result.maxHeight()).isGreaterThan(20);
  }
}
