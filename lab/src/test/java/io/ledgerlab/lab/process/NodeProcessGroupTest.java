package io.ledgerlab.lab.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started through a wrapper script: every signal reaches what the wrapper started, so a kill
 * leaves nothing behind and a pause freezes the real node, not only its shell.
 */
class NodeProcessGroupTest {
  @TempDir Path dir;
  private NodeProcess node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.kill();
    }
  }

  /** A shell that starts a child (the "real node"), writes its PID, and waits for it. */
  private long startWrapper(String trap) throws Exception {
    Path pid = dir.resolve("child.pid");
    String script = trap + "sleep 300 & echo $! > " + pid + "; wait";
    node =
        new NodeProcess(
            "n0", List.of("sh", "-c", script), dir.resolve("n0.out"), Map.of("LAB_TEST", "1"));
    node.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(pid) && !Files.readString(pid).isBlank()) {
        return Long.parseLong(Files.readString(pid).trim());
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the wrapper never started its child");
  }

  @Test
  void aKillTakesTheWrappersChildrenWithIt() throws Exception {
    long child = startWrapper("");

    node.kill();

    assertGone(child);
    assertThat(node.state()).isEqualTo(NodeProcess.State.KILLED);
  }

  @Test
  void aPauseFreezesTheChildAndAResumeThawsIt() throws Exception {
    long child = startWrapper("");

    node.pause();
    awaitState(child, 'T');
    node.resume();
    awaitState(child, 'S');
  }

  @Test
  void aNodeThatIgnoresSigtermIsKilledAfterTheBoundAndTheStopSaysSo() throws Exception {
    long child = startWrapper("trap '' TERM; ");

    boolean escalated = node.stop();

    assertThat(escalated).isTrue();
    assertGone(child);
    assertThat(node.state()).isEqualTo(NodeProcess.State.STOPPED);
  }

  @Test
  void theEnvironmentOfTheManifestReachesTheNode() throws Exception {
    Path out = dir.resolve("env.txt");
    node =
        new NodeProcess(
            "n0",
            List.of("sh", "-c", "echo \"$LAB_GREETING\" > " + out),
            dir.resolve("n0.out"),
            Map.of("LAB_GREETING", "hello node"));
    node.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline && !Files.exists(out)) {
      Thread.sleep(20);
    }
    Thread.sleep(50);
    assertThat(Files.readString(out).trim()).isEqualTo("hello node");
  }

  private static void assertGone(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline
        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      Thread.sleep(20);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("the wrapper's child %d outlived it", pid)
        .isFalse();
  }

  /** Waits for the state letter in /proc/PID/stat: T stopped, S sleeping. */
  private static void awaitState(long pid, char state) throws IOException, InterruptedException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    char seen = '?';
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      String s = Files.readString(stat);
      seen = s.charAt(s.lastIndexOf(')') + 2);
      if (seen == state) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("child " + pid + " is in state " + seen + ", not " + state);
  }
}
