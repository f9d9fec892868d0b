package io.ledgerlab.lab.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ledgerlab.lab.client.RpcException;
import io.ledgerlab.lab.engine.LinkState;
import io.ledgerlab.lab.engine.RealTimeline;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.nemesis.Faults;
import io.ledgerlab.lab.target.reference.ReferenceChain;
import io.ledgerlab.lab.target.reference.ReferenceTarget;
import io.ledgerlab.node.config.NodeConfigs;
import io.ledgerlab.observe.log.JsonLogWriter;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.real.SystemClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * The one small process per run that owns the nodes and the fault proxies. {@code ledgerlab up}
 * starts it detached; {@code status}, {@code fault} and {@code down} talk to its loopback control
 * endpoint, authenticated by a token in the run directory. Every node watches the supervisor's PID
 * and exits when it is gone, so no node outlives it.
 *
 * <p>It keeps {@code supervisor.json} current with its own PID and every node's PID, so that even
 * when it is killed, {@code down} can find and stop whatever is left.
 */
public final class Supervisor implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN_HEADER = "X-Ledgerlab-Token";

  private final RunLayout run;
  private final Network network;
  private final JsonLogWriter log;
  private final String token;
  private final HttpServer control;
  private final CountDownLatch down = new CountDownLatch(1);
  private volatile ProcessNetwork nodes;
  private volatile ProcessEngine engine;
  private volatile Faults faults;
  private volatile String state = "starting";
  private volatile String error;

  /** The port to serve the dashboard on (0: a free one), or -1 for none. */
  private final int dashboardPort;

  private volatile io.ledgerlab.lab.live.Dashboard dashboard;
  private volatile String dashboardError;

  private Supervisor(RunLayout run, Network network, JsonLogWriter log, int dashboardPort)
      throws IOException {
    this.run = run;
    this.network = network;
    this.log = log;
    this.dashboardPort = dashboardPort;
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    this.token = HexFormat.of().formatHex(secret);
    this.control =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    control.setExecutor(Executors.newFixedThreadPool(2, daemon()));
    control.createContext("/", this::serve);
  }

  /**
   * The supervisor process: {@code Supervisor <run-dir> [--dashboard-port N]}; with the option it
   * also serves the live dashboard on 127.0.0.1:N (0: a free port). Exits 0 after {@code down}.
   */
  public static void main(String[] args) {
    int dashboardPort = -1;
    if (args.length == 3 && args[1].equals(DASHBOARD_PORT)) {
      try {
        dashboardPort = Integer.parseInt(args[2]);
      } catch (NumberFormatException e) {
        System.err.println(DASHBOARD_PORT + ": expected a port number, got '" + args[2] + "'");
        System.exit(2);
      }
    } else if (args.length != 1) {
      System.err.println("usage: Supervisor <run-dir> [" + DASHBOARD_PORT + " N]");
      System.exit(2);
    }
    System.exit(run(new RunLayout(Path.of(args[0])), dashboardPort));
  }

  static final String DASHBOARD_PORT = "--dashboard-port";

  static int run(RunLayout run, int dashboardPort) {
    Network network;
    try {
      network = ManifestParser.read(run.manifest());
    } catch (ManifestException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    try (JsonLogWriter log =
            new JsonLogWriter(run.supervisorLog(), "lab", new SystemClock(), EventLog.Level.INFO);
        Supervisor supervisor = new Supervisor(run, network, log, dashboardPort)) {
      Runtime.getRuntime().addShutdownHook(new Thread(supervisor::shutdown, "supervisor-shutdown"));
      return supervisor.serve();
    } catch (IOException e) {
      System.err.println("supervisor: " + e.getMessage());
      return 1;
    }
  }

  private int serve() {
    control.start();
    startDashboard();
    writeState();
    try {
      NodeLauncher launcher =
          NodeLauncher.ofCurrentJvm(network.launch().command(), network.launch().jvmOptions());
      ReferenceChain chain = new ReferenceTarget().load(run);
      nodes =
          ProcessNetwork.start(
              run,
              network,
              chain,
              launcher,
              ProcessHandle.current().pid(),
              log,
              this::writeState,
              (node, code, expected) -> {});
      engine =
          ProcessEngine.of(
              nodes,
              new RealTimeline(
                  e -> log.warn("lab.task.failed", Map.of("reason", String.valueOf(e)))),
              chain);
      Map<String, Long> offsets = new java.util.LinkedHashMap<>();
      network.nodes().forEach(n -> offsets.put(n.name(), n.clockOffsetMicros()));
      faults = new Faults(engine, LinkState.of(network), offsets);
      state = "running";
      writeState();
      down.await();
      return 0;
    } catch (IOException | RuntimeException e) {
      error = e.getMessage() == null ? e.toString() : e.getMessage();
      state = "failed";
      log.warn("lab.supervisor.failed", Map.of("reason", error));
      writeState();
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      shutdown();
    }
  }

  /** Stops the nodes and proxies; idempotent, also the shutdown hook on SIGTERM. */
  private synchronized void shutdown() {
    ProcessNetwork n = nodes;
    if (n != null) {
      state = "stopping";
      writeState();
      if (engine != null) {
        engine.close();
      } else {
        n.close();
      }
      nodes = null;
      state = "stopped";
      writeState();
    }
    down.countDown();
  }

  /**
   * Serves the dashboard from this process, which holds the network for as long as it is up; a port
   * that cannot be bound is said in the state and the status, and the network comes up anyway.
   */
  private void startDashboard() {
    if (dashboardPort < 0) {
      return;
    }
    try {
      dashboard =
          io.ledgerlab.lab.live.Dashboard.start(
              network.name(),
              new io.ledgerlab.lab.live.StatusSource(this::status),
              dashboardPort,
              log);
    } catch (IOException | RuntimeException e) {
      dashboardError = e.getMessage();
      log.warn("lab.dashboard.failed", Map.of("reason", String.valueOf(e.getMessage())));
    }
  }

  @Override
  public void close() {
    io.ledgerlab.lab.live.Dashboard d = dashboard;
    if (d != null) {
      d.close();
    }
    control.stop(0);
  }

  /** The dashboard's fields of the state file and the status. */
  private void putDashboard(ObjectNode out) {
    io.ledgerlab.lab.live.Dashboard d = dashboard;
    if (d != null) {
      out.put("dashboard", d.uri().toString());
      out.put("labMetrics", d.labMetrics().toString());
    } else if (dashboardError != null) {
      out.put("dashboardError", dashboardError);
    }
  }

  // ---- State file -----------------------------------------------------------------------------

  private synchronized void writeState() {
    ObjectNode s = JSON.createObjectNode();
    s.put("pid", ProcessHandle.current().pid());
    s.put("control", "127.0.0.1:" + control.getAddress().getPort());
    s.put("token", token);
    s.put("state", state);
    if (error != null) {
      s.put("error", error);
    }
    putDashboard(s);
    ObjectNode nodeStates = s.putObject("nodes");
    ProcessNetwork n = nodes;
    for (Network.NodeSpec spec : network.nodes()) {
      ObjectNode node = nodeStates.putObject(spec.name());
      if (n != null) {
        NodeProcess p = n.process(spec.name());
        node.put("state", p.state().name().toLowerCase());
        p.pid().ifPresent(pid -> node.put("pid", pid));
        node.put("rpc", NodeConfigs.hostPort(n.rpcAddress(spec.name())));
        node.put("p2p", NodeConfigs.hostPort(n.p2pAddress(spec.name())));
      }
    }
    try {
      io.ledgerlab.runtime.disk.DurableFiles.write(
          run.supervisorState(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(s));
    } catch (IOException e) {
      log.warn("lab.supervisor.state", Map.of("reason", String.valueOf(e.getMessage())));
    }
  }

  // ---- Control endpoint -----------------------------------------------------------------------

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!token.equals(exchange.getRequestHeaders().getFirst(TOKEN_HEADER))) {
        reply(exchange, 403, error("missing or wrong " + TOKEN_HEADER));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      try {
        JsonNode response =
            switch (path) {
              case "/status" -> status();
              case "/fault" ->
                  fault(JSON.readTree(exchange.getRequestBody().readNBytes(64 * 1024)));
              case "/down" -> {
                new Thread(this::shutdown, "supervisor-down").start();
                yield JSON.createObjectNode().put("ok", true).put("message", "stopping");
              }
              default -> throw new IllegalArgumentException("unknown control path " + path);
            };
        reply(exchange, 200, response);
      } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
        reply(exchange, 400, error(e.getMessage()));
      } catch (IOException e) {
        reply(exchange, 400, error("bad request: " + e.getMessage()));
      }
    }
  }

  private JsonNode status() {
    ObjectNode out = JSON.createObjectNode().put("state", state).put("run", run.root().toString());
    if (error != null) {
      out.put("error", error);
    }
    putDashboard(out);
    ProcessNetwork n = nodes;
    ArrayNode list = out.putArray("nodes");
    if (n == null) {
      return out;
    }
    Faults f = faults;
    ArrayNode inForce = out.putArray("faultsInForce");
    if (f != null) {
      f.inForce().forEach(x -> inForce.add(x.fault().kind().key() + " " + x.fault().target()));
    }
    out.put(
        "faults", n.mesh() != null ? n.mesh().describe() : "direct: no proxy, so no link faults");
    for (String name : n.names()) {
      NodeProcess p = n.process(name);
      ObjectNode node =
          list.addObject().put("name", name).put("state", p.state().name().toLowerCase());
      p.pid().ifPresent(pid -> node.put("pid", pid));
      p.exitCode().ifPresent(code -> node.put("exitCode", code));
      node.put("rpc", NodeConfigs.hostPort(n.rpcAddress(name)));
      node.put("behaviour", NodeConfigs.behaviourName(network.node(name).behaviour()));
      if (p.state() == NodeProcess.State.RUNNING) {
        try {
          node.set("status", n.client(name).status());
        } catch (RpcException e) {
          node.put("statusError", e.getMessage());
        }
      }
    }
    return out;
  }

  private JsonNode fault(JsonNode request) {
    Faults f = faults;
    if (f == null) {
      throw new IllegalStateException("the network is " + state);
    }
    String message = FaultCommands.apply(f, request);
    return JSON.createObjectNode().put("ok", true).put("message", message);
  }

  private static JsonNode error(String message) {
    return JSON.createObjectNode().put("ok", false).put("error", message);
  }

  private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return r -> {
      Thread t = new Thread(r, "supervisor-control");
      t.setDaemon(true);
      return t;
    };
  }
}
