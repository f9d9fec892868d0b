package io.ledgerlab.chaincode;

/**
 * Application logic that runs inside the chain. Implementations must be deterministic: every
 * validator runs the same calls on the same state and must reach the same result, so they may touch
 * nothing but their context — no clock, no randomness, no I/O, no static mutable state.
 *
 * <p>A failed outcome's code and message go into the receipt, which is hashed into the block: build
 * them from the call's inputs and state, never from a JDK exception's class or message, which
 * differ between JDK builds and flags. A {@link ChainCodeException} becomes a failed outcome with
 * its code and message; any other exception thrown out of a call is recorded as a fixed {@code
 * CHAIN_CODE_ERROR}, and a call that runs out of its step budget as {@code OUT_OF_STEPS}.
 *
 * <p>A jar carries one implementation, named in {@code
 * META-INF/services/io.ledgerlab.chaincode.ChainCode}, with a public no-argument constructor.
 */
public interface ChainCode {
  /** The name callers address, such as {@code token}. */
  String name();

  /** The version of this implementation; an upgrade installs a higher one. */
  int version();

  /** Runs a state-changing method. A failed outcome discards every write the call made. */
  Outcome invoke(CallContext context, String method, byte[] args);

  /** Answers a read-only question; it cannot write. */
  Outcome query(QueryContext context, String method, byte[] args);
}
