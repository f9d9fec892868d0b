package io.ledgerlab.junit;

import org.junit.jupiter.api.Timeout;

/** User chain code on real node processes: each node loads the jar copied beside its genesis. */
@Timeout(180)
class ProcessChainCodeIT extends ChainCodeNetworkContract {
  @Override
  protected Network.Builder world() {
    return Network.process();
  }
}
