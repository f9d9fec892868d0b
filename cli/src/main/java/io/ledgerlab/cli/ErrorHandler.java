package io.ledgerlab.cli;

import picocli.CommandLine;

/**
 * Turns an exception that escapes a command into one clear line and an exit status. Invalid
 * arguments found after parsing are usage errors; anything else is a crash, with its stack trace
 * kept for the bug report when {@code LEDGERLAB_DEBUG} is set.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    if (e instanceof IllegalArgumentException) {
      cmd.getErr().println("ledgerlab " + cmd.getCommandName() + ": " + e.getMessage());
      cmd.getErr().println("see: ledgerlab " + cmd.getCommandName() + " --help");
      return ExitCode.USAGE;
    }
    cmd.getErr().println("ledgerlab " + cmd.getCommandName() + " failed: " + e);
    if (System.getenv("LEDGERLAB_DEBUG") != null) {
      e.printStackTrace(cmd.getErr());
    }
    return ExitCode.CRASH;
  }
}
