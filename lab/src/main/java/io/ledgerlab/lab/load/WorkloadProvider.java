package io.ledgerlab.lab.load;

import io.ledgerlab.ledger.crypto.Address;
import java.util.List;
import java.util.Map;

/**
 * Makes workloads of one kind: the SPI for custom workloads. Register an implementation in {@code
 * META-INF/services/io.ledgerlab.lab.load.WorkloadProvider} and name its {@link #kind()} in a
 * scenario's {@code workload.kind}; its options come from {@code workload.options}.
 */
public interface WorkloadProvider {
  /** The name scenarios use, such as {@code transfer}. */
  String kind();

  /**
   * A workload over the run's funded accounts.
   *
   * @throws IllegalArgumentException naming the option that is wrong and what was expected
   */
  Workload create(Context context, Map<String, String> options);

  /** What a workload may build on: the funded accounts (by index) and the run's seed. */
  record Context(List<Address> accounts, long seed) {}
}
