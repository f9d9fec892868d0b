package io.ledgerlab.cli;

import io.ledgerlab.node.keys.PasswordSource;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a {@code keys} command finds a password: {@code --password-file FILE}, {@code
 * --password-env VAR}, or else the terminal with echo off. A password's value is never an argument
 * — shell history and {@code ps} would keep it — so {@code --password} exists only to be refused.
 */
final class KeyPasswords {
  static final String NEVER_ON_THE_COMMAND_LINE =
      "a password is never taken on the command line, where shell history and ps keep it; use"
          + " --password-file FILE or --password-env VAR, or type it at the prompt";

  /** The password that opens (or, for a new key, will open) the key. */
  static final class Current {
    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description = "A file holding the password (one line; the newline is not part of it).")
    Path file;

    @Option(
        names = "--password-env",
        paramLabel = "VAR",
        description = "The environment variable holding the password, by name.")
    String env;

    @Option(names = "--password", hidden = true, arity = "0..1", fallbackValue = "")
    String onCommandLine;

    PasswordSource source(String prompt, boolean confirm) {
      return KeyPasswords.source(
          file, env, onCommandLine, "--password-file", "--password-env", prompt, confirm);
    }
  }

  /** The password an exported copy is encrypted under. */
  static final class New {
    @Option(
        names = "--new-password-file",
        paramLabel = "FILE",
        description = "A file holding the exported copy's password.")
    Path file;

    @Option(
        names = "--new-password-env",
        paramLabel = "VAR",
        description = "The environment variable holding the exported copy's password.")
    String env;

    @Option(names = "--new-password", hidden = true, arity = "0..1", fallbackValue = "")
    String onCommandLine;

    PasswordSource source(String prompt) {
      return KeyPasswords.source(
          file, env, onCommandLine, "--new-password-file", "--new-password-env", prompt, true);
    }
  }

  private static PasswordSource source(
      Path file,
      String env,
      String onCommandLine,
      String fileOption,
      String envOption,
      String prompt,
      boolean confirm) {
    if (onCommandLine != null) {
      throw new IllegalArgumentException(NEVER_ON_THE_COMMAND_LINE);
    }
    if (file != null && env != null) {
      throw new IllegalArgumentException(fileOption + " and " + envOption + ": give one, not both");
    }
    if (file != null) {
      return new PasswordSource.File(file);
    }
    if (env != null) {
      return new PasswordSource.Env(env);
    }
    return new PasswordSource.Prompt(prompt, confirm);
  }

  private KeyPasswords() {}
}
