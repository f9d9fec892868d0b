package io.ledgerlab.lab.engine;

import java.util.List;
import java.util.Objects;

/**
 * Something that happened to a node's life, as its engine saw it.
 *
 * @param atMicros run time of the event
 * @param exitCode for an exit: the process's exit code (the simulator uses the node process's own
 *     codes, 70 for a node that failed while running); -1 otherwise
 * @param expected for an exit: whether the lab caused it (a fault, a stop, the end of the run)
 * @param reason for an exit: what the engine knows of why, or ""
 * @param lastLines for an unexpected exit: the node's last log and output lines
 * @param version for a start: the software version the node started with (network.versions), or ""
 *     when the engine does not say
 */
public record NodeEvent(
    String node,
    Type type,
    long atMicros,
    int exitCode,
    boolean expected,
    String reason,
    List<String> lastLines,
    String version) {
  /** What happened. */
  public enum Type {
    STARTED,
    EXITED
  }

  public NodeEvent {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(type, "type");
    reason = reason == null ? "" : reason;
    lastLines = List.copyOf(lastLines);
    version = version == null ? "" : version;
  }

  public static NodeEvent started(String node, long atMicros) {
    return started(node, atMicros, "");
  }

  /** A start with the software version the node runs from now on. */
  public static NodeEvent started(String node, long atMicros, String version) {
    return new NodeEvent(node, Type.STARTED, atMicros, -1, true, "", List.of(), version);
  }

  public static NodeEvent exited(
      String node,
      long atMicros,
      int exitCode,
      boolean expected,
      String reason,
      List<String> lastLines) {
    return new NodeEvent(node, Type.EXITED, atMicros, exitCode, expected, reason, lastLines, "");
  }

  /** An exit the lab did not cause: a crash bug, an out-of-memory kill, a kill from outside. */
  public boolean unexpectedExit() {
    return type == Type.EXITED && !expected;
  }

  /** "exit code 137 (killed by signal 9)", "exit code 70". */
  public String exitDescription() {
    String signal =
        exitCode > 128 && exitCode < 160 ? " (killed by signal " + (exitCode - 128) + ")" : "";
    return "exit code " + exitCode + signal + (reason.isEmpty() ? "" : ": " + reason);
  }
}
