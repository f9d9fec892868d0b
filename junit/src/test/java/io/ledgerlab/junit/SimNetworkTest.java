package io.ledgerlab.junit;

/** The network contract in the simulator: virtual time, deterministic from the seed. */
class SimNetworkTest extends NetworkContract {
  @Override
  protected Network.Builder world() {
    return Network.sim();
  }
}
