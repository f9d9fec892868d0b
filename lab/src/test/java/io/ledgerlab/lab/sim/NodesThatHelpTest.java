package io.ledgerlab.lab.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.Engines;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.lab.nemesis.Faults;
import io.ledgerlab.lab.target.Submitted;
import io.ledgerlab.lab.target.reference.ReferenceChain;
import io.ledgerlab.lab.target.reference.ReferenceTarget;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest's {@code relay} and {@code rescueAfter} in force in the simulator, each shown by a
 * network that fails without it and works with it.
 */
class NodesThatHelpTest {
  private static final long SECOND = 1_000_000;

  @TempDir Path dir;

  private int runs;

  /** A started network of the manifest, and its chain. */
  private record World(Engine engine, ReferenceChain chain, Faults faults) {}

  private World start(String manifest) throws Exception {
    Network network = ManifestParser.parse("m.yaml", manifest);
    RunLayout run = new RunLayout(dir.resolve("run-" + ++runs));
    ReferenceChain chain =
        new ReferenceTarget()
            .deploy(network, run, SeededEntropy.of(3), Engines.named("sim").genesisTimeMicros());
    Engine engine =
        Engines.named("sim").start(new Deployment(network, chain, run, 3, EventLog.NONE));
    return new World(engine, chain, new Faults(engine, LinkState.of(network), Map.of()));
  }

  /** How many blocks n0 commits in 15 s with the validators split two and two, o0 seeing both. */
  private long blocksWhileSplit(String relay) throws Exception {
    World w = start("name: relay\nvalidators: 4\nobservers: 1\nrelay: " + relay + "\n");
    try (Engine e = w.engine()) {
      e.timeline().sleep(3 * SECOND);
      w.faults().apply(new Fault.Bridge(Set.of("n0", "n1"), Set.of("n2", "n3")));
      e.timeline().sleep(2 * SECOND);
      long before = e.client("n0").head().height();
      e.timeline().sleep(15 * SECOND);
      return e.client("n0").head().height() - before;
    }
  }

  @Test
  void validatorsSplitTwoAndTwoDecideOnlyWhenTheObserverBetweenThemRelays() throws Exception {
    assertThat(blocksWhileSplit("false")).as("without relay no side has a quorum").isZero();
    assertThat(blocksWhileSplit("true")).as("with relay the votes cross o0").isGreaterThan(5);
  }

  /**
   * Whether a transfer n0 accepted, while it could reach the validators only through o0, commits
   * after n0 is killed: its only other copy is in o0's mempool.
   */
  private boolean committedAfterItsEntryNodeDied(String rescue) throws Exception {
    World w = start("name: rescue\nvalidators: 4\nobservers: 1\n" + rescue);
    try (Engine e = w.engine()) {
      e.timeline().sleep(3 * SECOND);
      w.faults().apply(new Fault.Bridge(Set.of("n0"), Set.of("n1", "n2", "n3")));
      e.timeline().sleep(1 * SECOND);
      Payload.Transfer pay = new Payload.Transfer(w.chain().account(1).address(), 1);
      List<Submitted> s = e.client("n0").submit(List.of(w.chain().sign(0, 0, pay)));
      assertThat(s.get(0).accepted()).as(s.toString()).isTrue();
      e.timeline().sleep(SECOND / 2);
      e.kill("n0");
      e.timeline().sleep(15 * SECOND);
      long height = e.client("n1").head().height();
      Set<String> committed = new HashSet<>();
      e.client("n1").blockTxIds(1, (int) height).forEach(committed::addAll);
      return committed.contains(s.get(0).id());
    }
  }

  @Test
  void aTransactionWhoseEntryNodeDiedCommitsOnlyWhenTheObserverRescuesIt() throws Exception {
    assertThat(committedAfterItsEntryNodeDied("")).as("without rescue it is stranded").isFalse();
    assertThat(committedAfterItsEntryNodeDied("rescueAfter: 1s\n"))
        .as("o0 rebroadcasts it after 1 s")
        .isTrue();
  }
}
