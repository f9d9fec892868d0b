package io.ledgerlab.ledger.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerlab.ledger.codec.Bytes;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.crypto.Sha256;
import io.ledgerlab.ledger.testing.LedgerArbitraries;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.disk.MemoryDisk;
import io.ledgerlab.runtime.disk.WriteBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

/**
 * The state root depends only on the set of key-values: {@link StateStore}'s incremental trie,
 * updated batch by batch in any order with overwrites and deletes, always has the root that {@link
 * MerkleTrie#rootOf} computes from scratch for the same set, and leaves the same trie on disk.
 */
class StateRootTest {
  /** One state key and the writes it receives, in order; an empty value is a delete. */
  record KeyHistory(byte[] key, List<Optional<byte[]>> writes) {}

  @Provide
  Arbitrary<List<KeyHistory>> histories() {
    Arbitrary<Optional<byte[]>> write =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, LedgerArbitraries.bytes(8).map(Optional::of)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(Optional.<byte[]>empty())));
    return Combinators.combine(LedgerArbitraries.bytes(6), write.list().ofMinSize(1).ofMaxSize(3))
        .as(KeyHistory::new)
        .list()
        .ofMaxSize(48)
        .withSizeDistribution(RandomDistribution.uniform())
        .uniqueElements(h -> Bytes.of(h.key()));
  }

  @Provide
  Arbitrary<Map<Bytes, byte[]>> finalStates() {
    return Arbitraries.maps(LedgerArbitraries.bytes(6).map(Bytes::of), LedgerArbitraries.bytes(8))
        .ofMaxSize(64)
        .withSizeDistribution(RandomDistribution.uniform());
  }

  @Provide
  Arbitrary<Integer> cacheSizes() {
    return Arbitraries.of(0, 3, 1_000_000);
  }

  /**
   * Random interleavings of per-key write histories (so each key ends on its last write), in random
   * batch splits, with restarts that drop the cache: after every batch the root equals the
   * from-scratch root of the current key-values.
   */
  @Property(tries = 200)
  void incrementalRootEqualsTheRootFromScratchAfterEveryBatch(
      @ForAll("histories") List<KeyHistory> histories,
      @ForAll long seed,
      @ForAll("cacheSizes") int cacheSize) {
    Random random = new Random(seed);
    MemoryDisk disk = new MemoryDisk();
    StateStore store = new StateStore(disk, cacheSize);
    Map<Bytes, byte[]> model = new TreeMap<>();
    List<List<Write>> batches = splitIntoBatches(interleave(histories, random), random);
    for (List<Write> batch : batches) {
      WriteSet writes = new WriteSet();
      for (Write w : batch) {
        if (w.value() == null) {
          writes.delete(w.key().toArray());
          model.remove(w.key());
        } else {
          writes.put(w.key().toArray(), w.value());
          model.put(w.key(), w.value());
        }
      }
      Hash staged = commit(disk, store, writes);
      Hash expected = rootOf(model);
      assertThat(staged).as("staged root after %d writes", batch.size()).isEqualTo(expected);
      assertThat(store.root()).isEqualTo(expected);
      switch (random.nextInt(4)) {
        case 0 -> store = new StateStore(disk, cacheSize);
        case 1 -> store.reload();
        default -> {}
      }
    }
    assertThat(new StateStore(disk).root()).isEqualTo(rootOf(model));
    for (KeyHistory h : histories) {
      assertThat(store.get(h.key())).isEqualTo(model.get(Bytes.of(h.key())));
    }
  }

  /**
   * The same final writes, applied in two different random orders and batch splits on two disks,
   * give the same root as the from-scratch computation, and the same trie records on disk.
   */
  @Property(tries = 200)
  void permutationsOfTheSameWritesGiveTheSameRootAndTheSameTrieOnDisk(
      @ForAll("finalStates") Map<Bytes, byte[]> state, @ForAll long seed) {
    Random random = new Random(seed);
    MemoryDisk first = applyShuffled(state, random);
    MemoryDisk second = applyShuffled(state, random);
    Hash expected = rootOf(state);
    assertThat(new StateStore(first).root()).isEqualTo(expected);
    assertThat(new StateStore(second).root()).isEqualTo(expected);
    assertThat(trieRecords(first)).isEqualTo(trieRecords(second));
  }

  /**
   * Deletes shrink the trie back to exactly the trie of the keys that remain: same root as from
   * scratch, and no branch of a removed key left behind on disk.
   */
  @Property(tries = 200)
  void afterDeletesTheTrieIsTheTrieOfTheRemainingKeys(
      @ForAll("finalStates") Map<Bytes, byte[]> state,
      @ForAll long seed,
      @ForAll("cacheSizes") int cacheSize) {
    Random random = new Random(seed);
    MemoryDisk disk = new MemoryDisk();
    StateStore store = new StateStore(disk, cacheSize);
    WriteSet all = new WriteSet();
    state.forEach((k, v) -> all.put(k.toArray(), v));
    commit(disk, store, all);

    List<Bytes> keys = new ArrayList<>(state.keySet());
    Collections.shuffle(keys, random);
    Map<Bytes, byte[]> remaining = new TreeMap<>(state);
    int cut = keys.isEmpty() ? 0 : random.nextInt(keys.size() + 1);
    for (List<Bytes> chunk : chunks(keys.subList(0, cut), random)) {
      WriteSet deletes = new WriteSet();
      for (Bytes k : chunk) {
        deletes.delete(k.toArray());
        remaining.remove(k);
      }
      // Deleting keys that were never there changes nothing.
      deletes.delete(
          ("absent-" + random.nextInt()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(commit(disk, store, deletes)).isEqualTo(rootOf(remaining));
    }
    MemoryDisk fromScratch = applyShuffled(remaining, random);
    assertThat(store.root()).isEqualTo(rootOf(remaining));
    assertThat(trieRecords(disk))
        .as("trie records after deleting %d of %d keys", cut, state.size())
        .isEqualTo(trieRecords(fromScratch));
    assertThat(trieRecords(disk).keySet().stream().filter(k -> k.unsafeArray()[0] == 't'))
        .hasSize(Math.max(0, remaining.size() - 1));
  }

  @Example
  void theEmptyStateHasTheEmptyRoot() {
    MemoryDisk disk = new MemoryDisk();
    StateStore store = new StateStore(disk);
    assertThat(store.root()).isEqualTo(MerkleTrie.rootOf(new TreeMap<>()));
    WriteSet one = new WriteSet();
    one.put(new byte[] {1}, new byte[] {2});
    commit(disk, store, one);
    WriteSet none = new WriteSet();
    none.delete(new byte[] {1});
    assertThat(commit(disk, store, none)).isEqualTo(TrieNodes.EMPTY_ROOT);
    assertThat(disk.get(new byte[] {StateStore.TRIE_ROOT_KEY})).isNull();
    assertThat(new StateStore(disk).root()).isEqualTo(TrieNodes.EMPTY_ROOT);
  }

  @Example
  void anEmptyValueIsNotADelete() {
    MemoryDisk disk = new MemoryDisk();
    StateStore store = new StateStore(disk);
    WriteSet writes = new WriteSet();
    writes.put(new byte[] {1}, new byte[0]);
    assertThat(commit(disk, store, writes)).isNotEqualTo(TrieNodes.EMPTY_ROOT);
    assertThat(store.get(new byte[] {1})).isEmpty();
  }

  record Write(Bytes key, byte[] value) {}

  static Hash commit(Disk disk, StateStore store, WriteSet writes) {
    StateStore.Staged staged = store.stage(writes);
    WriteBatch batch = new WriteBatch();
    staged.addTo(batch);
    disk.write(batch);
    store.committed(staged);
    return staged.root();
  }

  static Hash rootOf(Map<Bytes, byte[]> state) {
    SortedMap<Hash, Hash> entries = new TreeMap<>();
    state.forEach((k, v) -> entries.put(StateStore.keyHash(k.toArray()), Sha256.hash(v)));
    return MerkleTrie.rootOf(entries);
  }

  /** Every trie record (branches and the root) on {@code disk}, by key. */
  static Map<Bytes, Bytes> trieRecords(MemoryDisk disk) {
    Map<Bytes, Bytes> out = new TreeMap<>();
    for (var prefix : new byte[] {StateStore.TRIE_PREFIX, StateStore.TRIE_ROOT_KEY}) {
      byte[] from = {prefix};
      byte[] to = {(byte) (prefix + 1)};
      for (Disk.Entry e : disk.scan(from, to, Integer.MAX_VALUE)) {
        out.put(Bytes.of(e.key()), Bytes.of(e.value()));
      }
    }
    return out;
  }

  private static MemoryDisk applyShuffled(Map<Bytes, byte[]> state, Random random) {
    MemoryDisk disk = new MemoryDisk();
    StateStore store = new StateStore(disk, random.nextBoolean() ? 0 : 1_000_000);
    List<Bytes> keys = new ArrayList<>(state.keySet());
    Collections.shuffle(keys, random);
    for (List<Bytes> chunk : chunks(keys, random)) {
      WriteSet writes = new WriteSet();
      chunk.forEach(k -> writes.put(k.toArray(), state.get(k)));
      commit(disk, store, writes);
    }
    return disk;
  }

  /** A random interleaving that keeps each key's writes in their order. */
  private static List<Write> interleave(List<KeyHistory> histories, Random random) {
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < histories.size(); i++) {
      owners.addAll(Collections.nCopies(histories.get(i).writes().size(), i));
    }
    Collections.shuffle(owners, random);
    int[] next = new int[histories.size()];
    List<Write> out = new ArrayList<>();
    for (int owner : owners) {
      KeyHistory h = histories.get(owner);
      Optional<byte[]> value = h.writes().get(next[owner]++);
      out.add(new Write(Bytes.of(h.key()), value.orElse(null)));
    }
    return out;
  }

  private static List<List<Write>> splitIntoBatches(List<Write> writes, Random random) {
    return chunks(writes, random);
  }

  /** Consecutive non-empty chunks of random sizes; one empty chunk for an empty list. */
  private static <T> List<List<T>> chunks(List<T> items, Random random) {
    List<List<T>> out = new ArrayList<>();
    int i = 0;
    do {
      int size = items.isEmpty() ? 0 : 1 + random.nextInt(Math.min(items.size() - i, 12));
      out.add(new ArrayList<>(items.subList(i, i + size)));
      i += size;
    } while (i < items.size());
    return out;
  }
}
