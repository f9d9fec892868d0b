package io.ledgerlab.cli;

import io.ledgerlab.ledger.replay.ChainReplay;
import java.io.PrintWriter;
import java.util.Locale;

/** A long replay's pace on standard error: at most a line a second, and one at the end. */
final class ReplayProgress implements ChainReplay.Progress {
  private static final long EVERY_NANOS = 1_000_000_000L;

  private final PrintWriter err;
  private final long startNanos = System.nanoTime();
  private long lastNanos = startNanos;
  private long blocks;

  ReplayProgress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void replayed(long height, long head) {
    blocks++;
    long now = System.nanoTime();
    if (now - lastNanos >= EVERY_NANOS) {
      lastNanos = now;
      err.println(
          String.format(
              Locale.ROOT, "replayed %d/%d blocks, %.0f blocks/s", height, head, rate(now)));
      err.flush();
    }
  }

  /** The closing line: how many blocks, how long, how fast. */
  void done() {
    long now = System.nanoTime();
    err.println(
        String.format(
            Locale.ROOT,
            "replayed %d block%s in %.1f s (%.0f blocks/s)",
            blocks,
            blocks == 1 ? "" : "s",
            (now - startNanos) / 1e9,
            rate(now)));
    err.flush();
  }

  private double rate(long now) {
    double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
    return blocks / seconds;
  }
}
