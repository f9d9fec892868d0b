package io.ledgerlab.ledger.exec;

import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.codec.Encoder;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.ledger.state.StateKeys;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.state.WorkingState;
import io.ledgerlab.runtime.disk.Keys;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Which chain-code version is in force, and upgrades scheduled for a height. Both live in the
 * state, so every validator switches versions at the same block.
 */
public final class Versions {
  private static final int UPGRADES_PER_HEIGHT_MAX = 64;

  private Versions() {}

  /** The version of {@code name} in force, or 0 when none is. */
  public static int inForce(StateReader state, String name) {
    if (state instanceof WorkingState working) {
      return working.cachedVersion(name, n -> read(working, n));
    }
    return read(state, name);
  }

  private static int read(StateReader state, String name) {
    byte[] v = state.get(StateKeys.chainCodeVersion(name));
    if (v == null) {
      return 0;
    }
    if (v.length != 4) {
      throw new CorruptStateException(
          "version record of " + name + " has " + v.length + " bytes", null);
    }
    return u32(v);
  }

  private static int u32(byte[] v) {
    return (v[0] & 0xff) << 24 | (v[1] & 0xff) << 16 | (v[2] & 0xff) << 8 | (v[3] & 0xff);
  }

  static void set(WorkingState state, String name, int version) {
    state.put(StateKeys.chainCodeVersion(name), new Encoder(4).u32(version).toByteArray());
  }

  /** Schedules {@code name} to switch to {@code version} at the start of block {@code height}. */
  public static void schedule(WorkingState state, long height, String name, int version) {
    state.put(StateKeys.upgrade(height, name), new Encoder(4).u32(version).toByteArray());
  }

  /**
   * Records whether {@code name} now runs a jar governance installed, so that every block can check
   * cheaply that this node has the code in force. Chains without governance write nothing here.
   */
  private static void markActive(WorkingState state, String name, int version) {
    byte[] sha = state.get(StateKeys.installedCode(name, version));
    byte[] active = StateKeys.activeCode(name);
    if (sha != null) {
      state.put(active, new Encoder(36).u32(version).fixed(sha).toByteArray());
    } else if (state.get(active) != null) {
      state.delete(active);
    }
  }

  /** Applies and clears the upgrades scheduled for {@code height}; returns how many there were. */
  static int applyScheduled(WorkingState state, long height) {
    byte[] prefix = StateKeys.upgradesAt(height);
    int applied = 0;
    for (Map.Entry<Bytes, byte[]> e :
        state.scan(prefix, Keys.prefixEnd(prefix), UPGRADES_PER_HEIGHT_MAX)) {
      byte[] key = e.getKey().toArray();
      String name =
          new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8);
      byte[] v = e.getValue();
      int version = u32(v);
      set(state, name, version);
      state.delete(key);
      markActive(state, name, version);
      applied++;
    }
    return applied;
  }
}
