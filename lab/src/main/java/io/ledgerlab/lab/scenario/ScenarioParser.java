package io.ledgerlab.lab.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlab.lab.load.RateShape;
import io.ledgerlab.lab.load.WorkloadProvider;
import io.ledgerlab.lab.load.Workloads;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.manifest.NetworkValidation;
import io.ledgerlab.lab.manifest.Units;
import io.ledgerlab.lab.manifest.YamlSource;
import io.ledgerlab.lab.nemesis.FaultProfile;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.genesis.SourceLocations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads scenario files. Unknown keys are errors; every error names the file, line, column and key,
 * and what was expected.
 */
public final class ScenarioParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern THRESHOLD =
      Pattern.compile(
          "\\s*(p50|p90|p99|max|throughput|committed|rejected)\\s*(<=|>=|<|>)\\s*(\\S.*?)\\s*");
  private static final Set<String> FAULTS =
      Set.of(
          "kill",
          "stop",
          "restart",
          "pause",
          "partition",
          "isolate",
          "cut",
          "delay",
          "loss",
          "stall",
          "bandwidth",
          "skew");

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
    SourceLocations where = YamlSource.open(source, text, YamlSource.Kind.SCENARIO);
    ScenarioFile file = ManifestParser.bind(source, text, where, ScenarioFile.class);
    return new Validation(where).scenario(file);
  }

  private static final class Validation {
    private final NetworkValidation v;

    Validation(SourceLocations where) {
      this.v = new NetworkValidation(where, "");
    }

    Scenario scenario(ScenarioFile f) throws ManifestException {
      v.require(f.network != null, "/network", "a network (as in a manifest)");
      Network network = new NetworkValidation(whereOf(), "/network").network(f.network);
      String name = f.name == null ? network.name() : f.name;
      v.require(
          name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}"),
          "/name",
          "1-64 letters, digits, '-', '_'");
      Scenario.Engine engine = engine(f.engine);
      long seed = f.seed == null ? 1 : f.seed;
      Scenario.WorkloadSpec workload =
          workload(f.workload == null ? new ScenarioFile.WorkloadEntry() : f.workload);
      List<Scenario.FaultStep> schedule = new ArrayList<>();
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
          checks(f.checks == null ? new ScenarioFile.ChecksEntry() : f.checks);
      return new Scenario(name, engine, seed, network, workload, schedule, nemesis, checks);
    }

    private SourceLocations whereOf() {
      return v.locations();
    }

    private Scenario.Engine engine(String text) throws ManifestException {
      if (text == null) {
        return Scenario.Engine.PROCESS;
      }
      return switch (text) {
        case "process" -> Scenario.Engine.PROCESS;
        case "sim" -> Scenario.Engine.SIM;
        default -> throw v.fail("/engine", "process or sim, got '" + text + "'");
      };
    }

    private Scenario.WorkloadSpec workload(ScenarioFile.WorkloadEntry w) throws ManifestException {
      String kind = w.kind == null ? "transfer" : w.kind;
      Set<String> kinds = Workloads.available().keySet();
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
      RateShape shape =
          switch (shapeName) {
            case "constant" -> new RateShape.Constant(rate);
            case "poisson" -> new RateShape.Poisson(rate, 0);
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
      Map<String, String> options = w.options == null ? Map.of() : w.options;
      try {
        // Built once here so that a bad option fails before anything starts.
        Address any = Address.of(new byte[Address.LENGTH]);
        Workloads.available()
            .get(kind)
            .create(new WorkloadProvider.Context(List.of(any, any), 0), options);
      } catch (IllegalArgumentException e) {
        throw v.fail("/workload/options", e.getMessage());
      }
      return new Scenario.WorkloadSpec(
          kind, shape, rate, clients, batch, duration, warmup, options);
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

    private Scenario.FaultStep step(
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
      v.require(
          e.fault != null && FAULTS.contains(e.fault),
          p + "/fault",
          "one of " + new java.util.TreeSet<>(FAULTS) + ", got '" + e.fault + "'");
      long lasts = v.duration(e.lasts, p + "/for", 0);
      v.require(lasts >= 0, p + "/for", "a duration ≥ 0");
      ObjectNode request = JSON.createObjectNode().put("action", e.fault);
      ObjectNode undo = JSON.createObjectNode().put("action", "heal");
      String label = e.fault;
      switch (e.fault) {
        case "kill", "stop", "restart", "pause", "isolate" -> {
          String node = node(e.node, p + "/node", network);
          request.put("node", node);
          label += " " + node;
          if (!e.fault.equals("isolate")) {
            undo =
                JSON.createObjectNode()
                    .put("action", e.fault.equals("pause") ? "resume" : "start")
                    .put("node", node);
          }
        }
        case "cut" -> {
          request
              .put("from", node(e.from, p + "/from", network))
              .put("to", node(e.to, p + "/to", network));
          label += " " + e.from + "→" + e.to;
        }
        case "partition" -> {
          v.require(
              e.groups != null && e.groups.size() >= 2,
              p + "/groups",
              "at least two groups such as [[n0, n1], [n2, n3]]");
          ArrayNode groups = request.putArray("groups");
          List<String> names = new ArrayList<>();
          for (int g = 0; g < e.groups.size(); g++) {
            v.require(
                e.groups.get(g) != null && !e.groups.get(g).isEmpty(),
                p + "/groups/" + g,
                "a non-empty list of nodes");
            ArrayNode group = groups.addArray();
            for (int k = 0; k < e.groups.get(g).size(); k++) {
              group.add(node(e.groups.get(g).get(k), p + "/groups/" + g + "/" + k, network));
            }
            names.add(String.join(",", e.groups.get(g)));
          }
          label += " " + String.join("|", names);
        }
        case "delay" -> {
          nodes(e.nodes, p + "/nodes", network, request);
          long latency = v.duration(e.latency, p + "/latency", 100_000);
          long jitter = v.duration(e.jitter, p + "/jitter", 0);
          v.require(latency >= 0 && latency <= 10_000_000, p + "/latency", "between 0 and 10s");
          v.require(jitter >= 0 && jitter <= 10_000_000, p + "/jitter", "between 0 and 10s");
          request.put("latencyMicros", latency);
          request.put("jitterMicros", jitter);
          label += " " + Units.formatMicros(request.get("latencyMicros").asLong());
        }
        case "loss" -> {
          nodes(e.nodes, p + "/nodes", network, request);
          v.require(
              e.probability != null && e.probability > 0 && e.probability <= 1,
              p + "/probability",
              "a probability in (0, 1]");
          request.put("probability", e.probability);
          label += " " + e.probability;
        }
        case "stall" -> nodes(e.nodes, p + "/nodes", network, request);
        case "bandwidth" -> {
          nodes(e.nodes, p + "/nodes", network, request);
          long bps =
              Units.bytes(e.bandwidth == null ? "" : e.bandwidth)
                  .orElseThrow(
                      () ->
                          v.fail(
                              p + "/bandwidth",
                              "bytes per second such as 64KiB, got '" + e.bandwidth + "'"));
          v.require(bps >= 1024, p + "/bandwidth", "at least 1KiB per second");
          request.put("bytesPerSecond", bps);
          label += " " + e.bandwidth + "/s";
        }
        case "skew" -> {
          String node = node(e.node, p + "/node", network);
          v.require(
              e.offset != null && e.offset.matches("[+-]?[0-9].*"),
              p + "/offset",
              "a clock offset such as +2s or -500ms, got '" + e.offset + "'");
          String text = e.offset;
          boolean negative = text.startsWith("-");
          long micros = v.duration(text.replaceFirst("^[+-]", ""), p + "/offset", 0);
          request.put("node", node).put("offsetMicros", negative ? -micros : micros);
          undo =
              JSON.createObjectNode()
                  .put("action", "skew")
                  .put("node", node)
                  .put("offsetMicros", 0);
          label += " " + node + " " + text;
        }
        default -> throw new IllegalStateException(e.fault);
      }
      return new Scenario.FaultStep(at, lasts, request, undo, label);
    }

    private String node(String name, String pointer, Network network) throws ManifestException {
      List<String> names = network.nodes().stream().map(Network.NodeSpec::name).toList();
      v.require(
          name != null && names.contains(name),
          pointer,
          "one of the network's nodes " + names + ", got '" + name + "'");
      return name;
    }

    private void nodes(List<String> list, String pointer, Network network, ObjectNode request)
        throws ManifestException {
      ArrayNode out = request.putArray("nodes");
      if (list != null) {
        for (int i = 0; i < list.size(); i++) {
          out.add(node(list.get(i), pointer + "/" + i, network));
        }
      }
    }

    private Scenario.NemesisSpec nemesis(ScenarioFile.NemesisEntry n) throws ManifestException {
      String text = n.profile == null ? "all" : n.profile;
      FaultProfile profile =
          switch (text) {
            case "partitions" -> FaultProfile.PARTITIONS;
            case "crashes" -> FaultProfile.CRASHES;
            case "clock-skew" -> FaultProfile.CLOCK_SKEW;
            case "all" -> FaultProfile.ALL;
            default ->
                throw v.fail(
                    "/faults/nemesis/profile",
                    "partitions, crashes, clock-skew or all, got '" + text + "'");
          };
      long interval = v.duration(n.interval, "/faults/nemesis/interval", 10_000_000);
      v.require(interval >= 1_000_000, "/faults/nemesis/interval", "at least 1s");
      return new Scenario.NemesisSpec(profile, interval);
    }

    private Scenario.ChecksSpec checks(ScenarioFile.ChecksEntry c) throws ManifestException {
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
      return new Scenario.ChecksSpec(liveness, quiet, thresholds);
    }

    private Scenario.Threshold threshold(String text, String pointer) throws ManifestException {
      Matcher m = THRESHOLD.matcher(text == null ? "" : text);
      v.require(
          m.matches(),
          pointer,
          "'metric op value' with metric p50, p90, p99, max, throughput, committed or rejected, such as 'p99 < 2s' or 'throughput > 500/s', got '"
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
