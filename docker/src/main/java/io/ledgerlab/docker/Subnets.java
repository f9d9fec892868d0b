package io.ledgerlab.docker;

import com.github.dockerjava.api.DockerClient;
import io.ledgerlab.lab.process.netns.HostCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The subnets 10.214.X.0/24 a run's network may take: none the host or Docker already uses. */
final class Subnets {
  private static final Pattern OURS = Pattern.compile("10\\.214\\.(\\d+)\\.");

  private Subnets() {}

  /** Free values of X, starting from this process's PID so that parallel labs spread out. */
  static List<Integer> candidates(DockerClient docker) throws IOException {
    StringBuilder used = new StringBuilder();
    used.append(HostCommand.run(List.of("ip", "-4", "-o", "addr", "show"), null, "iproute2"));
    used.append(
        HostCommand.run(List.of("ip", "-4", "route", "show", "table", "all"), null, "iproute2"));
    for (var n : docker.listNetworksCmd().exec()) {
      if (n.getIpam() != null && n.getIpam().getConfig() != null) {
        n.getIpam().getConfig().forEach(c -> used.append(' ').append(c.getSubnet()));
      }
    }
    Set<Integer> taken = new HashSet<>();
    Matcher m = OURS.matcher(used);
    while (m.find()) {
      taken.add(Integer.parseInt(m.group(1)));
    }
    List<Integer> out = new ArrayList<>();
    long pid = ProcessHandle.current().pid();
    for (int k = 0; k < 256; k++) {
      int x = (int) ((pid + k) % 256);
      if (!taken.contains(x)) {
        out.add(x);
      }
    }
    if (out.isEmpty()) {
      throw new IOException("every subnet 10.214.X.0/24 is in use on this host");
    }
    return out;
  }
}
