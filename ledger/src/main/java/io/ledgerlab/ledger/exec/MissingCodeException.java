package io.ledgerlab.ledger.exec;

/**
 * Thrown where a block would run chain code this node does not have. Not an invalid block: the
 * block may be fine, this node cannot tell. The consensus node checks before it enters a height
 * ({@link BlockExecutor#missingCode}) and halts instead, so this reaches only callers that skip
 * that check.
 */
public final class MissingCodeException extends RuntimeException {
  private final transient MissingCode missing;

  public MissingCodeException(MissingCode missing) {
    super(missing.toString());
    this.missing = missing;
  }

  public MissingCode missing() {
    return missing;
  }
}
