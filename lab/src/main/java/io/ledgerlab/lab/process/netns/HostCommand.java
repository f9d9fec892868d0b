package io.ledgerlab.lab.process.netns;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run on the host for the lab's own plumbing ({@code ip}, {@code iptables}, {@code
 * nsenter}), bounded in time, whose failure names the command, its output and what it needs.
 */
public final class HostCommand {
  private static final long COMMAND_SECONDS = 20;

  private HostCommand() {}

  /**
   * Runs {@code command}, feeding it {@code input} (null: nothing), and returns its output.
   *
   * @param needs what the command needs, said when it cannot run or is refused ("... need root")
   * @throws IOException naming the command, its exit code and output
   */
  public static String run(List<String> command, String input, String needs) throws IOException {
    return run(command, input, needs, COMMAND_SECONDS);
  }

  /** As {@link #run(List, String, String)}, for a command that may take {@code seconds}. */
  public static String run(List<String> command, String input, String needs, long seconds)
      throws IOException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(
          "'" + command.get(0) + "' cannot run (" + e.getMessage() + "): " + needs, e);
    }
    try (OutputStream in = p.getOutputStream()) {
      if (input != null) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + ": no answer in " + seconds + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(String.join(" ", command) + ": interrupted", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command)
              + " failed ("
              + p.exitValue()
              + "): "
              + out.strip()
              + (out.contains("ermission") || out.contains("not permitted") ? " — " + needs : ""));
    }
    return out;
  }
}
