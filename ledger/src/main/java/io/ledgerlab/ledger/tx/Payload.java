package io.ledgerlab.ledger.tx;

import io.ledgerlab.ledger.crypto.Address;
import java.util.Arrays;
import java.util.regex.Pattern;

/** The body of a transaction; its kind decides the shape. */
public sealed interface Payload {
  int NAME_BYTES_MAX = 64;
  int ARGS_BYTES_MAX = 64 * 1024;
  Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

  TxKind kind();

  /** Sends {@code amount} native tokens to {@code to}. */
  record Transfer(Address to, long amount) implements Payload {
    public Transfer {
      if (amount <= 0) {
        throw new IllegalArgumentException("transfer amount must be positive, got " + amount);
      }
    }

    @Override
    public TxKind kind() {
      return TxKind.TRANSFER;
    }
  }

  /**
   * Calls {@code method} of chain code {@code chainCode}, which must be at {@code version} — or,
   * with version 0, whatever version is in force when the block runs: a client that does not pin
   * code keeps working across an upgrade, one that pins it is refused after the upgrade rather than
   * run by code it did not ask for.
   */
  record Call(String chainCode, int version, String method, byte[] args) implements Payload {
    public Call {
      requireName("chain code", chainCode);
      requireName("method", method);
      if (version < 0) {
        throw new IllegalArgumentException(
            "chain code version must be >= 0 (0: unpinned), got " + version);
      }
      if (args.length > ARGS_BYTES_MAX) {
        throw new IllegalArgumentException("call args exceed " + ARGS_BYTES_MAX + " bytes");
      }
      args = args.clone();
    }

    @Override
    public byte[] args() {
      return args.clone();
    }

    @Override
    public TxKind kind() {
      return TxKind.CALL;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Call c
          && chainCode.equals(c.chainCode)
          && version == c.version
          && method.equals(c.method)
          && Arrays.equals(args, c.args);
    }

    @Override
    public int hashCode() {
      return (chainCode.hashCode() * 31 + version) * 31 + method.hashCode();
    }
  }

  /** A governance {@code action} with an action-specific body. */
  record Governance(String action, byte[] body) implements Payload {
    public Governance {
      requireName("governance action", action);
      if (body.length > ARGS_BYTES_MAX) {
        throw new IllegalArgumentException("governance body exceeds " + ARGS_BYTES_MAX + " bytes");
      }
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public TxKind kind() {
      return TxKind.GOVERNANCE;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Governance g && action.equals(g.action) && Arrays.equals(body, g.body);
    }

    @Override
    public int hashCode() {
      return action.hashCode() * 31 + Arrays.hashCode(body);
    }
  }

  private static void requireName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " name must match " + NAME.pattern() + ", got: " + name);
    }
  }
}
