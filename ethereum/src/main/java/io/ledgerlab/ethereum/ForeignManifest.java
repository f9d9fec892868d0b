package io.ledgerlab.ethereum;

import io.ledgerlab.lab.manifest.NetworkFile;
import io.ledgerlab.lab.target.Target.Problem;
import java.util.List;
import java.util.Map;

/**
 * The manifest keys that only the reference node honours (voting power, Byzantine behaviours,
 * canaries, twins, the lab's clock offsets, its log level and JVM options), refused for the nodes
 * of a target that runs someone else's node program.
 */
final class ForeignManifest {
  private ForeignManifest() {}

  /** Adds a problem for each such key {@code f} sets; {@code target} names who refuses it. */
  static void problems(List<Problem> out, NetworkFile f, String target) {
    if (f.nodes != null) {
      for (int i = 0; i < f.nodes.size(); i++) {
        NetworkFile.NodeEntry n = f.nodes.get(i);
        String p = "/nodes/" + i;
        if (n == null) {
          continue;
        }
        unsupported(out, target, n.power != null && n.power != 1, p + "/power", "voting power");
        unsupported(
            out,
            target,
            n.behaviour != null && !n.behaviour.equals("honest"),
            p + "/behaviour",
            "Byzantine behaviours (they are the reference node's)");
        unsupported(out, target, n.clockOffset != null, p + "/clockOffset", "clock offset");
        unsupported(
            out, target, n.canary != null && !n.canary.equals("none"), p + "/canary", "canaries");
        unsupported(out, target, Boolean.TRUE.equals(n.twin), p + "/twin", "twins");
      }
    }
    if (f.versions != null) {
      for (Map.Entry<String, NetworkFile.VersionEntry> v : f.versions.entrySet()) {
        unsupported(
            out,
            target,
            v.getValue() != null && v.getValue().canary != null,
            "/versions/" + v.getKey() + "/canary",
            "canaries");
      }
    }
    if (f.launch != null) {
      unsupported(
          out,
          target,
          f.launch.logLevel != null,
          "/launch/logLevel",
          "log level (set the node's own in launch.command)");
      unsupported(
          out,
          target,
          f.launch.jvmOptions != null
              && (f.launch.command == null || !f.launch.command.contains("{jvmOptions}")),
          "/launch/jvmOptions",
          "JVM options unless the command has {jvmOptions}");
    }
  }

  /** A problem at {@code pointer} when {@code given}: {@code target} has no {@code what}. */
  static void unsupported(
      List<Problem> out, String target, boolean given, String pointer, String what) {
    if (given) {
      out.add(new Problem(pointer, "nothing here: the " + target + " target has no " + what));
    }
  }
}
