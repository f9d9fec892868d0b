package io.ledgerlab.lab.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ledgerlab.ledger.genesis.SourceLocations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

  public static Network read(Path file) throws ManifestException {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ManifestException(file + ": cannot read the manifest: " + e.getMessage(), e);
    }
    return parse(file.toString(), text);
  }

  public static Network parse(String source, String text) throws ManifestException {
    SourceLocations where = locations(source, text);
    NetworkFile file = bind(source, text, where, NetworkFile.class);
    return new NetworkValidation(where, "").network(file);
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
    } catch (JsonMappingException e) {
      String pointer = SourceLocations.pointer(e);
      String message =
          pointer.isEmpty()
              ? SourceLocations.at(source, e.getLocation()) + ": " + e.getOriginalMessage()
              : SourceLocations.at(source, e.getLocation())
                  + ": "
                  + pointer.substring(1).replace('/', '.')
                  + ": "
                  + firstLine(e.getOriginalMessage());
      throw new ManifestException(message, e);
    } catch (JsonProcessingException e) {
      throw new ManifestException(
          SourceLocations.at(source, e.getLocation()) + ": " + e.getOriginalMessage(), e);
    }
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
