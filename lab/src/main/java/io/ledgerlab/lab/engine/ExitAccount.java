package io.ledgerlab.lab.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node that exited unexpectedly left to explain itself, for engines whose nodes write to the
 * run directory: its last output and log lines, and the line our node program prints of its own
 * exit.
 */
public final class ExitAccount {
  private static final int TAIL_LINES = 10;
  private static final String OWN_ACCOUNT = "ledgerlab node: ";

  private ExitAccount() {}

  /** The event of a node's exit: with its own account and last lines when the lab did not ask. */
  public static NodeEvent exited(
      RunLayout run, String node, long atMicros, int exitCode, boolean expected) {
    return expected
        ? NodeEvent.exited(node, atMicros, exitCode, true, "", List.of())
        : NodeEvent.exited(
            node, atMicros, exitCode, false, reason(run, node, exitCode), tail(run, node));
  }

  /**
   * What the node said of its own exit: our node program prints one line starting with {@code
   * "ledgerlab node: "} just before it exits with a code of its own (a bad config, a taken port, a
   * failure while running), above the stack trace that pushes it out of the last lines. A process
   * killed by a signal said nothing; nor does a node binary that is not ours.
   */
  public static String reason(RunLayout run, String node, int exitCode) {
    if (exitCode <= 0 || exitCode >= 128) {
      return "";
    }
    try {
      List<String> out = Files.readAllLines(run.out(node));
      for (int i = out.size() - 1; i >= 0; i--) {
        if (out.get(i).startsWith(OWN_ACCOUNT)) {
          return out.get(i).substring(OWN_ACCOUNT.length());
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // The last lines say that the output cannot be read.
    }
    return "";
  }

  /** The node's last output and log lines: what it said before it died. */
  public static List<String> tail(RunLayout run, String node) {
    List<String> out = new ArrayList<>();
    for (Path file : List.of(run.out(node), run.log(node))) {
      if (file.equals(run.log(node)) && !Files.exists(file)) {
        continue; // a node binary that is not ours writes no structured log
      }
      try {
        List<String> all = Files.readAllLines(file);
        out.addAll(all.subList(Math.max(0, all.size() - TAIL_LINES), all.size()));
      } catch (IOException | UncheckedIOException e) {
        out.add("(cannot read " + file.getFileName() + ": " + e.getMessage() + ")");
      }
    }
    return out;
  }
}
