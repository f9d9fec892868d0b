package io.ledgerlab.lab.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link RunSummary} as pretty JSON, the {@code summary.json} of a run directory. Points are {@code
 * [seconds, value]} arrays. Reading is strict: an unknown or missing key, a null where a value
 * belongs, a verdict that is not VALID, INVALID or UNKNOWN, or a point that is not a pair fails
 * with a message naming the file and what is wrong, because a report drawn from a half-read summary
 * would mislead.
 */
public final class SummaryJson {
  /** The verdicts a run or a check can have, worst last. */
  static final Set<String> VALIDITIES = Set.of("VALID", "UNKNOWN", "INVALID");

  private static final List<String> LISTS =
      List.of("checks", "throughput", "latency", "heights", "faults", "phases", "notes", "alerts");
  private static final Set<String> STATUSES =
      Set.of(RunSummary.COMPLETED, RunSummary.INTERRUPTED, RunSummary.FAILED);

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private SummaryJson() {}

  /** The summary as pretty JSON, ending with a newline. */
  public static String toJson(RunSummary summary) {
    try {
      return MAPPER.writeValueAsString(summary) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the run summary as JSON: " + e, e);
    }
  }

  /** Writes {@code summary} to {@code file}, replacing it. */
  public static void write(Path file, RunSummary summary) throws IOException {
    Files.writeString(file, toJson(summary), StandardCharsets.UTF_8);
  }

  /**
   * Reads a summary written by {@link #write}.
   *
   * @throws NoSuchFileException when there is no {@code file}
   * @throws InvalidSummaryException when the file is not a valid run summary
   */
  public static RunSummary read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return parse(text, file.toString());
  }

  /**
   * Parses a summary; {@code source} names where the text came from in error messages.
   *
   * @throws InvalidSummaryException when the text is not a valid run summary
   */
  public static RunSummary parse(String text, String source) throws InvalidSummaryException {
    RunSummary s;
    try {
      JsonNode root = MAPPER.readTree(text);
      nullLists(root, source);
      boolean old =
          root != null && root.isObject() && (!root.has("alerts") || !root.has("signatures"));
      if (old) {
        com.fasterxml.jackson.databind.node.ObjectNode o =
            (com.fasterxml.jackson.databind.node.ObjectNode) root;
        if (!o.has("alerts")) {
          // Written before runs had monitoring: no alert fired in it.
          o.putArray("alerts");
        }
        if (!o.has("signatures")) {
          // Written before a run could choose its scheme: every run signed with Ed25519.
          o.put("signatures", RunSummary.ED25519);
        }
        s = MAPPER.treeToValue(root, RunSummary.class);
      } else {
        s = MAPPER.readValue(text, RunSummary.class);
      }
    } catch (JsonProcessingException e) {
      throw new InvalidSummaryException(source, problem(e));
    }
    if (s == null) {
      throw new InvalidSummaryException(source, "it holds null, expected an object");
    }
    try {
      validate(s);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidSummaryException(source, e.getMessage());
    }
    return s;
  }

  /** The lists the record copies: a null one would fail deep in its constructor. */
  private static void nullLists(JsonNode root, String source) throws InvalidSummaryException {
    for (String list : LISTS) {
      if (root != null && root.isObject() && root.path(list).isNull()) {
        throw new InvalidSummaryException(source, list + " is null, expected a list");
      }
    }
  }

  /** Jackson's message without the source echo or its feature names, with the line and column. */
  private static String problem(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    String message = e.getOriginalMessage();
    int feature = message.indexOf("; `DeserializationFeature.");
    return (feature < 0 ? message : message.substring(0, feature)) + where;
  }

  private static void validate(RunSummary s) {
    Objects.requireNonNull(s.scenario(), "scenario is null");
    Objects.requireNonNull(s.engine(), "engine is null");
    if (!Set.of(RunSummary.ED25519, "simulated").contains(s.signatures())) {
      throw new IllegalArgumentException(
          "signatures is '" + s.signatures() + "', expected ed25519 or simulated");
    }
    validity("verdict", s.verdict());
    if (!STATUSES.contains(s.status())) {
      throw new IllegalArgumentException(
          "status is '" + s.status() + "', expected completed, interrupted or failed");
    }
    Objects.requireNonNull(s.network(), "network is null");
    Objects.requireNonNull(s.network().nodes(), "network.nodes is null");
    Objects.requireNonNull(s.traceDigest(), "traceDigest is null");
    Objects.requireNonNull(s.startedAt(), "startedAt is null");
    try {
      Instant.parse(s.startedAt());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "startedAt '"
              + s.startedAt()
              + "' is not an ISO-8601 instant such as 2026-11-24T07:10:00Z",
          e);
    }
    for (int i = 0; i < s.checks().size(); i++) {
      RunSummary.Check c = Objects.requireNonNull(s.checks().get(i), "checks[" + i + "] is null");
      Objects.requireNonNull(c.name(), "checks[" + i + "].name is null");
      validity("checks[" + i + "].validity", c.validity());
    }
    Objects.requireNonNull(s.stats(), "stats is null");
    Map<String, RunSummary.Latency> latency = s.stats().latencyMillis();
    Objects.requireNonNull(latency, "stats.latencyMillis is null");
    latency.forEach((k, v) -> Objects.requireNonNull(v, "stats.latencyMillis." + k + " is null"));
    series("throughput", s.throughput());
    series("latency", s.latency());
    series("heights", s.heights());
    for (int i = 0; i < s.faults().size(); i++) {
      RunSummary.FaultWindow f =
          Objects.requireNonNull(s.faults().get(i), "faults[" + i + "] is null");
      Objects.requireNonNull(f.fault(), "faults[" + i + "].fault is null");
    }
    for (int i = 0; i < s.alerts().size(); i++) {
      RunSummary.Alert a = Objects.requireNonNull(s.alerts().get(i), "alerts[" + i + "] is null");
      Objects.requireNonNull(a.alert(), "alerts[" + i + "].alert is null");
      Objects.requireNonNull(a.labels(), "alerts[" + i + "].labels is null");
    }
    for (int i = 0; i < s.phases().size(); i++) {
      RunSummary.Phase p = Objects.requireNonNull(s.phases().get(i), "phases[" + i + "] is null");
      Objects.requireNonNull(p.name(), "phases[" + i + "].name is null");
    }
  }

  private static void validity(String what, String value) {
    if (!VALIDITIES.contains(value)) {
      throw new IllegalArgumentException(
          what + " is '" + value + "', expected VALID, INVALID or UNKNOWN");
    }
  }

  private static void series(String what, List<RunSummary.Series> series) {
    for (int i = 0; i < series.size(); i++) {
      String at = what + "[" + i + "]";
      RunSummary.Series s = Objects.requireNonNull(series.get(i), at + " is null");
      Objects.requireNonNull(s.name(), at + ".name is null");
      Objects.requireNonNull(s.points(), at + ".points is null");
      for (int j = 0; j < s.points().size(); j++) {
        double[] p = s.points().get(j);
        if (p == null || p.length != 2) {
          throw new IllegalArgumentException(
              at + ".points[" + j + "] is not a [seconds, value] pair");
        }
      }
    }
  }

  /** A file that is not a run summary; the message names the file and the problem. */
  public static final class InvalidSummaryException extends IOException {
    private static final long serialVersionUID = 1L;

    InvalidSummaryException(String source, String problem) {
      super(source + " is not a valid run summary: " + problem);
    }
  }
}
