package io.ledgerlab.lab.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.log.EventLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest's own clock offsets and links are in force in the simulator from the first block (on
 * processes: ProcessNetworkIT and FaultKindsContract's skew test).
 */
class ManifestInForceTest {
  private static final long SECOND = 1_000_000;

  @TempDir Path dir;

  private long blocksIn20Seconds(String manifest, List<BlockView>[] chainOut) throws Exception {
    Network network = ManifestParser.parse("m.yaml", manifest);
    EngineProvider sim = Engines.named("sim");
    RunLayout run = new RunLayout(dir.resolve(network.name()));
    Chain chain =
        Targets.named(Targets.DEFAULT)
            .deploy(network, run, SeededEntropy.of(1), sim.genesisTimeMicros());
    try (Engine engine = sim.start(new Deployment(network, chain, run, 1, EventLog.NONE))) {
      engine.timeline().sleep(20 * SECOND);
      List<BlockView> blocks = engine.client("n0").readChain();
      if (chainOut != null) {
        chainOut[0] = blocks;
      }
      return blocks.size();
    }
  }

  @Test
  void aNodesClockOffsetStampsTheBlocksItProposes() throws Exception {
    @SuppressWarnings("unchecked")
    List<BlockView>[] chain = new List[1];
    blocksIn20Seconds(
        "name: clocks\nnodes:\n  - {name: n0}\n  - {name: n1, clockOffset: +30s}\n"
            + "  - {name: n2}\n  - {name: n3}\nblockInterval: 200ms\n",
        chain);
    // Block times never go back: once n1 stamps a block 30 s ahead, the chain's time runs from
    // there. Without the offset, the first blocks carry the world's time (2026-01-01 00:00:0x).
    long genesis = Engines.named("sim").genesisTimeMicros();
    assertThat(chain[0].get(chain[0].size() - 1).timeMicros() - genesis)
        .as("the chain's time at its head, 20 s into the run")
        .isGreaterThan(45 * SECOND);
  }

  @Test
  void theManifestsLinksSlowEveryBlockFromTheStart() throws Exception {
    long clean = blocksIn20Seconds("name: clean\nvalidators: 4\nblockInterval: 200ms\n", null);
    long slow =
        blocksIn20Seconds(
            "name: slow\nvalidators: 4\nblockInterval: 200ms\nlinks: {latency: 1s}\n", null);

    assertThat(slow)
        .as("1 s each way against %d blocks on a clean network", clean)
        .isLessThan(clean / 4);
  }
}
