package io.ledgerlab.junit.campaign;

import io.ledgerlab.junit.Network;
import io.ledgerlab.runtime.entropy.SeededEntropy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * An invariant campaign: handlers make weighted operations from a seeded random source and ghost
 * state, invariants are checked every few blocks and at the end, on a real network of validators —
 * the simulator by default, with the campaign's own faults mixed in when asked.
 *
 * <p>Each run draws a sequence of steps from the campaign seed: for each, a handler by weight and a
 * seed for that step's own random source. A failing run is shrunk (delta debugging, then one step
 * at a time) to a sequence that still fails the same way, saved as JSON under {@link
 * Builder#counterexamples}, and replayed before anything else on the next run. The failure's
 * message shows the shrunk sequence step by step and how to replay it.
 *
 * <pre>{@code
 * Campaign.<Ghost>named("auction")
 *     .on(Network.sim().validators(4).chainCode(Auction.class))
 *     .ghost(Ghost::new)
 *     .handler("bid", 3, (random, ghost, accounts) -> ...)
 *     .invariant("escrow holds every open bid", (view, ghost) -> ...)
 *     .run();
 * }</pre>
 *
 * @param <G> the ghost state: what the test believes the chain should hold
 */
public final class Campaign<G> {
  /** The system property that overrides the campaign seed, as a failure's replay line sets it. */
  public static final String SEED_PROPERTY = "ledgerlab.campaign.seed";

  private final Builder<G> spec;
  private final PrintStream progress;

  private Campaign(Builder<G> spec) {
    this.spec = spec;
    this.progress = System.out;
  }

  public static <G> Builder<G> named(String name) {
    return new Builder<>(name);
  }

  /** A handler and its weight among the others. */
  record Weighted<G>(int weight, Handler<G> handler) {}

  /** What a campaign runs; {@link #run()} runs it. */
  public static final class Builder<G> {
    private final String name;
    private Network.Builder network = Network.sim().validators(4);
    private Supplier<G> ghost = () -> null;
    private final Map<String, Weighted<G>> handlers = new LinkedHashMap<>();
    private final Map<String, Invariant<G>> invariants = new LinkedHashMap<>();
    private int accounts = 4;
    private int operations = 30;
    private int runs = 2;
    private long seed = 1;
    private int checkEveryBlocks = 5;
    private int faultWeight;
    private int shrinkRunsMax = 150;
    private boolean determinism;
    private Path counterexamples = Path.of("counterexamples");

    private Builder(String name) {
      if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw new IllegalArgumentException(
            "a campaign name is 1-64 letters, digits, '_', '.', '-' (it names a file), got '"
                + name
                + "'");
      }
      this.name = name;
    }

    /** The network each run starts afresh; the simulator with 4 validators by default. */
    public Builder<G> on(Network.Builder network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    public Builder<G> ghost(Supplier<G> ghost) {
      this.ghost = Objects.requireNonNull(ghost, "ghost");
      return this;
    }

    public Builder<G> handler(String name, int weight, Handler<G> handler) {
      if (weight < 1 || name.equals(FaultState.HANDLER) || handlers.containsKey(name)) {
        throw new IllegalArgumentException(
            "a handler needs a positive weight and a new name other than 'fault', got '"
                + name
                + "' weight "
                + weight);
      }
      handlers.put(name, new Weighted<>(weight, Objects.requireNonNull(handler, "handler")));
      return this;
    }

    public Builder<G> invariant(String name, Invariant<G> invariant) {
      if (invariants.putIfAbsent(name, Objects.requireNonNull(invariant, "invariant")) != null) {
        throw new IllegalArgumentException("a second invariant named '" + name + "'");
      }
      return this;
    }

    /** Funded accounts the handlers sign with. Default 4. */
    public Builder<G> accounts(int n) {
      this.accounts = n;
      return this;
    }

    /** Steps per run. Default 30. */
    public Builder<G> operations(int n) {
      require(n >= 1 && n <= 10_000, "operations between 1 and 10000, got " + n);
      this.operations = n;
      return this;
    }

    /** Runs, each a fresh network and a fresh sequence. Default 2. */
    public Builder<G> runs(int n) {
      require(n >= 1 && n <= 1_000, "runs between 1 and 1000, got " + n);
      this.runs = n;
      return this;
    }

    public Builder<G> seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How often invariants are checked, in blocks. Default 5. */
    public Builder<G> checkEvery(int blocks) {
      require(blocks >= 1, "checkEvery at least 1 block, got " + blocks);
      this.checkEveryBlocks = blocks;
      return this;
    }

    /** Mixes the campaign's faults (kill, isolate, heal) in with this weight. Default 0: none. */
    public Builder<G> faults(int weight) {
      require(weight >= 0, "a fault weight of at least 0, got " + weight);
      this.faultWeight = weight;
      return this;
    }

    /** The most runs shrinking may take. Default 150. */
    public Builder<G> shrinkRuns(int n) {
      require(n >= 0, "shrinkRuns at least 0, got " + n);
      this.shrinkRunsMax = n;
      return this;
    }

    /** Runs each sequence twice on the same seed and fails unless every state root is equal. */
    public Builder<G> determinism() {
      this.determinism = true;
      return this;
    }

    /** Where counterexamples are saved and replayed from. Default {@code counterexamples/}. */
    public Builder<G> counterexamples(Path dir) {
      this.counterexamples = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Runs the campaign; throws {@link CampaignFailure} with the shrunk sequence on a failure. */
    public Report run() {
      require(!handlers.isEmpty(), "at least one handler");
      return new Campaign<>(this).execute();
    }

    private static void require(boolean ok, String expected) {
      if (!ok) {
        throw new IllegalArgumentException("expected " + expected);
      }
    }
  }

  /**
   * What a passing campaign did.
   *
   * @param replayed whether a saved counterexample was replayed first (and now passes)
   */
  public record Report(int runs, int steps, int calls, double seconds, boolean replayed) {
    public double stepsPerSecond() {
      return seconds == 0 ? 0 : steps / seconds;
    }
  }

  private Report execute() {
    long started = System.nanoTime();
    long seed = Long.getLong(SEED_PROPERTY, spec.seed);
    spec.network.accounts(Math.max(spec.accounts, 2));
    Runner<G> runner = runner();
    Path file = Counterexample.file(spec.counterexamples, spec.name);
    boolean replayed = replaySaved(runner, file);
    int steps = 0;
    for (int r = 0; r < spec.runs; r++) {
      List<Step> sequence = sequence(runSeed(seed, r));
      Runner.Result result = runner.run(sequence);
      steps += sequence.size();
      progress.printf(
          "campaign %s: run %d/%d, %d steps, %s%n",
          spec.name,
          r + 1,
          spec.runs,
          sequence.size(),
          result.passed() ? "passed" : "FAILED: " + result.failed());
      if (!result.passed()) {
        throw shrinkAndSave(runner, sequence, result, seed, file);
      }
      if (spec.determinism) {
        checkDeterminism(runner, sequence, result, seed);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Report report = new Report(spec.runs, steps, runner.callsMade(), seconds, replayed);
    progress.printf(
        "campaign %s: %d runs, %d steps, %d calls in %.1f s (%.1f steps/s)%n",
        spec.name, report.runs(), report.steps(), report.calls(), seconds, report.stepsPerSecond());
    return report;
  }

  private Runner<G> runner() {
    return new Runner<>(
        spec.network,
        spec.accounts,
        spec.ghost,
        spec.handlers,
        spec.invariants,
        spec.checkEveryBlocks);
  }

  /** Replays the saved counterexample, if any: still failing ends the campaign at once. */
  private boolean replaySaved(Runner<G> runner, Path file) {
    Optional<Counterexample> saved;
    try {
      saved = Counterexample.load(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (saved.isEmpty()) {
      return false;
    }
    Counterexample c = saved.get();
    progress.printf(
        "campaign %s: replaying %s (%d steps) first%n", spec.name, file, c.steps().size());
    Runner.Result result = runner.run(c.steps());
    if (!result.passed()) {
      throw new CampaignFailure(
          "the saved counterexample "
              + file
              + " still fails: "
              + result.failed()
              + ": "
              + result.message()
              + "\n"
              + describe(c.steps(), result)
              + "Delete the file once the fix is in and it passes for good.",
          c,
          result.cause());
    }
    progress.printf("campaign %s: the saved counterexample now passes%n", spec.name);
    return true;
  }

  /**
   * The seed of run {@code r}: a fork of the campaign seed of its own, so runs draw unrelated
   * sequences (not seeds one apart, as {@code base + r} would give) and a run's sequence does not
   * depend on how many ran before it.
   */
  static long runSeed(long campaignSeed, int r) {
    return SeededEntropy.of(campaignSeed).fork("run-" + r).nextLong();
  }

  /** The steps of one run: each a handler chosen by weight and a seed of its own. */
  private List<Step> sequence(long runSeed) {
    Random choose = new Random(runSeed);
    List<String> names = new ArrayList<>();
    List<Integer> weights = new ArrayList<>();
    spec.handlers.forEach(
        (n, w) -> {
          names.add(n);
          weights.add(w.weight());
        });
    if (spec.faultWeight > 0) {
      names.add(FaultState.HANDLER);
      weights.add(spec.faultWeight);
    }
    int total = weights.stream().mapToInt(Integer::intValue).sum();
    List<Step> out = new ArrayList<>();
    for (int i = 0; i < spec.operations; i++) {
      // The step's seed is drawn first, so a new handler changes which handler runs, not what
      // every later step draws.
      long stepSeed = choose.nextLong();
      int pick = choose.nextInt(total);
      int k = 0;
      while (pick >= weights.get(k)) {
        pick -= weights.get(k++);
      }
      out.add(new Step(names.get(k), stepSeed));
    }
    return out;
  }

  private CampaignFailure shrinkAndSave(
      Runner<G> runner, List<Step> sequence, Runner.Result first, long seed, Path file) {
    String what = first.failed();
    List<Step> failing =
        first.failedAt() >= 0 ? List.copyOf(sequence.subList(0, first.failedAt() + 1)) : sequence;
    Shrinker shrinker =
        new Shrinker(
            candidate -> {
              Runner.Result r = runner.run(candidate);
              return !r.passed() && r.failed().equals(what);
            },
            spec.shrinkRunsMax);
    List<Step> shrunk = shrinker.shrink(failing);
    Runner.Result result = runner.run(shrunk);
    if (result.passed()) {
      // Shrinking is done on re-runs; should the last one pass, the unshrunk sequence is the case.
      shrunk = failing;
      result = first;
    }
    progress.printf(
        "campaign %s: shrunk %d steps to %d in %d runs%n",
        spec.name, sequence.size(), shrunk.size(), shrinker.runs());
    Counterexample c =
        new Counterexample(spec.name, seed, result.failed(), result.message(), shrunk);
    try {
      c.save(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the counterexample to " + file, e);
    }
    return new CampaignFailure(
        "campaign "
            + spec.name
            + " failed "
            + result.failed()
            + ": "
            + result.message()
            + "\nShrunk from "
            + sequence.size()
            + " to "
            + shrunk.size()
            + " steps:\n"
            + describe(shrunk, result)
            + "Saved to "
            + file.toAbsolutePath()
            + "; the next run replays it first. Campaign seed "
            + seed
            + " (-D"
            + SEED_PROPERTY
            + "="
            + seed
            + ").",
        c,
        result.cause());
  }

  private static String describe(List<Step> steps, Runner.Result result) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < result.trace().size(); i++) {
      out.append("  ").append(i + 1).append(". ").append(result.trace().get(i)).append('\n');
    }
    if (result.trace().size() < steps.size()) {
      out.append("  (")
          .append(steps.size() - result.trace().size())
          .append(" steps not reached)\n");
    }
    return out.toString();
  }

  private void checkDeterminism(
      Runner<G> runner, List<Step> sequence, Runner.Result first, long seed) {
    Runner.Result again = runner.run(sequence);
    if (first.roots().isEmpty() && again.roots().isEmpty()) {
      throw new CampaignFailure(
          "campaign " + spec.name + ": no block to compare state roots on", null, null);
    }
    String difference = difference(first.roots(), again.roots());
    if (difference != null) {
      throw new CampaignFailure(
          "campaign "
              + spec.name
              + " is not deterministic: the same seed "
              + seed
              + " and steps gave "
              + difference,
          new Counterexample(spec.name, seed, "determinism", "state roots differ", sequence),
          null);
    }
  }

  /**
   * How two runs' state roots (one {@code height:root} per block) differ, or null when they are the
   * same list: the first block whose roots differ, else the blocks only one run has.
   */
  static String difference(List<String> first, List<String> again) {
    int common = Math.min(first.size(), again.size());
    for (int i = 0; i < common; i++) {
      if (!first.get(i).equals(again.get(i))) {
        return "state roots " + first.get(i) + " and " + again.get(i);
      }
    }
    if (first.size() != again.size()) {
      List<String> longer = first.size() > again.size() ? first : again;
      return first.size()
          + " and "
          + again.size()
          + " blocks (the longer chain goes on with "
          + longer.get(common)
          + ")";
    }
    return null;
  }
}
