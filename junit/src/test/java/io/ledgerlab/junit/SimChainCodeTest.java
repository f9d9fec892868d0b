package io.ledgerlab.junit;

/** User chain code on the simulator. */
class SimChainCodeTest extends ChainCodeNetworkContract {
  @Override
  protected Network.Builder world() {
    return Network.sim();
  }
}
