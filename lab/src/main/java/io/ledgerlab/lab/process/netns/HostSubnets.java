package io.ledgerlab.lab.process.netns;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The /24 subnets a run's network may take on this host: none an interface or route uses. */
public final class HostSubnets {
  private HostSubnets() {}

  /**
   * The values of X for which {@code prefix}X.0/24 (such as {@code 10.213.}) is free, starting from
   * {@code pid % 256} so that labs running at once spread out.
   *
   * @param alsoUsed more text naming used addresses or subnets (another manager's networks)
   * @throws IOException when every one is taken
   */
  public static List<Integer> free(String prefix, long pid, String alsoUsed) throws IOException {
    String needs = "iproute2 (apt-get install iproute2)";
    String used =
        HostCommand.run(List.of("ip", "-4", "-o", "addr", "show"), null, needs)
            + HostCommand.run(List.of("ip", "-4", "route", "show", "table", "all"), null, needs)
            + alsoUsed;
    Set<Integer> taken = new HashSet<>();
    Matcher m = Pattern.compile(Pattern.quote(prefix) + "(\\d+)\\.").matcher(used);
    while (m.find()) {
      taken.add(Integer.parseInt(m.group(1)));
    }
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < 256; k++) {
      int x = (int) ((pid + k) % 256);
      if (!taken.contains(x)) {
        out.add(x);
      }
    }
    if (out.isEmpty()) {
      throw new IOException("every subnet " + prefix + "X.0/24 is in use on this host");
    }
    return out;
  }
}
