package io.ledgerlab.cli;

import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.engine.SignatureScheme;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.Units;
import io.ledgerlab.lab.manifest.YamlSource;
import io.ledgerlab.lab.nemesis.FaultProfile;
import io.ledgerlab.lab.report.Reports;
import io.ledgerlab.lab.report.RunSummary;
import io.ledgerlab.lab.run.Pipeline;
import io.ledgerlab.lab.scenario.Scenario;
import io.ledgerlab.lab.scenario.ScenarioParser;
import io.ledgerlab.ledger.consensus.Behaviour;
import io.ledgerlab.ledger.consensus.Canary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerlab sim}: seed sweeps in the deterministic simulator. Each seed is one run of the
 * same pipeline as {@code ledgerlab run}, on the sim engine; the flags are written out as the
 * scenario it runs, so any seed replays with {@code ledgerlab run} too.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a network of reference-chain validators in one JVM on virtual time, under client load and"
          + " a random nemesis drawn from the seed, then heals, waits a quiet period and runs every"
          + " check of 'ledgerlab run', seed after seed.",
      "A failing seed keeps its run directory (report, logs, history); passing ones are removed"
          + " unless there is one seed. Exit status: 0 every seed passes; 4 a safety or"
          + " state-agreement failure; 5 a liveness failure; 1 another failed check; 2 bad"
          + " arguments; 3 a run failed."
    })
final class SimCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static final int SAFETY_FAILED = 4;
  static final int LIVENESS_FAILED = 5;

  @Option(
      names = "--scenario",
      description = "Sweep this scenario file on the sim engine instead of the flags below.")
  Path scenarioFile;

  @Option(
      names = "--validators",
      defaultValue = "4",
      description = "Validators (default: ${DEFAULT-VALUE}).")
  int validators;

  @Option(
      names = "--byzantine",
      defaultValue = "0",
      description = "Byzantine validators, the first ones by name (default: ${DEFAULT-VALUE}).")
  int byzantine;

  @Option(
      names = "--behaviour",
      defaultValue = "equivocate",
      converter = BehaviourName.class,
      description =
          "What Byzantine validators do: double-propose, double-vote, equivocate, lock-attack,"
              + " withhold-votes, invalid-signatures, replay, silent (default: ${DEFAULT-VALUE}).")
  Behaviour behaviour;

  @Option(
      names = "--twins",
      description = "Run the last honest validator as two instances sharing its key.")
  boolean twins;

  @Option(
      names = "--faults",
      defaultValue = "none",
      converter = ProfileName.class,
      description =
          "Random nemesis profile: none, partitions, links, crashes, clock-skew, all (default:"
              + " ${DEFAULT-VALUE}).")
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
          "Simulated load under faults, e.g. 90s, 10m (default: ${DEFAULT-VALUE}); a heal, a 30 s"
              + " liveness bound and a 30 s quiet period follow.")
  String duration;

  @Option(
      names = "--block-interval",
      defaultValue = "1s",
      description = "The pause after each commit (default: ${DEFAULT-VALUE}).")
  String blockInterval;

  @Option(
      names = "--seeds",
      defaultValue = "1",
      description = "One seed (42) or an inclusive range (1..500) (default: ${DEFAULT-VALUE}).")
  String seeds;

  @Option(
      names = "--canary",
      defaultValue = "none",
      converter = CanaryName.class,
      description =
          "Deliberately broken software on every honest validator (docs/checks.md): none,"
              + " half-quorum, ignore-lock, crash, mint, corrupt-state, skip-sync, double-sign"
              + " (default: ${DEFAULT-VALUE}).")
  Canary canary;

  @Option(
      names = "--runs",
      defaultValue = "runs",
      description = "Where failing seeds keep their run directories (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Option(
      names = "--signatures",
      defaultValue = "ed25519",
      converter = SchemeName.class,
      description =
          "How every identity of the run signs: ed25519 (real signatures) or simulated (a keyed"
              + " hash per identity, far cheaper; reports say so) (default: ${DEFAULT-VALUE}).")
  SignatureScheme signatures;

  @Option(names = "--verbose", description = "Print every seed's progress and checks.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long[] range = parseSeeds(seeds);
    boolean single = range[0] == range[1];
    String text;
    Scenario base;
    try {
      if (scenarioFile != null && !flagsAtDefaults()) {
        err.println(
            "ledgerlab sim: --scenario takes its network, load and faults from the file; leave"
                + " out --validators, --byzantine, --behaviour, --twins, --faults, --rate,"
                + " --duration, --canary and --signatures (the file's 'simulation: {signatures:"
                + " simulated}' chooses the scheme)");
        return ExitCode.USAGE;
      }
      text =
          scenarioFile != null
              ? YamlSource.read(scenarioFile, YamlSource.Kind.SCENARIO)
              : flagsScenario();
      String source = scenarioFile != null ? scenarioFile.toString() : "ledgerlab sim flags";
      base = ScenarioParser.parse(source, text, "sim");
    } catch (ManifestException e) {
      err.println("ledgerlab sim: " + e.getMessage());
      return ExitCode.USAGE;
    }
    out.printf(
        Locale.ROOT,
        "sim: %s, %d validators (%s), %s for %s, nemesis %s%s, %s, seeds %d..%d%n",
        base.name(),
        base.network().nodes().size(),
        base.network().toleranceSentence(),
        base.workload().describe(),
        Units.formatMicros(base.workload().durationMicros()),
        base.nemesis().map(n -> n.profile().key()).orElse("none"),
        base.network().nodes().stream().anyMatch(n -> n.canary() != Canary.NONE)
            ? ", CANARY: deliberately broken software on the honest validators"
            : "",
        describe(base.signatures()),
        range[0],
        range[1]);
    Path sweep = runs.resolve(RunDirs.fresh(base.name() + "-sweep").getFileName());
    Map<String, int[]> tally = new LinkedHashMap<>();
    int failed = 0;
    int exit = ExitCode.OK;
    double simSeconds = 0;
    double wallSeconds = 0;
    for (long seed = range[0]; seed <= range[1]; seed++) {
      RunLayout run = new RunLayout(sweep.resolve("seed-" + seed));
      long wall = System.nanoTime();
      RunSummary r;
      try {
        r =
            new Pipeline(
                    base.withSeed(seed),
                    run,
                    text,
                    single || verbose ? line -> out.println("  " + line) : line -> {})
                .run();
      } catch (IOException | RuntimeException e) {
        out.println("seed " + seed + ": the run failed: " + e);
        out.println("replay: " + replay(seed));
        return ExitCode.CRASH;
      }
      wallSeconds += (System.nanoTime() - wall) / 1e9;
      simSeconds += r.durationSeconds();
      Reports.write(run.root(), r);
      printSeed(out, seed, r, single || verbose, (System.nanoTime() - wall) / 1e9);
      for (RunSummary.Check c : r.checks()) {
        tally.computeIfAbsent(c.name(), k -> new int[3])[index(c.validity())]++;
      }
      if (!"VALID".equals(r.verdict()) || !RunSummary.COMPLETED.equals(r.status())) {
        failed++;
        out.println("  kept: " + run.root() + "   replay: " + replay(seed));
        exit = Math.max(exit, exitCode(r));
      } else if (!single) {
        deleteTree(run.root());
      }
    }
    try (Stream<Path> left = Files.exists(sweep) ? Files.list(sweep) : Stream.empty()) {
      if (Files.exists(sweep) && left.findAny().isEmpty()) {
        Files.delete(sweep);
      }
    }
    if (!single) {
      tally.forEach(
          (check, counts) ->
              out.printf(
                  Locale.ROOT,
                  "  %-28s valid %d, unknown %d, invalid %d%n",
                  check,
                  counts[0],
                  counts[1],
                  counts[2]));
    }
    out.printf(
        Locale.ROOT,
        "%d seed%s, %d failed; %.0f simulated s in %.1f wall s (%.0fx real time), %s%n",
        range[1] - range[0] + 1,
        range[1] == range[0] ? "" : "s",
        failed,
        simSeconds,
        wallSeconds,
        wallSeconds == 0 ? 0 : simSeconds / wallSeconds,
        describe(base.signatures()));
    return exit;
  }

  private boolean flagsAtDefaults() {
    return validators == 4
        && byzantine == 0
        && behaviour == Behaviour.EQUIVOCATE
        && !twins
        && faults == FaultProfile.NONE
        && rate == 100
        && duration.equals("60s")
        && blockInterval.equals("1s")
        && canary == Canary.NONE
        && signatures == SignatureScheme.ED25519;
  }

  /** The scheme as the console says it: a simulated one is never mistaken for real signatures. */
  static String describe(SignatureScheme scheme) {
    return scheme == SignatureScheme.SIMULATED
        ? "SIMULATED signatures (keyed hash, not real cryptography)"
        : "Ed25519 signatures";
  }

  /** The flags as a scenario: the same format every engine runs. */
  String flagsScenario() {
    if (validators < 1 || validators > 64) {
      throw new IllegalArgumentException("--validators must be in [1, 64], got " + validators);
    }
    if (byzantine < 0 || byzantine >= validators) {
      throw new IllegalArgumentException(
          "--byzantine must be in [0, validators), got " + byzantine);
    }
    if (!(rate > 0 && rate <= 100_000)) {
      throw new IllegalArgumentException("--rate must be in (0, 100000] per second, got " + rate);
    }
    if (Units.durationMicros(duration).filter(d -> d >= 1_000_000).isEmpty()) {
      throw new IllegalArgumentException(
          "--duration: expected a duration of at least 1s such as 90s or 10m, got '"
              + duration
              + "'");
    }
    StringBuilder y = new StringBuilder();
    y.append("name: sim\nengine: sim\nnetwork:\n  name: sim\n  blockInterval: ")
        .append(blockInterval)
        .append("\n  nodes:\n");
    for (int i = 0; i < validators; i++) {
      y.append("    - name: n").append(i).append('\n');
      if (i < byzantine) {
        y.append("      behaviour: ").append(kebab(behaviour)).append('\n');
      } else if (canary != Canary.NONE) {
        y.append("      canary: ").append(canary.key()).append('\n');
      }
      if (twins && i == validators - 1) {
        y.append("      twin: true\n");
      }
    }
    y.append("workload:\n  kind: transfer\n  rate: ")
        .append(String.format(Locale.ROOT, "%.3f/s", rate))
        .append("\n  duration: ")
        .append(duration)
        .append("\n  warmup: 0s\n");
    if (faults != FaultProfile.NONE) {
      y.append("faults:\n  nemesis:\n    profile: ").append(faults.key()).append('\n');
    }
    y.append("checks:\n  liveness: 30s\n  quiet: 30s\n");
    if (signatures != SignatureScheme.ED25519) {
      y.append("simulation:\n  signatures: ").append(signatures.key()).append('\n');
    }
    return y.toString();
  }

  private static int index(String validity) {
    return switch (validity) {
      case "VALID" -> 0;
      case "UNKNOWN" -> 1;
      default -> 2;
    };
  }

  private static int exitCode(RunSummary r) {
    if (RunSummary.FAILED.equals(r.status())) {
      return ExitCode.CRASH;
    }
    boolean safety = false;
    boolean liveness = false;
    for (RunSummary.Check c : r.checks()) {
      if ("INVALID".equals(c.validity())) {
        safety |= c.name().equals("safety") || c.name().equals("state-agreement");
        liveness |= c.name().equals("liveness");
      }
    }
    return safety ? SAFETY_FAILED : liveness ? LIVENESS_FAILED : ExitCode.CHECK_FAILED;
  }

  private void printSeed(PrintWriter out, long seed, RunSummary r, boolean detailed, double wall) {
    long height =
        r.heights().stream()
            .flatMap(s -> s.points().stream())
            .mapToLong(p -> (long) p[1])
            .max()
            .orElse(0);
    out.printf(
        Locale.ROOT,
        "seed %d: %s height %d, %d txs committed, %.0fx real time, %s signatures, digest %s%n",
        seed,
        r.verdict(),
        height,
        r.stats().committed(),
        wall == 0 ? 0 : r.durationSeconds() / wall,
        r.signatures(),
        r.traceDigest());
    for (RunSummary.Check c : r.checks()) {
      if (detailed || !"VALID".equals(c.validity())) {
        out.printf(Locale.ROOT, "  %-8s %-28s %s%n", c.validity(), c.name(), c.details());
      }
    }
  }

  private String replay(long seed) {
    if (scenarioFile != null) {
      return "./ledgerlab run " + scenarioFile + " --engine sim --seed " + seed;
    }
    return String.format(
        Locale.ROOT,
        "./ledgerlab sim --validators %d --byzantine %d --behaviour %s%s --faults %s --rate %s --duration %s --block-interval %s --seeds %d%s%s",
        validators,
        byzantine,
        kebab(behaviour),
        twins ? " --twins" : "",
        faults.key(),
        rate,
        duration,
        blockInterval,
        seed,
        canary == Canary.NONE ? "" : " --canary " + canary.key(),
        signatures == SignatureScheme.ED25519 ? "" : " --signatures " + signatures.key());
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String kebab(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Names as scenarios spell them (half-quorum); the constant's own spelling works too. */
  private static <E extends Enum<E>> E named(Class<E> type, String text) {
    String constant = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(constant)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "expected one of "
            + Arrays.stream(type.getEnumConstants()).map(SimCommand::kebab).toList()
            + ", got '"
            + text
            + "'");
  }

  static final class BehaviourName implements ITypeConverter<Behaviour> {
    @Override
    public Behaviour convert(String value) {
      return named(Behaviour.class, value);
    }
  }

  static final class ProfileName implements ITypeConverter<FaultProfile> {
    @Override
    public FaultProfile convert(String value) {
      return named(FaultProfile.class, value);
    }
  }

  static final class SchemeName implements ITypeConverter<SignatureScheme> {
    @Override
    public SignatureScheme convert(String value) {
      SignatureScheme s = SignatureScheme.named(value.trim());
      if (s == null) {
        throw new IllegalArgumentException("expected ed25519 or simulated, got '" + value + "'");
      }
      return s;
    }
  }

  static final class CanaryName implements ITypeConverter<Canary> {
    @Override
    public Canary convert(String value) {
      return named(Canary.class, value);
    }
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
