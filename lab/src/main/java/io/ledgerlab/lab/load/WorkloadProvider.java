package io.ledgerlab.lab.load;

import io.ledgerlab.lab.target.Op;
import java.util.Map;
import java.util.Set;

/**
 * Makes workloads of one kind: the SPI for custom workloads. Register an implementation in {@code
 * META-INF/services/io.ledgerlab.lab.load.WorkloadProvider} and name its {@link #kind()} in a
 * scenario's {@code workload.kind}; its options come from {@code workload.options}.
 */
public interface WorkloadProvider {
  /** The name scenarios use, such as {@code transfer}. */
  String kind();

  /**
   * A workload over the run's funded accounts, which its operations name by index.
   *
   * @throws IllegalArgumentException naming the option that is wrong and what was expected
   */
  Workload create(Context context, Map<String, String> options);

  /**
   * The operation kinds its workloads send, so that a target that cannot carry one out is named
   * before the run starts. Default: any (checked only when the wallet meets one).
   */
  default Set<Class<? extends Op>> operations() {
    return Set.of();
  }

  /** What a workload may build on: how many funded accounts there are, and the run's seed. */
  record Context(int accounts, long seed) {}
}
