package io.ledgerlab.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.target.reference.ReferenceClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A user chain-code jar on four validators, written once and run on each engine: installed from a
 * class through the node's sandbox, executed through consensus with the same receipts and state on
 * every node — a runaway call included, ended by the meter at the same step on every node — and a
 * jar that reads the clock refused before any node starts. After each test the extension runs the
 * lab's checks, state agreement among them.
 */
abstract class ChainCodeNetworkContract {
  protected abstract Network.Builder world();

  @LabNetwork
  final Network net = world().validators(4).accounts(4).seed(11).chainCode(Tally.class).build();

  @Test
  void aUserJarExecutesWithTheSameStateOnEveryNode() {
    net.as(0).call("tally", "add", Tally.add(5)).assertOk();
    net.as(1).call("tally", "add", Tally.add(7)).assertOk().assertEvent("added");
    Receipt last = net.as(0).call("tally", "add", Tally.add(1)).assertOk();
    assertThat(last.reader().u64("total")).isEqualTo(6);
    for (String node : net.nodes()) {
      net.awaitHeight(node, last.height());
      assertThat(net.query(node, "tally", "total", new byte[0]).assertOk().reader().u64("total"))
          .as("the sum on " + node)
          .isEqualTo(13);
    }
  }

  @Test
  void aRunawayCallEndsOutOfStepsIdenticallyOnEveryNode() throws Exception {
    Receipt spun = net.as(2).call("tally", "spin", new byte[0]).assertFails("OUT_OF_STEPS");
    net.as(2).call("tally", "refuse", new byte[0]).assertFails("REFUSED");
    List<String> seen = new ArrayList<>();
    for (String node : net.nodes()) {
      net.awaitHeight(node, spun.height());
      ReferenceClient client = net.client(node);
      var committed = client.receipt(spun.tx()).orElseThrow();
      seen.add(committed.receipt().errorCode() + ": " + committed.receipt().message());
    }
    assertThat(seen).hasSize(4).containsOnly(seen.get(0));
    assertThat(seen.get(0)).startsWith("OUT_OF_STEPS").contains("10000000");
    // The chain goes on after a call that would never have ended.
    net.as(3).call("tally", "add", Tally.add(2)).assertOk();
  }

  @Test
  void aJarThatReadsTheClockIsRefusedBeforeAnyNodeStarts() {
    Network clock = world().validators(4).chainCode(ClockReader.class).build();
    assertThatThrownBy(clock::start)
        .isInstanceOf(NetworkException.class)
        .hasMessageContaining("ClockReader.invoke")
        .hasMessageContaining("java/lang/System.currentTimeMillis")
        .hasMessageContaining("reaches the clock");
    clock.close();
  }
}
