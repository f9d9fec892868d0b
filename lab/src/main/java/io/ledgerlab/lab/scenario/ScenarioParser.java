package io.ledgerlab.lab.scenario;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.lab.engine.Capabilities;
import io.ledgerlab.lab.engine.EngineProvider;
import io.ledgerlab.lab.engine.Engines;
import io.ledgerlab.lab.engine.FaultKind;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.SignatureScheme;
import io.ledgerlab.lab.governance.GovernanceStep;
import io.ledgerlab.lab.load.RateShape;
import io.ledgerlab.lab.load.WorkloadProvider;
import io.ledgerlab.lab.load.Workloads;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.manifest.NetworkValidation;
import io.ledgerlab.lab.manifest.Units;
import io.ledgerlab.lab.manifest.YamlSource;
import io.ledgerlab.lab.nemesis.Fault;
import io.ledgerlab.lab.nemesis.FaultProfile;
import io.ledgerlab.lab.nemesis.FaultStep;
import io.ledgerlab.lab.target.Target;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.genesis.SourceLocations;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.ledger.sandbox.SandboxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads scenario files. Unknown keys are errors; every error names the file, line, column and key,
 * and what was expected.
 */
public final class ScenarioParser {
  private static final Pattern THRESHOLD =
      Pattern.compile(
          "\\s*(p50|p90|p99|max|throughput|committed|rejected|lost)\\s*(<=|>=|<|>)\\s*(\\S.*?)\\s*");

  /** The history's bound (see Pipeline): two entries an operation. */
  public static final int HISTORY_ENTRIES_MAX = 5_000_000;

  private ScenarioParser() {}

  /**
   * Reads the scenario in {@code file}, the way the CLI does: strict UTF-8, then {@link #parse}.
   *
   * @throws ManifestException naming the file (and line, column and key where there is one) when
   *     the file cannot be read, is not UTF-8 YAML text, or is not a valid scenario
   */
  public static Scenario read(Path file) throws ManifestException {
    return parse(file.toString(), YamlSource.read(file, YamlSource.Kind.SCENARIO));
  }

  /** Parses a scenario; {@code source} names it in errors, such as a file name. */
  public static Scenario parse(String source, String text) throws ManifestException {
    return parse(source, text, null);
  }

  /**
   * Parses a scenario for {@code engine} (null: the file's own), so that what the file asks is
   * checked against the engine that will run it — not the one the command line overrides.
   */
  public static Scenario parse(String source, String text, String engine) throws ManifestException {
    SourceLocations where = YamlSource.open(source, text, YamlSource.Kind.SCENARIO);
    ScenarioFile file = ManifestParser.bind(source, text, where, ScenarioFile.class);
    if (engine != null) {
      if (!Engines.available().containsKey(engine)) {
        throw new ManifestException(
            "--engine: expected one of " + Engines.available().keySet() + ", got '" + engine + "'");
      }
      file.engine = engine;
    }
    return new Validation(where).scenario(file);
  }

  /**
   * Rejects what the engine cannot do — a fault kind, twins, launch settings — naming the line and
   * column of the key that asks for it.
   */
  public static void checkEngine(Scenario scenario, EngineProvider engine)
      throws ManifestException {
    SourceLocations where = scenario.where();
    Capabilities can = engine.capabilities();
    Target target = Targets.named(scenario.network().target());
    if (!can.launchesProcesses() && !target.name().equals(Targets.DEFAULT)) {
      throw new ManifestException(
          where.error(
              "/network/target",
              "the "
                  + engine.name()
                  + " engine runs only the reference chain, in this JVM; run the '"
                  + target.name()
                  + "' target on the process engine"));
    }
    checkOperations(scenario, target);
    Set<FaultKind> possible = EnumSet.copyOf(can.faults());
    possible.retainAll(target.faults());
    boolean direct = scenario.network().links().direct();
    if (direct) {
      if (!can.launchesProcesses() || can.runsImages()) {
        throw new ManifestException(
            where.error(
                "/network/links/via",
                "direct links apply to the process engine, which otherwise puts a lab proxy on"
                    + " every link; the "
                    + engine.name()
                    + " engine has none to leave out, so remove 'via'"));
      }
      // Nothing sits on a direct link to fault it.
      possible.removeIf(FaultKind::onLink);
    }
    List<String> kinds = possible.stream().sorted().map(FaultKind::key).toList();
    for (FaultStep step : scenario.schedule()) {
      if (!possible.contains(step.fault().kind())) {
        throw new ManifestException(
            where.error(
                step.source() + "/fault",
                "the "
                    + engine.name()
                    + " engine"
                    + (target.faults().contains(step.fault().kind())
                        ? ""
                        : " with the " + target.name() + " target")
                    + " cannot put '"
                    + step.fault().kind().key()
                    + "' into effect; it can: "
                    + kinds
                    + (direct ? " (the links are direct: /network/links/via)" : "")
                    + (step.fault().kind() == FaultKind.CRASH
                        ? " (a power loss that loses unsynced writes needs the sim engine; 'kill'"
                            + " is the process engine's crash)"
                        : "")));
      }
    }
    checkLinks(scenario, engine.name(), possible, kinds);
    List<Network.NodeSpec> nodes = scenario.network().nodes();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).twin() && !can.twins()) {
        throw new ManifestException(
            where.error(
                "/network/nodes/" + i + "/twin",
                "the " + engine.name() + " engine cannot run twins; use the sim engine"));
      }
    }
    if (!can.launchesProcesses() && where.has("/network/launch")) {
      throw new ManifestException(
          where.error(
              "/network/launch",
              "launch settings apply to engines that start node processes; the "
                  + engine.name()
                  + " engine runs every node in this JVM, so remove 'launch' or use the process"
                  + " engine"));
    }
    if (can.launchesProcesses() && !can.runsImages() && where.has("/network/launch/image")) {
      throw new ManifestException(
          where.error(
              "/network/launch/image",
              "a container image applies to the docker engine; the "
                  + engine.name()
                  + " engine runs the command on this host, so remove 'image' or run with"
                  + " --engine docker"));
    }
    checkVersions(scenario, engine.name(), can);
    if (where.has("/simulation") && !can.simulatedSignatures()) {
      throw new ManifestException(
          where.error(
              "/simulation",
              "simulation settings apply to the sim engine; the "
                  + engine.name()
                  + " engine runs real node software, which signs with Ed25519, so remove"
                  + " 'simulation' or use the sim engine"));
    }
    if (scenario.network().monitoring().enabled() && !can.launchesProcesses()) {
      throw new ManifestException(
          where.error(
              "/network/monitoring",
              "monitoring needs nodes Prometheus can scrape; the "
                  + engine.name()
                  + " engine runs every node in this JVM on virtual time, with no endpoint to"
                  + " scrape, so remove 'monitoring' or use the process or docker engine"));
    }
    if (scenario.nemesis().isPresent()
        && scenario.nemesis().get().profile().kinds(possible).isEmpty()) {
      throw new ManifestException(
          where.error(
              "/faults/nemesis/profile",
              "a profile with a fault kind the "
                  + engine.name()
                  + " engine can do: "
                  + kinds
                  + (direct ? " (the links are direct: /network/links/via)" : "")));
    }
  }

  /**
   * Rejects a version's software the engine cannot run: a classpath needs an engine that starts the
   * node as a process on this host.
   */
  private static void checkVersions(Scenario scenario, String engine, Capabilities can)
      throws ManifestException {
    for (Network.Version v : scenario.network().versions().values()) {
      if (v.classpath().isPresent() && (!can.launchesProcesses() || can.runsImages())) {
        throw new ManifestException(
            scenario
                .where()
                .error(
                    "/network/versions/" + v.name() + "/classpath",
                    "a node classpath applies to the process engine; the "
                        + engine
                        + (can.runsImages()
                            ? " engine runs the node in its image, which no version changes yet"
                            : " engine runs the lab's own node in this JVM, so a version there"
                                + " differs only in its chainCode and canary")));
      }
    }
  }

  /** Rejects links from the start ({@code network.links}) that the engine cannot make. */
  private static void checkLinks(
      Scenario scenario, String engine, Set<FaultKind> possible, List<String> kinds)
      throws ManifestException {
    Network.Links links = scenario.network().links();
    Map<String, FaultKind> asked = new java.util.LinkedHashMap<>();
    if (links.latencyMicros() > 0) {
      asked.put("latency", FaultKind.DELAY);
    }
    if (links.jitterMicros() > 0) {
      asked.put("jitter", FaultKind.DELAY);
    }
    if (links.loss() > 0) {
      asked.put("loss", FaultKind.LOSS);
    }
    if (links.bandwidthBytesPerSecond() > 0) {
      asked.put("bandwidth", FaultKind.BANDWIDTH);
    }
    for (Map.Entry<String, FaultKind> e : asked.entrySet()) {
      if (!possible.contains(e.getValue())) {
        throw new ManifestException(
            scenario
                .where()
                .error(
                    "/network/links/" + e.getKey(),
                    "the "
                        + engine
                        + " engine cannot give links '"
                        + e.getValue().key()
                        + "'; it can: "
                        + kinds));
      }
    }
  }

  /** Rejects a workload whose operations the target cannot carry out. */
  private static void checkOperations(Scenario scenario, Target target) throws ManifestException {
    if (target.operations().isEmpty() && !scenario.workload().none()) {
      throw new ManifestException(
          scenario
              .where()
              .error(
                  "/workload/kind",
                  "none: the "
                      + target.name()
                      + " target takes no transactions from the lab, got '"
                      + scenario.workload().kind()
                      + "'"));
    }
    WorkloadProvider workload = Workloads.available().get(scenario.workload().kind());
    if (workload == null) {
      return;
    }
    List<String> missing =
        workload.operations().stream()
            .filter(op -> !target.operations().contains(op))
            .map(Class::getSimpleName)
            .sorted()
            .toList();
    if (!missing.isEmpty()) {
      throw new ManifestException(
          scenario
              .where()
              .error(
                  "/workload/kind",
                  "the '"
                      + workload.kind()
                      + "' workload sends "
                      + missing
                      + " operations, which the "
                      + target.name()
                      + " target cannot carry out; it can: "
                      + target.operations().stream().map(Class::getSimpleName).sorted().toList()));
    }
  }

  private static final class Validation {
    private final NetworkValidation v;

    Validation(SourceLocations where) {
      this.v = new NetworkValidation(where, "");
    }

    Scenario scenario(ScenarioFile f) throws ManifestException {
      v.require(f.network != null, "/network", "a network (as in a manifest)");
      Network network = new NetworkValidation(whereOf(), "/network").network(f.network);
      v.require(
          !network.honest().isEmpty(),
          "/network/nodes",
          "at least one honest node: the load is sent to honest nodes, and the checks judge them");
      String name = f.name == null ? network.name() : f.name;
      v.require(
          name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}"),
          "/name",
          "1-64 letters, digits, '-', '_'");
      String engine = f.engine == null ? "process" : f.engine;
      v.require(
          Engines.available().containsKey(engine),
          "/engine",
          "one of " + Engines.available().keySet() + ", got '" + engine + "'");
      long seed = f.seed == null ? 1 : f.seed;
      SignatureScheme signatures = signatures(f.simulation);
      Scenario.WorkloadSpec workload =
          workload(f.workload == null ? new ScenarioFile.WorkloadEntry() : f.workload, seed);
      List<FaultStep> schedule = new ArrayList<>();
      Optional<Scenario.NemesisSpec> nemesis = Optional.empty();
      if (f.faults != null) {
        if (f.faults.schedule != null) {
          for (int i = 0; i < f.faults.schedule.size(); i++) {
            schedule.add(
                step(f.faults.schedule.get(i), "/faults/schedule/" + i, network, workload));
          }
        }
        if (f.faults.nemesis != null) {
          nemesis = Optional.of(nemesis(f.faults.nemesis));
        }
      }
      Scenario.ChecksSpec checks =
          checks(f.checks == null ? new ScenarioFile.ChecksEntry() : f.checks, network);
      List<GovernanceStep> governance = governance(f.governance, network, workload);
      Scenario scenario =
          new Scenario(
              name,
              engine,
              seed,
              network,
              workload,
              schedule,
              nemesis,
              checks,
              v.locations(),
              governance,
              signatures);
      checkEngine(scenario, Engines.named(engine));
      return scenario;
    }

    private SignatureScheme signatures(ScenarioFile.SimulationEntry e) throws ManifestException {
      if (e == null || e.signatures == null) {
        return SignatureScheme.ED25519;
      }
      SignatureScheme s = SignatureScheme.named(e.signatures);
      v.require(
          s != null, "/simulation/signatures", "ed25519 or simulated, got '" + e.signatures + "'");
      return s;
    }

    private SourceLocations whereOf() {
      return v.locations();
    }

    /** The governance steps; each jar is read through the node's sandbox, as a node would. */
    private List<GovernanceStep> governance(
        List<ScenarioFile.GovernanceEntry> entries, Network network, Scenario.WorkloadSpec workload)
        throws ManifestException {
      List<GovernanceStep> out = new ArrayList<>();
      if (entries == null) {
        return out;
      }
      v.require(
          !network.operators().isEmpty(),
          "/governance",
          "network.operators as well: governance is signed by operators whose keys the lab"
              + " generates into the genesis");
      for (int i = 0; i < entries.size(); i++) {
        ScenarioFile.GovernanceEntry e = entries.get(i);
        String p = "/governance/" + i;
        v.require(e != null, p, "a governance step with 'at' and 'install'");
        v.require(e.at != null, p + "/at", "when it happens, such as 10s");
        long at = v.duration(e.at, p + "/at", 0);
        v.require(
            at >= 0 && at < workload.durationMicros(),
            p + "/at",
            "a time within the load phase (0 to "
                + Units.formatMicros(workload.durationMicros())
                + ")");
        v.require(
            e.install != null,
            p + "/install",
            "what to install: chainCode, version, jar, activateAt");
        int approvals = e.approvals == null ? network.operators().threshold() : e.approvals;
        v.require(
            approvals >= 1 && approvals <= network.operators().count(),
            p + "/approvals",
            "how many operators approve, 1 to "
                + network.operators().count()
                + ", got "
                + approvals);
        out.add(install(e.install, p + "/install", at, approvals, p));
      }
      return out;
    }

    private GovernanceStep install(
        ScenarioFile.InstallEntry in, String q, long at, int approvals, String source)
        throws ManifestException {
      v.require(
          in.chainCode != null
              && io.ledgerlab.ledger.tx.Payload.NAME.matcher(in.chainCode).matches(),
          q + "/chainCode",
          "a lower-case chain-code name, got '" + in.chainCode + "'");
      v.require(
          in.version != null && in.version >= 1,
          q + "/version",
          "a version >= 1, got " + in.version);
      v.require(in.jar != null, q + "/jar", "the jar to install, relative to this file");
      Path jar = v.here().resolve(in.jar).normalize();
      v.require(
          java.nio.file.Files.isRegularFile(jar),
          q + "/jar",
          "a jar file, got '" + in.jar + "' (" + jar + ")");
      String sha;
      io.ledgerlab.chaincode.ChainCode code;
      try {
        sha = io.ledgerlab.ledger.sandbox.Sandbox.sha256Hex(jar);
        code = io.ledgerlab.ledger.sandbox.Sandbox.load(jar, sha);
      } catch (io.ledgerlab.ledger.sandbox.SandboxException x) {
        throw v.fail(q + "/jar", "a jar the chain-code sandbox accepts; " + x.getMessage());
      } catch (java.io.IOException x) {
        throw v.fail(q + "/jar", "a readable jar, got '" + in.jar + "': " + x.getMessage());
      }
      v.require(
          code.name().equals(in.chainCode) && code.version() == in.version,
          q + "/jar",
          "a jar holding "
              + in.chainCode
              + " version "
              + in.version
              + "; it holds "
              + code.name()
              + " version "
              + code.version());
      v.require(
          in.activateAt != null,
          q + "/activateAt",
          "the activation height: absolute (120) or relative to the head (+20)");
      String text = in.activateAt.trim();
      boolean relative = text.startsWith("+");
      long height;
      try {
        height = Long.parseLong(relative ? text.substring(1) : text);
      } catch (NumberFormatException x) {
        throw v.fail(
            q + "/activateAt",
            "a height such as 120, or +20 for 20 blocks after the head, got '"
                + in.activateAt
                + "'");
      }
      v.require(
          height >= 3 && height <= 1_000_000_000L,
          q + "/activateAt",
          (relative ? "+3 or more" : "a height of 3 or more")
              + ": operators need blocks to approve before it, got '"
              + in.activateAt
              + "'");
      return new GovernanceStep(
          at, in.chainCode, in.version, jar, sha, height, relative, approvals, source);
    }

    private Scenario.WorkloadSpec workload(ScenarioFile.WorkloadEntry w, long seed)
        throws ManifestException {
      String kind = w.kind == null ? "transfer" : w.kind;
      if (kind.equals(Scenario.WorkloadSpec.NONE)) {
        return none(w);
      }
      Set<String> kinds = new java.util.TreeSet<>(Workloads.available().keySet());
      kinds.add(Scenario.WorkloadSpec.NONE);
      v.require(kinds.contains(kind), "/workload/kind", "one of " + kinds + ", got '" + kind + "'");
      double rate = rate(w.rate, "/workload/rate", 100);
      long duration = v.duration(w.duration, "/workload/duration", 30_000_000);
      v.require(
          duration >= 1_000_000 && duration <= 24L * 3_600_000_000L,
          "/workload/duration",
          "between 1s and 24h");
      long warmup = v.duration(w.warmup, "/workload/warmup", 5_000_000);
      v.require(warmup >= 0 && warmup <= 600_000_000, "/workload/warmup", "between 0s and 10m");
      int clients = w.clients == null ? 8 : w.clients;
      v.require(clients >= 1 && clients <= 256, "/workload/clients", "between 1 and 256");
      int batch = w.batch == null ? 50 : w.batch;
      v.require(batch >= 1 && batch <= 100, "/workload/batch", "between 1 and 100");
      String shapeName = w.shape == null ? "constant" : w.shape;
      onlyFor(shapeName, "ramp", w.rampTo, "/workload/rampTo");
      onlyFor(shapeName, "step", w.steps, "/workload/steps");
      onlyFor(shapeName, "step", w.stepEvery, "/workload/stepEvery");
      v.require(
          w.rate == null || !(shapeName.equals("closed") || shapeName.equals("step")),
          "/workload/rate",
          "no rate with shape "
              + shapeName
              + ": "
              + (shapeName.equals("step")
                  ? "'steps' gives the rates"
                  : "closed-loop clients send as fast as their transactions commit"));
      v.require(
          w.batch == null || !shapeName.equals("closed"),
          "/workload/batch",
          "no batch with shape closed: each client has one transaction in flight");
      RateShape shape =
          switch (shapeName) {
            case "constant" -> new RateShape.Constant(rate);
            case "poisson" -> new RateShape.Poisson(rate, seed);
            case "ramp" -> {
              v.require(
                  w.rampTo != null,
                  "/workload/rampTo",
                  "the final rate of the ramp, such as 500/s");
              yield new RateShape.Ramp(
                  rate, rate(w.rampTo, "/workload/rampTo", 0), duration * 1_000);
            }
            case "step" -> {
              v.require(
                  w.steps != null && !w.steps.isEmpty(),
                  "/workload/steps",
                  "a list of rates such as [100/s, 200/s]");
              List<Double> rates = new ArrayList<>();
              for (int i = 0; i < w.steps.size(); i++) {
                v.require(w.steps.get(i) != null, "/workload/steps/" + i, "a rate such as 200/s");
                rates.add(rate(w.steps.get(i), "/workload/steps/" + i, 0));
              }
              long every = v.duration(w.stepEvery, "/workload/stepEvery", 10_000_000);
              v.require(every > 0, "/workload/stepEvery", "a positive duration");
              yield new RateShape.Step(rates, every * 1_000);
            }
            case "closed" -> null;
            default ->
                throw v.fail(
                    "/workload/shape",
                    "constant, ramp, step, poisson or closed, got '" + shapeName + "'");
          };
      if (shape != null) {
        double peak =
            shape instanceof RateShape.Step s
                ? s.perSecond().stream().mapToDouble(Double::doubleValue).max().orElse(rate)
                : shape instanceof RateShape.Ramp r
                    ? Math.max(r.fromPerSecond(), r.toPerSecond())
                    : rate;
        // Two history entries an operation: a run that would fill the history is refused here
        // rather than cut short (a check over a truncated history could pass when it should fail).
        v.require(
            peak * (duration / 1e6) * 2 <= HISTORY_ENTRIES_MAX,
            "/workload/duration",
            "at most " + HISTORY_ENTRIES_MAX / 2 + " operations a run (the history's bound)");
      }
      Map<String, String> options = w.options == null ? Map.of() : w.options;
      try {
        // Built once here so that a bad option fails before anything starts.
        Workloads.available().get(kind).create(new WorkloadProvider.Context(2, 0), options);
      } catch (IllegalArgumentException e) {
        throw v.fail("/workload/options", e.getMessage());
      }
      return new Scenario.WorkloadSpec(
          kind, shape, rate, clients, batch, duration, warmup, options);
    }

    /**
     * No load: the faults run against an idle chain for {@code duration} (a chain that takes no
     * transactions from the lab, such as a beacon chain). Every key of a load is refused.
     */
    private Scenario.WorkloadSpec none(ScenarioFile.WorkloadEntry w) throws ManifestException {
      Map<String, Object> load = new LinkedHashMap<>();
      load.put("rate", w.rate);
      load.put("shape", w.shape);
      load.put("rampTo", w.rampTo);
      load.put("steps", w.steps);
      load.put("stepEvery", w.stepEvery);
      load.put("clients", w.clients);
      load.put("batch", w.batch);
      load.put("warmup", w.warmup);
      load.put("options", w.options);
      for (Map.Entry<String, Object> e : load.entrySet()) {
        v.require(
            e.getValue() == null,
            "/workload/" + e.getKey(),
            "nothing: the 'none' workload sends no load (only duration is read)");
      }
      long duration = v.duration(w.duration, "/workload/duration", 30_000_000);
      v.require(
          duration >= 1_000_000 && duration <= 24L * 3_600_000_000L,
          "/workload/duration",
          "between 1s and 24h");
      return new Scenario.WorkloadSpec(
          Scenario.WorkloadSpec.NONE, null, 0, 1, 1, duration, 0, Map.of());
    }

    /** A key only {@code shape} reads is refused under another shape: it would be ignored. */
    private void onlyFor(String shapeName, String shape, Object value, String pointer)
        throws ManifestException {
      v.require(
          value == null || shapeName.equals(shape),
          pointer,
          "this key only with shape " + shape + " (the shape is " + shapeName + ")");
    }

    private double rate(String text, String pointer, double fallback) throws ManifestException {
      if (text == null) {
        return fallback;
      }
      double r =
          Units.ratePerSecond(text)
              .orElseThrow(() -> v.fail(pointer, "a rate such as 500/s, got '" + text + "'"));
      v.require(r > 0 && r <= 1_000_000, pointer, "a rate between 0 and 1000000/s");
      return r;
    }

    private FaultStep step(
        ScenarioFile.StepEntry e, String p, Network network, Scenario.WorkloadSpec workload)
        throws ManifestException {
      v.require(e != null, p, "a fault with 'at' and 'fault'");
      v.require(e.at != null, p + "/at", "when the fault starts, such as 10s");
      long at = v.duration(e.at, p + "/at", 0);
      v.require(
          at >= 0 && at < workload.durationMicros(),
          p + "/at",
          "a time within the load phase (0 to "
              + Units.formatMicros(workload.durationMicros())
              + ")");
      FaultKind kind =
          FaultKind.of(e.fault == null ? "" : e.fault)
              .orElseThrow(
                  () ->
                      v.fail(
                          p + "/fault",
                          "one of "
                              + Arrays.stream(FaultKind.values()).map(FaultKind::key).toList()
                              + ", got '"
                              + e.fault
                              + "'"));
      requireOnlyItsKeys(e, kind, p);
      long lasts = v.duration(e.lasts, p + "/for", 0);
      v.require(lasts >= 0, p + "/for", "a duration ≥ 0");
      v.require(
          kind != FaultKind.UPGRADE || e.lasts == null,
          p + "/for",
          "nothing: an upgrade stays; nothing undoes it (upgrade back with a later step)");
      v.require(
          kind != FaultKind.RESTART || e.lasts == null,
          p + "/for",
          "nothing: a restart is a stop and a start at once; for a node down for a while use kill"
              + " or stop with 'for'");
      Fault fault =
          switch (kind) {
            case KILL, CRASH, STOP, RESTART, PAUSE ->
                new Fault.OnNode(kind, node(e.node, p + "/node", network));
            case ISOLATE -> new Fault.Isolate(node(e.node, p + "/node", network));
            case UPGRADE -> {
              String node = node(e.node, p + "/node", network);
              v.require(
                  e.to != null && network.versions().containsKey(e.to),
                  p + "/to",
                  "the version to upgrade to, one of "
                      + network.versions().keySet()
                      + " (network.versions), got '"
                      + e.to
                      + "'");
              yield new Fault.Upgrade(node, e.to);
            }
            case CUT ->
                new Fault.Cut(
                    Set.of(node(e.from, p + "/from", network)),
                    Set.of(node(e.to, p + "/to", network)));
            case PARTITION -> new Fault.Partition(groups(e.groups, p + "/groups", network));
            case BRIDGE -> bridge(e.groups, p + "/groups", network);
            case DELAY -> {
              long latency = v.duration(e.latency, p + "/latency", 100_000);
              long jitter = v.duration(e.jitter, p + "/jitter", 0);
              v.require(latency >= 0 && latency <= 10_000_000, p + "/latency", "between 0 and 10s");
              v.require(jitter >= 0 && jitter <= 10_000_000, p + "/jitter", "between 0 and 10s");
              yield new Fault.Degrade(
                  kind,
                  nodes(e.nodes, p + "/nodes", network),
                  new LinkState(false, false, latency, jitter, 0, 0));
            }
            case LOSS -> {
              v.require(
                  e.probability != null && e.probability > 0 && e.probability <= 1,
                  p + "/probability",
                  "a probability in (0, 1]");
              yield new Fault.Degrade(
                  kind,
                  nodes(e.nodes, p + "/nodes", network),
                  new LinkState(false, false, 0, 0, e.probability, 0));
            }
            case STALL ->
                new Fault.Degrade(
                    kind,
                    nodes(e.nodes, p + "/nodes", network),
                    new LinkState(false, true, 0, 0, 0, 0));
            case BANDWIDTH -> {
              long bps =
                  Units.bytes(e.bandwidth == null ? "" : e.bandwidth)
                      .orElseThrow(
                          () ->
                              v.fail(
                                  p + "/bandwidth",
                                  "bytes per second such as 64KiB, got '" + e.bandwidth + "'"));
              v.require(bps >= 1024, p + "/bandwidth", "at least 1KiB per second");
              yield new Fault.Degrade(
                  kind,
                  nodes(e.nodes, p + "/nodes", network),
                  new LinkState(false, false, 0, 0, 0, bps));
            }
            case SKEW -> {
              String node = node(e.node, p + "/node", network);
              v.require(
                  e.offset != null && e.offset.matches("[+-]?[0-9].*"),
                  p + "/offset",
                  "a clock offset such as +2s or -500ms, got '" + e.offset + "'");
              boolean negative = e.offset.startsWith("-");
              long micros = v.duration(e.offset.replaceFirst("^[+-]", ""), p + "/offset", 0);
              yield new Fault.Skew(node, negative ? -micros : micros);
            }
          };
      return new FaultStep(at, lasts, fault, p);
    }

    /** A key the fault's kind does not read is refused: it would be silently ignored. */
    private void requireOnlyItsKeys(ScenarioFile.StepEntry e, FaultKind kind, String p)
        throws ManifestException {
      Set<String> takes =
          switch (kind) {
            case KILL, CRASH, STOP, RESTART, PAUSE, ISOLATE -> Set.of("node");
            case SKEW -> Set.of("node", "offset");
            case UPGRADE -> Set.of("node", "to");
            case CUT -> Set.of("from", "to");
            case PARTITION, BRIDGE -> Set.of("groups");
            case DELAY -> Set.of("nodes", "latency", "jitter");
            case LOSS -> Set.of("nodes", "probability");
            case STALL -> Set.of("nodes");
            case BANDWIDTH -> Set.of("nodes", "bandwidth");
          };
      Map<String, Object> given = new java.util.LinkedHashMap<>();
      given.put("node", e.node);
      given.put("from", e.from);
      given.put("to", e.to);
      given.put("groups", e.groups);
      given.put("nodes", e.nodes);
      given.put("latency", e.latency);
      given.put("jitter", e.jitter);
      given.put("probability", e.probability);
      given.put("bandwidth", e.bandwidth);
      given.put("offset", e.offset);
      for (Map.Entry<String, Object> g : given.entrySet()) {
        v.require(
            g.getValue() == null || takes.contains(g.getKey()),
            p + "/" + g.getKey(),
            "no '"
                + g.getKey()
                + (kind.key().matches("[aeiou].*") ? "' on an " : "' on a ")
                + kind.key()
                + " fault, which takes "
                + new java.util.TreeSet<>(takes)
                + " (and at, for)");
      }
    }

    private List<Set<String>> groups(List<List<String>> groups, String p, Network network)
        throws ManifestException {
      v.require(
          groups != null && groups.size() >= 2,
          p,
          "at least two groups such as [[n0, n1], [n2, n3]]");
      List<Set<String>> out = new ArrayList<>();
      Set<String> seen = new java.util.HashSet<>();
      for (int g = 0; g < groups.size(); g++) {
        v.require(
            groups.get(g) != null && !groups.get(g).isEmpty(),
            p + "/" + g,
            "a non-empty list of nodes");
        Set<String> group = new java.util.TreeSet<>();
        for (int k = 0; k < groups.get(g).size(); k++) {
          String n = node(groups.get(g).get(k), p + "/" + g + "/" + k, network);
          v.require(
              seen.add(n),
              p + "/" + g + "/" + k,
              "each node in one group only; " + n + " is in two");
          group.add(n);
        }
        out.add(group);
      }
      return out;
    }

    private Fault bridge(List<List<String>> groups, String p, Network network)
        throws ManifestException {
      List<Set<String>> sides = groups(groups, p, network);
      v.require(
          sides.size() == 2,
          p,
          "two sides such as [[n0, n1], [n3, n4]]; nodes in neither bridge them");
      Fault.Bridge bridge = new Fault.Bridge(sides.get(0), sides.get(1));
      List<String> names = network.nodes().stream().map(Network.NodeSpec::name).toList();
      v.require(
          !bridge.bridges(names).isEmpty(),
          p,
          "at least one node in neither side: it is the bridge that sees both");
      return bridge;
    }

    private String node(String name, String pointer, Network network) throws ManifestException {
      List<String> names = network.nodes().stream().map(Network.NodeSpec::name).toList();
      v.require(
          name != null && names.contains(name),
          pointer,
          "one of the network's nodes " + names + ", got '" + name + "'");
      return name;
    }

    /** The nodes named, or an empty set for every node. */
    private Set<String> nodes(List<String> list, String pointer, Network network)
        throws ManifestException {
      Set<String> out = new java.util.TreeSet<>();
      if (list != null) {
        for (int i = 0; i < list.size(); i++) {
          out.add(node(list.get(i), pointer + "/" + i, network));
        }
      }
      return out;
    }

    private Scenario.NemesisSpec nemesis(ScenarioFile.NemesisEntry n) throws ManifestException {
      String text = n.profile == null ? "all" : n.profile;
      FaultProfile profile =
          FaultProfile.of(text)
              .filter(x -> x != FaultProfile.NONE)
              .orElseThrow(
                  () ->
                      v.fail(
                          "/faults/nemesis/profile",
                          "partitions, links, crashes, clock-skew or all, got '" + text + "'"));
      long interval = v.duration(n.interval, "/faults/nemesis/interval", 10_000_000);
      v.require(interval >= 1_000_000, "/faults/nemesis/interval", "at least 1s");
      return new Scenario.NemesisSpec(profile, interval);
    }

    private Scenario.ChecksSpec checks(ScenarioFile.ChecksEntry c, Network network)
        throws ManifestException {
      long liveness = v.duration(c.liveness, "/checks/liveness", 30_000_000);
      long quiet = v.duration(c.quiet, "/checks/quiet", 5_000_000);
      v.require(liveness >= 1_000_000, "/checks/liveness", "at least 1s");
      v.require(quiet >= 0, "/checks/quiet", "a duration ≥ 0");
      List<Scenario.Threshold> thresholds = new ArrayList<>();
      if (c.thresholds != null) {
        for (int i = 0; i < c.thresholds.size(); i++) {
          thresholds.add(threshold(c.thresholds.get(i), "/checks/thresholds/" + i));
        }
      }
      Optional<Scenario.ReplaySpec> replay =
          c.replay == null ? Optional.empty() : Optional.of(replay(c.replay, network));
      return new Scenario.ChecksSpec(liveness, quiet, thresholds, replay);
    }

    /**
     * The replay check: a target that can replay, an honest node, and jars the node's own sandbox
     * accepts, each for a chain code the network runs — all checked here, with their place.
     */
    private Scenario.ReplaySpec replay(ScenarioFile.ReplayEntry r, Network network)
        throws ManifestException {
      Target target = Targets.named(network.target());
      v.require(
          target.checks().contains("replay"),
          "/checks/replay",
          "no replay: the "
              + target.name()
              + " target cannot replay its chain (it gives evidence for "
              + new TreeSet<>(target.checks())
              + ")");
      List<String> honest = network.honest().stream().map(Network.NodeSpec::name).toList();
      v.require(
          r.node == null || honest.contains(r.node),
          "/checks/replay/node",
          "one of the honest nodes " + honest + ", got '" + r.node + "'");
      v.require(
          r.with != null && !r.with.isEmpty(),
          "/checks/replay/with",
          "at least one chain-code jar, such as [path/to/v2.jar]");
      Set<String> runs = new TreeSet<>(ChainCodeRegistry.builtins().names());
      network.chainCode().forEach(j -> runs.add(j.name()));
      List<Path> jars = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (int i = 0; i < r.with.size(); i++) {
        String p = "/checks/replay/with/" + i;
        String text = r.with.get(i);
        v.require(text != null && !text.isBlank(), p, "the path of a chain-code jar");
        Path jar = v.here().resolve(text).normalize();
        v.require(Files.isRegularFile(jar), p, "a jar file, got '" + text + "' (" + jar + ")");
        ChainCode code;
        try {
          code = Sandbox.load(jar, Sandbox.sha256Hex(jar));
        } catch (SandboxException e) {
          throw v.fail(p, "a jar the chain-code sandbox accepts; " + e.getMessage());
        } catch (IOException e) {
          throw v.fail(p, "a readable jar, got '" + text + "': " + e.getMessage());
        }
        v.require(
            runs.contains(code.name()),
            p,
            "a jar of a chain code the network runs "
                + runs
                + ", got '"
                + code.name()
                + "' version "
                + code.version());
        v.require(
            names.add(code.name()),
            p,
            "one jar per chain code, got a second for '" + code.name() + "'");
        jars.add(jar);
      }
      return new Scenario.ReplaySpec(jars, r.node);
    }

    private Scenario.Threshold threshold(String text, String pointer) throws ManifestException {
      Matcher m = THRESHOLD.matcher(text == null ? "" : text);
      v.require(
          m.matches(),
          pointer,
          "'metric op value' with metric p50, p90, p99, max, throughput, committed, rejected or lost, such as 'p99 < 2s' or 'throughput > 500/s', got '"
              + text
              + "'");
      String metric = m.group(1);
      String value = m.group(3);
      double number;
      if (metric.startsWith("p") || metric.equals("max")) {
        number =
            Units.durationMicros(value)
                    .orElseThrow(
                        () -> v.fail(pointer, "a latency such as 2s or 500ms, got '" + value + "'"))
                / 1_000.0;
      } else if (metric.equals("throughput")) {
        number =
            Units.ratePerSecond(value)
                .orElseThrow(() -> v.fail(pointer, "a rate such as 500/s, got '" + value + "'"));
      } else {
        try {
          number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw v.fail(pointer, "a count, got '" + value + "'");
        }
        v.require(Double.isFinite(number), pointer, "a finite count, got '" + value + "'");
      }
      return new Scenario.Threshold(
          metric, m.group(2), number, text.trim().toLowerCase(Locale.ROOT));
    }
  }
}
