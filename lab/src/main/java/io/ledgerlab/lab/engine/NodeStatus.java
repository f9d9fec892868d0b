package io.ledgerlab.lab.engine;

/** Where a node is in its life, as its engine sees it. */
public enum NodeStatus {
  RUNNING,
  PAUSED,
  /** Stopped, killed or crashed by the lab; it can be started again. */
  DOWN,
  /** Gone on its own: its exit was not the lab's doing. */
  EXITED;

  public boolean alive() {
    return this == RUNNING || this == PAUSED;
  }
}
