package io.ledgerlab.lab.devchain;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chain.Ledger;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.KeyPair;
import io.ledgerlab.ledger.exec.ExecutedBlock;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisBuilder;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.ledger.node.DevChain;
import io.ledgerlab.ledger.store.ChainHead;
import io.ledgerlab.ledger.tx.TxCheck;
import io.ledgerlab.runtime.NodeRuntime;
import io.ledgerlab.runtime.disk.RocksDisk;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import io.ledgerlab.runtime.entropy.SystemEntropy;
import io.ledgerlab.runtime.net.NoTransport;
import io.ledgerlab.runtime.real.EventLoop;
import io.ledgerlab.runtime.real.SystemClock;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the single-validator dev chain in this process on the real world — RocksDB with fsync, the
 * system clock, one event thread — under a transfer workload, printing each committed block, then
 * checks what the chain did: admission verdicts, receipts, total supply, the state root rebuilt
 * from scratch, and recovery after a reopen.
 */
public final class DevChainRun {
  private static final String CHAIN_ID = "ledgerlab-dev";

  private final DevChainOptions options;
  private final PrintStream out;

  public DevChainRun(DevChainOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** One committed block as the console shows it. */
  record BlockLine(
      long height,
      int txs,
      int failedReceipts,
      String stateRoot,
      long executeMicros,
      long commitMicros) {}

  public DevChainReport run() throws IOException, InterruptedException {
    Path dataDir =
        options.dataDir() != null
            ? options.dataDir()
            : Files.createTempDirectory("ledgerlab-devchain-");
    try {
      return run(dataDir.resolve("node0"));
    } finally {
      if (options.dataDir() == null) {
        deleteRecursively(dataDir);
      }
    }
  }

  private DevChainReport run(Path nodeDir) throws IOException, InterruptedException {
    if (Files.exists(nodeDir.resolve("db"))) {
      throw new IllegalArgumentException(
          nodeDir + " already holds a chain; choose an empty --data-dir");
    }
    SeededEntropy entropy = SeededEntropy.of(options.seed());
    KeyPair validator = KeyPair.generate(entropy.fork("validator"));
    List<KeyPair> accounts = generateAccounts(entropy.fork("accounts"));
    Genesis genesis = genesis(validator, accounts);
    out.printf(
        Locale.ROOT,
        "dev chain %s: seed %d, %d accounts, %d blocks x %d operations (%.0f%% built to fail), block interval %d ms%n",
        CHAIN_ID,
        options.seed(),
        accounts.size(),
        options.blocks(),
        options.transfersPerBlock(),
        options.failingShare() * 100,
        options.blockIntervalMillis());
    out.println("data: " + nodeDir);

    List<TransferWorkload.Op> sent = new ArrayList<>();
    List<String> admissionMismatches = new ArrayList<>();
    List<CheckResult> checks = new ArrayList<>();
    Stats stats = new Stats();
    ChainHead finalHead;
    long started = System.nanoTime();
    try (RocksDisk disk = RocksDisk.open(nodeDir.resolve("db"));
        EventLoop loop = new EventLoop("devchain-node0")) {
      Ledger ledger = Ledger.open(disk, genesis, ChainCodeRegistry.builtins());
      BlockingQueue<BlockLine> committed = new LinkedBlockingQueue<>();
      DevChain dev = devChain(loop, disk, ledger, validator, committed);
      loop.execute(dev::start);
      TransferWorkload workload =
          new TransferWorkload(
              CHAIN_ID,
              accounts,
              genesis.totalSupply(),
              options.failingShare(),
              entropy.fork("workload").nextLong());
      printHeader();
      for (int b = 0; b < options.blocks(); b++) {
        List<TransferWorkload.Op> ops = workload.next(options.transfersPerBlock());
        List<TxCheck> verdicts = loop.call(() -> submitAll(dev, ops));
        compareVerdicts(ops, verdicts, admissionMismatches);
        sent.addAll(ops);
        if (ops.isEmpty()) {
          loop.call(dev::produceBlock);
        }
        BlockLine line = awaitBlock(committed, loop);
        stats.add(line);
        printLine(line);
      }
      loop.call(
          () -> {
            dev.stop();
            return null;
          });
      double seconds = (System.nanoTime() - started) / 1e9;
      stats.print(out, seconds);
      finalHead = ledger.head();
      checks.add(
          CheckResult.of(
              "admission",
              admissionMismatches.isEmpty(),
              admissionSummary(sent, admissionMismatches)));
      checks.add(receiptsCheck(ledger, sent));
      checks.add(new SupplyCheck(addresses(accounts)).check(ledger));
      checks.add(new StateRootCheck().check(ledger));
    } catch (GenesisException e) {
      throw new IllegalStateException("generated genesis was refused: " + e.getMessage(), e);
    }
    checks.add(recoveryCheck(nodeDir, genesis, finalHead));
    printChecks(checks);
    return new DevChainReport(finalHead.height(), stats.txs, stats.failedReceipts, checks);
  }

  private DevChain devChain(
      EventLoop loop,
      RocksDisk disk,
      Ledger ledger,
      KeyPair validator,
      BlockingQueue<BlockLine> committed) {
    NodeRuntime runtime =
        new NodeRuntime(
            new SystemClock(),
            loop,
            new NoTransport(),
            disk,
            new SystemEntropy(),
            io.ledgerlab.runtime.log.EventLog.NONE);
    DevChain.Config config =
        DevChain.Config.DEFAULT.withBlockIntervalMicros(options.blockIntervalMillis() * 1_000);
    return new DevChain(
        runtime,
        ledger,
        validator,
        config,
        (ExecutedBlock block, long exec, long commit) -> {
          int failed = 0;
          for (Receipt r : block.receipts()) {
            failed += r.ok() ? 0 : 1;
          }
          committed.add(
              new BlockLine(
                  block.block().height(),
                  block.block().transactions().size(),
                  failed,
                  block.state().root().shortHex(),
                  exec,
                  commit));
        });
  }

  private static List<TxCheck> submitAll(DevChain dev, List<TransferWorkload.Op> ops) {
    List<TxCheck> verdicts = new ArrayList<>(ops.size());
    for (TransferWorkload.Op op : ops) {
      verdicts.add(dev.submit(op.tx()));
    }
    return verdicts;
  }

  private BlockLine awaitBlock(BlockingQueue<BlockLine> committed, EventLoop loop)
      throws InterruptedException {
    long timeoutMillis = options.blockIntervalMillis() * 10 + 30_000;
    BlockLine line = committed.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (line == null) {
      Throwable failure = loop.failure();
      throw new IllegalStateException(
          "no block committed within "
              + timeoutMillis
              + " ms"
              + (failure == null ? "" : "; the node failed: " + failure),
          failure);
    }
    return line;
  }

  private static void compareVerdicts(
      List<TransferWorkload.Op> ops, List<TxCheck> verdicts, List<String> mismatches) {
    for (int i = 0; i < ops.size(); i++) {
      Expected expected = ops.get(i).expected();
      TxCheck got = verdicts.get(i);
      boolean ok =
          expected.outcome() == Expected.Outcome.REJECTED
              ? !got.isOk() && got.reason() == expected.rejection()
              : got.isOk();
      if (!ok && mismatches.size() < 10) {
        mismatches.add(
            ops.get(i).tx().hash().shortHex() + ": expected " + expected + ", got " + got);
      }
    }
  }

  private static String admissionSummary(List<TransferWorkload.Op> sent, List<String> mismatches) {
    long rejected =
        sent.stream().filter(o -> o.expected().outcome() == Expected.Outcome.REJECTED).count();
    return mismatches.isEmpty()
        ? sent.size() + " operations, " + rejected + " rejected with the expected reason"
        : "unexpected verdicts: " + String.join("; ", mismatches);
  }

  /**
   * Every admitted operation is in the chain with the receipt it should have; rejected ones are
   * not.
   */
  private static CheckResult receiptsCheck(Ledger ledger, List<TransferWorkload.Op> sent) {
    List<String> wrong = new ArrayList<>();
    int verified = 0;
    for (TransferWorkload.Op op : sent) {
      Expected.Outcome outcome = op.expected().outcome();
      var location = ledger.findTx(op.tx().hash());
      if (outcome == Expected.Outcome.REJECTED) {
        boolean replay = op.expected().rejection() == io.ledgerlab.ledger.tx.RejectReason.BAD_NONCE;
        if (!replay && location.isPresent()) {
          wrong.add(
              op.tx().hash().shortHex()
                  + " was rejected yet is in block "
                  + location.get().height());
        }
        continue;
      }
      if (location.isEmpty()) {
        wrong.add(op.tx().hash().shortHex() + " was accepted but never committed");
        continue;
      }
      Receipt receipt = ledger.receipts(location.get().height()).get(location.get().index());
      if (receipt.ok() != (outcome == Expected.Outcome.COMMITTED)) {
        wrong.add(
            op.tx().hash().shortHex()
                + " has receipt ok="
                + receipt.ok()
                + ", expected "
                + outcome);
      } else {
        verified++;
      }
    }
    String details =
        wrong.isEmpty()
            ? verified + " admitted operations committed with the expected receipt"
            : String.join("; ", wrong.subList(0, Math.min(10, wrong.size())));
    return CheckResult.of("receipts", wrong.isEmpty(), details);
  }

  /** Reopens the database as a restarted node would, and expects the same head. */
  private static CheckResult recoveryCheck(Path nodeDir, Genesis genesis, ChainHead expected) {
    try (RocksDisk disk = RocksDisk.open(nodeDir.resolve("db"))) {
      Ledger reopened = Ledger.open(disk, genesis, ChainCodeRegistry.builtins());
      boolean ok = reopened.head().equals(expected);
      return CheckResult.of(
          "recovery",
          ok,
          "reopened at height "
              + reopened.height()
              + ", state root "
              + reopened.head().stateRoot().shortHex()
              + (ok
                  ? ""
                  : "; expected height "
                      + expected.height()
                      + " root "
                      + expected.stateRoot().shortHex()));
    } catch (GenesisException e) {
      return CheckResult.invalid("recovery", e.getMessage());
    }
  }

  private List<KeyPair> generateAccounts(io.ledgerlab.runtime.entropy.Entropy entropy) {
    List<KeyPair> out = new ArrayList<>(options.accounts());
    for (int i = 0; i < options.accounts(); i++) {
      out.add(KeyPair.generate(entropy));
    }
    return out;
  }

  private static Genesis genesis(KeyPair validator, List<KeyPair> accounts) {
    GenesisBuilder builder =
        GenesisBuilder.chain(CHAIN_ID).validator("node0", validator.publicKey(), 1);
    for (KeyPair k : accounts) {
      builder.balance(k.address(), DevChainOptions.BALANCE_EACH);
    }
    return builder.build();
  }

  private static List<Address> addresses(List<KeyPair> keys) {
    List<Address> out = new ArrayList<>(keys.size());
    for (KeyPair k : keys) {
      out.add(k.address());
    }
    return out;
  }

  private void printHeader() {
    out.printf(
        Locale.ROOT,
        "%8s %6s %7s  %-12s %9s %10s%n",
        "height",
        "txs",
        "failed",
        "state root",
        "exec ms",
        "commit ms");
  }

  private void printLine(BlockLine l) {
    out.printf(
        Locale.ROOT,
        "%8d %6d %7d  %-12s %9.2f %10.2f%n",
        l.height(),
        l.txs(),
        l.failedReceipts(),
        l.stateRoot(),
        l.executeMicros() / 1000.0,
        l.commitMicros() / 1000.0);
  }

  private void printChecks(List<CheckResult> checks) {
    out.println();
    for (CheckResult c : checks) {
      out.printf(Locale.ROOT, "  %-8s %-12s %s%n", c.validity(), c.name(), c.details());
    }
    out.println("verdict: " + CheckResult.overall(checks));
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove temporary " + dir, e);
    }
  }

  /** Totals over the committed blocks. */
  private static final class Stats {
    long blocks;
    long txs;
    long failedReceipts;
    long executeMicros;
    long commitMicros;

    void add(BlockLine l) {
      blocks++;
      txs += l.txs();
      failedReceipts += l.failedReceipts();
      executeMicros += l.executeMicros();
      commitMicros += l.commitMicros();
    }

    void print(PrintStream out, double seconds) {
      out.printf(
          Locale.ROOT,
          "%d blocks, %d transactions (%d failed receipts) in %.1f s; mean execute %.2f ms, mean commit %.2f ms per block%n",
          blocks,
          txs,
          failedReceipts,
          seconds,
          blocks == 0 ? 0 : executeMicros / 1000.0 / blocks,
          blocks == 0 ? 0 : commitMicros / 1000.0 / blocks);
    }
  }
}
