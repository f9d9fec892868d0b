package io.ledgerlab.lab.report;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A run's checks as a JUnit XML report ({@code junit.xml}), so CI systems list them next to the
 * unit tests: one {@code <testsuite name="ledgerlab: <scenario>">}, one {@code <testcase>} per
 * check.
 *
 * <ul>
 *   <li>VALID passes.
 *   <li>INVALID is a {@code <failure>} whose message is the first line of the details and whose
 *       text is the details.
 *   <li>UNKNOWN is {@code <skipped>}: the check could not decide (a timeout, an unreachable node),
 *       which is not evidence of a bug. CI systems show a skipped test yellow, not red, which is
 *       the honest colour for "could not tell"; the run's exit status still says it was not VALID.
 *   <li>A run that was interrupted or failed before its checks adds a testcase {@code run} with an
 *       {@code <error>}: its checks' UNKNOWN must not pass for a clean run's.
 * </ul>
 *
 * <p>Checks are judged after the run, together, so each testcase's {@code time} is 0 and the
 * suite's {@code time} is the run's duration.
 */
public final class JunitXml {
  /** Failure and skip messages are one line of at most this many characters. */
  static final int MESSAGE_CHARS_MAX = 200;

  private JunitXml() {}

  /** Writes the report to {@code file}, replacing it. */
  public static void write(Path file, RunSummary summary) throws IOException {
    Files.writeString(file, toXml(summary), StandardCharsets.UTF_8);
  }

  /** The report as an XML document. */
  public static String toXml(RunSummary summary) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      suite(x, summary);
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing JUnit XML to a string failed", e);
    }
    return out.toString();
  }

  private static void suite(XMLStreamWriter x, RunSummary s) throws XMLStreamException {
    long failures = s.checks().stream().filter(c -> "INVALID".equals(c.validity())).count();
    long skipped = s.checks().stream().filter(c -> "UNKNOWN".equals(c.validity())).count();
    boolean broken = !RunSummary.COMPLETED.equals(s.status());
    x.writeStartElement("testsuite");
    attribute(x, "name", "ledgerlab: " + s.scenario());
    attribute(x, "tests", Integer.toString(s.checks().size() + (broken ? 1 : 0)));
    attribute(x, "failures", Long.toString(failures));
    attribute(x, "errors", broken ? "1" : "0");
    attribute(x, "skipped", Long.toString(skipped));
    attribute(x, "time", seconds(s.durationSeconds()));
    attribute(x, "timestamp", s.startedAt());
    x.writeCharacters("\n  ");
    x.writeStartElement("properties");
    property(x, "scenario", s.scenario());
    property(x, "engine", s.engine());
    property(x, "signatures", s.signatures());
    property(x, "seed", Long.toString(s.seed()));
    property(x, "startedAt", s.startedAt());
    property(x, "verdict", s.verdict());
    property(x, "status", s.status());
    x.writeCharacters("\n  ");
    x.writeEndElement();
    if (broken) {
      x.writeCharacters("\n  ");
      x.writeStartElement("testcase");
      attribute(x, "classname", "ledgerlab." + s.scenario());
      attribute(x, "name", "run");
      attribute(x, "time", seconds(s.durationSeconds()));
      x.writeCharacters("\n    ");
      x.writeStartElement("error");
      String why =
          s.notes().stream()
              .filter(n -> n.startsWith("interrupted") || n.startsWith("the run failed"))
              .findFirst()
              .orElse("the run " + s.status());
      attribute(x, "message", "the run was " + s.status());
      attribute(x, "type", s.status().toUpperCase(Locale.ROOT));
      text(x, why);
      x.writeEndElement();
      x.writeCharacters("\n  ");
      x.writeEndElement();
    }
    for (RunSummary.Check c : s.checks()) {
      x.writeCharacters("\n  ");
      testcase(x, s.scenario(), c);
    }
    x.writeCharacters("\n");
    x.writeEndElement();
  }

  private static void property(XMLStreamWriter x, String name, String value)
      throws XMLStreamException {
    x.writeCharacters("\n    ");
    x.writeEmptyElement("property");
    attribute(x, "name", name);
    attribute(x, "value", value);
  }

  private static void testcase(XMLStreamWriter x, String scenario, RunSummary.Check c)
      throws XMLStreamException {
    String details = c.details() == null ? "" : c.details();
    switch (c.validity()) {
      case "INVALID" -> {
        x.writeStartElement("testcase");
        testcaseAttributes(x, scenario, c);
        x.writeCharacters("\n    ");
        x.writeStartElement("failure");
        attribute(x, "message", message(details, "invalid"));
        attribute(x, "type", "INVALID");
        text(x, details);
        x.writeEndElement();
        x.writeCharacters("\n  ");
        x.writeEndElement();
      }
      case "UNKNOWN" -> {
        x.writeStartElement("testcase");
        testcaseAttributes(x, scenario, c);
        x.writeCharacters("\n    ");
        x.writeEmptyElement("skipped");
        attribute(x, "message", "UNKNOWN: " + message(details, "could not decide"));
        x.writeCharacters("\n  ");
        x.writeEndElement();
      }
      default -> {
        x.writeEmptyElement("testcase");
        testcaseAttributes(x, scenario, c);
      }
    }
  }

  private static void testcaseAttributes(XMLStreamWriter x, String scenario, RunSummary.Check c)
      throws XMLStreamException {
    attribute(x, "classname", "ledgerlab." + scenario);
    attribute(x, "name", c.name());
    attribute(x, "time", seconds(0));
  }

  /** The first line of {@code details}, shortened; {@code fallback} when there is none. */
  static String message(String details, String fallback) {
    String line = details.strip().lines().findFirst().orElse("").strip();
    if (line.isEmpty()) {
      return fallback;
    }
    return line.length() <= MESSAGE_CHARS_MAX
        ? line
        : line.substring(0, MESSAGE_CHARS_MAX - 1) + "…";
  }

  private static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.3f", seconds);
  }

  private static void attribute(XMLStreamWriter x, String name, String value)
      throws XMLStreamException {
    x.writeAttribute(name, xmlChars(value == null ? "" : value));
  }

  private static void text(XMLStreamWriter x, String value) throws XMLStreamException {
    x.writeCharacters(xmlChars(value));
  }

  /**
   * {@code s} with the characters XML 1.0 cannot hold at all (most control characters, lone
   * surrogates) replaced by U+FFFD; the writer escapes the rest.
   */
  static String xmlChars(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok;
      if (Character.isHighSurrogate(c)) {
        ok = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        if (ok) {
          if (sb != null) {
            sb.append(c).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else if (Character.isLowSurrogate(c)) {
        ok = false;
      } else {
        ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
      }
      if (!ok && sb == null) {
        sb = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (sb != null) {
        sb.append(ok ? c : '\uFFFD');
      }
    }
    return sb == null ? s : sb.toString();
  }
}
