package io.ledgerlab.runtime.disk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Puts and deletes that a {@link Disk} applies atomically, in order. */
public final class WriteBatch {
  private final List<Op> ops = new ArrayList<>();
  private long sizeBytes;

  public WriteBatch put(byte[] key, byte[] value) {
    ops.add(new Op(key.clone(), value.clone()));
    sizeBytes += key.length + value.length;
    return this;
  }

  public WriteBatch delete(byte[] key) {
    ops.add(new Op(key.clone(), null));
    sizeBytes += key.length;
    return this;
  }

  public List<Op> ops() {
    return Collections.unmodifiableList(ops);
  }

  public int size() {
    return ops.size();
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }

  /** A put when {@code value} is present, a delete otherwise. */
  public record Op(byte[] key, byte[] value) {
    public boolean isDelete() {
      return value == null;
    }
  }
}
