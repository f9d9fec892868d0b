package io.ledgerlab.hermetic.feed;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.hermetic.tuf.StrictJson;
import io.ledgerlab.hermetic.tuf.Targets;
import io.ledgerlab.lab.manifest.Units;
import io.ledgerlab.ledger.genesis.SourceLocations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One thing an operator asks the agents of a closed network to do, published as a target of the
 * feed ({@code instructions/<id>.json}). Files an instruction names (a scenario, a jar) are targets
 * of the same feed, so they are verified as the instruction is. Every key is checked: an unknown
 * one is an error with its line and column, never ignored.
 */
public sealed interface Instruction {
  /** Ids are what an agent remembers having run: short, and safe as a file name. */
  Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

  String id();

  String kind();

  /** The feed targets this instruction needs besides itself. */
  List<String> files();

  /** Where the instruction itself is published. */
  static String path(String id) {
    return "instructions/" + id + ".json";
  }

  /** Runs a scenario and uploads its summary and report. */
  record Run(String id, String scenario, Optional<String> engine, Optional<String> duration)
      implements Instruction {
    public static final String KIND = "run";

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public List<String> files() {
      return List.of(scenario);
    }
  }

  /**
   * Installs chain code through the network's governance: the jar goes into every managed node's
   * code directory, the agent's operator keys propose and approve it for {@code activation}.
   *
   * @param activation the activation height; added to the head height when {@code relative}
   */
  record UpgradeChainCode(
      String id,
      String chainCode,
      int version,
      String jar,
      long activation,
      boolean relative,
      Optional<Integer> approvals)
      implements Instruction {
    public static final String KIND = "upgrade-chaincode";

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public List<String> files() {
      return List.of(jar);
    }
  }

  /**
   * Rolls a node build out to every managed node, one at a time: the build's jars go first on the
   * node classpath (the agent's own jars supply the rest), each node is stopped, swapped to {@code
   * version} and started, and the next waits until it has caught up.
   */
  record UpgradeNode(String id, String version, List<String> jars) implements Instruction {
    public static final String KIND = "upgrade-node";

    public UpgradeNode {
      jars = List.copyOf(jars);
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public List<String> files() {
      return jars;
    }
  }

  /** Uploads the managed nodes' log lines of a time window. */
  record CollectLogs(
      String id, Optional<Instant> since, Optional<Instant> until, Optional<Long> lastMicros)
      implements Instruction {
    public static final String KIND = "collect-logs";

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public List<String> files() {
      return List.of();
    }
  }

  Set<String> KINDS = Set.of(Run.KIND, UpgradeChainCode.KIND, UpgradeNode.KIND, CollectLogs.KIND);

  /** A software version's name: as the manifest's versions are named. */
  Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}");

  /** Reads an instruction; {@code source} names the file in messages. */
  static Instruction parse(byte[] bytes, String source) throws InstructionException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    SourceLocations where = SourceLocations.index(StrictJson.MAPPER.getFactory(), source, text);
    JsonNode o;
    try (JsonParser parser = StrictJson.MAPPER.createParser(bytes)) {
      o =
          StrictJson.MAPPER
              .reader()
              .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .readTree(parser);
      // Trailing data is looked for here, not by the mapper, whose message names its classes.
      if (o != null && parser.nextToken() != null) {
        throw new InstructionException(
            SourceLocations.at(source, parser.currentTokenLocation())
                + ": not valid JSON: more after the end of the instruction's object");
      }
    } catch (JacksonException e) {
      throw new InstructionException(
          SourceLocations.at(source, e.getLocation())
              + ": not valid JSON: "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InstructionException(source + ": unreadable: " + e.getMessage());
    }
    if (o == null || !o.isObject()) {
      throw new InstructionException(source + ": expected a JSON object with 'id' and 'kind'");
    }
    return new Reader(o, where).instruction();
  }

  /** Field reading with the location of each key in its messages. */
  final class Reader {
    private final JsonNode o;
    private final SourceLocations where;

    private Reader(JsonNode o, SourceLocations where) {
      this.o = o;
      this.where = where;
    }

    Instruction instruction() throws InstructionException {
      String id = text("id");
      if (!ID.matcher(id).matches()) {
        throw error(
            "/id",
            "expected 1-64 letters, digits, _ . - (not starting with . or -), got '" + id + "'");
      }
      String kind = text("kind");
      return switch (kind) {
        case Run.KIND -> {
          only("id", "kind", "description", "scenario", "engine", "duration");
          Optional<String> engine = optionalText("engine");
          if (engine.isPresent() && !Set.of("sim", "process").contains(engine.get())) {
            throw error("/engine", "expected sim or process, got '" + engine.get() + "'");
          }
          Optional<String> duration = optionalText("duration");
          if (duration.isPresent() && Units.durationMicros(duration.get()).isEmpty()) {
            throw error(
                "/duration", "expected a duration such as 20s, got '" + duration.get() + "'");
          }
          yield new Run(id, target("scenario"), engine, duration);
        }
        case UpgradeChainCode.KIND -> {
          only(
              "id",
              "kind",
              "description",
              "chainCode",
              "version",
              "jar",
              "activation",
              "approvals");
          JsonNode a = o.get("activation");
          long activation;
          boolean relative;
          if (a != null && a.isIntegralNumber() && a.canConvertToLong() && a.longValue() > 0) {
            activation = a.longValue();
            relative = false;
          } else if (a != null && a.isTextual() && a.textValue().matches("\\+[1-9][0-9]{0,8}")) {
            activation = Long.parseLong(a.textValue().substring(1));
            relative = true;
          } else {
            throw error(
                "/activation", "expected a height (120) or a distance from the head (\"+20\")");
          }
          Optional<Integer> approvals =
              o.has("approvals") ? Optional.of((int) positive("approvals")) : Optional.empty();
          yield new UpgradeChainCode(
              id,
              text("chainCode"),
              (int) positive("version"),
              target("jar"),
              activation,
              relative,
              approvals);
        }
        case UpgradeNode.KIND -> {
          only("id", "kind", "description", "version", "jars");
          String version = text("version");
          if (!VERSION.matcher(version).matches()) {
            throw error(
                "/version",
                "expected 1-32 letters, digits, _ . - (not starting with . or -), got '"
                    + version
                    + "'");
          }
          JsonNode jars = o.get("jars");
          if (jars == null || !jars.isArray() || jars.isEmpty() || jars.size() > 64) {
            throw error("/jars", "expected a list of 1-64 feed target paths of jars");
          }
          List<String> paths = new ArrayList<>();
          for (int i = 0; i < jars.size(); i++) {
            JsonNode j = jars.get(i);
            if (!j.isTextual()
                || !Targets.PATH.matcher(j.textValue()).matches()
                || !j.textValue().endsWith(".jar")) {
              throw error(
                  "/jars/" + i, "expected a feed target path of a jar such as files/node.jar");
            }
            if (paths.contains(j.textValue())) {
              throw error("/jars/" + i, "named twice: " + j.textValue());
            }
            paths.add(j.textValue());
          }
          yield new UpgradeNode(id, version, paths);
        }
        case CollectLogs.KIND -> {
          only("id", "kind", "description", "since", "until", "last");
          Optional<Instant> since = instant("since");
          Optional<Instant> until = instant("until");
          Optional<Long> last = Optional.empty();
          if (o.has("last")) {
            if (since.isPresent()) {
              throw error("/last", "give 'last' or 'since', not both");
            }
            String s = text("last");
            last =
                Optional.of(
                    Units.durationMicros(s)
                        .filter(m -> m > 0)
                        .orElseThrow(
                            () ->
                                error(
                                    "/last", "expected a duration such as 10m, got '" + s + "'")));
          }
          if (since.isEmpty() && last.isEmpty()) {
            throw error("/kind", "collect-logs needs 'last' (such as \"10m\") or 'since'");
          }
          if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw error("/until", "must be after 'since'");
          }
          yield new CollectLogs(id, since, until, last);
        }
        default ->
            throw error(
                "/kind",
                "expected one of " + new java.util.TreeSet<>(KINDS) + ", got '" + kind + "'");
      };
    }

    private void only(String... allowed) throws InstructionException {
      List<String> ok = List.of(allowed);
      Iterator<String> names = o.fieldNames();
      List<String> unknown = new ArrayList<>();
      names.forEachRemaining(
          n -> {
            if (!ok.contains(n)) {
              unknown.add(n);
            }
          });
      if (!unknown.isEmpty()) {
        throw error(
            "/" + unknown.get(0),
            "unknown key for kind " + o.path("kind").asText() + "; expected one of " + ok);
      }
    }

    private String text(String field) throws InstructionException {
      JsonNode n = o.get(field);
      if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
        throw error("/" + field, "expected a non-empty string");
      }
      return n.textValue();
    }

    private Optional<String> optionalText(String field) throws InstructionException {
      return o.has(field) ? Optional.of(text(field)) : Optional.empty();
    }

    private long positive(String field) throws InstructionException {
      JsonNode n = o.get(field);
      if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1) {
        throw error("/" + field, "expected a positive integer");
      }
      return n.intValue();
    }

    private String target(String field) throws InstructionException {
      String s = text(field);
      if (!Targets.PATH.matcher(s).matches()) {
        throw error(
            "/" + field,
            "expected a feed target path such as files/quickstart.yaml, got '" + s + "'");
      }
      return s;
    }

    private Optional<Instant> instant(String field) throws InstructionException {
      if (!o.has(field)) {
        return Optional.empty();
      }
      String s = text(field);
      try {
        return Optional.of(Instant.parse(s));
      } catch (DateTimeParseException e) {
        throw error(
            "/" + field, "expected a UTC time such as 2026-11-29T10:00:00Z, got '" + s + "'");
      }
    }

    private InstructionException error(String pointer, String problem) {
      return new InstructionException(where.error(pointer, problem));
    }
  }
}
