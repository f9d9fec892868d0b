package io.ledgerlab.lab.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One node's OS process. The lab sends it real signals: SIGTERM for a graceful stop, SIGKILL for a
 * crash, SIGSTOP and SIGCONT for a pause. The node runs in a process group of its own and every
 * signal goes to the whole group, so a node started through a wrapper script (a shell, npx) is
 * frozen, stopped and killed with everything it started, and nothing of it outlives a kill.
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
  private List<String> command;
  private final Path out;
  private Map<String, String> environment;
  private final Path directory;
  private final boolean ownGroup = Files.isExecutable(Path.of(SETSID));
  private final Set<Process> expectedExits =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  private Process process;
  private State state = State.STOPPED;
  private volatile ExitListener onExit = (node, code, expected) -> {};

  public NodeProcess(String name, List<String> command, Path out) {
    this(name, command, out, Map.of());
  }

  /**
   * A node process run with {@code environment} on top of the lab's own, in the lab's directory.
   */
  public NodeProcess(String name, List<String> command, Path out, Map<String, String> environment) {
    this(name, command, out, environment, null);
  }

  /**
   * A node process run with {@code environment} on top of the lab's own, working in {@code
   * directory} (the lab's own when null): nodes side by side must not share files a program writes
   * where it stands.
   */
  public NodeProcess(
      String name,
      List<String> command,
      Path out,
      Map<String, String> environment,
      Path directory) {
    this.name = name;
    this.command = List.copyOf(command);
    this.out = out;
    this.environment = Map.copyOf(environment);
    this.directory = directory;
  }

  /**
   * The command of its next start: another software version. Only while no process runs: the one
   * running stays what it is.
   */
  public synchronized void setCommand(List<String> newCommand, Map<String, String> newEnvironment) {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is running; stop it before swapping its command");
    }
    this.command = List.copyOf(newCommand);
    this.environment = Map.copyOf(newEnvironment);
  }

  /** The command line of its next (or current) start. */
  public synchronized List<String> command() {
    return command;
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
    ProcessBuilder builder =
        new ProcessBuilder(inOwnSession(command))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    process = builder.start();
    state = State.RUNNING;
    Process started = process;
    started.onExit().thenAccept(this::exited);
  }

  private void exited(Process p) {
    // The group leader is gone; whatever it started in its group goes with it.
    signalGroup(p, "KILL");
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
  private List<String> inOwnSession(List<String> command) {
    if (!ownGroup) {
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
      signal("TERM");
    }
  }

  /**
   * SIGTERM, then SIGKILL if it has not stopped within a few seconds.
   *
   * @return true when SIGTERM was not enough and the node had to be killed
   */
  public synchronized boolean stop() {
    if (process == null || !process.isAlive()) {
      return false;
    }
    expectExit();
    if (state == State.PAUSED) {
      signal("CONT");
    }
    boolean escalated = false;
    signal("TERM");
    try {
      if (!process.waitFor(GRACEFUL_STOP_MILLIS, TimeUnit.MILLISECONDS)) {
        escalated = true;
        signal("KILL");
        process.waitFor(GRACEFUL_STOP_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      signal("KILL");
      Thread.currentThread().interrupt();
    }
    state = State.STOPPED;
    return escalated;
  }

  /** SIGKILL: the process dies at once, losing whatever it had not made durable. */
  public synchronized void kill() {
    if (process == null || !process.isAlive()) {
      return;
    }
    expectExit();
    signal("KILL");
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

  /** Signals the node's whole process group (or the process alone, without setsid). */
  private void signal(String signal) {
    if (!process.isAlive() && ownGroup) {
      signalGroup(process, signal);
      return;
    }
    String target = ownGroup ? "-" + process.pid() : Long.toString(process.pid());
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, "--", target)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      // kill fails when the group is already gone: the process exited and the JVM has not yet
      // reaped it. Only a process that stays alive makes a failed signal an error.
      if (!kill.waitFor(5, TimeUnit.SECONDS)
          || (kill.exitValue() != 0 && !process.waitFor(1, TimeUnit.SECONDS))) {
        throw new IllegalStateException("kill -" + signal + " -- " + target + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill -" + signal + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + name, e);
    }
  }

  /**
   * Signals what is left of {@code p}'s process group, without complaint when nothing is: a
   * wrapper's children after the wrapper is gone.
   */
  private void signalGroup(Process p, String signal) {
    if (!ownGroup) {
      return;
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, "--", "-" + p.pid())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // Nothing more can be done from here; down's sweep by PID is the last resort.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
