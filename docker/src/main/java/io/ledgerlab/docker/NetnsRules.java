package io.ledgerlab.docker;

import io.ledgerlab.lab.process.netns.HostCommand;
import io.ledgerlab.lab.process.netns.LinkRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's link faults as iptables rules in its own network namespace, entered from the host
 * with {@code nsenter} by the container's PID, so the image needs no tools of its own: the same
 * rules as nodes in the process engine's namespaces ({@link LinkRules}), real kernel drops. A
 * container's namespace is made anew at each start, so its rules are set again then.
 */
final class NetnsRules {
  private static final String NEEDS =
      "link faults on containers need nsenter and iptables on the host (apt-get install"
          + " util-linux iptables) and root";

  private NetnsRules() {}

  /** Makes the lab's chain in a freshly started container's namespace and jumps to it. */
  static void install(long pid) throws IOException {
    HostCommand.run(inside(pid, "iptables", "-w", "-N", LinkRules.CHAIN), null, NEEDS);
    HostCommand.run(
        inside(pid, "iptables", "-w", "-A", "OUTPUT", "-j", LinkRules.CHAIN), null, NEEDS);
  }

  /** Replaces the rules in the container's namespace with {@code input} ({@link LinkRules}). */
  static void apply(long pid, String input) throws IOException {
    HostCommand.run(inside(pid, "iptables-restore", "-w", "--noflush"), input, NEEDS);
  }

  /** The rules in force in the container's namespace, as iptables lists them. */
  static String list(long pid) throws IOException {
    return HostCommand.run(inside(pid, "iptables", "-w", "-S", LinkRules.CHAIN), null, NEEDS);
  }

  private static List<String> inside(long pid, String... command) {
    List<String> out = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid), "-n"));
    out.addAll(List.of(command));
    return out;
  }
}
