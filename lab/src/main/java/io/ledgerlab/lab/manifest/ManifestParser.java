package io.ledgerlab.lab.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ledgerlab.ledger.genesis.SourceLocations;
import io.ledgerlab.ledger.genesis.YamlErrors;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads network manifests. Binding errors (unknown keys, wrong types) and semantic errors (a bad
 * duration, a duplicate name) both name the file, line, column and key, and what was expected.
 */
public final class ManifestParser {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final ObjectMapper MAPPER =
      new ObjectMapper(YAML)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private ManifestParser() {}

  /**
   * Reads the manifest in {@code file}, the way the CLI does: strict UTF-8, then {@link #parse}.
   *
   * @throws ManifestException naming the file (and line, column and key where there is one) when
   *     the file cannot be read, is not UTF-8 YAML text, or is not a valid manifest
   */
  public static Network read(Path file) throws ManifestException {
    return parse(file.toString(), YamlSource.read(file, YamlSource.Kind.MANIFEST));
  }

  /** Parses a manifest; {@code source} names it in errors, such as a file name. */
  public static Network parse(String source, String text) throws ManifestException {
    SourceLocations where = YamlSource.open(source, text, YamlSource.Kind.MANIFEST);
    NetworkFile file = bind(source, text, where, NetworkFile.class);
    return new NetworkValidation(where, "").network(file);
  }

  /**
   * Refuses a manifest that asks for {@code monitoring} where nothing would run its Prometheus: the
   * lab runs one for the length of a run only. {@code where} says what refuses it, such as "an
   * exported compose file"; the message points at the key and at docs/monitoring.md.
   *
   * @throws ManifestException with file:line:col of {@code monitoring}, when it is enabled
   */
  public static void refuseMonitoring(String source, String text, Network network, String where)
      throws ManifestException {
    if (network.monitoring().enabled()) {
      throw new ManifestException(
          locations(source, text)
              .error(
                  "/monitoring",
                  "no monitoring in "
                      + where
                      + ": the lab runs Prometheus only for the length of a run ('ledgerlab run'"
                      + " of a scenario with this network); point your own Prometheus at each"
                      + " node's /metrics (docs/monitoring.md)"));
    }
  }

  /** Where each key of {@code text} is, for error messages. */
  public static SourceLocations locations(String source, String text) throws ManifestException {
    try {
      return SourceLocations.index(YAML, source, text);
    } catch (RuntimeException e) {
      throw new ManifestException(source + ": not YAML: " + e.getMessage(), e);
    }
  }

  /** Binds {@code text} to {@code type}, turning Jackson's errors into located messages. */
  public static <T> T bind(String source, String text, SourceLocations where, Class<T> type)
      throws ManifestException {
    try {
      T value = MAPPER.readValue(text, type);
      if (value == null) {
        throw new ManifestException(source + ": the document is empty");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw new ManifestException(
          where.error(
              SourceLocations.pointer(e),
              "unknown key '"
                  + e.getPropertyName()
                  + "'; expected one of "
                  + e.getKnownPropertyIds()),
          e);
    } catch (JsonProcessingException e) {
      throw new ManifestException(message(source, text, e), e);
    }
  }

  /**
   * {@code source:line:column: key.path: problem} in plain words: a syntax error where the parser
   * stopped, a wrong value where the value is.
   */
  private static String message(String source, String text, JsonProcessingException e) {
    Optional<String> syntax = YamlErrors.syntax(source, text, e);
    if (syntax.isPresent()) {
      return syntax.get();
    }
    JsonMappingException m = (JsonMappingException) e;
    String pointer = SourceLocations.pointer(m);
    String problem = YamlErrors.problem(m, text, MAPPER);
    String at = SourceLocations.at(source, e.getLocation());
    return pointer.isEmpty()
        ? at + ": " + problem
        : at + ": " + pointer.substring(1).replace('/', '.') + ": " + problem;
  }
}
