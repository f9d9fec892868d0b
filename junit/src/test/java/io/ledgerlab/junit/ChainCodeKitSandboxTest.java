package io.ledgerlab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ChainCodeKit.of(Class)} runs a class through the node's sandbox: checked at {@code of},
 * metered, a fresh instance per call — the same receipts a network gives.
 */
class ChainCodeKitSandboxTest {
  private static long count(Receipt r) {
    return r.assertOk().reader().u64("count");
  }

  @Test
  void anInstanceFieldNeverCarriesOverAsOnANode() {
    ChainCodeKit kit = ChainCodeKit.of(Counter.class);
    List<Long> kitCounts =
        List.of(
            count(kit.invoke("inc", new byte[0])),
            count(kit.invoke("inc", new byte[0])),
            count(kit.query("peek", new byte[0])));

    List<Long> nodeCounts;
    try (Network net =
        Network.sim().validators(4).accounts(2).seed(3).chainCode(Counter.class).build().start()) {
      nodeCounts =
          List.of(
              count(net.as(0).call("counter", "inc", new byte[0])),
              count(net.as(0).call("counter", "inc", new byte[0])),
              count(net.query(net.nodes().get(0), "counter", "peek", new byte[0])));
    }

    assertThat(kitCounts).as("each call sees a fresh instance").containsExactly(1L, 1L, 0L);
    assertThat(kitCounts).as("the kit's receipts are the node's").isEqualTo(nodeCounts);
  }

  @Test
  void aPlainInstanceIsRunAsItIsWithoutTheSandbox() {
    ChainCodeKit kit = ChainCodeKit.of(new Counter());
    count(kit.invoke("inc", new byte[0]));
    assertThat(count(kit.invoke("inc", new byte[0]))).isEqualTo(2);
  }

  @Test
  void anEndlessLoopEndsOutOfStepsInTheKit() {
    ChainCodeKit kit = ChainCodeKit.of(Tally.class);

    Receipt spun = kit.invoke("spin", new byte[0]).assertFails("OUT_OF_STEPS");

    assertThat(spun.message()).contains("10000000");
    kit.invoke("add", Tally.add(2)).assertOk();
  }

  @Test
  void aClassThatReadsTheClockIsRefusedAtOf() {
    assertThatThrownBy(() -> ChainCodeKit.of(ClockReader.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rejected by the chain-code sandbox")
        .hasMessageContaining("ClockReader.invoke")
        .hasMessageContaining("java/lang/System.currentTimeMillis")
        .hasMessageContaining("reaches the clock");
  }
}
