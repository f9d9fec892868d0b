package io.ledgerlab.lab.nemesis;

/** Overlapping faults in the simulator: virtual time, so every window is exactly on schedule. */
class FaultOverlapTest extends FaultOverlapContract {
  @Override
  String engine() {
    return "sim";
  }

  @Override
  double slackSeconds() {
    return 0.01;
  }
}
