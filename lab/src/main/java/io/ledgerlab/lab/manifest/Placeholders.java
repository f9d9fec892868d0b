package io.ledgerlab.lab.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {name}} placeholders of a launch command. The command is split on spaces first and
 * each placeholder filled in inside its argument, so a value with spaces (a mnemonic) stays one
 * argument.
 */
public final class Placeholders {
  /** What every engine that starts processes fills in, whatever the target. */
  public static final Set<String> ENGINE =
      Set.of(
          "name",
          "index",
          "address",
          "dir",
          "dataDir",
          "rpcPort",
          "p2pPort",
          "here",
          "java",
          "classpath",
          "jvmOptions");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)\\}");

  private Placeholders() {}

  /** The placeholder names in {@code command}, in order, repeats included. */
  public static List<String> in(String command) {
    List<String> out = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(command);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /**
   * {@code token} with every placeholder replaced by its value.
   *
   * @throws IllegalArgumentException naming a placeholder that has no value
   */
  public static String fill(String token, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(token);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "no value for {" + m.group(1) + "}; values: " + values.keySet());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
