package io.ledgerlab.docker;

import io.ledgerlab.docker.image.NodeImage;
import io.ledgerlab.lab.engine.RunLayout;
import io.ledgerlab.lab.manifest.Network;
import io.ledgerlab.lab.process.NodeLauncher;
import io.ledgerlab.lab.target.NodeSetup;
import io.ledgerlab.lab.target.NodeSlot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's container: the launch command filled in for the image, its environment, where it
 * works, its address on the run's network, and the run directory mounted at its own path (so the
 * paths in the node's config hold inside). The engine creates containers from it; {@code export
 * compose} writes it down.
 *
 * @param user "uid:gid" of the lab, so the node writes the run directory as the lab would
 */
public record ContainerSpec(
    String node,
    String image,
    List<String> command,
    Map<String, String> env,
    String workingDir,
    String address,
    String mount,
    String user) {
  public ContainerSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }

  /** The container of the node in {@code slot}, as the target prepared it. */
  public static ContainerSpec of(NodeImage image, NodeSlot slot, NodeSetup setup) {
    Network network = slot.network();
    RunLayout run = slot.run();
    Map<String, String> values = new LinkedHashMap<>(slot.placeholders());
    values.putAll(setup.placeholders());
    List<String> jvmOptions = new ArrayList<>(network.launch().jvmOptions());
    jvmOptions.addAll(image.jvmOptions());
    NodeLauncher launcher =
        NodeLauncher.elsewhere(
            network.launch().command(), jvmOptions, Path.of(image.java()), image.classpath());
    Map<String, String> env = new LinkedHashMap<>();
    // A program that keeps files in its home keeps them with the node, not in the image.
    env.put("HOME", run.nodeDir(slot.name()).toString());
    env.putAll(network.launch().env());
    env.putAll(setup.environment());
    List<String> command = new ArrayList<>(launcher.command(values, run));
    // The image holds the program at its normalized path: an image has no "examples/.." to walk.
    if (command.get(0).startsWith("/")) {
      command.set(0, Path.of(command.get(0)).normalize().toString());
    }
    return new ContainerSpec(
        slot.name(),
        image.tag(),
        command,
        env,
        run.nodeDir(slot.name()).toString(),
        slot.p2p().getHostString(),
        run.root().toString(),
        Owner.uidGid());
  }

  /** The environment as Docker takes it: NAME=value. */
  public List<String> envList() {
    return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
  }
}
