package io.ledgerlab.runtime.disk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link Disk} shares; one subclass per implementation. */
abstract class DiskContract {
  abstract Disk disk();

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  static String s(byte[] b) {
    return b == null ? null : new String(b, UTF_8);
  }

  @Test
  void batchIsVisibleAfterWrite() {
    Disk disk = disk();
    disk.write(new WriteBatch().put(b("a"), b("1")).put(b("b"), b("2")).delete(b("a")));
    assertThat(disk.get(b("a"))).isNull();
    assertThat(s(disk.get(b("b")))).isEqualTo("2");
  }

  @Test
  void scanIsOrderedUnsignedAndBounded() {
    Disk disk = disk();
    WriteBatch batch = new WriteBatch();
    for (String k : List.of("k3", "k1", "k2", "j9", "l0")) {
      batch.put(b(k), b("v" + k));
    }
    batch.put(new byte[] {'k', (byte) 0xff}, b("high"));
    disk.write(batch);
    List<Disk.Entry> range = disk.scan(b("k"), Keys.prefixEnd(b("k")), 10);
    assertThat(range).extracting(e -> s(e.value())).containsExactly("vk1", "vk2", "vk3", "high");
    assertThat(disk.scan(b("k"), b("l"), 2)).hasSize(2);
    assertThat(disk.scan(null, null, 100)).hasSize(6);
  }

  @Test
  void syncedWritesStayReadable() {
    Disk disk = disk();
    disk.write(new WriteBatch().put(b("x"), b("1")));
    disk.sync();
    assertThat(s(disk.get(b("x")))).isEqualTo("1");
  }
}
