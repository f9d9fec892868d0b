package io.ledgerlab.junit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The code on docs/chaincode.md is cut from compiled tests: each block marked {@code <!-- snippet:
 * path#tag -->} must equal the region between {@code // tag::tag[]} and {@code // end::tag[]} in
 * that file, so the page cannot drift from code that compiles and passes.
 */
class DocSnippetsTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- snippet: (\\S+)#(\\w+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everySnippetOfTheChainCodePageIsItsTestRegion() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/chaincode.md"));
    Matcher m = SNIPPET.matcher(doc);
    List<String> checked = new ArrayList<>();
    while (m.find()) {
      Path source = ROOT.resolve(m.group(1));
      assertThat(source).as("the snippet's source").isRegularFile();
      assertThat(m.group(3))
          .as("docs/chaincode.md snippet " + m.group(1) + "#" + m.group(2))
          .isEqualTo(region(Files.readString(source), m.group(2), source));
      checked.add(m.group(2));
    }
    assertThat(checked).containsExactly("unit", "network", "campaign");
  }

  /** The lines between the tag's markers, with their common indentation removed. */
  static String region(String text, String tag, Path source) {
    String start = "// tag::" + tag + "[]";
    String end = "// end::" + tag + "[]";
    int a = text.indexOf(start);
    int b = text.indexOf(end);
    assertThat(a).as(source + " has " + start).isNotNegative();
    assertThat(b).as(source + " has " + end).isGreaterThan(a);
    List<String> lines =
        new ArrayList<>(List.of(text.substring(text.indexOf('\n', a) + 1, b).split("\n", -1)));
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return out.toString();
  }
}
