package io.ledgerlab.junit.campaign;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A shrunk failing sequence as saved under the project: the campaign, its network seed, what
 * failed, and the steps. Replayed before anything else on the next run, so a fix is proven against
 * the exact case that broke.
 */
public record Counterexample(
    String campaign, long seed, String failed, String message, List<Step> steps) {
  public Counterexample {
    steps = List.copyOf(steps);
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The file a campaign's counterexample lives in, under {@code dir}. */
  public static Path file(Path dir, String campaign) {
    return dir.resolve(campaign + ".json");
  }

  void save(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Stored s = new Stored();
    s.campaign = campaign;
    s.seed = seed;
    s.failed = failed;
    s.message = message;
    s.steps = new ArrayList<>();
    for (Step step : steps) {
      StoredStep st = new StoredStep();
      st.handler = step.handler();
      st.seed = Long.toUnsignedString(step.seed(), 16);
      s.steps.add(st);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), s);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The counterexample in {@code file}, or empty when there is none.
   *
   * @throws IOException naming the file when it exists but is not a counterexample
   */
  public static Optional<Counterexample> load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Stored s;
    try {
      s = JSON.readValue(file.toFile(), Stored.class);
    } catch (IOException e) {
      throw new IOException(file + ": not a saved counterexample: " + e.getMessage(), e);
    }
    if (s.campaign == null || s.steps == null) {
      throw new IOException(file + ": a counterexample needs campaign and steps");
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < s.steps.size(); i++) {
      StoredStep st = s.steps.get(i);
      if (st == null || st.handler == null || st.seed == null) {
        throw new IOException(file + ": steps[" + i + "] needs handler and seed");
      }
      try {
        steps.add(new Step(st.handler, Long.parseUnsignedLong(st.seed, 16)));
      } catch (NumberFormatException e) {
        throw new IOException(file + ": steps[" + i + "].seed is not hex: '" + st.seed + "'");
      }
    }
    return Optional.of(new Counterexample(s.campaign, s.seed, s.failed, s.message, steps));
  }

  /** The file's shape; seeds as unsigned hex so they read as they print. */
  static final class Stored {
    @JsonProperty public String campaign;
    @JsonProperty public long seed;
    @JsonProperty public String failed;
    @JsonProperty public String message;
    @JsonProperty public List<StoredStep> steps;
  }

  static final class StoredStep {
    @JsonProperty public String handler;
    @JsonProperty public String seed;
  }
}
