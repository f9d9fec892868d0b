package io.ledgerlab.lab.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes the supervisor's class-data archive: brings up a throwaway one-validator network, dashboard
 * included, with the supervisor under {@code -XX:ArchiveClassesAtExit}, waits for its first block,
 * asks for its status and takes it down, so the archive holds the classes of a real start. Without
 * it the supervisor loads some 3,000 classes from the jar before it spawns the first node.
 */
final class SupervisorWarmup {
  private static final String MANIFEST =
      "name: warmup\nvalidators: 1\naccounts: 10\nblockInterval: 50ms\n";
  private static final long TIMEOUT_NANOS = Duration.ofSeconds(60).toNanos();
  private static final long POLL_MILLIS = 50;

  private SupervisorWarmup() {}

  /** Makes {@code archive}; false when it could not, which only costs speed. */
  static boolean archive(Path archive) {
    Path work = null;
    Process supervisor = null;
    Path part =
        archive.resolveSibling(
            archive.getFileName() + "." + ProcessHandle.current().pid() + ".part");
    try {
      Files.createDirectories(archive.getParent());
      work = Files.createTempDirectory("ledgerlab-supervisor-warmup");
      RunLayout run = new RunLayout(work.resolve("run"));
      Network network = ManifestParser.parse("warmup.yaml", MANIFEST);
      RunFiles.create(run, network, MANIFEST);
      supervisor = NetworkUp.launchSupervisor(run, 0, List.of("-XX:ArchiveClassesAtExit=" + part));
      SupervisorClient client = new SupervisorClient(run);
      if (!firstBlock(client, supervisor)) {
        return false;
      }
      client.down(Duration.ofSeconds(5));
      // The archive is written as the JVM exits.
      if (!supervisor.waitFor(60, TimeUnit.SECONDS)
          || supervisor.exitValue() != 0
          || !Files.isRegularFile(part)) {
        return false;
      }
      Files.move(
          part, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } catch (IOException | ManifestException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      if (supervisor != null && supervisor.isAlive()) {
        supervisor.destroyForcibly();
      }
      try {
        Files.deleteIfExists(part);
        if (work != null) {
          RunFiles.deleteTree(work);
        }
      } catch (IOException e) {
        // A leftover temporary directory is harmless.
      }
    }
  }

  /** Waits until the one node is healthy with a block, as {@code up} does; false on a timeout. */
  private static boolean firstBlock(SupervisorClient client, Process supervisor)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    while (System.nanoTime() < deadline && supervisor.isAlive()) {
      try {
        JsonNode state = client.state().orElse(null);
        if (state != null && "running".equals(state.path("state").asText())) {
          JsonNode node = client.status().path("nodes").path(0).path("status");
          if (node.path("healthy").asBoolean(false) && node.path("height").asLong(0) >= 1) {
            return true;
          }
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(POLL_MILLIS);
    }
    return false;
  }
}
