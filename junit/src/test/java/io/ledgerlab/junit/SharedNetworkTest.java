package io.ledgerlab.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.check.CheckResult;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A static field is one network for the class: the second test sees what the first did. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedNetworkTest {
  @LabNetwork static Network net = Network.sim().validators(4).seed(11).build();

  @Test
  @Order(1)
  void theFirstTestWrites() {
    net.as(0).call("kv", "put", Network.kvPut("shared", "yes")).assertOk();
  }

  @Test
  @Order(2)
  void theSecondReadsWhatTheFirstWrote() {
    net.query("kv", "get", Network.kvKey("shared")).assertOk();
  }

  @Test
  void aWaitThatCannotBeMetSaysWhatItAwaitedAndTheHeights() {
    Network quick =
        Network.sim().validators(4).awaitTimeout(java.time.Duration.ofSeconds(2)).build().start();
    try (quick) {
      quick.partition("n0", "n1").from("n2", "n3");
      long h = quick.height("n0");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> quick.awaitHeight(h + 5))
          .isInstanceOf(NetworkException.class)
          .hasMessageContaining("height " + (h + 5) + " on every running node")
          .hasMessageContaining("2.0 simulated s")
          .hasMessageContaining("n0=")
          .hasMessageContaining("seed 1");
    }
  }

  @Test
  void aFailedCheckNamesTheSeedAndTheReplayLine() {
    String message =
        net.failureMessage(
            List.of(
                CheckResult.valid("liveness", "fine"),
                CheckResult.invalid("safety", "n0 and n1 committed different blocks at 4")),
            "io.ledgerlab.junit.SharedNetworkTest#aTest");

    assertThat(message)
        .contains("1 check failed on the sim network with seed 11")
        .contains("safety: n0 and n1 committed different blocks at 4")
        .contains(
            "mvn verify -Dtest='io.ledgerlab.junit.SharedNetworkTest#aTest' -Dledgerlab.seed=11")
        .doesNotContain("liveness");
    assertThat(net.failureMessage(List.of(CheckResult.valid("safety", "ok")), "X#y")).isNull();
    assertThat(net.replayLine("a.ProcessNetworkIT#t")).contains("-Dit.test=");
  }
}
