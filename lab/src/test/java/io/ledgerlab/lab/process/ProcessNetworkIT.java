package io.ledgerlab.lab.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.CommitCertificate;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.tx.Transaction;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real node processes on loopback, real TCP through the lab's fault proxies, real signals, real
 * RocksDB. Each test starts its own network and proves, by PID, that no process outlives it.
 */
@Timeout(180)
class ProcessNetworkIT {
  private static final String FOUR =
      """
      name: it-four
      validators: 4
      accounts: 200
      blockInterval: 200ms
      """;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void transactionsSubmittedOverRpcAreCommittedOnEveryNode() throws Exception {
    try (TestNetwork t = TestNetwork.start(dir, FOUR)) {
      assertThat(t.net.awaitHeight(1, WAIT)).as("first block").isTrue();
      List<Hash> submitted = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Transaction tx = t.transfer(i);
        NodeClient.Submitted s = t.client(t.net.names().get(i % 4)).submit(tx);
        assertThat(s.accepted()).as("tx %d: %s %s", i, s.reason(), s.detail()).isTrue();
        submitted.add(s.hash());
      }
      for (String node : t.net.names()) {
        awaitAll(t, node, submitted);
      }
      long h = t.net.minimumHeight();
      Set<Hash> hashes = ConcurrentHashMap.newKeySet();
      for (String node : t.net.names()) {
        hashes.add(t.client(node).block(h).orElseThrow().hash());
      }
      assertThat(hashes).as("one block at height %d on every node", h).hasSize(1);
    }
  }

  @Test
  void aValidatorKilledUnderLoadRecoversAndNoAcknowledgedTransactionIsLost() throws Exception {
    try (TestNetwork t = TestNetwork.start(dir, FOUR)) {
      assertThat(t.net.awaitHeight(1, WAIT)).isTrue();
      List<Hash> acknowledged = new ArrayList<>();
      List<Hash> accepted = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        if (i == 50) {
          t.net.kill("n1");
        }
        if (i == 100) {
          t.net.restart("n1");
        }
        String to = List.of("n0", "n2", "n3").get(i % 3);
        NodeClient.Submitted s = t.client(to).submit(t.transfer(i));
        if (s.accepted()) {
          accepted.add(s.hash());
        }
        Thread.sleep(20);
      }
      // Acknowledged: a node said "committed" to the client.
      for (Hash h : accepted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && !t.committedOn("n0", h)) {
          Thread.sleep(50);
        }
        if (t.committedOn("n0", h)) {
          acknowledged.add(h);
        }
      }
      assertThat(acknowledged).as("the load went through").hasSizeGreaterThan(100);
      long target = t.height("n0");
      assertThat(t.awaitHeight("n1", target, WAIT)).as("n1 catches up to %d", target).isTrue();
      for (Hash h : acknowledged) {
        assertThat(t.committedOn("n1", h)).as("acknowledged %s on the restarted n1", h).isTrue();
      }
      assertThat(Files.readString(t.net.run().log("n1"))).contains("\"via\":\"sync\"");
    }
  }

  /** Regression: the links were set before the nodes were known, so a manifest's were ignored. */
  @Test
  void theManifestsLinksAreInForceFromTheStart() throws Exception {
    try (TestNetwork t = TestNetwork.start(dir, FOUR + "links: {latency: 300ms}\n")) {
      for (String from : t.net.names()) {
        for (String to : t.net.names()) {
          if (!from.equals(to)) {
            assertThat(t.net.mesh().fault(from, to).latencyMicros())
                .as("%s→%s latency", from, to)
                .isEqualTo(300_000);
          }
        }
      }
      assertThat(t.net.awaitHeight(2, WAIT)).as("first blocks").isTrue();
      long base = t.maxHeight();
      long started = System.nanoTime();
      assertThat(t.net.awaitHeight(base + 5, WAIT)).as("five more blocks").isTrue();
      // A height takes a proposal, a prevote and a precommit: at least 3 × 300 ms on these links.
      assertThat((System.nanoTime() - started) / 1e9)
          .as("seconds for five heights over 300 ms links")
          .isGreaterThan(5 * 0.9 - 1);
    }
  }

  @Test
  void aOneWayCutSilencesOneValidatorWhileItKeepsFollowing() throws Exception {
    try (TestNetwork t = TestNetwork.start(dir, FOUR)) {
      assertThat(t.net.awaitHeight(2, WAIT)).isTrue();
      Address n3 = validatorAddress(t, "n3");
      t.faults.apply(new Fault.Cut(Set.of("n3"), Set.of("n0", "n1", "n2")));
      long cutAt = t.maxHeight();
      assertThat(t.awaitHeight("n3", cutAt + 6, WAIT)).as("n3 still hears everyone").isTrue();
      for (long h = cutAt + 3; h <= cutAt + 5; h++) {
        // Block h+1 carries the certificate of block h.
        Block next = t.client("n0").block(h + 1).orElseThrow();
        assertThat(signers(next.header().lastCommit()))
            .as("nobody heard n3's precommit for height %d", h)
            .doesNotContain(n3);
      }
      t.faults.healAll();
      long healedAt = t.maxHeight();
      assertThat(t.net.awaitHeight(healedAt + 3, WAIT)).isTrue();
    }
  }

  @Test
  void aPausedNodeResumesAndCatchesUpWithTheSkewSetWhileItWasFrozen() throws Exception {
    try (TestNetwork t = TestNetwork.start(dir, FOUR)) {
      assertThat(t.net.awaitHeight(2, WAIT)).isTrue();
      t.net.pause("n2");
      // A frozen node cannot answer the RPC that sets its clock: the skew waits for the resume.
      t.net.skew("n2", 30_000_000);
      long pausedAt = t.height("n0");
      assertThat(t.awaitHeight("n0", pausedAt + 5, WAIT)).as("3 of 4 keep going").isTrue();
      t.net.resume("n2");
      long target = t.height("n0");
      assertThat(t.awaitHeight("n2", target, WAIT)).as("n2 catches up to %d", target).isTrue();
      long offset = t.client("n2").status().get("clockOffsetMicros").asLong();
      assertThat(offset)
          .as("n2's clock offset after the resume")
          .isBetween(29_000_000L, 31_000_000L);
    }
  }

  @Test
  void garbageOnThePeerPortDropsThatConnectionAndTheNodeKeepsRunning() throws Exception {
    try (TestNetwork t = TestNetwork.start(dir, FOUR)) {
      assertThat(t.net.awaitHeight(1, WAIT)).isTrue();
      byte[] garbage = new byte[4096];
      new Random(7).nextBytes(garbage);
      garbage[0] = 0; // a small length prefix, so the node reads a frame and judges it
      garbage[1] = 0;
      garbage[2] = 0;
      garbage[3] = 64;
      var p2p = t.net.p2pAddress("n0");
      try (Socket s = new Socket(p2p.getAddress(), p2p.getPort())) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(garbage);
        out.flush();
        InputStream in = s.getInputStream();
        // The node's hello arrives first; then it closes the connection on our garbage.
        while (in.read() >= 0) {
          // drain until the node closes
        }
      }
      long h = t.height("n0");
      assertThat(t.awaitHeight("n0", h + 2, WAIT)).as("n0 keeps committing").isTrue();
      assertThat(Files.readString(t.net.run().log("n0"))).contains("p2p.handshake.failed");
    }
  }

  private static void awaitAll(TestNetwork t, String node, List<Hash> txs) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (Hash h : txs) {
      while (!t.committedOn(node, h)) {
        assertThat(System.nanoTime())
            .as("%s committed on %s in time", h, node)
            .isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }

  private static Address validatorAddress(TestNetwork t, String node) throws Exception {
    return Address.fromHex(t.client(node).status().get("validator").asText());
  }

  private static List<Address> signers(CommitCertificate cert) {
    return cert.votes().stream().map(CommitCertificate.Precommit::validator).toList();
  }
}
