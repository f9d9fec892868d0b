package io.ledgerlab.docker;

import com.github.dockerjava.api.DockerClient;
import io.ledgerlab.lab.process.netns.HostSubnets;
import java.io.IOException;
import java.util.List;

/** The subnets 10.214.X.0/24 a run's network may take: none the host or Docker already uses. */
final class Subnets {
  private Subnets() {}

  /** Free values of X: no host interface or route, and no Docker network, uses 10.214.X.0/24. */
  static List<Integer> candidates(DockerClient docker) throws IOException {
    StringBuilder docker24s = new StringBuilder();
    for (var n : docker.listNetworksCmd().exec()) {
      if (n.getIpam() != null && n.getIpam().getConfig() != null) {
        n.getIpam().getConfig().forEach(c -> docker24s.append(' ').append(c.getSubnet()));
      }
    }
    return HostSubnets.free("10.214.", ProcessHandle.current().pid(), docker24s.toString());
  }
}
