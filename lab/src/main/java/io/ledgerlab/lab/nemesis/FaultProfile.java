package io.ledgerlab.lab.nemesis;

/** Which kinds of faults a random nemesis draws from. */
public enum FaultProfile {
  NONE,
  PARTITIONS,
  CRASHES,
  CLOCK_SKEW,
  ALL;

  public boolean partitions() {
    return this == PARTITIONS || this == ALL;
  }

  public boolean crashes() {
    return this == CRASHES || this == ALL;
  }

  public boolean clockSkew() {
    return this == CLOCK_SKEW || this == ALL;
  }
}
