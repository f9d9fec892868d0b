package io.ledgerlab.lab.target;

/**
 * A node's own account of its state: the root of its head block, and the root rebuilt from every
 * entry it stores. They differ when the node's stored state drifted from what it committed to.
 */
public record StateAudit(long height, String headRoot, String rebuiltRoot) {
  public boolean consistent() {
    return headRoot.equals(rebuiltRoot);
  }
}
