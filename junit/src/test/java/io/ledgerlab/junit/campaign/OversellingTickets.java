package io.ledgerlab.junit.campaign;

/** The box office with a planted off-by-one: it sells one seat too many. */
public class OversellingTickets extends Tickets {
  @Override
  protected boolean fits(long sold, long n) {
    return sold + n <= CAPACITY + 1;
  }
}
