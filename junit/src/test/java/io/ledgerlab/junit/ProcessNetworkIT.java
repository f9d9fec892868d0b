package io.ledgerlab.junit;

import org.junit.jupiter.api.Timeout;

/** The network contract on real node processes: TCP, RocksDB, signals, the wall clock. */
@Timeout(180)
class ProcessNetworkIT extends NetworkContract {
  @Override
  protected Network.Builder world() {
    return Network.process();
  }
}
