package io.ledgerlab.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Image;
import io.ledgerlab.docker.Daemon;
import io.ledgerlab.docker.image.Images;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerlab images}: the node images the docker engine built here, and pruning them. */
@Command(
    name = "images",
    description = {
      "List the node images the docker engine built on this machine (each tagged with its"
          + " content's hash, built once and reused), or remove them with --prune.",
    },
    mixinStandardHelpOptions = true)
final class ImagesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--prune", description = "Remove every Ledgerlab image no container uses.")
  boolean prune;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    DockerClient docker = Daemon.connect();
    try {
      Images images = new Images(docker, line -> {});
      if (prune) {
        List<String> removed = images.prune();
        removed.forEach(tag -> out.println("removed " + tag));
        out.println(removed.size() + " image(s) removed");
        return ExitCode.OK;
      }
      List<Image> all = images.list();
      out.printf(Locale.ROOT, "%-48s %-10s %9s  %s%n", "IMAGE", "KIND", "SIZE", "CREATED");
      for (Image i : all) {
        String tag = i.getRepoTags() == null ? i.getId() : String.join(",", i.getRepoTags());
        String kind = i.getLabels() == null ? "?" : i.getLabels().getOrDefault(Images.KIND, "?");
        out.printf(
            Locale.ROOT,
            "%-48s %-10s %6.1f MB  %s%n",
            tag,
            kind,
            i.getSize() / 1e6,
            Instant.ofEpochSecond(i.getCreated()));
      }
      out.println(all.size() + " image(s)");
      return ExitCode.OK;
    } finally {
      Daemon.close(docker);
    }
  }
}
