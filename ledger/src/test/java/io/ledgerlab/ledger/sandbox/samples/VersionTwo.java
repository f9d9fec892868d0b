package io.ledgerlab.ledger.sandbox.samples;

/** Version 2 of {@code versioned}, shipped in a jar of its own. */
public class VersionTwo extends VersionOne {
  @Override
  public int version() {
    return 2;
  }
}
