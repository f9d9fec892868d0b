package io.ledgerlab.runtime.real;

import io.ledgerlab.runtime.time.Clock;
import java.time.Instant;

/**
 * The machine's wall clock, plus an offset that the lab sets to skew one node's clock on purpose.
 */
public final class SystemClock implements Clock {
  private volatile long offsetMicros;

  @Override
  public long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000 + offsetMicros;
  }

  public void setOffsetMicros(long offsetMicros) {
    this.offsetMicros = offsetMicros;
  }
}
