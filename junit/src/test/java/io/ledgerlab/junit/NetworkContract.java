package io.ledgerlab.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.Validity;
import io.ledgerlab.lab.engine.NodeStatus;
import io.ledgerlab.runtime.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a test does with a network, written once and run on each engine by a one-line subclass:
 * calls that commit and read back, a transfer, a partitioned minority that heals while the chain
 * goes on, a killed node that catches up, the logs awaited by event — and, after every test, the
 * lab's checks, run by {@link LedgerlabExtension}.
 */
abstract class NetworkContract {
  /** The engine under test: {@code Network.sim()}, {@code Network.process()}... */
  protected abstract Network.Builder world();

  @LabNetwork final Network net = world().validators(4).accounts(4).seed(7).build();

  @Test
  void aKvPutCommitsWithItsEventAndIsReadBack() {
    Receipt put = net.as(0).call("kv", "put", Network.kvPut("colour", "green")).assertOk();

    assertThat(put.height()).isPositive();
    assertThat(put.assertEvent("put").chainCode()).isEqualTo("kv");
    Receipt get = net.query("kv", "get", Network.kvKey("colour")).assertOk();
    assertThat(new String(get.result(), StandardCharsets.UTF_8)).isEqualTo("green");
    net.query("kv", "get", Network.kvKey("missing")).assertFails("NOT_FOUND");
    net.as(0).call("kv", "nope", Network.kvKey("colour")).assertFails("UNKNOWN_METHOD");
  }

  @Test
  void aTransferMovesTokensBetweenAccounts() {
    Account alice = net.account(0);
    Account bob = net.account(1);
    long before = net.balance(bob);

    net.transfer(alice, bob, 25).assertOk();

    assertThat(net.balance(bob)).isEqualTo(before + 25);
  }

  @Test
  void aPartitionedMinorityFallsBehindAndCatchesUpAfterTheHeal() {
    long start = net.height("n3");
    try (FaultHandle cut = net.partition("n3").from("n0", "n1", "n2")) {
      net.awaitHeight("n0", start + 5);
      net.as(1).via("n0").call("kv", "put", Network.kvPut("during", "partition")).assertOk();
      assertThat(net.height("n3")).as("the minority cannot commit").isLessThan(net.height("n0"));
    }
    long target = net.height("n0");
    net.awaitHeight("n3", target + 1);
    net.as(2).via("n3").call("kv", "put", Network.kvPut("after", "heal")).assertOk();
  }

  @Test
  void aKilledNodeComesBackAndCatchesUp() {
    net.kill("n2");
    net.as(0).via("n0").transfer(net.account(3), 5).assertOk();
    net.awaitHeight("n0", net.height("n0") + 3);

    net.start("n2");

    long target = net.height("n0");
    assertThat(net.awaitHeight("n2", target)).isGreaterThanOrEqualTo(target);
  }

  @Test
  void theNodesLogsCanBeAwaitedByEvent() {
    LogRecord committed = net.awaitLog("block.committed");
    assertThat(committed.fields()).containsKey("height");
  }

  @Test
  void theChecksHealEveryFaultLeftAndPass() {
    net.as(0).call("kv", "put", Network.kvPut("k", "v")).assertOk();
    net.kill("n1");
    net.awaitHeight("n0", net.height("n0") + 2);
    net.partition("n1").from("n0", "n2", "n3");

    List<CheckResult> checks = net.check();

    assertThat(net.status("n1")).as("the checks heal: n1 runs again").isEqualTo(NodeStatus.RUNNING);
    assertThat(checks).noneMatch(c -> c.validity() == Validity.INVALID);
    assertThat(checks)
        .filteredOn(c -> List.of("safety", "durability", "state-agreement").contains(c.name()))
        .hasSize(3)
        .allMatch(c -> c.validity() == Validity.VALID, "valid");
  }
}
