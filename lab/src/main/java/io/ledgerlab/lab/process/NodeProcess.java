package io.ledgerlab.lab.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One node's OS process. The lab sends it real signals: SIGTERM for a graceful stop, SIGKILL for a
 * crash, SIGSTOP and SIGCONT for a pause.
 */
public final class NodeProcess {
  /** Where a node process is in its life, as the lab sees it. */
  public enum State {
    RUNNING,
    PAUSED,
    STOPPED,
    KILLED,
    EXITED
  }

  private static final long GRACEFUL_STOP_MILLIS = 5_000;

  /** Told when a node's process ends: its exit code, and whether the lab asked it to. */
  @FunctionalInterface
  public interface ExitListener {
    void exited(String node, int exitCode, boolean expected);
  }

  private final String name;
  private final List<String> command;
  private final Path out;
  private final Set<Process> expectedExits =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  private Process process;
  private State state = State.STOPPED;
  private volatile ExitListener onExit = (node, code, expected) -> {};

  public NodeProcess(String name, List<String> command, Path out) {
    this.name = name;
    this.command = List.copyOf(command);
    this.out = out;
  }

  /** Where exits are reported, from any thread, the moment the process is gone. */
  public void onExit(ExitListener listener) {
    this.onExit = listener;
  }

  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    File log = out.toFile();
    process =
        new ProcessBuilder(inOwnSession(command))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    state = State.RUNNING;
    Process started = process;
    started.onExit().thenAccept(this::exited);
  }

  private void exited(Process p) {
    boolean expected;
    synchronized (this) {
      expected = expectedExits.remove(p);
      if (!expected && p == process && (state == State.RUNNING || state == State.PAUSED)) {
        state = State.EXITED;
      }
    }
    onExit.exited(name, p.exitValue(), expected);
  }

  /** The lab is about to end the current process: its exit is no news. */
  private void expectExit() {
    if (process != null && process.isAlive()) {
      expectedExits.add(process);
    }
  }

  /**
   * The command in a session of its own, so that Ctrl-C in the lab's terminal reaches the lab,
   * which stops the nodes itself, and not every node at once. {@code setsid} execs the command in
   * place (a child of the JVM is not a group leader), so the process keeps the node's PID; without
   * {@code setsid} the node shares the lab's session. A node still exits when its lab is gone.
   */
  private static List<String> inOwnSession(List<String> command) {
    if (!java.nio.file.Files.isExecutable(Path.of(SETSID))) {
      return command;
    }
    List<String> out = new java.util.ArrayList<>(command.size() + 1);
    out.add(SETSID);
    out.addAll(command);
    return out;
  }

  private static final String SETSID = "/usr/bin/setsid";

  /** SIGTERM without waiting; {@link #stop()} waits. */
  public synchronized void requestStop() {
    expectExit();
    if (process != null && process.isAlive()) {
      if (state == State.PAUSED) {
        signal("CONT");
        state = State.RUNNING;
      }
      process.destroy();
    }
  }

  /** SIGTERM, then SIGKILL if it has not stopped within a few seconds. */
  public synchronized void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    expectExit();
    if (state == State.PAUSED) {
      signal("CONT");
    }
    process.destroy();
    try {
      if (!process.waitFor(GRACEFUL_STOP_MILLIS, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(GRACEFUL_STOP_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    state = State.STOPPED;
  }

  /** SIGKILL: the process dies at once, losing whatever it had not made durable. */
  public synchronized void kill() {
    if (process == null || !process.isAlive()) {
      return;
    }
    expectExit();
    process.destroyForcibly();
    try {
      process.waitFor(GRACEFUL_STOP_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    state = State.KILLED;
  }

  /** SIGSTOP: the process freezes; its sockets stay open and its peers see silence. */
  public synchronized void pause() {
    requireAlive();
    signal("STOP");
    state = State.PAUSED;
  }

  /** SIGCONT. */
  public synchronized void resume() {
    requireAlive();
    signal("CONT");
    state = State.RUNNING;
  }

  private void requireAlive() {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill -" + signal + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + name, e);
    }
  }

  public String name() {
    return name;
  }

  public synchronized Optional<Long> pid() {
    return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
  }

  /** The process's state; a process that died on its own is EXITED, with its exit code. */
  public synchronized State state() {
    if (state == State.RUNNING || state == State.PAUSED) {
      if (process != null && !process.isAlive()) {
        state = State.EXITED;
      }
    }
    return state;
  }

  public synchronized Optional<Integer> exitCode() {
    return process != null && !process.isAlive()
        ? Optional.of(process.exitValue())
        : Optional.empty();
  }

  public synchronized Optional<ProcessHandle> handle() {
    return Optional.ofNullable(process).map(Process::toHandle);
  }
}
