package io.ledgerlab.lab.process.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.lab.engine.Link;
import io.ledgerlab.lab.engine.LinkState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real namespaces, real iptables drops: a listener in each of three namespaces, connections made
 * from inside the others and from the host, before, during and after each link fault.
 */
class NamespaceNetIT {
  private static final int PORT = 7411;
  @TempDir Path dir;
  private NamespaceNet net;
  private final List<Process> listeners = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    net = NamespaceNet.create(List.of("a", "b", "c"), dir.resolve("namespaces.json"));
    for (String node : List.of("a", "b", "c")) {
      List<String> command = new ArrayList<>(net.enter(node));
      command.addAll(
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              Listener.class.getName(),
              Integer.toString(PORT)));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      listeners.add(p);
      String first =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(first).isEqualTo("listening");
    }
  }

  @AfterEach
  void stop() {
    listeners.forEach(Process::destroyForcibly);
    if (net != null) {
      net.close();
    }
  }

  @Test
  void eachNodeHasItsOwnAddressAndTheRunRecordsThem() throws IOException {
    assertThat(net.address("a")).isNotEqualTo(net.address("b")).startsWith("10.213.");
    String record = Files.readString(dir.resolve("namespaces.json"));
    assertThat(record).contains(net.address("c")).contains("\"subnet\": \"10.213.");
    assertThat(reaches("a", "b")).isTrue();
    assertThat(reaches("c", "a")).isTrue();
  }

  @Test
  void aPartitionDropsBothWaysBetweenTheSidesAndTheLabStillReachesEveryNode() throws IOException {
    Map<Link, LinkState> links = new HashMap<>();
    for (String other : List.of("b", "c")) {
      links.put(new Link("a", other), LinkState.blockedLink());
      links.put(new Link(other, "a"), LinkState.blockedLink());
    }
    net.set(links);

    assertThat(reaches("a", "b")).isFalse();
    assertThat(reaches("b", "a")).isFalse();
    assertThat(reaches("c", "a")).isFalse();
    assertThat(reaches("b", "c")).isTrue();
    assertThat(reaches(null, "a")).isTrue();
    assertThat(net.rules("a")).contains("-j DROP");

    net.set(Map.of());

    assertThat(reaches("a", "b")).isTrue();
    assertThat(reaches("c", "a")).isTrue();
    assertThat(net.rules("a")).doesNotContain("DROP");
  }

  @Test
  void aOneWayCutLosesWhatTheSenderSendsSoNoConnectionTakesAndOthersAreUntouched()
      throws IOException {
    net.set(Map.of(new Link("a", "b"), LinkState.blockedLink()));

    assertThat(reaches("a", "b")).isFalse();
    assertThat(reaches("a", "c")).isTrue();
    assertThat(reaches("c", "b")).isTrue();
    assertThat(net.rules("b")).doesNotContain("DROP");
  }

  @Test
  void totalLossDropsEveryPacket() throws IOException {
    net.set(Map.of(new Link("b", "c"), new LinkState(false, false, 0, 0, 1.0, 0)));

    assertThat(reaches("b", "c")).isFalse();
    assertThat(net.rules("b")).contains("statistic");
  }

  @Test
  void closingRemovesTheNamespacesAndTheBridge() throws Exception {
    String ns = net.enter("a").get(3);
    // The bridge carries its own traffic even where the host forwards nothing (dockerd's DROP).
    assertThat(host("iptables", "-w", "-S", "FORWARD")).containsPattern("-i llb\\S+ -o llb");
    net.close();

    assertThat(host("iptables", "-w", "-S", "FORWARD")).doesNotContain("-i llb");

    Process list = new ProcessBuilder("ip", "netns", "list").start();
    String all = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    list.waitFor(5, TimeUnit.SECONDS);
    assertThat(all).doesNotContain(ns + " ").doesNotContain(ns + "\n");
  }

  @Test
  void whatALabThatDiedLeftIsSweptByTheNext() throws Exception {
    long dead = 3_999_989;
    assertThat(ProcessHandle.of(dead)).isEmpty();
    String ns = "ll-" + dead + "-1-0";
    String bridge = "llb" + Long.toString(dead, 36) + "-1";
    host("ip", "netns", "add", ns);
    host("ip", "link", "add", bridge, "type", "bridge");
    host("iptables", "-w", "-I", "FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT");

    NamespaceNet.create(List.of("x"), dir.resolve("again.json")).close();

    assertThat(host("ip", "netns", "list")).doesNotContain(ns);
    assertThat(host("ip", "-o", "link", "show")).doesNotContain(bridge);
    assertThat(host("iptables", "-w", "-S", "FORWARD")).doesNotContain(bridge);
  }

  private static String host(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  /** Whether a TCP connection from {@code from}'s namespace (the host when null) gets an answer. */
  private boolean reaches(String from, String to) throws IOException {
    List<String> command = new ArrayList<>();
    if (from != null) {
      command.addAll(net.enter(from));
    }
    command.addAll(
        List.of(
            "timeout",
            "2",
            "bash",
            "-c",
            "exec 3<>/dev/tcp/" + net.address(to) + "/" + PORT + " && head -c 1 <&3"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return p.exitValue() == 0 && out.equals("k");
  }
}
