package io.ledgerlab.lab.check;

import io.ledgerlab.lab.target.BlockView;
import io.ledgerlab.lab.target.StateAudit;
import io.ledgerlab.lab.target.Supply;
import java.util.List;

/**
 * What the final reads got from one honest node. Each part is null when it could not be read, and
 * its error says why.
 */
public record NodeRead(
    String node,
    List<BlockView> chain,
    String chainError,
    StateAudit state,
    String stateError,
    Supply supply,
    String supplyError) {
  public long height() {
    return chain == null ? -1 : chain.size();
  }
}
