package io.ledgerlab.junit.campaign;

import io.ledgerlab.junit.Account;
import io.ledgerlab.junit.Receipt;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * What a handler asks for: a call signed by one of the network's accounts (with what to do with the
 * ghost state once its receipt is in), or nothing this time.
 *
 * @param <G> the campaign's ghost state
 */
public sealed interface Action<G> {
  /** A short description for the sequence a failure shows. */
  String describe();

  /** A chain-code call from {@code from}; {@code after} sees its receipt and updates the ghost. */
  record Call<G>(
      String label,
      Account from,
      String chainCode,
      String method,
      byte[] args,
      BiConsumer<Receipt, G> after)
      implements Action<G> {
    public Call {
      label = label == null ? chainCode + "." + method : label;
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(chainCode, "chainCode");
      Objects.requireNonNull(method, "method");
      args = args.clone();
      after = after == null ? (r, g) -> {} : after;
    }

    @Override
    public String describe() {
      return label + " from " + from;
    }
  }

  /** Nothing: the handler has no sensible operation in this state. */
  record Skip<G>(String why) implements Action<G> {
    @Override
    public String describe() {
      return "skip (" + why + ")";
    }
  }

  static <G> Call<G> call(
      Account from, String chainCode, String method, byte[] args, BiConsumer<Receipt, G> after) {
    return new Call<>(null, from, chainCode, method, args, after);
  }

  /** A call shown as {@code label} (such as {@code bid 12 on lot2}) in a failure's sequence. */
  static <G> Call<G> call(
      String label,
      Account from,
      String chainCode,
      String method,
      byte[] args,
      BiConsumer<Receipt, G> after) {
    return new Call<>(label, from, chainCode, method, args, after);
  }

  static <G> Skip<G> skip(String why) {
    return new Skip<>(why);
  }
}
