package io.ledgerlab.lab.engine;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The engines on the classpath, by name. */
public final class Engines {
  private Engines() {}

  public static Map<String, EngineProvider> available() {
    Map<String, EngineProvider> out = new TreeMap<>();
    for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
      out.put(p.name(), p);
    }
    return out;
  }

  /** The engine named {@code name}; throws naming the engines there are. */
  public static EngineProvider named(String name) {
    EngineProvider p = available().get(name);
    if (p == null) {
      throw new IllegalArgumentException(
          "no engine named '" + name + "'; engines: " + available().keySet());
    }
    return p;
  }
}
