package io.ledgerlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlab.hermetic.feed.Feed;
import io.ledgerlab.hermetic.feed.FeedServer;
import io.ledgerlab.lab.process.netns.HostCommand;
import io.ledgerlab.lab.process.netns.HostSubnets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Hermetic operations end to end, as an operator and a closed network run them: the operator makes
 * a feed with the CLI and publishes "upgrade tally to v2 at +20", "run examples/quickstart.yaml"
 * and "roll node build v2 out"; the agent runs in a network namespace whose only route leads to the
 * feed's address, starts and manages four nodes, applies the three instructions and uploads signed
 * outcomes the operator verifies. Throughout, nothing in the namespace listens but the nodes, on
 * the namespace's loopback; the agent's process never holds a listening socket; no port of the
 * namespace's address accepts a connection from outside; a restarted agent runs nothing twice.
 */
@Timeout(420)
class HermeticIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SS_LINE =
      Pattern.compile("^(tcp|udp)\\s+\\S+\\s+\\d+\\s+\\d+\\s+(\\S+)\\s+\\S+(.*)$");
  private static final Pattern PID = Pattern.compile("pid=(\\d+)");

  @TempDir Path dir;

  private String ns;
  private String vethHost;
  private String hostIp;
  private String nsIp;
  private Process agent;
  private FeedServer server;

  /** Every process the agents started, seen while they ran: cleaned up by PID, whatever happens. */
  private final Set<ProcessHandle> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @BeforeEach
  void closedNetwork() throws IOException {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "iproute2 makes the namespace (.ci/run installs it)");
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "network namespaces need root (CI runs as root)");
    long pid = ProcessHandle.current().pid();
    int x = HostSubnets.free("10.214.", pid, "").get(0);
    ns = "llh-" + pid;
    vethHost = "llh" + (pid % 100000) + "h";
    String vethNs = "llh" + (pid % 100000) + "n";
    hostIp = "10.214." + x + ".1";
    nsIp = "10.214." + x + ".2";
    ip("netns", "add", ns);
    ip("link", "add", vethHost, "type", "veth", "peer", "name", vethNs);
    ip("link", "set", vethNs, "netns", ns);
    ip("addr", "add", hostIp + "/30", "dev", vethHost);
    ip("link", "set", vethHost, "up");
    inNs("ip", "addr", "add", nsIp + "/30", "dev", vethNs);
    inNs("ip", "link", "set", vethNs, "up");
    inNs("ip", "link", "set", "lo", "up");
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (agent != null) {
      seen.addAll(agent.descendants().toList());
      agent.destroyForcibly();
      agent.waitFor(30, TimeUnit.SECONDS);
    }
    seen.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : seen) {
      p.onExit().get(30, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
    if (ns != null) {
      HostCommand.run(List.of("ip", "netns", "del", ns), null, "iproute2");
      // Deleting the namespace deletes the pair; a setup that failed halfway may have left one.
      if (HostCommand.run(List.of("ip", "-o", "link", "show"), null, "iproute2")
          .contains(" " + vethHost + "@")) {
        HostCommand.run(List.of("ip", "link", "del", vethHost), null, "iproute2");
      }
    }
  }

  @Test
  void anAgentInAClosedNetworkAppliesTheFeedAndListensOnNothing() throws Exception {
    // The operator: a feed with two root keys (both must sign a new root), and the agent's key.
    Path feedDir = dir.resolve("feed");
    Path pw = write("feed.password", "operator secret");
    Path apw = write("agent.password", "agent secret");
    cli("feed", "init", feedDir.toString(), "--kdf", "pbkdf2", "--password-file", pw.toString());
    cli(
        "keys",
        "create",
        "--dir",
        dir.resolve("agent-keys").toString(),
        "--name",
        "agent",
        "--role",
        "agent",
        "--kdf",
        "pbkdf2",
        "--password-file",
        apw.toString());
    Path agentKey = dir.resolve("agent-keys/agent.json");
    cli(
        "feed",
        "add",
        feedDir.toString(),
        "--file",
        JarProcess.repoFile("examples/upgrade/tally-2.jar").toString(),
        "--file",
        JarProcess.repoFile("examples/quickstart.yaml").toString(),
        "--instruction",
        JarProcess.repoFile("examples/hermetic/upgrade-tally-v2.json").toString(),
        "--instruction",
        write("run.json", RUN_QUICKSTART).toString());
    // A node build: the node module's jar as the reactor built it, first on each node's classpath.
    cli(
        "feed",
        "add",
        feedDir.toString(),
        "--file",
        nodeJar() + "=files/ledgerlab-node.jar",
        "--instruction",
        write("node.json", NODE_V2).toString());
    cli("feed", "sign", feedDir.toString(), "--role", "targets", "--password-file", pw.toString());
    cli("feed", "publish", feedDir.toString(), "--password-file", pw.toString());
    server = FeedServer.start(Feed.open(feedDir), new InetSocketAddress(hostIp, 0), line -> {});

    // The closed network: its one route leads to the feed's address.
    assertThat(inNs("ip", "-4", "route").strip().lines().toList())
        .as("the namespace's routes")
        .singleElement()
        .asString()
        .startsWith(nsIp.substring(0, nsIp.lastIndexOf('.')) + ".0/30");

    Path state = dir.resolve("agent-state");
    agent = startAgent(state, agentKey, apw, feedDir, null);
    Set<Long> agentPids = Set.of(agent.pid());
    Map<Long, String> everListening = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    while (!done(state, "upgrade-tally-v2")
        || !done(state, "run-quickstart")
        || !done(state, "node-v2")) {
      if (!agent.isAlive()) {
        fail("the agent exited %d:%n%s", agent.exitValue(), output());
      }
      if (System.nanoTime() > deadline) {
        fail("the agent did not finish its instructions in 300 s:%n%s", output());
      }
      listeners().forEach((sock, p) -> p.forEach(x -> everListening.put(x, sock)));
      agent.descendants().forEach(d -> seen.add(d));
      TimeUnit.MILLISECONDS.sleep(500);
    }
    assertThat(everListening.keySet())
        .as("processes seen listening in the namespace while the agent worked")
        .doesNotContainAnyElementsOf(agentPids);

    // At rest: every listening socket in the namespace is a managed node's, on loopback.
    Set<Long> nodes = new LinkedHashSet<>();
    agent.children().forEach(c -> nodes.add(c.pid()));
    Map<String, Set<Long>> now = listeners();
    assertThat(now).as("listening sockets in the namespace").isNotEmpty();
    now.forEach(
        (sock, pids) -> {
          // Java binds a dual-stack socket: loopback shows as 127.0.0.1 or its IPv6-mapped form.
          assertThat(sock)
              .as("a listening socket in the namespace")
              .matches("(127\\.0\\.0\\.1|\\[::ffff:127\\.0\\.0\\.1\\]):\\d+");
          assertThat(nodes)
              .as("owner of %s, of the agent's node processes", sock)
              .containsAll(pids);
        });
    assertThat(nodes).as("the managed nodes").hasSize(4);
    // Each node was restarted on the build the feed delivered, first on its classpath.
    Path shipped = state.resolve("files/node-v2/files/ledgerlab-node.jar").toAbsolutePath();
    assertRunShipped(nodes, shipped);

    // From outside, no port of the namespace's address takes a connection.
    List<Integer> open = new ArrayList<>();
    for (int port = 1; port <= 65535; port++) {
      if (accepts(nsIp, port)) {
        open.add(port);
      }
    }
    assertThat(open).as("ports of %s open to the host", nsIp).isEmpty();

    // The operator verifies what came back, signed by the agent's key.
    String uploads = cli("feed", "uploads", feedDir.toString(), "--agent-key", agentKey.toString());
    assertThat(uploads)
        .contains("VERIFIED upgrade-tally-v2")
        .contains("tally version 2 active from height")
        .contains("VERIFIED run-quickstart")
        .contains("verdict VALID")
        .contains("VERIFIED node-v2")
        .contains("version v2 runs on 4 nodes")
        .doesNotContain("REFUSED");
    JsonNode upgrade =
        JSON.readTree(
            Files.readString(
                onlyDir(onlyDir(feedDir.resolve("uploads")).resolve("upgrade-tally-v2"))
                    .resolve("upgrade.json")));
    assertThat(upgrade.path("nodes")).hasSize(4);
    upgrade.path("nodes").forEach(n -> assertThat(n.path("state").asText()).isEqualTo("active"));

    // A restarted agent finds every instruction done and runs none again.
    stopAgent();
    agent = startAgent(state, agentKey, apw, feedDir, 2);
    awaitOutput("agent-2.out", "listening on nothing", Duration.ofSeconds(90));
    // Its nodes run the build they last ran, recorded in the state, not the manifest's.
    Set<Long> restarted = new LinkedHashSet<>();
    agent.children().forEach(c -> restarted.add(c.pid()));
    assertThat(restarted).as("the restarted agent's nodes").hasSize(4);
    assertRunShipped(restarted, shipped);
    TimeUnit.SECONDS.sleep(3); // three polls at 1 s
    stopAgent();
    String second = Files.readString(dir.resolve("agent-2.out"));
    assertThat(second)
        .doesNotContain("(upgrade-chaincode): started")
        .doesNotContain("(run): started")
        .doesNotContain("(upgrade-node): started");
  }

  /** The quick start, on the simulator so that CI spends its minutes elsewhere. */
  private static final String RUN_QUICKSTART =
      "{\"id\": \"run-quickstart\", \"kind\": \"run\", \"scenario\": \"files/quickstart.yaml\","
          + " \"engine\": \"sim\"}\n";

  private static final String NODE_V2 =
      "{\"id\": \"node-v2\", \"kind\": \"upgrade-node\", \"version\": \"v2\","
          + " \"jars\": [\"files/ledgerlab-node.jar\"]}\n";

  /** The node module's jar, as {@code package} built it in this reactor. */
  private static Path nodeJar() throws IOException {
    Path target = JarProcess.repoFile("node/target");
    try (Stream<Path> s = Files.list(target)) {
      return s.filter(
              p -> p.getFileName().toString().matches("ledgerlab-node-[0-9][^/]*[0-9T]\\.jar"))
          .findFirst()
          .orElseThrow(
              () -> new AssertionError("no node jar in " + target + "; mvn package builds it"));
    }
  }

  /** Each of {@code pids} runs with {@code shipped} first on its class path. */
  private static void assertRunShipped(Set<Long> pids, Path shipped) throws IOException {
    for (long pid : pids) {
      String cmdline =
          Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
      assertThat(cmdline).as("node %d's command line", pid).contains(" " + shipped + ":");
    }
  }

  private void awaitOutput(String file, String text, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (!(Files.exists(dir.resolve(file))
        && Files.readString(dir.resolve(file)).contains(text))) {
      if (!agent.isAlive() || System.nanoTime() > deadline) {
        fail("the agent did not print '%s':%n%s", text, output());
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  private Process startAgent(Path state, Path key, Path password, Path feedDir, Integer run)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                ns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JarProcess.jar().toString(),
                "agent",
                "--feed",
                "http://" + hostIp + ":" + server.address().getPort() + "/",
                "--state",
                state.toString(),
                "--root",
                feedDir.resolve("repo/metadata/1.root.json").toString(),
                "--key",
                key.toString(),
                "--password-file",
                password.toString(),
                "--network",
                JarProcess.repoFile("examples/hermetic/network.yaml").toString(),
                "--poll",
                "1s"));
    Files.createDirectories(dir);
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("agent-" + (run == null ? "1" : run) + ".out").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .start();
  }

  /** SIGTERM, as a service manager stops it: it stops its nodes and exits. */
  private void stopAgent() throws Exception {
    List<ProcessHandle> nodes = agent.children().toList();
    seen.addAll(agent.descendants().toList());
    agent.destroy();
    assertThat(agent.waitFor(90, TimeUnit.SECONDS)).as("the agent stops on SIGTERM").isTrue();
    for (ProcessHandle n : nodes) {
      n.onExit().get(30, TimeUnit.SECONDS);
    }
    agent = null;
  }

  private String output() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String f : List.of("agent-1.out", "agent-2.out")) {
      if (Files.exists(dir.resolve(f))) {
        sb.append(Files.readString(dir.resolve(f)));
      }
    }
    return sb.toString();
  }

  private static boolean done(Path state, String id) throws IOException {
    Path f = state.resolve("journal").resolve(id + ".json");
    if (!Files.exists(f)) {
      return false;
    }
    JsonNode e = JSON.readTree(f.toFile());
    assertThat(e.path("state").asText())
        .as("journal of %s: %s", id, e.path("detail").asText())
        .isIn("started", "done");
    return "done".equals(e.path("state").asText()) && e.path("uploaded").asBoolean();
  }

  /** Every listening TCP socket and bound UDP socket in the namespace, with its owners' PIDs. */
  private Map<String, Set<Long>> listeners() throws IOException {
    Map<String, Set<Long>> out = new HashMap<>();
    for (String line : inNs("ss", "-H", "-l", "-t", "-u", "-n", "-p").lines().toList()) {
      Matcher m = SS_LINE.matcher(line.strip());
      if (!m.matches()) {
        continue;
      }
      Set<Long> pids = new LinkedHashSet<>();
      Matcher p = PID.matcher(m.group(3));
      while (p.find()) {
        pids.add(Long.parseLong(p.group(1)));
      }
      out.put(m.group(2), pids);
    }
    return out;
  }

  private static boolean accepts(String host, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 200);
      return true;
    } catch (ConnectException | SocketTimeoutException e) {
      return false;
    }
  }

  /** The one directory in {@code dir}: the agent's under uploads/, an upload's under its id. */
  private static Path onlyDir(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> all = s.toList();
      assertThat(all).as("directories in %s", dir).hasSize(1);
      return all.get(0);
    }
  }

  private String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Ledgerlab.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    assertThat(code).as("ledgerlab %s%n%s%s", String.join(" ", args), out, err).isZero();
    return out.toString();
  }

  private Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  private static void ip(String... args) throws IOException {
    List<String> c = new ArrayList<>(List.of("ip"));
    c.addAll(List.of(args));
    HostCommand.run(c, null, "iproute2");
  }

  private String inNs(String... args) throws IOException {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    c.addAll(List.of(args));
    return HostCommand.run(c, null, "iproute2");
  }
}
