package io.ledgerlab.lab.target.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.Deployment;
import io.ledgerlab.lab.engine.Engine;
import io.ledgerlab.lab.engine.Engines;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.Supply;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.real.SystemClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supply read of the validity check on a quiet chain that never stops making (empty) blocks:
 * 5,000 balances take longer to read than a block interval of 20 ms, and the read still counts,
 * since empty blocks move no token.
 */
@Timeout(120)
class SupplyReadIT {
  @TempDir Path dir;

  @Test
  void balancesAreReadWhileEmptyBlocksKeepComing() throws Exception {
    Network network =
        ManifestParser.parse(
            "supply.yaml", "name: supply\nvalidators: 4\naccounts: 5000\nblockInterval: 20ms\n");
    RunLayout run = new RunLayout(dir.resolve("run"));
    var provider = Engines.named("process");
    Chain chain =
        Targets.named(Targets.DEFAULT)
            .deploy(network, run, SeededEntropy.of(1), provider.genesisTimeMicros());
    try (JsonLogWriter labLog =
            new JsonLogWriter(run.labLog(), "lab", new SystemClock(), EventLog.Level.INFO);
        Engine engine = provider.start(new Deployment(network, chain, run, 1, labLog))) {
      var client = engine.client("n0");
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (height(client) < 5 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      long before = client.head().height();
      Supply s = client.supply();

      assertThat(client.head().height()).as("blocks came during the read").isGreaterThan(before);
      assertThat(s.held()).isEqualTo(s.minted());
      assertThat(s.negative()).isEmpty();
    }
  }

  private static long height(io.ledgerlab.lab.target.ChainClient c) {
    try {
      return c.head().height();
    } catch (io.ledgerlab.lab.target.ClientException e) {
      return -1;
    }
  }
}
