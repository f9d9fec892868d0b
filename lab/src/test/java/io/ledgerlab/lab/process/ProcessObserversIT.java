package io.ledgerlab.lab.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.ledger.crypto.Hash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An observer as a node process: its config has no validator key, it follows the validators' chain
 * block for block, a transaction sent to it reaches the validators and commits — and with the
 * validators split two and two it carries their votes across when the nodes relay, and only then.
 * One network per relay setting (each start costs seconds, so the observer's checks ride on the
 * relaying one).
 */
@Timeout(180)
class ProcessObserversIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  /** The observer follows and passes a transaction on (checked on the relaying network). */
  private static void observerFollowsAndPassesTransactionsOn(TestNetwork t, Path here)
      throws Exception {
    RunLayout run = new RunLayout(here.resolve("run"));
    assertThat(Files.readString(run.nodeConfig("o0"))).doesNotContain("validatorKey");
    assertThat(run.validatorKey("o0")).doesNotExist();
    assertThat(t.net.names()).containsExactly("n0", "n1", "n2", "n3", "o0");
    NodeClient.Submitted s = t.client("o0").submit(t.transfer(0));
    assertThat(s.accepted()).as("%s %s", s.reason(), s.detail()).isTrue();
    Hash tx = s.hash();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!(t.committedOn("n0", tx) && t.committedOn("o0", tx)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(t.committedOn("n0", tx)).as("committed by the validators").isTrue();
    assertThat(t.committedOn("o0", tx)).as("and followed by the observer").isTrue();
    long h = t.net.minimumHeight();
    assertThat(t.client("o0").block(h).orElseThrow().hash())
        .isEqualTo(t.client("n0").block(h).orElseThrow().hash());
  }

  /** How many blocks n0 commits in 6 s with the validators split two and two, o0 seeing both. */
  private long blocksWhileSplit(String relay) throws Exception {
    Path here = dir.resolve("relay-" + relay);
    try (TestNetwork t =
        TestNetwork.start(
            here,
            "name: it-relay\nvalidators: 4\nobservers: 1\nblockInterval: 200ms\nrelay: "
                + relay
                + "\n")) {
      assertThat(t.net.awaitHeight(2, WAIT)).as("first blocks").isTrue();
      if (relay.equals("true")) {
        observerFollowsAndPassesTransactionsOn(t, here);
      }
      t.faults.apply(new Fault.Bridge(Set.of("n0", "n1"), Set.of("n2", "n3")));
      // Whatever was in flight when the bridge closed lands first.
      Thread.sleep(2_000);
      long before = t.height("n0");
      Thread.sleep(6_000);
      return t.height("n0") - before;
    }
  }

  @Test
  void nodeProcessesSplitTwoAndTwoDecideOnlyWhenTheyRelayThroughTheObserver() throws Exception {
    assertThat(blocksWhileSplit("false")).as("without relay no side has a quorum").isZero();
    assertThat(blocksWhileSplit("true")).as("with relay the votes cross o0").isGreaterThan(3);
  }
}
