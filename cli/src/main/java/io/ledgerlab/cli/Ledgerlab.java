package io.ledgerlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ledgerlab} command: one subcommand per user task. */
@Command(
    name = "ledgerlab",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "DevOps for blockchain systems: networks as code, load, chaos, checks.",
    subcommands = {
      DevchainCommand.class,
      SimCommand.class,
      RunCommand.class,
      UpCommand.class,
      StatusCommand.class,
      DashboardCommand.class,
      FaultCommand.class,
      LogsCommand.class,
      DownCommand.class,
      ImagesCommand.class,
      ChainCodeCommand.class,
      ReplayCommand.class,
      StateCommand.class,
      ExportCommand.class,
      NodeCommand.class,
      KeysCommand.class,
      FeedCommand.class,
      AgentCommand.class,
      ReportCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Ledgerlab implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests. */
  public static CommandLine commandLine() {
    CommandLine cl =
        new CommandLine(new Ledgerlab())
            .setExecutionExceptionHandler(new ErrorHandler())
            .setCaseInsensitiveEnumValuesAllowed(true);
    // "fault skew n0 -500ms": a negative offset is an argument, not an unknown option.
    cl.getSubcommands().get("fault").setUnmatchedOptionsArePositionalParams(true);
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
