package io.ledgerlab.lab.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.target.Targets;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@code ledgerlab up}: prepares a run directory, starts the supervisor detached from the calling
 * process, and waits until every node is healthy and the first block is committed. When anything
 * fails on the way, or the caller is interrupted, it takes down what it started before it returns.
 */
public final class NetworkUp {
  /** What came up: the run, the supervisor's PID and how long the first block took. */
  public record Result(RunLayout run, long supervisorPid, Duration firstBlock, JsonNode status) {}

  private static final Duration DOWN_GRACE = Duration.ofSeconds(5);

  private NetworkUp() {}

  /**
   * Brings {@code network} up in {@code run}.
   *
   * @param progress receives one line whenever the picture changes
   * @throws UpException naming what failed, after everything started was stopped
   * @throws Interrupted when Ctrl-C came while waiting, after the shutdown hook said what it stops
   *     and stopped it; there is nothing more to say
   */
  public static Result up(
      RunLayout run,
      Network network,
      String manifestText,
      Duration timeout,
      Consumer<String> progress)
      throws UpException, Interrupted {
    return up(run, network, manifestText, timeout, progress, -1);
  }

  /**
   * As {@link #up(RunLayout, Network, String, Duration, Consumer)}; the supervisor also serves the
   * live dashboard on 127.0.0.1:{@code dashboardPort} (0: a free port; -1: none), whose address its
   * status gives as {@code dashboard}.
   */
  public static Result up(
      RunLayout run,
      Network network,
      String manifestText,
      Duration timeout,
      Consumer<String> progress,
      int dashboardPort)
      throws UpException, Interrupted {
    if (!network.target().equals(Targets.DEFAULT)) {
      throw new UpException(
          "ledgerlab up runs the reference chain; run the '"
              + network.target()
              + "' target with ledgerlab run on the process engine",
          null);
    }
    NodeLauncher launcher =
        NodeLauncher.ofCurrentJvm(network.launch().command(), network.launch().jvmOptions());
    try {
      launcher.check();
      ProcessNetwork.checkPorts(network);
      RunFiles.create(run, network, manifestText);
    } catch (IOException | IllegalStateException e) {
      throw new UpException(e.getMessage(), e);
    }
    if (launcher.classDataArchive().filter(a -> !Files.isRegularFile(a)).isPresent()) {
      progress.accept("preparing a class-data archive so that nodes start fast (once per build)");
      launcher.prepareClassDataArchive();
    }
    long started = System.nanoTime();
    Process supervisor = launchSupervisor(run, dashboardPort);
    SupervisorClient client = new SupervisorClient(run);
    AtomicBoolean stopping = new AtomicBoolean();
    Thread onCtrlC =
        new Thread(
            () -> {
              stopping.set(true);
              interrupted(client, supervisor, run, network.nodes().size(), progress);
            },
            "up-interrupted");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      JsonNode status =
          awaitFirstBlock(client, supervisor, network, timeout, started, progress, stopping);
      if (removeHook(onCtrlC)) {
        return new Result(
            run, supervisor.pid(), Duration.ofNanos(System.nanoTime() - started), status);
      }
    } catch (UpException | RuntimeException e) {
      if (removeHook(onCtrlC)) {
        downQuietly(client);
        supervisor.destroyForcibly();
        throw e;
      }
    }
    // Ctrl-C: the hook says what it stops and stops it. Reporting the network up, or a failure
    // caused by the stop itself, would contradict it.
    try {
      onCtrlC.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new Interrupted();
  }

  /** False when the JVM is already shutting down: Ctrl-C came and the hook owns the stop. */
  private static boolean removeHook(Thread hook) {
    try {
      return Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static Process launchSupervisor(RunLayout run, int dashboardPort) throws UpException {
    List<String> command = new ArrayList<>();
    // Its own session, so that a signal to the terminal's process group does not reach it.
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            Supervisor.class.getName(),
            run.root().toString()));
    if (dashboardPort >= 0) {
      command.addAll(List.of(Supervisor.DASHBOARD_PORT, Integer.toString(dashboardPort)));
    }
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(run.supervisorOut().toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new UpException("cannot start the supervisor: " + e.getMessage(), e);
    }
  }

  private static JsonNode awaitFirstBlock(
      SupervisorClient client,
      Process supervisor,
      Network network,
      Duration timeout,
      long started,
      Consumer<String> progress,
      AtomicBoolean stopping)
      throws UpException {
    long deadline = started + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      if (stopping.get()) {
        throw new UpException("interrupted");
      }
      if (!supervisor.isAlive()) {
        throw new UpException(
            "the supervisor exited with code "
                + supervisor.exitValue()
                + ": "
                + tail(client.run()));
      }
      try {
        JsonNode state = client.state().orElse(null);
        if (state != null && "failed".equals(state.path("state").asText())) {
          throw new UpException("the network did not start: " + state.path("error").asText());
        }
        if (state != null && "running".equals(state.path("state").asText())) {
          JsonNode status = client.status();
          Picture p = Picture.of(status, network.nodes().size());
          if (!p.line().equals(last) && !stopping.get()) {
            last = p.line();
            progress.accept(String.format("[%.1fs] %s", seconds(started), last));
          }
          if (p.exited() != null) {
            throw new UpException(p.exited());
          }
          if (p.healthy() == network.nodes().size() && p.minHeight() >= 1) {
            return status;
          }
        }
      } catch (IOException e) {
        // The control endpoint is not up yet; keep waiting.
      }
      sleep();
    }
    throw new UpException(
        "not every node was healthy with a committed block within "
            + timeout.toSeconds()
            + " s; last: "
            + last);
  }

  private static String tail(RunLayout run) {
    try {
      List<String> lines = Files.readAllLines(run.supervisorOut());
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "see " + run.supervisorOut();
    }
  }

  /** What the status says about the nodes, in one line. */
  private record Picture(String line, int healthy, long minHeight, String exited) {
    static Picture of(JsonNode status, int expected) {
      int healthy = 0;
      long min = Long.MAX_VALUE;
      String exited = null;
      for (JsonNode n : status.path("nodes")) {
        if (n.path("status").path("healthy").asBoolean(false)) {
          healthy++;
        }
        min = Math.min(min, n.path("status").path("height").asLong(0));
        String state = n.path("state").asText();
        if ("exited".equals(state)) {
          exited =
              n.path("name").asText()
                  + " exited with code "
                  + n.path("exitCode").asInt()
                  + "; see its logs/"
                  + n.path("name").asText()
                  + ".out";
        }
      }
      long height = min == Long.MAX_VALUE ? 0 : min;
      return new Picture(
          healthy + "/" + expected + " nodes healthy, height " + height, healthy, height, exited);
    }
  }

  /** Ctrl-C while waiting: say what is stopped, stop it, and mark the run directory. */
  private static void interrupted(
      SupervisorClient client,
      Process supervisor,
      RunLayout run,
      int nodes,
      Consumer<String> progress) {
    progress.accept("interrupted: stopping the supervisor and its " + nodes + " nodes");
    downQuietly(client);
    supervisor.destroyForcibly();
    try {
      Files.writeString(run.interruptedMark(), "interrupted while starting (ledgerlab up)\n");
    } catch (IOException e) {
      System.err.println(
          "ledgerlab: cannot mark " + run.root() + " interrupted: " + e.getMessage());
    }
    progress.accept(
        "stopped; " + run.root() + " keeps the logs and is marked interrupted (INTERRUPTED)");
  }

  private static void downQuietly(SupervisorClient client) {
    try {
      client.down(DOWN_GRACE);
    } catch (IOException e) {
      System.err.println("ledgerlab: stopping the run: " + e.getMessage());
    }
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the network", e);
    }
  }

  /** Ctrl-C came while the network was coming up; everything started was stopped. */
  public static final class Interrupted extends Exception {
    public Interrupted() {
      super("interrupted while the network was coming up");
    }
  }

  /** The network did not come up; the message says why. */
  public static final class UpException extends Exception {
    public UpException(String message) {
      super(message);
    }

    public UpException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
