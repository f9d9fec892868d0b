package io.ledgerlab.ledger.crypto.keystore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a keystore says about its key besides the secret: a name (also its file name in a key
 * directory), a role, a description for people, and when the key was made.
 */
public record Label(String name, Role role, String description, Optional<Instant> created) {
  /** Letters, digits, {@code _ . -}; not starting with a dot; 1–64 characters. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}");

  /**
   * @throws IllegalArgumentException when the name is not one {@link #NAME} allows
   */
  public Label {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(created, "created");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a key name is 1-64 letters, digits, _ . - (not starting with a dot), got '"
              + name
              + "'");
    }
  }

  public static Label of(String name, Role role, String description) {
    return new Label(name, role, description, Optional.empty());
  }

  public Label withName(String other) {
    return new Label(other, role, description, created);
  }

  public Label withCreated(Instant at) {
    return new Label(name, role, description, Optional.of(at));
  }
}
