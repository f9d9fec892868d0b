package io.ledgerlab.docker;

import com.github.dockerjava.api.DockerClient;
import java.util.ArrayList;
import java.util.List;

/** What the daemon still holds with a label: containers and networks, by name. */
final class Leftovers {
  private Leftovers() {}

  static List<String> labelled(DockerClient docker, String label) {
    List<String> out = new ArrayList<>();
    docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(List.of(label))
        .exec()
        .forEach(c -> out.add("container " + String.join(",", c.getNames())));
    docker
        .listNetworksCmd()
        .withFilter("label", List.of(label))
        .exec()
        .forEach(n -> out.add("network " + n.getName()));
    return out;
  }
}
