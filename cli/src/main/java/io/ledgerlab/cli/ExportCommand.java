package io.ledgerlab.cli;

import io.ledgerlab.docker.ComposeExport;
import io.ledgerlab.lab.manifest.ManifestException;
import io.ledgerlab.lab.manifest.ManifestParser;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.manifest.YamlSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ledgerlab export compose}: a network as a docker-compose.yml to take elsewhere. */
@Command(
    name = "export",
    description = {
      "Export a network. 'compose' writes a docker-compose.yml of the manifest's network (the"
          + " nodes' image, built here; their commands; an internal network) and a directory with"
          + " its genesis, keys and configs.",
    },
    mixinStandardHelpOptions = true)
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FORMAT", description = "compose")
  String format;

  @Parameters(index = "1", paramLabel = "MANIFEST", description = "The network manifest (YAML).")
  Path manifest;

  @Option(
      names = {"-o", "--out"},
      description = "The directory to write (must not exist). Default: <name>-compose.")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!"compose".equals(format)) {
      err.println("ledgerlab export: expected the format 'compose', got '" + format + "'");
      return ExitCode.USAGE;
    }
    Network network;
    try {
      String text = YamlSource.read(manifest, YamlSource.Kind.MANIFEST);
      network = ManifestParser.parse(manifest.toString(), text);
      ManifestParser.refuseMonitoring(
          manifest.toString(), text, network, "an exported compose file");
    } catch (ManifestException e) {
      err.println("ledgerlab export: " + e.getMessage());
      return ExitCode.USAGE;
    }
    Path dir = (out != null ? out : Path.of(network.name() + "-compose")).toAbsolutePath();
    Path file = ComposeExport.export(network, dir, line -> err.println("ledgerlab: " + line));
    stdout.println("wrote " + file);
    stdout.println("start it with: docker-compose -f " + file + " up -d");
    return ExitCode.OK;
  }
}
