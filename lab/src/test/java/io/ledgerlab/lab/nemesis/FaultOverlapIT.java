package io.ledgerlab.lab.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.testing.RunProcesses;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/**
 * Overlapping faults on node processes: SIGSTOP and SIGCONT for the pause, the link proxies for the
 * delay, on the wall clock. A second of slack covers a machine busy with other builds.
 */
@Timeout(240)
class FaultOverlapIT extends FaultOverlapContract {
  @Override
  String engine() {
    return "process";
  }

  @Override
  double slackSeconds() {
    return 1.0;
  }

  @AfterEach
  void noNodeProcessOutlivesTheTest() throws InterruptedException {
    // A test stopped by its @Timeout is interrupted; the cleanup must still wait.
    Thread.interrupted();
    RunProcesses processes = new RunProcesses(dir);
    List<Long> left = processes.alive();
    assertThat(processes.killAll(Duration.ofSeconds(10))).as("survived SIGKILL").isEmpty();
    assertThat(left).as("node processes alive after the run").isEmpty();
  }
}
