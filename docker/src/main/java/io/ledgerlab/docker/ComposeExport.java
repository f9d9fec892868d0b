package io.ledgerlab.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.github.dockerjava.api.DockerClient;
import io.ledgerlab.docker.image.Images;
import io.ledgerlab.docker.image.NodeImage;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.process.NodeLauncher;
import io.ledgerlab.lab.target.Chain;
import io.ledgerlab.lab.target.NodeSlot;
import io.ledgerlab.lab.target.Targets;
import io.ledgerlab.runtime.entropy.SystemEntropy;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ledgerlab export compose}: a network as a {@code docker-compose.yml} a team can take
 * elsewhere — the nodes' image (built here, as the docker engine builds it), their commands,
 * addresses on an internal network, and a directory with the genesis, keys and configs the target
 * prepared, mounted at its own path as the engine mounts a run directory.
 */
public final class ComposeExport {
  private static final String SUBNET = "10.215.0.";

  private ComposeExport() {}

  /**
   * Writes the network's files and {@code docker-compose.yml} into {@code out}, which must not
   * exist; returns the compose file.
   */
  public static Path export(Network network, Path out, Consumer<String> progress)
      throws IOException {
    if (Files.exists(out)) {
      throw new FileAlreadyExistsException(
          out.toString(), null, "the output directory exists; choose another");
    }
    RunLayout run = new RunLayout(out);
    Files.createDirectories(run.root());
    NodeImage image;
    DockerClient docker = Daemon.connect();
    try {
      image =
          new Images(docker, progress).forLaunch(network.launch(), NodeLauncher.currentClasspath());
    } finally {
      Daemon.close(docker);
    }
    Chain chain =
        Targets.named(network.target())
            .deploy(
                network, run, new SystemEntropy(), new DockerEngineProvider().genesisTimeMicros());
    Addresses at = new Addresses(SUBNET, network);
    Map<String, Object> services = new LinkedHashMap<>();
    List<Network.NodeSpec> nodes = network.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      Network.NodeSpec n = nodes.get(i);
      Files.createDirectories(run.data(n.name()));
      NodeSlot slot = new NodeSlot(network, n, i, run, at.p2p(i), at.rpc(i), at.peers(i), 0);
      ContainerSpec spec = ContainerSpec.of(image, slot, chain.prepare(slot));
      services.put(n.name(), service(network, spec));
    }
    Map<String, Object> compose = new LinkedHashMap<>();
    compose.put("version", "3.8");
    compose.put("services", services);
    compose.put(
        "networks",
        Map.of(
            "ledgerlab",
            Map.of(
                "internal",
                true,
                "labels",
                Map.of(Daemon.LABEL, "compose"),
                "ipam",
                Map.of("config", List.of(Map.of("subnet", SUBNET + "0/24"))))));
    Path file = out.resolve("docker-compose.yml");
    ObjectMapper yaml =
        new ObjectMapper(
            new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
    Files.writeString(
        file,
        "# ledgerlab export compose: "
            + network.name()
            + ", "
            + nodes.size()
            + " nodes on an internal network.\n# The image "
            + image.tag()
            + " was built on the exporting machine: move it with\n#   docker save "
            + image.tag()
            + " | docker load\n# and keep this directory at "
            + out.toAbsolutePath()
            + " (the configs name it).\n"
            + yaml.writeValueAsString(compose));
    return file;
  }

  private static Map<String, Object> service(Network network, ContainerSpec spec) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("image", spec.image());
    s.put("container_name", network.name() + "-" + spec.node());
    s.put("hostname", spec.node());
    s.put("entrypoint", spec.command());
    s.put("working_dir", spec.workingDir());
    s.put("user", spec.user());
    s.put("environment", new java.util.TreeMap<>(spec.env()));
    s.put("volumes", List.of(spec.mount() + ":" + spec.mount()));
    s.put("labels", Map.of(Daemon.LABEL, "compose", Daemon.NODE, spec.node()));
    s.put("networks", Map.of("ledgerlab", Map.of("ipv4_address", spec.address())));
    return s;
  }
}
