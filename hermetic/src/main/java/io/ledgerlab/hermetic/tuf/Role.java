package io.ledgerlab.hermetic.tuf;

import java.util.Locale;

/** The four top-level roles (specification 2.1). */
public enum Role {
  ROOT,
  TARGETS,
  SNAPSHOT,
  TIMESTAMP;

  /** The role's name in metadata: {@code root}, {@code targets}, … */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The file a repository publishes it under, without a version prefix. */
  public String fileName() {
    return key() + ".json";
  }

  public static Role of(String key) {
    for (Role r : values()) {
      if (r.key().equals(key)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no role named '" + key + "'");
  }
}
