package io.ledgerlab.ledger.exec;

import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.ledger.block.Receipt;
import java.util.regex.Pattern;

/**
 * Holds what chain code returns to what a receipt can carry. A user's chain code can return any
 * code and any result; the receipt's encoding has limits, and a block that cannot be encoded would
 * stop the chain. So an error code that is not a short upper-case identifier, or a result over the
 * limit, becomes a fixed failure — the same on every node, because both depend only on the outcome.
 */
final class Outcomes {
  static final String BAD_ERROR_CODE = "BAD_ERROR_CODE";
  static final String RESULT_TOO_LARGE = "RESULT_TOO_LARGE";
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  private Outcomes() {}

  static Outcome stable(Outcome outcome) {
    if (outcome == null) {
      return Outcome.fail(BlockExecutor.CHAIN_CODE_ERROR, "the chain code returned no outcome");
    }
    if (!outcome.succeeded() && !CODE.matcher(outcome.errorCode()).matches()) {
      return Outcome.fail(
          BAD_ERROR_CODE, "error codes are 1 to 64 of A-Z, 0-9 and _, starting with a letter");
    }
    int size = outcome.result().length;
    if (size > Receipt.RESULT_BYTES_MAX) {
      return Outcome.fail(
          RESULT_TOO_LARGE, size + " result bytes exceed " + Receipt.RESULT_BYTES_MAX);
    }
    return outcome;
  }
}
