package io.ledgerlab.junit.campaign;

/**
 * A property that must hold after every few blocks and at the end. It reads the chain through
 * {@link View} and compares with the ghost state; it fails by throwing (an {@link AssertionError}
 * from any assertion library).
 *
 * @param <G> the campaign's ghost state
 */
@FunctionalInterface
public interface Invariant<G> {
  void check(View view, G ghost);
}
