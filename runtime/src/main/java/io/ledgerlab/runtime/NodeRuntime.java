package io.ledgerlab.runtime;

import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.entropy.Entropy;
import io.ledgerlab.runtime.log.EventLog;
import io.ledgerlab.runtime.net.Transport;
import io.ledgerlab.runtime.time.Clock;
import io.ledgerlab.runtime.time.Timers;
import java.util.Objects;

/** Everything a node may touch of the world. Simulated and real worlds both provide one. */
public record NodeRuntime(
    Clock clock, Timers timers, Transport transport, Disk disk, Entropy entropy, EventLog log) {
  public NodeRuntime {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(timers, "timers");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(disk, "disk");
    Objects.requireNonNull(entropy, "entropy");
    Objects.requireNonNull(log, "log");
  }
}
