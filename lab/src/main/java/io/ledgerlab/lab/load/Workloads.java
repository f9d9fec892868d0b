package io.ledgerlab.lab.load;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The workload kinds on the classpath: the built-ins and any registered through the SPI. */
public final class Workloads {
  private Workloads() {}

  public static Map<String, WorkloadProvider> available() {
    Map<String, WorkloadProvider> out = new TreeMap<>();
    for (WorkloadProvider p : ServiceLoader.load(WorkloadProvider.class)) {
      out.put(p.kind(), p);
    }
    return out;
  }
}
