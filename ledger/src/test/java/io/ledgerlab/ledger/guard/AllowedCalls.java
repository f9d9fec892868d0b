package io.ledgerlab.ledger.guard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The control for {@link ForbiddenCalls}: near neighbours of the forbidden calls that node code may
 * make, so a signature that bites too widely shows up as a failure here.
 */
@SuppressWarnings("unused")
final class AllowedCalls {
  long allowed(List<Integer> list) {
    Collections.sort(new ArrayList<>(list));
    long sequential = list.stream().sequential().count();
    CompletableFuture<Integer> done = CompletableFuture.completedFuture(1);
    done.thenApply(x -> x + 1);
    LocalDate date = LocalDate.of(2026, 1, 1);
    Instant instant = Instant.ofEpochSecond(0);
    return sequential + date.getYear() + instant.getEpochSecond() + System.lineSeparator().length();
  }
}
