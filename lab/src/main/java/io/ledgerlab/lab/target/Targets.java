package io.ledgerlab.lab.target;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The targets on the classpath, by name: the pipeline finds its target here, not by import. */
public final class Targets {
  /** The chain a network runs when its manifest names none: Ledgerlab's reference chain. */
  public static final String DEFAULT = "reference";

  private Targets() {}

  public static Map<String, Target> available() {
    Map<String, Target> out = new TreeMap<>();
    for (Target t : ServiceLoader.load(Target.class)) {
      out.put(t.name(), t);
    }
    return out;
  }

  /** The target named {@code name}; throws naming the targets there are. */
  public static Target named(String name) {
    Target t = available().get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "no target named '" + name + "'; targets: " + available().keySet());
    }
    return t;
  }
}
