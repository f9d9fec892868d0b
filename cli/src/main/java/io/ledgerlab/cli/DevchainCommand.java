package io.ledgerlab.cli;

import io.ledgerlab.lab.check.Validity;
import io.ledgerlab.lab.devchain.DevChainOptions;
import io.ledgerlab.lab.devchain.DevChainReport;
import io.ledgerlab.lab.devchain.DevChainRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerlab devchain}: the single-validator chain under a transfer load, then checks. */
@Command(
    name = "devchain",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a single-validator dev chain in this process (RocksDB with fsync, real clock) under a"
          + " transfer load, prints every committed block, and checks admission verdicts, receipts,"
          + " total supply, the state root rebuilt from scratch, and recovery after a reopen.",
      "Exit status: 0 when every check passes, 1 when one fails, 2 for bad arguments, 3 on a crash."
    })
final class DevchainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--blocks",
      defaultValue = "20",
      description = "Blocks to produce (default: ${DEFAULT-VALUE}).")
  int blocks;

  @Option(
      names = "--transfers",
      defaultValue = "500",
      description = "Operations submitted per block (default: ${DEFAULT-VALUE}).")
  int transfers;

  @Option(
      names = "--accounts",
      defaultValue = "1000",
      description = "Generated funded accounts (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--failing",
      defaultValue = "0.05",
      description =
          "Share of operations built to fail: overdrafts, replays, forged signatures (default: ${DEFAULT-VALUE}).")
  double failing;

  @Option(
      names = "--block-interval",
      defaultValue = "100",
      description = "Milliseconds between blocks (default: ${DEFAULT-VALUE}).")
  long blockIntervalMillis;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed for keys and workload (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--data-dir",
      description = "Keep the chain's RocksDB here (default: a temporary directory, removed).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    DevChainOptions options =
        new DevChainOptions(
            blocks, transfers, accounts, failing, blockIntervalMillis, seed, dataDir);
    DevChainReport report =
        new DevChainRun(
                options,
                new java.io.PrintStream(System.out, true, java.nio.charset.StandardCharsets.UTF_8))
            .run();
    return report.verdict() == Validity.VALID ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }
}
