package io.ledgerlab.junit.campaign;

/** A campaign found a sequence that breaks an invariant; the message is the whole story. */
public final class CampaignFailure extends AssertionError {
  private final Counterexample counterexample;

  CampaignFailure(String message, Counterexample counterexample, Throwable cause) {
    super(message, cause);
    this.counterexample = counterexample;
  }

  /** The shrunk sequence, as saved. */
  public Counterexample counterexample() {
    return counterexample;
  }
}
