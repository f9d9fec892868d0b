package io.ledgerlab.ledger.replay;

import io.ledgerlab.ledger.state.StateKey;
import java.util.Arrays;

/**
 * A state key two executions of one transaction left with different values. Null values are absent
 * keys.
 *
 * @param before what the key held before the transaction, the same on both sides
 */
public record StateDifference(byte[] key, byte[] before, byte[] reference, byte[] candidate) {
  public StateDifference {
    key = key.clone();
    before = before == null ? null : before.clone();
    reference = reference == null ? null : reference.clone();
    candidate = candidate == null ? null : candidate.clone();
  }

  /** What the key names: an account, a chain code's key, a version. */
  public StateKey decoded() {
    return StateKey.decode(key);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public byte[] before() {
    return before == null ? null : before.clone();
  }

  @Override
  public byte[] reference() {
    return reference == null ? null : reference.clone();
  }

  @Override
  public byte[] candidate() {
    return candidate == null ? null : candidate.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateDifference d
        && Arrays.equals(key, d.key)
        && Arrays.equals(before, d.before)
        && Arrays.equals(reference, d.reference)
        && Arrays.equals(candidate, d.candidate);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key) * 31 + Arrays.hashCode(reference);
  }

  @Override
  public String toString() {
    return decoded().describe();
  }
}
