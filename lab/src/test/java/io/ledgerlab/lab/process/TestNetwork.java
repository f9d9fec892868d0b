package io.ledgerlab.lab.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.client.NodeClient;
import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.RealTimeline;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.nemesis.Faults;
import io.ledgerlab.lab.target.reference.ReferenceTarget;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.tx.Payload;
import io.ledgerlab.ledger.tx.Transaction;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.real.SystemClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A network of node processes for one test: started in a temporary run directory, closed by the
 * test's {@code finally}, and checked afterwards to have left no process behind, by PID.
 */
final class TestNetwork implements AutoCloseable {
  final ProcessNetwork net;
  final Faults faults;
  final List<KeyPair> accounts;
  final String chainId;
  private final Set<Long> pids;
  private final JsonLogWriter log;
  private final long[] nonces;

  private TestNetwork(
      ProcessNetwork net,
      Faults faults,
      List<KeyPair> accounts,
      JsonLogWriter log,
      Set<Long> pids) {
    this.net = net;
    this.faults = faults;
    this.pids = pids;
    this.accounts = accounts;
    this.chainId = net.network().chainId();
    this.log = log;
    this.nonces = new long[accounts.size()];
  }

  static TestNetwork start(Path dir, String manifest) throws Exception {
    Network network = ManifestParser.parse("test.yaml", manifest);
    RunLayout run = new RunLayout(dir.resolve("run"));
    RunFiles.create(run, network, manifest);
    JsonLogWriter log =
        new JsonLogWriter(run.supervisorLog(), "lab", new SystemClock(), EventLog.Level.INFO);
    Set<Long> seen = ConcurrentHashMap.newKeySet();
    ProcessNetwork[] holder = new ProcessNetwork[1];
    Runnable record =
        () -> {
          if (holder[0] != null) {
            holder[0].names().forEach(n -> holder[0].process(n).pid().ifPresent(seen::add));
          }
        };
    NodeLauncher launcher =
        NodeLauncher.ofCurrentJvm(network.launch().command(), network.launch().jvmOptions());
    var chain = new ReferenceTarget().load(run);
    ProcessNetwork net =
        ProcessNetwork.start(
            run,
            network,
            chain,
            launcher,
            ProcessHandle.current().pid(),
            log,
            record,
            (n, c, e) -> {});
    holder[0] = net;
    record.run();
    Faults faults =
        new Faults(
            ProcessEngine.of(net, new RealTimeline(e -> {}), chain),
            LinkState.of(network),
            Map.of());
    return new TestNetwork(net, faults, RunFiles.accounts(run), log, seen);
  }

  /** Records the PIDs now running, so that {@link #close()} can prove they are gone. */
  void recordPids() {
    net.names().forEach(n -> net.process(n).pid().ifPresent(pids::add));
  }

  NodeClient client(String node) {
    return net.client(node);
  }

  /** A signed transfer from account {@code from} to the next account, with its next nonce. */
  Transaction transfer(int from) {
    KeyPair sender = accounts.get(from);
    KeyPair to = accounts.get((from + 1) % accounts.size());
    return Transaction.sign(chainId, sender, nonces[from]++, new Payload.Transfer(to.address(), 1));
  }

  boolean committedOn(String node, Hash tx) {
    try {
      return client(node).tx(tx).committed();
    } catch (RpcException e) {
      return false;
    }
  }

  long height(String node) {
    try {
      return client(node).head().height();
    } catch (RpcException e) {
      return -1;
    }
  }

  long maxHeight() {
    return net.names().stream().mapToLong(this::height).max().orElse(-1);
  }

  /** Waits until {@code node} is at {@code height}; false on timeout. */
  boolean awaitHeight(String node, long height, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (height(node) >= height) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Override
  public void close() throws Exception {
    recordPids();
    net.close();
    log.close();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("node process %d is gone after the test", pid)
          .isFalse();
    }
  }
}
