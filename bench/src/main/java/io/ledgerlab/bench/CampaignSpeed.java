package io.ledgerlab.bench;

import io.ledgerlab.junit.Network;
import io.ledgerlab.junit.campaign.Action;
import io.ledgerlab.junit.campaign.Campaign;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Campaign operations per second on the simulator: a box-office campaign (one handler, one
 * invariant read every 5 blocks) on 4 validators, without faults and with the campaign's faults at
 * weight 1 in 4, each row the mean of its runs. Prints a table.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.ledgerlab.bench.CampaignSpeed [runs] [operations]}
 */
public final class CampaignSpeed {
  private CampaignSpeed() {}

  /** The ghost: seats the rules say are sold. */
  static final class Sold {
    long seats;
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int operations = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    System.out.printf(
        Locale.ROOT,
        "%-22s %5s %7s %7s %9s %9s %9s%n",
        "campaign",
        "runs",
        "steps",
        "calls",
        "seconds",
        "steps/s",
        "calls/s");
    for (int faults : new int[] {0, 1}) {
      Path dir = Files.createTempDirectory("campaign-speed");
      Campaign.Report r =
          Campaign.<Sold>named("box-office")
              .on(Network.sim().validators(4).seed(1).chainCode(BoxOffice.class))
              .ghost(Sold::new)
              .handler(
                  "sell",
                  3,
                  (random, ghost, accounts) -> {
                    long n = 1 + random.nextInt(3);
                    return Action.call(
                        accounts.pick(random),
                        "boxoffice",
                        "sell",
                        BoxOffice.sell(n),
                        (receipt, g) -> {
                          if (receipt.ok()) {
                            g.seats += n;
                          }
                        });
                  })
              .invariant(
                  "sold is the ghost's",
                  (view, ghost) -> {
                    long sold = view.query("boxoffice", "sold", new byte[0]).reader().u64("sold");
                    if (sold != ghost.seats) {
                      throw new AssertionError(sold + " sold, the ghost counts " + ghost.seats);
                    }
                  })
              .operations(operations)
              .runs(runs)
              .faults(faults)
              .checkEvery(5)
              .counterexamples(dir)
              .run();
      System.out.printf(
          Locale.ROOT,
          "%-22s %5d %7d %7d %9.1f %9.1f %9.1f%n",
          faults == 0 ? "4 validators" : "4 validators + faults",
          r.runs(),
          r.steps(),
          r.calls(),
          r.seconds(),
          r.stepsPerSecond(),
          r.calls() / r.seconds());
    }
  }
}
