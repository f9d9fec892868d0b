package io.ledgerlab.lab.engine;

import java.util.Set;

/**
 * What an engine can do, checked against a scenario before anything starts.
 *
 * @param faults the fault kinds it can put into effect
 * @param twins whether it can run one validator as two instances sharing a key
 * @param launchesProcesses whether it starts nodes from a command, so {@code launch} settings apply
 * @param runsImages whether it runs nodes in container images, so {@code launch.image} applies
 * @param simulatedSignatures whether its nodes can sign with the simulator's scheme ({@code
 *     simulation.signatures}): only in the lab's own JVM
 */
public record Capabilities(
    Set<FaultKind> faults,
    boolean twins,
    boolean launchesProcesses,
    boolean runsImages,
    boolean simulatedSignatures) {
  public Capabilities {
    faults = Set.copyOf(faults);
  }

  /** An engine whose nodes sign with real Ed25519 only. */
  public Capabilities(
      Set<FaultKind> faults, boolean twins, boolean launchesProcesses, boolean runsImages) {
    this(faults, twins, launchesProcesses, runsImages, false);
  }
}
