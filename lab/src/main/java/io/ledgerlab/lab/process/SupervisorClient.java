package io.ledgerlab.lab.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.lab.engine.RunLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Talks to a run's supervisor through its control endpoint, and — when the supervisor does not
 * answer — cleans up by the PIDs in its state file, so that {@code down} never leaves a process.
 */
public final class SupervisorClient {
  private final RunLayout run;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public SupervisorClient(RunLayout run) {
    this.run = run;
  }

  public RunLayout run() {
    return run;
  }

  /** The supervisor's state file, or empty before it wrote one. */
  public Optional<JsonNode> state() throws IOException {
    if (!Files.exists(run.supervisorState())) {
      return Optional.empty();
    }
    return Optional.of(Supervisor.JSON.readTree(run.supervisorState().toFile()));
  }

  public JsonNode status() throws IOException {
    return send("/status", null);
  }

  /** Asks for a fault; returns the supervisor's sentence, or throws with its error. */
  public String fault(JsonNode request) throws IOException {
    return send("/fault", request).path("message").asText();
  }

  private JsonNode send(String path, JsonNode body) throws IOException {
    JsonNode state =
        state().orElseThrow(() -> new IOException("no supervisor state in " + run.root()));
    URI uri = URI.create("http://" + state.path("control").asText() + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header(Supervisor.TOKEN_HEADER, state.path("token").asText());
    request =
        body == null
            ? request.GET()
            : request.POST(
                HttpRequest.BodyPublishers.ofByteArray(Supervisor.JSON.writeValueAsBytes(body)));
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    JsonNode json = Supervisor.JSON.readTree(response.body());
    if (response.statusCode() != 200) {
      throw new IOException(
          json.path("error").asText("supervisor answered HTTP " + response.statusCode()));
    }
    return json;
  }

  /**
   * Stops the run: asks the supervisor to stop its nodes and waits for it to exit; when it does not
   * answer or does not exit in time, stops the supervisor and every node it recorded by PID,
   * SIGTERM first and SIGKILL after a grace period.
   *
   * @return the PIDs that had to be stopped by force
   */
  public List<Long> down(Duration grace) throws IOException {
    Optional<JsonNode> state = state();
    if (state.isEmpty()) {
      return List.of();
    }
    long supervisorPid = state.get().path("pid").asLong(-1);
    try {
      send("/down", Supervisor.JSON.createObjectNode());
    } catch (IOException e) {
      // Not answering: fall through to stopping by PID.
    }
    Optional<ProcessHandle> supervisor = ProcessHandle.of(supervisorPid);
    if (supervisor.isPresent()) {
      awaitExit(supervisor.get(), grace.multipliedBy(2));
    }
    List<Long> forced = new ArrayList<>();
    List<Long> pids = new ArrayList<>();
    pids.add(supervisorPid);
    // The PIDs before and after the supervisor's own shutdown: a node restarted meanwhile counts.
    state.get().path("nodes").forEach(n -> pids.add(n.path("pid").asLong(-1)));
    state().ifPresent(s -> s.path("nodes").forEach(n -> pids.add(n.path("pid").asLong(-1))));
    for (long pid : pids) {
      Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
      if (p.isPresent() && isOurs(p.get())) {
        p.get().destroy();
        if (!awaitExit(p.get(), grace)) {
          p.get().destroyForcibly();
          awaitExit(p.get(), grace);
        }
        forced.add(pid);
      }
    }
    return forced;
  }

  /** A PID we recorded may since belong to an unrelated process: only stop a Java process. */
  private static boolean isOurs(ProcessHandle p) {
    return p.info().command().map(c -> c.endsWith("java")).orElse(true);
  }

  private static boolean awaitExit(ProcessHandle p, Duration timeout) {
    try {
      p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return !p.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
    }
  }
}
