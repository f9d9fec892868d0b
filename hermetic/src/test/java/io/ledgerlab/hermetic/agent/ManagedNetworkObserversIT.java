package io.ledgerlab.hermetic.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.node.config.NodeConfig;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.runtime.log.EventLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's managed network honours {@code observers}, {@code relay} and {@code rescueAfter}
 * rather than ignore them: its process engine writes them into the node processes' configs, and the
 * observer process follows and re-executes the chain.
 */
@Timeout(120)
class ManagedNetworkObserversIT {
  @TempDir Path dir;

  @Test
  void anObserverThatRelaysAndRescuesRunsInTheManagedNetwork() throws Exception {
    Path manifest =
        Files.writeString(
            dir.resolve("net.yaml"),
            "name: managed\nvalidators: 4\nobservers: 1\nrelay: true\nrescueAfter: 2s\n"
                + "blockInterval: 200ms\n");
    try (ManagedNetwork network =
        ManagedNetwork.open(manifest, dir.resolve("run"), EventLog.NONE, Duration.ofSeconds(60))) {
      RunLayout run = network.run();
      NodeConfig observer = NodeConfigs.read(run.nodeConfig("o0"));
      NodeConfig validator = NodeConfigs.read(run.nodeConfig("n0"));
      assertThat(observer.validatorKey()).isEmpty();
      assertThat(validator.validatorKey()).isPresent();
      assertThat(observer.relay()).isTrue();
      assertThat(validator.relay()).isTrue();
      assertThat(observer.rescueAfterMicros()).isEqualTo(2_000_000);
      assertThat(validator.rescueAfterMicros()).isZero();

      // The observer process re-executes what the validators commit.
      Path log = run.log("o0");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String text = "";
      while (System.nanoTime() < deadline) {
        text = Files.exists(log) ? Files.readString(log) : "";
        if (text.contains("\"event\":\"observer.block\"")) {
          break;
        }
        TimeUnit.MILLISECONDS.sleep(250);
      }
      assertThat(text).as("o0's log").contains("\"event\":\"observer.block\"");
    }
  }
}
