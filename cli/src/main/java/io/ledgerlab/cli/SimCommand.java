package io.ledgerlab.cli;

import io.ledgerlab.lab.check.CheckResult;
import io.ledgerlab.lab.check.Validity;
import io.ledgerlab.lab.nemesis.FaultProfile;
import io.ledgerlab.lab.sim.SimOptions;
import io.ledgerlab.lab.sim.SimResult;
import io.ledgerlab.lab.sim.SimRun;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.Canary;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ledgerlab sim}: the reference chain in the deterministic simulated world, seed by seed.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a network of reference-chain validators in one JVM on virtual time, under client load and"
          + " a random nemesis drawn from the seed, then heals, waits a quiet period and checks safety,"
          + " state agreement, liveness, durability, validity and evidence.",
      "Exit status: 0 when every seed passes; 4 on a safety failure; 5 on a liveness failure;"
          + " 1 on another failed check; 2 for bad arguments; 3 when the simulator crashed."
    })
final class SimCommand implements Callable<Integer> {
  static final int SAFETY_FAILED = 4;
  static final int LIVENESS_FAILED = 5;

  @Option(
      names = "--validators",
      defaultValue = "4",
      description = "Validators (default: ${DEFAULT-VALUE}).")
  int validators;

  @Option(
      names = "--byzantine",
      defaultValue = "0",
      description = "Byzantine validators (default: ${DEFAULT-VALUE}).")
  int byzantine;

  @Option(
      names = "--behaviour",
      defaultValue = "EQUIVOCATE",
      description =
          "What Byzantine validators do: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Behaviour behaviour;

  @Option(
      names = "--twins",
      description = "Run one honest validator as two instances sharing its key.")
  boolean twins;

  @Option(
      names = "--faults",
      defaultValue = "NONE",
      description = "Random nemesis profile: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  FaultProfile faults;

  @Option(
      names = "--rate",
      defaultValue = "100",
      description = "Client transactions per simulated second (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      description =
          "Simulated time under load and faults, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--seeds",
      defaultValue = "1",
      description = "One seed (42) or an inclusive range (1..500) (default: ${DEFAULT-VALUE}).")
  String seeds;

  @Option(
      names = "--canary",
      defaultValue = "NONE",
      description =
          "Run a deliberately broken consensus on the honest validators: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE}).")
  Canary canary;

  @Option(names = "--verbose", description = "Print progress and every check of every seed.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    SimOptions options =
        new SimOptions(
            validators, byzantine, behaviour, twins, faults, rate, parseDuration(duration), canary);
    long[] range = parseSeeds(seeds);
    boolean single = range[0] == range[1];
    out.printf(
        Locale.ROOT,
        "sim: %d validators, %d byzantine (%s)%s, faults %s, %.0f tx/s, %s simulated per seed, seeds %d..%d%s%n",
        validators,
        byzantine,
        behaviour,
        twins ? ", twins" : "",
        faults,
        rate,
        duration,
        range[0],
        range[1],
        canary == Canary.NONE ? "" : ", CANARY: broken consensus " + canary);
    List<SimResult> failures = new ArrayList<>();
    java.util.Map<String, int[]> tally = new java.util.LinkedHashMap<>();
    double simSeconds = 0;
    double wallSeconds = 0;
    for (long seed = range[0]; seed <= range[1]; seed++) {
      SimRun run = new SimRun(options, seed);
      if (single || verbose) {
        out.println("seed " + seed + " draws:");
        run.faults().forEach(f -> out.println("  fault " + f));
      }
      SimResult result;
      try {
        result = run.run(single || verbose ? out::println : line -> {});
      } catch (RuntimeException e) {
        out.println("seed " + seed + ": the simulator crashed: " + e);
        out.println("replay: " + replayCommand(seed));
        return ExitCode.CRASH;
      }
      simSeconds += result.simulatedMicros() / 1e6;
      wallSeconds += result.wallNanos() / 1e9;
      printSeed(out, result, single || verbose);
      for (CheckResult c : result.checks()) {
        tally
            .computeIfAbsent(c.name(), k -> new int[Validity.values().length])[
            c.validity().ordinal()]++;
      }
      if (result.verdict() != Validity.VALID) {
        failures.add(result);
      }
    }
    if (!single) {
      tally.forEach(
          (check, counts) ->
              out.printf(
                  Locale.ROOT,
                  "  %-16s valid %d, unknown %d, invalid %d%n",
                  check,
                  counts[Validity.VALID.ordinal()],
                  counts[Validity.UNKNOWN.ordinal()],
                  counts[Validity.INVALID.ordinal()]));
    }
    out.printf(
        Locale.ROOT,
        "%d seeds, %d failed; %.0f simulated s in %.1f wall s (%.0fx real time)%n",
        range[1] - range[0] + 1,
        failures.size(),
        simSeconds,
        wallSeconds,
        wallSeconds == 0 ? 0 : simSeconds / wallSeconds);
    if (failures.isEmpty()) {
      return ExitCode.OK;
    }
    SimResult first = failures.get(0);
    out.println("replay the first failure: " + replayCommand(first.seed()));
    if (failures.stream().anyMatch(SimResult::safetyFailed)) {
      return SAFETY_FAILED;
    }
    if (failures.stream().anyMatch(SimResult::livenessFailed)) {
      return LIVENESS_FAILED;
    }
    return ExitCode.CHECK_FAILED;
  }

  private void printSeed(PrintStream out, SimResult r, boolean detailed) {
    out.printf(
        Locale.ROOT,
        "seed %d: %s height %d, %d txs committed, %.0fx real time, digest %s%n",
        r.seed(),
        r.verdict(),
        r.maxHeight(),
        r.committedTransactions(),
        r.speed(),
        r.traceDigest());
    for (CheckResult c : r.checks()) {
      if (detailed || c.validity() != Validity.VALID) {
        out.printf(Locale.ROOT, "  %-8s %-16s %s%n", c.validity(), c.name(), c.details());
      }
    }
  }

  private String replayCommand(long seed) {
    return String.format(
        Locale.ROOT,
        "./ledgerlab sim --validators %d --byzantine %d --behaviour %s%s --faults %s --rate %s --duration %s --seeds %d%s",
        validators,
        byzantine,
        behaviour,
        twins ? " --twins" : "",
        faults,
        rate,
        duration,
        seed,
        canary == Canary.NONE ? "" : " --canary " + canary);
  }

  /** Durations with a unit: 250ms, 90s, 10m, 1h. */
  static long parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))).toNanos() / 1_000;
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      switch (t.charAt(t.length() - 1)) {
        case 's':
          return n * 1_000_000;
        case 'm':
          return n * 60_000_000;
        case 'h':
          return n * 3_600_000_000L;
        default:
          break;
      }
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--duration: expected a number with a unit (250ms, 90s, 10m, 1h), got '" + text + "'");
  }

  /** "42" or "1..500". */
  static long[] parseSeeds(String text) {
    try {
      int dots = text.indexOf("..");
      if (dots < 0) {
        long s = Long.parseLong(text.trim());
        return new long[] {s, s};
      }
      long from = Long.parseLong(text.substring(0, dots).trim());
      long to = Long.parseLong(text.substring(dots + 2).trim());
      if (to < from) {
        throw new IllegalArgumentException("--seeds: the range " + text + " is empty");
      }
      return new long[] {from, to};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--seeds: expected a seed (42) or a range (1..500), got '" + text + "'");
    }
  }
}
