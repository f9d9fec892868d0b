package io.ledgerlab.lab.target;

import java.util.Objects;

/**
 * One operation a workload asks for, in the words of the application rather than of any chain: move
 * tokens, write or delete a key, read a key. A {@link Target} turns each into its own transactions
 * or queries, and says which kinds it can carry out. Accounts are indexes into the run's funded
 * accounts.
 */
public sealed interface Op {
  /** A short name for counts and charts, such as {@code transfer} or {@code read}. */
  String label();

  /** An operation that changes state: a transaction from account {@code sender}. */
  sealed interface Tx extends Op {
    int sender();
  }

  /** Moves {@code amount} tokens from account {@code sender} to account {@code to}. */
  record Transfer(String label, int sender, int to, long amount) implements Tx {
    public Transfer {
      Objects.requireNonNull(label, "label");
      if (amount <= 0) {
        throw new IllegalArgumentException("a transfer moves a positive amount, got " + amount);
      }
    }
  }

  /**
   * Lets account {@code spender} move up to {@code amount} of {@code sender}'s tokens (an ERC-20
   * approval): a transaction that moves nothing itself.
   */
  record Approve(String label, int sender, int spender, long amount) implements Tx {
    public Approve {
      Objects.requireNonNull(label, "label");
      if (amount < 0) {
        throw new IllegalArgumentException(
            "an approval allows a non-negative amount, got " + amount);
      }
    }
  }

  /** Writes {@code value} under {@code key} in the key-value store. */
  record Put(String label, int sender, byte[] key, byte[] value) implements Tx {}

  /** Deletes {@code key} from the key-value store. */
  record Delete(String label, int sender, byte[] key) implements Tx {}

  /**
   * Calls {@code method} of the chain code named {@code chainCode} with {@code args}, whatever
   * version of it is in force when the transaction runs (so a load keeps going across an upgrade).
   */
  record Call(String label, int sender, String chainCode, String method, byte[] args)
      implements Tx {
    public Call {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(chainCode, "chainCode");
      Objects.requireNonNull(method, "method");
      args = args.clone();
    }

    @Override
    public byte[] args() {
      return args.clone();
    }
  }

  /** Reads {@code key} from the key-value store: answered by one node, no consensus. */
  record Get(String label, byte[] key) implements Op {}
}
