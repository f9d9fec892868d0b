package io.ledgerlab.cli;

import io.ledgerlab.chaincode.ChainCode;
import io.ledgerlab.ledger.sandbox.Sandbox;
import io.ledgerlab.ledger.sandbox.SandboxException;
import io.ledgerlab.ledger.sandbox.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerlab chaincode check <jar>}: what a node would say about a chain-code jar, before it
 * goes into a manifest or a genesis — every sandbox violation, or its name, version and SHA-256.
 */
@Command(
    name = "chaincode",
    description = "Chain-code jars: check one as a node would install it.",
    mixinStandardHelpOptions = true,
    subcommands = {ChainCodeCommand.Check.class})
final class ChainCodeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "check",
      description = {
        "Check a chain-code jar with the node's sandbox: the bytecode rules (no clock, threads,"
            + " randomness, I/O, reflection, native code, static mutable state, hash-ordered"
            + " collections), then load it and print its name, version and SHA-256 — the line a"
            + " manifest's chainCode entry takes. Exit 1 with every violation when it is refused.",
      },
      mixinStandardHelpOptions = true)
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "JAR", description = "The chain-code jar.")
    Path jar;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (!Files.isRegularFile(jar)) {
        err.println(jar + ": no such file");
        return ExitCode.USAGE;
      }
      List<Violation> violations = Sandbox.check(jar);
      if (!violations.isEmpty()) {
        err.println(jar + ": refused by the chain-code sandbox (" + violations.size() + "):");
        violations.forEach(v -> err.println("  " + v));
        return ExitCode.CHECK_FAILED;
      }
      String sha = Sandbox.sha256Hex(jar);
      ChainCode code;
      try {
        code = Sandbox.load(jar, sha);
      } catch (SandboxException e) {
        err.println(jar + ": " + e.getMessage());
        return ExitCode.CHECK_FAILED;
      }
      out.println(jar + ": accepted");
      out.println("  name:    " + code.name());
      out.println("  version: " + code.version());
      out.println("  sha256:  " + sha);
      return ExitCode.OK;
    }
  }
}
