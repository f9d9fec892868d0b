package io.ledgerlab.cli;

/** Exit statuses, so scripts and CI can tell a failed check from a broken invocation. */
public final class ExitCode {
  /** Everything ran and every check passed. */
  public static final int OK = 0;

  /** The run completed and at least one check failed. */
  public static final int CHECK_FAILED = 1;

  /** The command line was wrong (picocli's own code). */
  public static final int USAGE = 2;

  /** Ledgerlab itself failed before it could reach a verdict. */
  public static final int CRASH = 3;

  /**
   * {@code replay} and {@code state export}: the stored chain does not replay under its own code,
   * or its stored state does not match its head — the data, not the code under test, is wrong. (4
   * and 5 are {@code sim}'s safety and liveness failures.)
   */
  public static final int STORED_CHAIN_INVALID = 6;

  /** Interrupted by SIGINT (Ctrl-C) or SIGTERM, as a shell reports a signalled command. */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}
