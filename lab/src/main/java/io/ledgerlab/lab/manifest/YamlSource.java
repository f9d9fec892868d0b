package io.ledgerlab.lab.manifest;

import io.ledgerlab.ledger.genesis.SourceLocations;
import io.ledgerlab.ledger.genesis.SourceText;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * How the lab reads its two kinds of YAML file, manifests and scenarios: strict UTF-8, then the
 * checks a YAML parser would report late or in its own words (a binary file, a control character, a
 * tab in indentation, an empty file, a scenario where a manifest belongs and the other way round).
 */
public final class YamlSource {
  /** The keys only a scenario has at its top. */
  private static final Set<String> SCENARIO_KEYS =
      Set.of("network", "workload", "faults", "checks");

  /** The keys only a manifest has at its top ({@code name} is in both). */
  private static final Set<String> MANIFEST_KEYS =
      Set.of(
          "chainId",
          "validators",
          "nodes",
          "accounts",
          "balance",
          "blockInterval",
          "links",
          "launch",
          "observers",
          "relay",
          "rescueAfter");

  /** A kind of file, with the words its messages use. */
  public enum Kind {
    MANIFEST("manifest", "a network manifest with at least a 'name' key"),
    SCENARIO("scenario", "a scenario with at least a 'network' key");

    private final String noun;
    private final String expected;

    Kind(String noun, String expected) {
      this.noun = noun;
      this.expected = expected;
    }
  }

  private YamlSource() {}

  /**
   * The text of {@code file}, decoded as strict UTF-8: a byte that is not UTF-8 or a binary file is
   * an error naming the file, line and column.
   */
  public static String read(Path file, Kind kind) throws ManifestException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ManifestException(
          file + ": cannot read the " + kind.noun + ": " + reason(file, e), e);
    }
    try {
      return SourceText.decode(file.toString(), bytes);
    } catch (SourceText.Rejected e) {
      throw new ManifestException(e.getMessage(), e);
    }
  }

  /**
   * Checks {@code text} before it is bound (characters, tabs, emptiness, the kind of file) and
   * indexes where its keys are.
   */
  public static SourceLocations open(String source, String text, Kind kind)
      throws ManifestException {
    try {
      SourceText.check(source, text);
    } catch (SourceText.Rejected e) {
      throw new ManifestException(e.getMessage(), e);
    }
    if (text.isBlank()) {
      throw new ManifestException(source + ": the file is empty; expected " + kind.expected);
    }
    if (SourceText.onlyComments(text)) {
      throw new ManifestException(
          source + ": the file is empty (only comments); expected " + kind.expected);
    }
    SourceLocations where = ManifestParser.locations(source, text);
    requireKind(source, where, kind);
    return where;
  }

  /** A scenario handed to {@code ledgerlab up}, or a manifest to {@code ledgerlab run}, says so. */
  private static void requireKind(String source, SourceLocations where, Kind kind)
      throws ManifestException {
    if (kind == Kind.MANIFEST && hasAny(where, SCENARIO_KEYS)) {
      throw new ManifestException(
          source + ": this is a scenario; run it with 'ledgerlab run " + source + "'");
    }
    if (kind == Kind.SCENARIO && !where.has("/network") && hasAny(where, MANIFEST_KEYS)) {
      throw new ManifestException(
          source
              + ": this is a network manifest, not a scenario; start it with 'ledgerlab up "
              + source
              + "', or wrap it under 'network:' in a scenario for 'ledgerlab run'");
    }
  }

  private static boolean hasAny(SourceLocations where, Set<String> keys) {
    return keys.stream().anyMatch(k -> where.has("/" + k));
  }

  private static String reason(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (Files.isDirectory(file)) {
      return "it is a directory";
    }
    return e.getMessage();
  }
}
