package io.ledgerlab.lab.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.lab.nemesis.Faults;
import io.ledgerlab.lab.nemesis.Undo;
import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.ClientException;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.lab.target.reference.ReferenceChain;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.real.SystemClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fault kind taking effect, written once and run on each engine that claims it by a one-line
 * subclass: what a node does while the fault is in force, seen through the engine's own clients,
 * logs and timeline, and that it recovers when the fault's undo runs.
 */
public abstract class FaultKindsContract {
  /** Every node on v1; v2 is there for the upgrade: the token of the mint canary. */
  private static final String MANIFEST =
      "name: kinds\nvalidators: 4\naccounts: 10\nblockInterval: 200ms\n"
          + "versions: {v1: {}, v2: {canary: mint}}\n";

  private static final long SECOND = 1_000_000;

  @TempDir Path dir;

  Engine engine;
  Faults faults;
  Timeline time;
  private Chain chain;
  private JsonLogWriter labLog;

  protected abstract String engineName();

  /** The fault kinds a test needs: on an engine that does not claim them it skips, unstarted. */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
  @interface Needs {
    FaultKind[] value();
  }

  @BeforeEach
  void start(org.junit.jupiter.api.TestInfo test) throws Exception {
    assumeEngine();
    Set<FaultKind> needs =
        test.getTestMethod()
            .map(m -> m.getAnnotation(Needs.class))
            .map(n -> Set.of(n.value()))
            .orElse(Set.of());
    assumeTrue(
        Engines.named(engineName()).capabilities().faults().containsAll(needs),
        engineName() + " does not claim " + needs);
    Network network = ManifestParser.parse("kinds.yaml", MANIFEST);
    RunLayout run = new RunLayout(dir.resolve("run"));
    EngineProvider provider = Engines.named(engineName());
    chain =
        Targets.named(Targets.DEFAULT)
            .deploy(network, run, SeededEntropy.of(1), provider.genesisTimeMicros());
    labLog = new JsonLogWriter(run.labLog(), "lab", new SystemClock(), EventLog.Level.INFO);
    engine = provider.start(new Deployment(network, chain, run, 1, labLog));
    time = engine.timeline();
    faults = new Faults(engine, LinkState.of(network), Map.of());
    assertThat(awaitAll(3, 60)).as("every node at height 3").isTrue();
  }

  /** Skips the suite, saying why, when this machine cannot run the engine. */
  protected void assumeEngine() {}

  @AfterEach
  void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
    if (labLog != null) {
      labLog.close();
    }
  }

  // ---- Nodes ----------------------------------------------------------------------------------

  @Test
  void killTakesANodeDownAndItsUndoBringsItBackToCatchUp() throws Exception {
    assertDownThenBack(FaultKind.KILL);
  }

  @Test
  void stopTakesANodeDownAndItsUndoBringsItBackToCatchUp() throws Exception {
    assertDownThenBack(FaultKind.STOP);
  }

  @Test
  @Needs(FaultKind.CRASH)
  void aPowerLossCrashTakesANodeDownAndItsUndoBringsItBack() throws Exception {
    assertDownThenBack(FaultKind.CRASH);
  }

  private void assertDownThenBack(FaultKind kind) throws Exception {
    Undo undo = faults.apply(new Fault.OnNode(kind, "n3"));
    assertThat(engine.status("n3")).isEqualTo(NodeStatus.DOWN);
    assertThat(answers("n3")).as("a node that is down does not answer").isFalse();
    long before = height("n0");
    time.sleep(3 * SECOND);
    assertThat(height("n0")).as("three of four keep committing").isGreaterThan(before + 2);
    undo.undo();
    assertThat(engine.status("n3")).isEqualTo(NodeStatus.RUNNING);
    long target = height("n0");
    assertThat(await("n3", target, 60)).as("n3 catches up to %d", target).isTrue();
  }

  @Test
  void restartGivesTheNodeANewLifeAtOnce() throws Exception {
    List<NodeEvent> events = new ArrayList<>();
    engine.onNodeEvent(events::add);
    int startsBefore = starts(events, "n2");

    faults.apply(new Fault.OnNode(FaultKind.RESTART, "n2"));

    assertThat(starts(events, "n2")).isEqualTo(startsBefore + 1);
    assertThat(engine.status("n2")).isEqualTo(NodeStatus.RUNNING);
    assertThat(await("n2", height("n0") + 2, 60)).isTrue();
  }

  private static int starts(List<NodeEvent> events, String node) {
    // The engine's thread appends under the list's lock (record): read under the same one.
    synchronized (events) {
      return (int)
          events.stream()
              .filter(e -> e.node().equals(node) && e.type() == NodeEvent.Type.STARTED)
              .count();
    }
  }

  /**
   * The swap takes effect: the upgraded node starts again, says it runs v2, and v2's token credits
   * one more than it debits, so the node refuses the first block with a transfer the others commit.
   */
  @Test
  @Needs(FaultKind.UPGRADE)
  void anUpgradeRestartsTheNodeOnItsNewSoftware() throws Exception {
    List<NodeEvent> events = new ArrayList<>();
    engine.onNodeEvent(e -> record(events, e));

    faults.apply(new Fault.Upgrade("n2", "v2"));

    assertThat(engine.status("n2")).isEqualTo(NodeStatus.RUNNING);
    assertThat(lastStart(events, "n2")).as("the version n2 started with").isEqualTo("v2");
    assertThat(await("n2", height("n0"), 60)).as("v2 follows the chain while it is empty").isTrue();
    ReferenceChain ref = (ReferenceChain) chain;
    engine
        .client("n0")
        .submit(List.of(ref.sign(0, 0, new Payload.Transfer(ref.account(1).address(), 5))));
    long deadline = time.nowMicros() + 30 * SECOND;
    while (time.nowMicros() < deadline && !Files.readString(nodeLog("n2")).contains("state root")) {
      time.sleep(100_000);
    }
    assertThat(Files.readString(nodeLog("n2")))
        .as("n2 on v2 refuses the block with the transfer")
        .contains("\"event\":\"block.invalid\"")
        .contains("differs from the header's");
  }

  private static void record(List<NodeEvent> events, NodeEvent e) {
    synchronized (events) {
      events.add(e);
    }
  }

  private static String lastStart(List<NodeEvent> events, String node) {
    synchronized (events) {
      String version = null;
      for (NodeEvent e : events) {
        if (e.node().equals(node) && e.type() == NodeEvent.Type.STARTED) {
          version = e.version();
        }
      }
      return version;
    }
  }

  private Path nodeLog(String node) {
    return dir.resolve("run").resolve("logs").resolve(node + ".jsonl");
  }

  @Test
  void pauseFreezesANodeUntilItsUndo() throws Exception {
    Undo undo = faults.apply(new Fault.OnNode(FaultKind.PAUSE, "n3"));
    time.sleep(SECOND / 2);
    long logged = logSize("n3");
    time.sleep(3 * SECOND);
    assertThat(logSize("n3")).as("a frozen node logs nothing").isEqualTo(logged);
    undo.undo();
    assertThat(await("n3", height("n0"), 60)).isTrue();
  }

  // ---- Links ----------------------------------------------------------------------------------

  @Test
  void aTwoTwoPartitionStopsCommitsUntilItsUndo() throws Exception {
    Undo undo = faults.apply(new Fault.Partition(List.of(Set.of("n0", "n1"), Set.of("n2", "n3"))));
    assertStalledThenResumed(undo);
  }

  @Test
  void anIsolatedNodeFallsBehindWhileTheOthersCommit() throws Exception {
    assertOneFallsBehind(new Fault.Isolate("n3"));
  }

  @Test
  void totalLossOnANodesLinksCutsItOff() throws Exception {
    assertOneFallsBehind(
        new Fault.Degrade(FaultKind.LOSS, Set.of("n3"), new LinkState(false, false, 0, 0, 1.0, 0)));
  }

  @Test
  @Needs(FaultKind.STALL)
  void aStalledNodeFallsBehindAndCatchesUpWhenTheStallEnds() throws Exception {
    assertOneFallsBehind(
        new Fault.Degrade(FaultKind.STALL, Set.of("n3"), new LinkState(false, true, 0, 0, 0, 0)));
  }

  @Test
  void aOneWayCutSilencesANodeButItStillHearsEveryone() throws Exception {
    Undo undo = faults.apply(new Fault.Cut(Set.of("n3"), Set.of("n0", "n1", "n2")));
    long n3 = height("n3");
    long n0 = height("n0");
    time.sleep(3 * SECOND);
    assertThat(height("n0")).as("the other three commit").isGreaterThan(n0 + 2);
    assertThat(height("n3")).as("n3 still follows them").isGreaterThan(n3 + 2);
    undo.undo();
  }

  @Test
  void aBridgeKeepsEveryNodeCommittingThroughTheNodeBetweenTheSides() throws Exception {
    Undo undo = faults.apply(new Fault.Bridge(Set.of("n0"), Set.of("n2", "n3")));
    long n0 = height("n0");
    long n2 = height("n2");
    time.sleep(4 * SECOND);
    assertThat(height("n2")).as("n1, n2, n3 make a quorum").isGreaterThan(n2 + 2);
    assertThat(height("n0")).as("n0 hears them through n1").isGreaterThan(n0 + 2);
    undo.undo();
  }

  @Test
  @Needs({FaultKind.DELAY, FaultKind.BANDWIDTH})
  void delayAndBandwidthSlowCommitsDown() throws Exception {
    double clean = blocksPerSecond(4);
    Undo delay =
        faults.apply(
            new Fault.Degrade(
                FaultKind.DELAY, Set.of(), new LinkState(false, false, 400_000, 0, 0, 0)));
    double delayed = blocksPerSecond(4);
    delay.undo();
    Undo bandwidth =
        faults.apply(
            new Fault.Degrade(
                FaultKind.BANDWIDTH, Set.of(), new LinkState(false, false, 0, 0, 0, 1024)));
    double throttled = blocksPerSecond(4);
    bandwidth.undo();

    assertThat(delayed).as("400 ms each way vs %.2f blocks/s clean", clean).isLessThan(clean / 2);
    assertThat(throttled).as("1 KiB/s per link vs %.2f blocks/s clean", clean).isLessThan(clean);
  }

  // ---- Clocks ---------------------------------------------------------------------------------

  @Test
  void aSkewedNodeStampsItsBlocksWithItsOwnTime() throws Exception {
    Undo undo = faults.apply(new Fault.Skew("n1", 30 * SECOND));
    long from = height("n0");
    time.sleep(4 * SECOND);
    undo.undo();
    String n1 = validatorOf("n1");
    List<BlockView> chain = engine.client("n0").readChain();
    long skewed = 0;
    for (BlockView b : chain.subList((int) from, chain.size())) {
      BlockView previous = chain.get((int) b.height() - 2);
      if (b.proposer().equals(n1) && b.timeMicros() - previous.timeMicros() > 20 * SECOND) {
        skewed++;
      }
    }
    assertThat(skewed).as("blocks n1 proposed 30 s ahead of the one before").isPositive();
  }

  // ---- Helpers --------------------------------------------------------------------------------

  private void assertStalledThenResumed(Undo undo) throws Exception {
    time.sleep(SECOND);
    long during = maxHeight();
    time.sleep(3 * SECOND);
    assertThat(maxHeight()).as("no quorum on either side").isLessThanOrEqualTo(during + 1);
    undo.undo();
    assertThat(awaitAll(during + 3, 60)).as("commits resume after the undo").isTrue();
  }

  private void assertOneFallsBehind(Fault fault) throws Exception {
    Undo undo = faults.apply(fault);
    time.sleep(SECOND);
    long n3 = height("n3");
    long n0 = height("n0");
    time.sleep(3 * SECOND);
    assertThat(height("n0")).as("the other three commit").isGreaterThan(n0 + 2);
    assertThat(height("n3")).as("n3 is cut off").isLessThanOrEqualTo(n3 + 1);
    undo.undo();
    assertThat(await("n3", height("n0"), 60)).as("n3 catches up after the undo").isTrue();
  }

  private double blocksPerSecond(int seconds) throws Exception {
    long from = height("n0");
    time.sleep(seconds * SECOND);
    return (height("n0") - from) / (double) seconds;
  }

  private String validatorOf(String node) {
    return chain.validatorIds().get(node);
  }

  long height(String node) {
    try {
      return engine.client(node).head().height();
    } catch (ClientException e) {
      return -1;
    }
  }

  private boolean answers(String node) {
    try {
      engine.client(node).head();
      return true;
    } catch (ClientException e) {
      return false;
    }
  }

  private long maxHeight() {
    return engine.nodes().stream().mapToLong(this::height).max().orElse(-1);
  }

  private long logSize(String node) throws Exception {
    return Files.size(dir.resolve("run").resolve("logs").resolve(node + ".jsonl"));
  }

  boolean await(String node, long height, int seconds) throws Exception {
    long deadline = time.nowMicros() + seconds * SECOND;
    while (time.nowMicros() < deadline) {
      if (height(node) >= height) {
        return true;
      }
      time.sleep(100_000);
    }
    return false;
  }

  private boolean awaitAll(long height, int seconds) throws Exception {
    for (String n : engine.nodes()) {
      if (!await(n, height, seconds)) {
        return false;
      }
    }
    return true;
  }
}
