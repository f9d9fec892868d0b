package io.ledgerlab.junit.campaign;

import java.util.Random;

/**
 * A weighted operation of a campaign: from its own seeded random source, the ghost state and the
 * network's accounts, the next call to make.
 *
 * @param <G> the campaign's ghost state
 */
@FunctionalInterface
public interface Handler<G> {
  Action<G> next(Random random, G ghost, Accounts accounts);
}
