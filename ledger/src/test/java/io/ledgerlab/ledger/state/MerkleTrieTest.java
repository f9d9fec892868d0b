package io.ledgerlab.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.testing.LedgerArbitraries;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.disk.WriteBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * The trie itself, fed key hashes that SHA-256 would practically never produce: keys with long
 * common prefixes, keys that differ only in their last bit, the all-zero and all-one keys. These
 * reach the paths of {@link MerkleTrie}'s batch update that split a compressed edge deep down.
 */
class MerkleTrieTest {
  private static final int[] INTERESTING_BITS = {0, 1, 2, 7, 8, 9, 63, 64, 128, 200, 254, 255};

  /** A key with a few bits set, mostly at interesting positions, or its complement. */
  static Arbitrary<Hash> keys() {
    Arbitrary<Integer> bit =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.of(toList(INTERESTING_BITS))),
            Tuple.of(1, Arbitraries.integers().between(0, 255)));
    Arbitrary<Hash> sparse = bit.list().ofMaxSize(3).map(MerkleTrieTest::keyWithBits);
    Arbitrary<Hash> dense = bit.list().ofMaxSize(2).map(bits -> invert(keyWithBits(bits)));
    return Arbitraries.frequencyOf(
        Tuple.of(6, sparse), Tuple.of(2, dense), Tuple.of(1, LedgerArbitraries.hashes()));
  }

  @Provide
  Arbitrary<List<Hash>> keyPools() {
    return keys().list().ofMaxSize(24).withSizeDistribution(RandomDistribution.uniform());
  }

  /**
   * Random batches of puts and deletes over adversarial keys: after every batch, the root equals
   * {@link MerkleTrie#rootOf} of the current map, and a trie reopened from disk agrees.
   */
  @Property(tries = 300)
  void batchUpdatesAgreeWithTheRootFromScratch(
      @ForAll("keyPools") List<Hash> keyPool, @ForAll long seed) {
    Random random = new Random(seed);
    MemoryDisk disk = new MemoryDisk();
    MerkleTrie trie = new MerkleTrie(disk, random.nextBoolean() ? 0 : 1_000_000);
    SortedMap<Hash, Hash> model = new TreeMap<>();
    List<Hash> keys = new ArrayList<>(new java.util.TreeSet<>(keyPool));
    int rounds = 1 + random.nextInt(6);
    for (int round = 0; round < rounds && !keys.isEmpty(); round++) {
      SortedMap<Hash, Hash> changes = new TreeMap<>();
      int n = 1 + random.nextInt(keys.size());
      for (int i = 0; i < n; i++) {
        Hash key = keys.get(random.nextInt(keys.size()));
        Hash value = random.nextInt(3) == 0 ? null : valueFor(random);
        changes.put(key, value);
      }
      MerkleTrie.Update update = trie.prepare(changes);
      WriteBatch batch = new WriteBatch();
      update.addTo(batch);
      disk.write(batch);
      trie.committed(update);
      changes.forEach(
          (k, v) -> {
            if (v == null) {
              model.remove(k);
            } else {
              model.put(k, v);
            }
          });
      Hash expected = MerkleTrie.rootOf(model);
      assertThat(update.rootHash()).as("round %d, changes %s", round, changes).isEqualTo(expected);
      assertThat(trie.rootHash()).isEqualTo(expected);
      if (random.nextBoolean()) {
        trie = new MerkleTrie(disk, random.nextBoolean() ? 0 : 1_000_000);
        assertThat(trie.rootHash()).isEqualTo(expected);
      }
    }
    assertThat(branchCount(disk)).isEqualTo(Math.max(0, model.size() - 1));
  }

  /** Inserting the same entries one at a time in any order ends at the root from scratch. */
  @Property(tries = 300)
  void insertionOrderDoesNotMatter(@ForAll("keyPools") List<Hash> keyPool, @ForAll long seed) {
    Random random = new Random(seed);
    SortedMap<Hash, Hash> entries = new TreeMap<>();
    for (Hash k : keyPool) {
      entries.put(k, valueFor(random));
    }
    List<Hash> order = new ArrayList<>(entries.keySet());
    Collections.shuffle(order, random);
    MemoryDisk disk = new MemoryDisk();
    MerkleTrie trie = new MerkleTrie(disk, 0);
    for (Hash k : order) {
      MerkleTrie.Update update = trie.prepare(new TreeMap<>(java.util.Map.of(k, entries.get(k))));
      WriteBatch batch = new WriteBatch();
      update.addTo(batch);
      disk.write(batch);
      trie.committed(update);
    }
    assertThat(trie.rootHash()).isEqualTo(MerkleTrie.rootOf(entries));
  }

  private static Hash valueFor(Random random) {
    byte[] v = new byte[Hash.LENGTH];
    v[random.nextInt(Hash.LENGTH)] = (byte) (1 + random.nextInt(3));
    return Hash.of(v);
  }

  private static int branchCount(MemoryDisk disk) {
    byte[] from = {StateStore.TRIE_PREFIX};
    byte[] to = {(byte) (StateStore.TRIE_PREFIX + 1)};
    return disk.scan(from, to, Integer.MAX_VALUE).size();
  }

  private static Hash keyWithBits(List<Integer> bits) {
    byte[] b = new byte[Hash.LENGTH];
    for (int bit : bits) {
      b[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
    }
    return Hash.of(b);
  }

  private static Hash invert(Hash h) {
    byte[] b = h.bytes();
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) ~b[i];
    }
    return Hash.of(b);
  }

  private static List<Integer> toList(int[] values) {
    List<Integer> out = new ArrayList<>();
    for (int v : values) {
      out.add(v);
    }
    return out;
  }
}
