package io.ledgerlab.lab.check;

/**
 * A block a node refused to accept, as its log tells it ({@code block.invalid}): the height, the
 * block's hash, why, and when in run seconds.
 */
public record Rejection(String node, long height, String hash, String reason, double atSeconds) {
  /**
   * Whether the node refused the block because executing it gave other results than the block
   * claims — its state or receipts root — rather than for a bad signature or certificate: what a
   * node whose execution rules differ does to every block the others build.
   */
  public boolean executionMismatch() {
    // BlockExecutor's words: "block 7 is invalid: state root 8e49… differs from the header's
    // a1a9…".
    return (reason.contains("state root ") || reason.contains("receipts root "))
        && reason.contains("differs from the header's");
  }
}
