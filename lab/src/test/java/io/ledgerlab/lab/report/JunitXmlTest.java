package io.ledgerlab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitXmlTest {
  @TempDir Path dir;

  @Test
  void oneTestcasePerCheckFailuresAndSkips() throws Exception {
    Path file = dir.resolve("junit.xml");
    JunitXml.write(file, SampleRuns.partitioned("fork at height 7"));

    Document doc = parse(java.nio.file.Files.readAllBytes(file));
    Element suite = doc.getDocumentElement();

    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("name")).isEqualTo("ledgerlab: partition-heal");
    assertThat(suite.getAttribute("tests")).isEqualTo("3");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("skipped")).isEqualTo("1");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
    assertThat(suite.getAttribute("time")).isEqualTo("60.000");
    NodeList cases = doc.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(3);
    assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(1);
    Element safety = (Element) cases.item(0);
    assertThat(safety.getAttribute("classname")).isEqualTo("ledgerlab.partition-heal");
    assertThat(safety.getAttribute("name")).isEqualTo("safety");
    assertThat(safety.getAttribute("time")).isEqualTo("0.000");
    Element failure = (Element) safety.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("fork at height 7");
    assertThat(failure.getTextContent()).isEqualTo("fork at height 7");
    Element liveness = (Element) cases.item(1);
    Element skipped = (Element) liveness.getElementsByTagName("skipped").item(0);
    assertThat(skipped.getAttribute("message")).isEqualTo("UNKNOWN: no commit seen after the heal");
    Element supply = (Element) cases.item(2);
    assertThat(supply.getChildNodes().getLength()).isZero();
    assertThat(properties(doc)).contains("seed=42", "engine=process", "verdict=INVALID");
  }

  @Test
  void anInterruptedRunIsAnErroredTestcaseSoItsUnknownsCannotPassForAClean() throws Exception {
    RunSummary s = SampleRuns.partitioned("fork at height 7");
    RunSummary interrupted =
        new RunSummary(
            s.scenario(),
            s.engine(),
            s.seed(),
            s.startedAt(),
            s.durationSeconds(),
            RunSummary.INTERRUPTED,
            "UNKNOWN",
            s.checks(),
            s.stats(),
            s.throughput(),
            s.latency(),
            s.heights(),
            s.faults(),
            s.phases(),
            s.network(),
            s.logZeroMicros(),
            s.traceDigest(),
            List.of("interrupted during the load phase: the checks did not run"));

    Document doc = parse(JunitXml.toXml(interrupted).getBytes(StandardCharsets.UTF_8));
    Element suite = doc.getDocumentElement();

    assertThat(suite.getAttribute("tests")).isEqualTo("4");
    assertThat(suite.getAttribute("errors")).isEqualTo("1");
    Element run = (Element) doc.getElementsByTagName("testcase").item(0);
    assertThat(run.getAttribute("name")).isEqualTo("run");
    Element error = (Element) run.getElementsByTagName("error").item(0);
    assertThat(error.getAttribute("message")).isEqualTo("the run was interrupted");
    assertThat(error.getAttribute("type")).isEqualTo("INTERRUPTED");
    assertThat(error.getTextContent()).startsWith("interrupted during the load phase");
    assertThat(properties(doc)).contains("status=interrupted");
  }

  @Test
  void detailsAreEscaped() throws Exception {
    String details = "a <b> & \"c\" 'd' ]]> \u0001 end\nsecond <line>";
    byte[] xml = JunitXml.toXml(SampleRuns.partitioned(details)).getBytes(StandardCharsets.UTF_8);

    Document doc = parse(xml);
    Element failure = (Element) doc.getElementsByTagName("failure").item(0);

    assertThat(failure.getAttribute("message")).isEqualTo("a <b> & \"c\" 'd' ]]> \uFFFD end");
    assertThat(failure.getTextContent())
        .isEqualTo("a <b> & \"c\" 'd' ]]> \uFFFD end\nsecond <line>");
    assertThat(new String(xml, StandardCharsets.UTF_8)).doesNotContain("<b>", "<line>");
  }

  @Test
  void aLongFirstLineIsShortenedInTheMessageButKeptInTheText() throws Exception {
    String details = "x".repeat(500);
    Document doc =
        parse(JunitXml.toXml(SampleRuns.partitioned(details)).getBytes(StandardCharsets.UTF_8));
    Element failure = (Element) doc.getElementsByTagName("failure").item(0);

    assertThat(failure.getAttribute("message")).hasSize(JunitXml.MESSAGE_CHARS_MAX).endsWith("…");
    assertThat(failure.getTextContent()).isEqualTo(details);
  }

  private static List<String> properties(Document doc) {
    NodeList props = doc.getElementsByTagName("property");
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < props.getLength(); i++) {
      Element p = (Element) props.item(i);
      out.add(p.getAttribute("name") + "=" + p.getAttribute("value"));
    }
    return out;
  }

  private static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }
}
